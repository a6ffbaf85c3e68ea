// AVX2 DNN kernels with vfmadd231ps.
// GEMM tile 6x16: 12 ymm accumulators + 2 B vectors + 1 broadcast of 16 ymm;
// two FMA ports x 4-cycle latency need >= 8 independent accumulators.
#include <immintrin.h>

#include <cstddef>

#include "kernels/common/dnn_params.hpp"
#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx2 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/dnn_generic.hpp"

namespace {

struct V {
  static constexpr bool kHasFma = true;
  using F = __m256;
  static constexpr size_t kF = 8;
  static F load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, F v) { _mm256_storeu_ps(p, v); }
  static F set1(float v) { return _mm256_set1_ps(v); }
  static F zero() { return _mm256_setzero_ps(); }
  static F add(F a, F b) { return _mm256_add_ps(a, b); }
  static F mul(F a, F b) { return _mm256_mul_ps(a, b); }
  static F max(F a, F b) { return _mm256_max_ps(a, b); }
  static F min(F a, F b) { return _mm256_min_ps(a, b); }
  static F madd(F a, F b, F c) { return _mm256_fmadd_ps(a, b, c); }
  static __m256i first_mask(size_t n) {
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(n)), lane);
  }
  static F load_first(const float* p, size_t n) { return _mm256_maskload_ps(p, first_mask(n)); }
  static void store_first(float* p, F v, size_t n) { _mm256_maskstore_ps(p, first_mask(n), v); }
  static F load_even(const float* p) {
    // per-lane shuffle leaves (0 2 8 10 | 4 6 12 14); vpermpd puts the 64-bit pairs in order
    const __m256 s = _mm256_shuffle_ps(_mm256_loadu_ps(p), _mm256_loadu_ps(p + 8), _MM_SHUFFLE(2, 0, 2, 0));
    return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(s), _MM_SHUFFLE(3, 1, 2, 0)));
  }
};

#include "kernels/common/dnn_simd_body.hpp"

}  // namespace

void f32_gemm_minmax_6x16(size_t mr, size_t nr, size_t kc, const float* a, const float* b, float* c,
           size_t ldc, unsigned flags, const float* bias, const float* params) {
  simd_gemm_tile<6, 2>(mr, nr, kc, a, b, c, ldc, flags, bias, params);
}
void f32_gemm_minmax_1x16(size_t mr, size_t nr, size_t kc, const float* a, const float* b, float* c,
                          size_t ldc, unsigned flags, const float* bias, const float* params) {
  simd_gemm_tile<1, 2>(mr, nr, kc, a, b, c, ldc, flags, bias, params);
}
void f32_gemm_rows_minmax_6x16(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                               const ptrdiff_t* koff, float* c, size_t ldc, unsigned flags,
                               const float* bias, const float* params) {
  simd_gemm_rows_tile<6, 2>(mr, nr, kc, a, b, koff, c, ldc, flags, bias, params);
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
  t.f32_gemm_minmax_6x16 = f32_gemm_minmax_6x16;
  t.f32_gemm_minmax_1x16 = f32_gemm_minmax_1x16;
  t.f32_gemm_rows_minmax_6x16 = f32_gemm_rows_minmax_6x16;
  t.f32_dwconv3x3_row = f32_dwconv3x3_row;
  t.f32_winograd_f2k3_input = f32_winograd_f2k3_input;
  t.f32_winograd_f2k3_output_minmax = f32_winograd_f2k3_output_minmax;
}

}  // namespace vc::kernels::avx2
