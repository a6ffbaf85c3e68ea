// AArch64 Advanced SIMD DNN kernels with FMLA (vfmaq_f32 and its by-element
// forms: one rounding, as AVX2 / AVX-512).
//
// GEMM tile 6x16: 6 rows x 4 q-vectors = 24 accumulators, plus 4 B vectors
// and the 6 A values of one k step held in one q and one d register (FMLA
// by element reads its multiplier from a lane): 30 of the 32 q-registers,
// no spills. A k step is 4 + 2 loads for 24 FMLAs, enough independent
// chains to keep two FMA pipes with a 4-cycle latency busy. The generic
// SIMD body (common/dnn_simd_body.hpp) broadcasts each A value into its own
// register and spills two accumulators per k step at this tile, so the
// GEMM tile is written here. The 4x8 tile (8 accumulators), the levels'
// common fallback shape, runs the same code so that a NEON run never drops
// to the scalar GEMM whichever tile the driver packs for.
//
// Depthwise rows use the shared body over the 4-lane vocabulary V; stride 2
// reads the even columns with LD2 (de-interleave), whose 8-float read stays
// inside the row slack of dnn.inc.
#include <arm_neon.h>

#include <cstddef>
#include <utility>

#include "kernels/common/dnn_params.hpp"
#include "kernels/kernel_table.hpp"

