// The x86 SIMD bodies of the DNN kernels, written once over a vector
// vocabulary `V` that each ISA file defines before including this header
// inside `namespace vc::kernels::<isa>` (after dnn_generic.hpp). No
// intrinsics here, only V's operations:
//   F (kF float lanes), load store set1 zero add mul, max min (x86 order:
//   the second operand when unordered, so max(lo, x) keeps a NaN x),
//   madd(a, b, c) = a*b + c (fused when V::kHasFma, else mul then add),
//   load_even(p) = p[0], p[2], .. p[2kF-2] (reads p[0 .. 2kF)),
//   store_first(p, v, n) stores lanes 0 .. n-1 of v (0 < n < kF) and nothing else.

// One MR x (NV * kF) tile. Full tiles load and store C in place; partial
// tiles go through a zeroed stack tile so the vector code never touches C
// outside mr x nr.
template <int MR, int NV>
inline void simd_gemm_tile(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                           float* c, size_t ldc, unsigned flags, const float* bias,
                           const float* params) {
  using F = typename V::F;
  constexpr int L = static_cast<int>(V::kF);
  constexpr int NR = NV * L;
  alignas(64) float tmp[MR * NR];
  const bool full = mr == static_cast<size_t>(MR) && nr == static_cast<size_t>(NR);
  float* cc = c;
  size_t ldcc = ldc;
  if (!full) {
    for (int e = 0; e < MR * NR; ++e) tmp[e] = 0.0f;
    if (flags & kGemmAccumulate) {
      for (size_t i = 0; i < mr; ++i)
        for (size_t j = 0; j < nr; ++j) tmp[i * NR + j] = c[i * ldc + j];
    }
    cc = tmp;
    ldcc = NR;
  }
  F acc[MR][NV];
  if (flags & kGemmAccumulate) {
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[i][v] = V::load(cc + i * ldcc + v * L);
  } else {
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[i][v] = V::zero();
  }
  for (size_t k = 0; k < kc; ++k) {
    F bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) bv[v] = V::load(b + v * L);
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i) {
      const F av = V::set1(a[i]);
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[i][v] = V::madd(av, bv[v], acc[i][v]);
    }
    a += MR;
    b += NR;
  }
  if (flags & kGemmLast) {
    const F lo = V::set1(params[0]);
    const F hi = V::set1(params[1]);
    const F slope = V::set1(params[2]);
    const F z = V::zero();
    alignas(64) float colb[NR];
    if (flags & kGemmBiasCol) {
      for (int j = 0; j < NR; ++j) colb[j] = static_cast<size_t>(j) < nr ? bias[j] : 0.0f;
    }
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i) {
      const F rb = V::set1((flags & kGemmBiasRow) && static_cast<size_t>(i) < mr ? bias[i] : 0.0f);
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) {
        F x = acc[i][v];
        if (flags & kGemmBiasRow) x = V::add(x, rb);
        if (flags & kGemmBiasCol) x = V::add(x, V::load(colb + v * L));
        x = V::min(hi, V::max(lo, x));
        // max(0, x) + slope * min(0, x): exact for either sign, NaN kept, as the oracle.
        if (flags & kGemmLeaky) x = V::add(V::max(z, x), V::mul(slope, V::min(z, x)));
        acc[i][v] = x;
      }
    }
  }
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) V::store(cc + i * ldcc + v * L, acc[i][v]);
  if (!full) {
    for (size_t i = 0; i < mr; ++i)
      for (size_t j = 0; j < nr; ++j) c[i * ldc + j] = tmp[i * NR + j];
  }
}

// One depthwise 3x3 output row, kF outputs per step. The last partial step
// runs the same vector arithmetic on lanes past n (reading the row slack
// the contract in dnn.inc guarantees) and stores only the first lanes, so
// every output has the same bits whatever its position in the row.
template <size_t kStride>
inline typename V::F dw3x3_vec(const float* const* rows, const typename V::F* wv, size_t x) {
  using F = typename V::F;
  const auto ld = [](const float* p) {
    if constexpr (kStride == 1) {
      return V::load(p);
    } else {
      return V::load_even(p);
    }
  };
  const float* p0 = rows[0] + kStride * x;
  F acc = V::mul(wv[0], ld(p0));
  acc = V::madd(wv[1], ld(p0 + 1), acc);
  acc = V::madd(wv[2], ld(p0 + 2), acc);
#pragma GCC unroll 2
  for (int r = 1; r < 3; ++r) {
    const float* p = rows[r] + kStride * x;
    acc = V::madd(wv[3 * r], ld(p), acc);
    acc = V::madd(wv[3 * r + 1], ld(p + 1), acc);
    acc = V::madd(wv[3 * r + 2], ld(p + 2), acc);
  }
  return acc;
}

template <size_t kStride>
inline void simd_dwconv3x3_row_s(const float* r0, const float* r1, const float* r2,
                                 const float* w, size_t n, float* dst, unsigned flags,
                                 const float* bias, const float* params) {
  using F = typename V::F;
  constexpr size_t L = V::kF;
  const float* rows[3] = {r0, r1, r2};
  F wv[9];
  for (int e = 0; e < 9; ++e) wv[e] = V::set1(w[e]);
  const F lo = V::set1(params[0]);
  const F hi = V::set1(params[1]);
  const F slope = V::set1(params[2]);
  const F bv = V::set1((flags & kGemmBiasRow) ? bias[0] : 0.0f);
  const F z = V::zero();
  const auto finish = [&](F acc) {
    if (flags & kGemmBiasRow) acc = V::add(acc, bv);
    acc = V::min(hi, V::max(lo, acc));
    if (flags & kGemmLeaky) acc = V::add(V::max(z, acc), V::mul(slope, V::min(z, acc)));
    return acc;
  };
  size_t x = 0;
  for (; x + L <= n; x += L) V::store(dst + x, finish(dw3x3_vec<kStride>(rows, wv, x)));
  if (x < n) V::store_first(dst + x, finish(dw3x3_vec<kStride>(rows, wv, x)), n - x);
}

inline void simd_dwconv3x3_row(const float* r0, const float* r1, const float* r2, const float* w,
                               size_t n, size_t stride, float* dst, unsigned flags,
                               const float* bias, const float* params) {
  if (stride == 1) {
    simd_dwconv3x3_row_s<1>(r0, r1, r2, w, n, dst, flags, bias, params);
  } else {
    simd_dwconv3x3_row_s<2>(r0, r1, r2, w, n, dst, flags, bias, params);
  }
}
