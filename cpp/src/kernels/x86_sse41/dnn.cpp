// SSE4.1 DNN kernels: no FMA, so multiply then add (as the reference, same bits).
// GEMM tile 4x8: 8 xmm accumulators + 2 B vectors + 1 broadcast of 16 xmm.
#include <immintrin.h>

#include <cstddef>

#include "kernels/common/dnn_params.hpp"
#include "kernels/kernel_table.hpp"

namespace vc::kernels::sse41 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/dnn_generic.hpp"

namespace {

struct V {
  static constexpr bool kHasFma = false;
  using F = __m128;
  static constexpr size_t kF = 4;
  static F load(const float* p) { return _mm_loadu_ps(p); }
  static void store(float* p, F v) { _mm_storeu_ps(p, v); }
  static F set1(float v) { return _mm_set1_ps(v); }
  static F zero() { return _mm_setzero_ps(); }
  static F add(F a, F b) { return _mm_add_ps(a, b); }
  static F mul(F a, F b) { return _mm_mul_ps(a, b); }
  static F max(F a, F b) { return _mm_max_ps(a, b); }
  static F min(F a, F b) { return _mm_min_ps(a, b); }
  static F madd(F a, F b, F c) { return _mm_add_ps(_mm_mul_ps(a, b), c); }
  static F load_first(const float* p, size_t n) {
    alignas(16) float t[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (size_t i = 0; i < n; ++i) t[i] = p[i];
    return _mm_load_ps(t);
  }
  static void store_first(float* p, F v, size_t n) {
    alignas(16) float t[4];
    _mm_store_ps(t, v);
    for (size_t i = 0; i < n; ++i) p[i] = t[i];
  }
  static F load_even(const float* p) {
    return _mm_shuffle_ps(_mm_loadu_ps(p), _mm_loadu_ps(p + 4), _MM_SHUFFLE(2, 0, 2, 0));
  }
};

#include "kernels/common/dnn_simd_body.hpp"

}  // namespace

void f32_gemm_minmax_4x8(size_t mr, size_t nr, size_t kc, const float* a, const float* b, float* c,
           size_t ldc, unsigned flags, const float* bias, const float* params) {
  simd_gemm_tile<4, 2>(mr, nr, kc, a, b, c, ldc, flags, bias, params);
}
void f32_gemm_minmax_1x8(size_t mr, size_t nr, size_t kc, const float* a, const float* b, float* c,
                         size_t ldc, unsigned flags, const float* bias, const float* params) {
  simd_gemm_tile<1, 2>(mr, nr, kc, a, b, c, ldc, flags, bias, params);
}
void f32_gemm_rows_minmax_4x8(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                               const ptrdiff_t* koff, float* c, size_t ldc, unsigned flags,
                               const float* bias, const float* params) {
  simd_gemm_rows_tile<4, 2>(mr, nr, kc, a, b, koff, c, ldc, flags, bias, params);
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
  t.f32_gemm_minmax_1x8 = f32_gemm_minmax_1x8;
  t.f32_gemm_rows_minmax_4x8 = f32_gemm_rows_minmax_4x8;
  t.f32_dwconv3x3_row = f32_dwconv3x3_row;
  t.f32_winograd_f2k3_input = f32_winograd_f2k3_input;
  t.f32_winograd_f2k3_output_minmax = f32_winograd_f2k3_output_minmax;
}

}  // namespace vc::kernels::sse41