namespace vc::kernels::neon {
#include "kernels/isa_namespace.hpp"
// the oracle's helpers, then the shared SIMD bodies over V (below)
#include "kernels/common/dnn_generic.hpp"

namespace {

struct V {
  static constexpr bool kHasFma = true;
  using F = float32x4_t;
  static constexpr size_t kF = 4;
  static F load(const float* p) { return vld1q_f32(p); }
  static void store(float* p, F v) { vst1q_f32(p, v); }
  static F set1(float v) { return vdupq_n_f32(v); }
  static F zero() { return vdupq_n_f32(0.0f); }
  static F add(F a, F b) { return vaddq_f32(a, b); }
  static F mul(F a, F b) { return vmulq_f32(a, b); }
  // FMAX/FMIN return NaN when either operand is NaN: max(lo, x) keeps a NaN
  // x as the x86 order does (the bounds are never NaN).
  static F max(F a, F b) { return vmaxq_f32(a, b); }
  static F min(F a, F b) { return vminq_f32(a, b); }
  static F madd(F a, F b, F c) { return vfmaq_f32(c, a, b); }
  // Lanes 0 .. n-1 (0 < n < 4) only: one 64-bit and/or one 32-bit access.
  static F load_first(const float* p, size_t n) {
    const float32x2_t z = vdup_n_f32(0.0f);
    if (n == 1) return vcombine_f32(vld1_lane_f32(p, z, 0), z);
    if (n == 2) return vcombine_f32(vld1_f32(p), z);
    return vcombine_f32(vld1_f32(p), vld1_lane_f32(p + 2, z, 0));
  }
  static void store_first(float* p, F v, size_t n) {
    if (n == 1) {
      vst1q_lane_f32(p, v, 0);
      return;
    }
    vst1_f32(p, vget_low_f32(v));
    if (n == 3) vst1q_lane_f32(p + 2, v, 2);
  }
  // p[0], p[2], p[4], p[6] (reads p[0 .. 8)).
  static F load_even(const float* p) { return vld2q_f32(p).val[0]; }
};

#include "kernels/common/dnn_simd_body.hpp"

// --- GEMM tile MR x (NV * 4), MR <= 8, A lanes used by FMLA by element ---

using F = float32x4_t;

// A values of one k step: rows 0..3 in lo, rows 4..MR-1 in hi (MR > 4).
struct AStep {
  float32x4_t lo;
  float32x4_t hi;
};

template <int MR>
inline AStep load_a(const float* a) {
  AStep s;
  s.lo = vld1q_f32(a);
  if constexpr (MR == 6) {
    s.hi = vcombine_f32(vld1_f32(a + 4), vdup_n_f32(0.0f));
  } else if constexpr (MR == 8) {
    s.hi = vld1q_f32(a + 4);
  } else {
    static_assert(MR == 4, "tiles of 4, 6 or 8 rows");
    s.hi = s.lo;
  }
  return s;
}

// acc[v] += b[v] * A[row I]
template <int I, int NV>
inline void fma_row(F (&acc)[NV], const F (&bv)[NV], const AStep& s) {
#pragma GCC unroll 8
  for (int v = 0; v < NV; ++v) {
    if constexpr (I < 4) {
      acc[v] = vfmaq_laneq_f32(acc[v], bv[v], s.lo, I);
    } else {
      acc[v] = vfmaq_laneq_f32(acc[v], bv[v], s.hi, I - 4);
    }
  }
}

template <int MR, int NV, size_t... I>
inline void fma_step(F (&acc)[MR][NV], const F (&bv)[NV], const AStep& s,
                     std::index_sequence<I...>) {
  (fma_row<static_cast<int>(I), NV>(acc[I], bv, s), ...);
}

// The oracle's epilogue in vectors: + row bias, + column bias, clamp (FMAX
// and FMIN keep a NaN), then x < 0 ? slope * x : x by a select, which keeps
// -0 and NaN exactly as the scalar code does.
inline F epilogue(F x, F rb, F cb, F lo, F hi, F slope, unsigned flags) {
  if (flags & kGemmBiasRow) x = vaddq_f32(x, rb);
  if (flags & kGemmBiasCol) x = vaddq_f32(x, cb);
  x = vminq_f32(hi, vmaxq_f32(lo, x));
  if (flags & kGemmLeaky) x = vbslq_f32(vcltzq_f32(x), vmulq_f32(slope, x), x);
  return x;
}

// kRows: B row k at b + koff[k] (read in place) instead of the packed panel
// step b + k * NR. Full tiles move C in whole vectors; edge tiles (mr < MR
// or nr < NR) touch only their mr x nr outputs with partial vectors and
// skipped rows; rows past mr are computed on A's zero padding and dropped.
template <int MR, int NV, bool kRows>
void gemm_tile(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
               const ptrdiff_t* koff, float* c, size_t ldc, unsigned flags, const float* bias,
               const float* params) {
  constexpr size_t L = 4;
  constexpr size_t NR = NV * L;
  const bool full = mr == static_cast<size_t>(MR) && nr == NR;
  size_t lanes[NV];  // outputs of vector v inside the tile: 4, 0 or a partial count
  for (int v = 0; v < NV; ++v) {
    const size_t lo = static_cast<size_t>(v) * L;
    lanes[v] = nr <= lo ? 0 : (nr - lo >= L ? L : nr - lo);
  }
  const auto load_c = [&](const float* p, size_t n) {
    return n == L ? vld1q_f32(p) : n == 0 ? vdupq_n_f32(0.0f) : V::load_first(p, n);
  };

  F acc[MR][NV];
  if (!(flags & kGemmAccumulate)) {
#pragma GCC unroll 8
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) acc[i][v] = vdupq_n_f32(0.0f);
  } else if (full) {
#pragma GCC unroll 8
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) acc[i][v] = vld1q_f32(c + i * ldc + v * L);
  } else {
#pragma GCC unroll 8
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v)
        acc[i][v] = load_c(c + i * ldc + v * L, static_cast<size_t>(i) < mr ? lanes[v] : 0);
  }

  for (size_t k = 0; k < kc; ++k) {
    const float* bk = kRows ? b + koff[k] : b + k * NR;
    F bv[NV];
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) bv[v] = vld1q_f32(bk + v * L);
    const AStep s = load_a<MR>(a + k * MR);
    fma_step<MR, NV>(acc, bv, s, std::make_index_sequence<MR>{});
  }

  if (flags & kGemmLast) {
    const F lo = vdupq_n_f32(params[0]);
    const F hi = vdupq_n_f32(params[1]);
    const F slope = vdupq_n_f32(params[2]);
    F cb[NV];
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v)
      cb[v] = (flags & kGemmBiasCol) ? load_c(bias + v * L, lanes[v]) : vdupq_n_f32(0.0f);
#pragma GCC unroll 8
    for (int i = 0; i < MR; ++i) {
      // bias has mr entries: rows past mr add nothing (and are dropped)
      const F rb =
          vdupq_n_f32((flags & kGemmBiasRow) && static_cast<size_t>(i) < mr ? bias[i] : 0.0f);
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) acc[i][v] = epilogue(acc[i][v], rb, cb[v], lo, hi, slope, flags);
    }
  }

  if (full) {
#pragma GCC unroll 8
    for (int i = 0; i < MR; ++i)
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v) vst1q_f32(c + i * ldc + v * L, acc[i][v]);
    return;
  }
