// The x86 SIMD bodies of the DNN kernels, written once over a vector
// vocabulary `V` that each ISA file defines before including this header
// inside `namespace vc::kernels::<isa>` (after dnn_generic.hpp). No
// intrinsics here, only V's operations:
//   F (kF float lanes), load store set1 zero add mul, max min (x86 order:
//   the second operand when unordered, so max(lo, x) keeps a NaN x),
//   madd(a, b, c) = a*b + c (fused when V::kHasFma, else mul then add),
//   load_even(p) = p[0], p[2], .. p[2kF-2] (reads p[0 .. 2kF)),
//   store_first(p, v, n) stores lanes 0 .. n-1 of v (0 < n < kF) and nothing else,
//   load_first(p, n) loads p[0 .. n) into lanes 0 .. n-1, zero above (reads nothing else).

// One MR x (NV * kF) tile. Full tiles load and store C with whole vectors;
// partial tiles (mr < MR or nr < NV * kF: the M and N edges) load and store
// only their mr x nr outputs with masked vectors and skipped rows, so edges
// cost no more than a full tile and nothing outside mr x nr is touched.
// kRows: B row k is b + koff[k] (read in place) instead of packed panel
// step b + k * NR.
template <int MR, int NV, bool kRows>
inline void simd_gemm_tile_impl(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                                const ptrdiff_t* koff, float* c, size_t ldc, unsigned flags,
                                const float* bias, const float* params) {
  using F = typename V::F;
  constexpr int L = static_cast<int>(V::kF);
  constexpr int NR = NV * L;
  const bool full = mr == static_cast<size_t>(MR) && nr == static_cast<size_t>(NR);
  // lanes of vector v inside the tile: L, 0, or a partial count
  size_t lanes[NV];
#pragma GCC unroll 4
  for (int v = 0; v < NV; ++v) {
    const size_t lo = static_cast<size_t>(v * L);
    const size_t rest = nr <= lo ? 0 : nr - lo;
    lanes[v] = rest >= static_cast<size_t>(L) ? static_cast<size_t>(L) : rest;
  }
  F acc[MR][NV];
  if (!(flags & kGemmAccumulate)) {
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[i][v] = V::zero();
  } else if (full) {
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[i][v] = V::load(c + i * ldc + v * L);
  } else {
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) {
        const size_t n = static_cast<size_t>(i) < mr ? lanes[v] : 0;
        acc[i][v] = n == static_cast<size_t>(L) ? V::load(c + i * ldc + v * L)
                    : n == 0                     ? V::zero()
                                                 : V::load_first(c + i * ldc + v * L, n);
      }
  }
  // loop-invariant: the compiler unswitches the k loop on it
  const bool prefetch_a = (flags & kGemmPrefetchA) != 0;
  for (size_t k = 0; k < kc; ++k) {
    // 32 steps (1 KB for 8 rows) ahead: about a DRAM latency of FMA work
    if (prefetch_a) __builtin_prefetch(a + 32 * MR);
    const float* bk = kRows ? b + koff[k] : b;
    F bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) bv[v] = V::load(bk + v * L);
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i) {
      const F av = V::set1(a[i]);
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[i][v] = V::madd(av, bv[v], acc[i][v]);
    }
    a += MR;
    if (!kRows) b += NR;
  }
  if (flags & kGemmLast) {
    const F lo = V::set1(params[0]);
    const F hi = V::set1(params[1]);
    const F slope = V::set1(params[2]);
    const F z = V::zero();
    F colb[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) colb[v] = z;
    if (flags & kGemmBiasCol) {
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) {
        colb[v] = lanes[v] == static_cast<size_t>(L) ? V::load(bias + v * L)
                  : lanes[v] == 0                     ? V::zero()
                                                      : V::load_first(bias + v * L, lanes[v]);
      }
    }
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i) {
      const F rb = V::set1((flags & kGemmBiasRow) && static_cast<size_t>(i) < mr ? bias[i] : 0.0f);
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) {
        F x = acc[i][v];
        if (flags & kGemmBiasRow) x = V::add(x, rb);
        if (flags & kGemmBiasCol) x = V::add(x, colb[v]);
        x = V::min(hi, V::max(lo, x));
        // max(0, x) + slope * min(0, x): exact for either sign, NaN kept, as the oracle.
        if (flags & kGemmLeaky) x = V::add(V::max(z, x), V::mul(slope, V::min(z, x)));
        acc[i][v] = x;
      }
    }
  }
  if (full) {
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) V::store(c + i * ldc + v * L, acc[i][v]);
    return;
  }
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i) {
    if (static_cast<size_t>(i) >= mr) break;
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) {
      if (lanes[v] == static_cast<size_t>(L)) {
        V::store(c + i * ldc + v * L, acc[i][v]);
      } else if (lanes[v] != 0) {
        V::store_first(c + i * ldc + v * L, acc[i][v], lanes[v]);
      }
    }
  }
}

template <int MR, int NV>
inline void simd_gemm_tile(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                           float* c, size_t ldc, unsigned flags, const float* bias,
                           const float* params) {
  simd_gemm_tile_impl<MR, NV, false>(mr, nr, kc, a, b, nullptr, c, ldc, flags, bias, params);
}

template <int MR, int NV>
inline void simd_gemm_rows_tile(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                                const ptrdiff_t* koff, float* c, size_t ldc, unsigned flags,
                                const float* bias, const float* params) {
  simd_gemm_tile_impl<MR, NV, true>(mr, nr, kc, a, b, koff, c, ldc, flags, bias, params);
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
