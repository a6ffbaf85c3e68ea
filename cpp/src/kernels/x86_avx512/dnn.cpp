// AVX-512 DNN kernels with vfmadd231ps on zmm.
// GEMM tile 8x32: 16 zmm accumulators, 2 B vectors per k and 8 broadcasts
// that the compiler folds into the FMA as {1to16} memory operands: 10 loads
// per 16 FMAs keeps both FMA ports busy; 8 rows divide every common channel count.
// The rows variant reads B in place at b + koff[k]: its two B loads are
// unaligned and usually split cache lines (one more load slot each), which
// the third load port absorbs (about 95 % of the packed tile's rate on
// L1-resident data). Row tails use masked loads and stores (k registers).
#include <immintrin.h>

#include <cstddef>

#include "kernels/common/dnn_params.hpp"
#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/dnn_generic.hpp"

namespace {

struct V {
  static constexpr bool kHasFma = true;
  using F = __m512;
  static constexpr size_t kF = 16;
  static F load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, F v) { _mm512_storeu_ps(p, v); }
  static F set1(float v) { return _mm512_set1_ps(v); }
  static F zero() { return _mm512_setzero_ps(); }
  static F add(F a, F b) { return _mm512_add_ps(a, b); }
  static F mul(F a, F b) { return _mm512_mul_ps(a, b); }
  static F max(F a, F b) { return _mm512_max_ps(a, b); }
  static F min(F a, F b) { return _mm512_min_ps(a, b); }
  static F madd(F a, F b, F c) { return _mm512_fmadd_ps(a, b, c); }
  static F load_first(const float* p, size_t n) {
    return _mm512_maskz_loadu_ps(static_cast<__mmask16>((1u << n) - 1), p);
  }
  static void store_first(float* p, F v, size_t n) {
    _mm512_mask_storeu_ps(p, static_cast<__mmask16>((1u << n) - 1), v);
  }
  static F load_even(const float* p) {
    const __m512i idx = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    return _mm512_permutex2var_ps(_mm512_loadu_ps(p), idx, _mm512_loadu_ps(p + 16));
  }
};

#include "kernels/common/dnn_simd_body.hpp"

}  // namespace

void f32_gemm_minmax_8x32(size_t mr, size_t nr, size_t kc, const float* a, const float* b, float* c,
           size_t ldc, unsigned flags, const float* bias, const float* params) {
  simd_gemm_tile<8, 2>(mr, nr, kc, a, b, c, ldc, flags, bias, params);
}
void f32_gemm_minmax_1x32(size_t mr, size_t nr, size_t kc, const float* a, const float* b, float* c,
                          size_t ldc, unsigned flags, const float* bias, const float* params) {
  simd_gemm_tile<1, 2>(mr, nr, kc, a, b, c, ldc, flags, bias, params);
}
void f32_gemm_rows_minmax_8x32(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                               const ptrdiff_t* koff, float* c, size_t ldc, unsigned flags,
                               const float* bias, const float* params) {
  simd_gemm_rows_tile<8, 2>(mr, nr, kc, a, b, koff, c, ldc, flags, bias, params);
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
  t.f32_gemm_minmax_8x32 = f32_gemm_minmax_8x32;
  t.f32_gemm_minmax_1x32 = f32_gemm_minmax_1x32;
  t.f32_gemm_rows_minmax_8x32 = f32_gemm_rows_minmax_8x32;
  t.f32_dwconv3x3_row = f32_dwconv3x3_row;
  t.f32_winograd_f2k3_input = f32_winograd_f2k3_input;
  t.f32_winograd_f2k3_output_minmax = f32_winograd_f2k3_output_minmax;
}

}  // namespace vc::kernels::avx512