#pragma GCC unroll 8
  for (int i = 0; i < MR; ++i) {
    if (static_cast<size_t>(i) >= mr) break;
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) {
      if (lanes[v] == L) {
        vst1q_f32(c + i * ldc + v * L, acc[i][v]);
      } else if (lanes[v] != 0) {
        V::store_first(c + i * ldc + v * L, acc[i][v], lanes[v]);
      }
    }
  }
}

}  // namespace

void f32_gemm_minmax_4x8(size_t mr, size_t nr, size_t kc, const float* a, const float* b, float* c,
                         size_t ldc, unsigned flags, const float* bias, const float* params) {
  gemm_tile<4, 2, false>(mr, nr, kc, a, b, nullptr, c, ldc, flags, bias, params);
}
void f32_gemm_minmax_6x16(size_t mr, size_t nr, size_t kc, const float* a, const float* b, float* c,
                          size_t ldc, unsigned flags, const float* bias, const float* params) {
  gemm_tile<6, 4, false>(mr, nr, kc, a, b, nullptr, c, ldc, flags, bias, params);
}
void f32_gemm_minmax_1x8(size_t mr, size_t nr, size_t kc, const float* a, const float* b, float* c,
                         size_t ldc, unsigned flags, const float* bias, const float* params) {
  simd_gemm_tile<1, 2>(mr, nr, kc, a, b, c, ldc, flags, bias, params);  // reads a[0] per k only
}
void f32_gemm_minmax_1x16(size_t mr, size_t nr, size_t kc, const float* a, const float* b, float* c,
                          size_t ldc, unsigned flags, const float* bias, const float* params) {
  simd_gemm_tile<1, 4>(mr, nr, kc, a, b, c, ldc, flags, bias, params);
}
void f32_gemm_rows_minmax_4x8(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                              const ptrdiff_t* koff, float* c, size_t ldc, unsigned flags,
                              const float* bias, const float* params) {
  gemm_tile<4, 2, true>(mr, nr, kc, a, b, koff, c, ldc, flags, bias, params);
}
void f32_gemm_rows_minmax_6x16(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                               const ptrdiff_t* koff, float* c, size_t ldc, unsigned flags,
                               const float* bias, const float* params) {
  gemm_tile<6, 4, true>(mr, nr, kc, a, b, koff, c, ldc, flags, bias, params);
}
void f32_dwconv3x3_row(const float* row0, const float* row1, const float* row2, const float* w,
                       size_t n, size_t stride, float* dst, unsigned flags, const float* bias,
                       const float* params) {
  simd_dwconv3x3_row(row0, row1, row2, w, n, stride, dst, flags, bias, params);
}

// --- Winograd F(2x2, 3x3) transforms: plain loops this level's flags vectorise ---
#include "kernels/common/dnn_winograd_generic.hpp"
void f32_winograd_f2k3_input(size_t n, const float* x, size_t pitch, size_t planes, float* v,
                             size_t vstride) {
  dnn_winograd::input(n, x, pitch, planes, v, vstride);
}
void f32_winograd_f2k3_output_minmax(size_t n, size_t cols, const float* m, size_t mstride,
                                     float* y0, float* y1, unsigned flags, const float* bias,
                                     const float* params) {
  dnn_winograd::output(n, cols, m, mstride, y0, y1, flags, bias, params);
}

void register_dnn(KernelTable& t) {
  t.f32_gemm_minmax_4x8 = f32_gemm_minmax_4x8;
  t.f32_gemm_minmax_6x16 = f32_gemm_minmax_6x16;
  t.f32_gemm_minmax_1x8 = f32_gemm_minmax_1x8;
  t.f32_gemm_minmax_1x16 = f32_gemm_minmax_1x16;
  t.f32_gemm_rows_minmax_4x8 = f32_gemm_rows_minmax_4x8;
  t.f32_gemm_rows_minmax_6x16 = f32_gemm_rows_minmax_6x16;
  t.f32_dwconv3x3_row = f32_dwconv3x3_row;
  t.f32_winograd_f2k3_input = f32_winograd_f2k3_input;
  t.f32_winograd_f2k3_output_minmax = f32_winograd_f2k3_output_minmax;
}

}  // namespace vc::kernels::neon
