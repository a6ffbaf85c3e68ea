// The x86 SIMD corner-response row kernels (covariance products, Harris,
// minimal eigenvalue), written once over a float vocabulary `CF` that each
// ISA file defines with its own intrinsics before including this header
// inside `namespace vc::kernels::<isa>` (after edges_generic.hpp, whose
// loops finish every row tail with the same arithmetic). No intrinsics here.
//
// CF provides, for F (kN float32 lanes, kN a multiple of 4):
//   load3(p, a, b, c): kN interleaved triples p[3i], p[3i+1], p[3i+2] into
//     lane i of a, b, c; store3(p, a, b, c): the inverse;
//   set1 mul add sub sqrt (IEEE float32, correctly rounded, no fused ops);
//   harris(ac_bb, s, k): lane-wise float(double(ac_bb) - k * s * s), the
//     products in float64 left to right, as edges_generic::corner_harris.

inline void simd_corner_cov(const float* dx, const float* dy, float* cov, size_t n) {
  using F = typename CF::F;
  constexpr size_t L = CF::kN;
  size_t i = 0;
  for (; i + L <= n; i += L) {
    const F x = CF::load(dx + i), y = CF::load(dy + i);
    CF::store3(cov + 3 * i, CF::mul(x, x), CF::mul(x, y), CF::mul(y, y));
  }
  edges_generic::corner_cov(dx, dy, cov, i, n);
}

inline void simd_corner_harris(const float* cov, float* dst, size_t n, double k) {
  using F = typename CF::F;
  constexpr size_t L = CF::kN;
  size_t i = 0;
  for (; i + L <= n; i += L) {
    F a, b, c;
    CF::load3(cov + 3 * i, a, b, c);
    const F ac_bb = CF::sub(CF::mul(a, c), CF::mul(b, b));
    CF::store(dst + i, CF::harris(ac_bb, CF::add(a, c), k));
  }
  edges_generic::corner_harris(cov, dst, i, n, k);
}

inline void simd_corner_min_eigen(const float* cov, float* dst, size_t n) {
  using F = typename CF::F;
  constexpr size_t L = CF::kN;
  const F half = CF::set1(0.5f);
  size_t i = 0;
  for (; i + L <= n; i += L) {
    F a, b, c;
    CF::load3(cov + 3 * i, a, b, c);
    a = CF::mul(a, half);
    c = CF::mul(c, half);
    const F d = CF::sub(a, c);
    const F r = CF::sqrt(CF::add(CF::mul(d, d), CF::mul(b, b)));
    CF::store(dst + i, CF::sub(CF::add(a, c), r));
  }
  edges_generic::corner_min_eigen(cov, dst, i, n);
}
