// CNN inference kernels, plain C++: the oracle of every GEMM tile and of the
// depthwise row (mul then add, no FMA: -ffp-contract=off keeps it that way).
#include <cstddef>

#include "kernels/common/dnn_params.hpp"
#include "kernels/kernel_table.hpp"

namespace vc::kernels::reference {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/dnn_generic.hpp"

void f32_gemm_minmax_4x8(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                         float* c, size_t ldc, unsigned flags, const float* bias,
                         const float* params) {
  dnn_generic::gemm_tile<4, 8>(mr, nr, kc, a, b, c, ldc, flags, bias, params);
}
void f32_gemm_minmax_6x16(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                          float* c, size_t ldc, unsigned flags, const float* bias,
                          const float* params) {
  dnn_generic::gemm_tile<6, 16>(mr, nr, kc, a, b, c, ldc, flags, bias, params);
}
void f32_gemm_minmax_8x32(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                          float* c, size_t ldc, unsigned flags, const float* bias,
                          const float* params) {
  dnn_generic::gemm_tile<8, 32>(mr, nr, kc, a, b, c, ldc, flags, bias, params);
}
void f32_gemm_minmax_1x8(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                         float* c, size_t ldc, unsigned flags, const float* bias,
                         const float* params) {
  dnn_generic::gemm_tile<1, 8>(mr, nr, kc, a, b, c, ldc, flags, bias, params);
}
void f32_gemm_minmax_1x16(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                          float* c, size_t ldc, unsigned flags, const float* bias,
                          const float* params) {
  dnn_generic::gemm_tile<1, 16>(mr, nr, kc, a, b, c, ldc, flags, bias, params);
}
void f32_gemm_minmax_1x32(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                          float* c, size_t ldc, unsigned flags, const float* bias,
                          const float* params) {
  dnn_generic::gemm_tile<1, 32>(mr, nr, kc, a, b, c, ldc, flags, bias, params);
}
void f32_gemm_rows_minmax_4x8(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                               const ptrdiff_t* koff, float* c, size_t ldc, unsigned flags,
                               const float* bias, const float* params) {
  dnn_generic::gemm_rows_tile<4, 8>(mr, nr, kc, a, b, koff, c, ldc, flags, bias, params);
}
void f32_gemm_rows_minmax_6x16(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                               const ptrdiff_t* koff, float* c, size_t ldc, unsigned flags,
                               const float* bias, const float* params) {
  dnn_generic::gemm_rows_tile<6, 16>(mr, nr, kc, a, b, koff, c, ldc, flags, bias, params);
}
void f32_gemm_rows_minmax_8x32(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                               const ptrdiff_t* koff, float* c, size_t ldc, unsigned flags,
                               const float* bias, const float* params) {
  dnn_generic::gemm_rows_tile<8, 32>(mr, nr, kc, a, b, koff, c, ldc, flags, bias, params);
}
void f32_dwconv3x3_row(const float* row0, const float* row1, const float* row2, const float* w,
                       size_t n, size_t stride, float* dst, unsigned flags, const float* bias,
                       const float* params) {
  dnn_generic::dwconv3x3_tail<false>(row0, row1, row2, w, 0, n, stride, dst, flags, bias, params);
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
  t.f32_gemm_minmax_8x32 = f32_gemm_minmax_8x32;
  t.f32_gemm_minmax_1x8 = f32_gemm_minmax_1x8;
  t.f32_gemm_minmax_1x16 = f32_gemm_minmax_1x16;
  t.f32_gemm_minmax_1x32 = f32_gemm_minmax_1x32;
  t.f32_gemm_rows_minmax_4x8 = f32_gemm_rows_minmax_4x8;
  t.f32_gemm_rows_minmax_6x16 = f32_gemm_rows_minmax_6x16;
  t.f32_gemm_rows_minmax_8x32 = f32_gemm_rows_minmax_8x32;
  t.f32_dwconv3x3_row = f32_dwconv3x3_row;
  t.f32_winograd_f2k3_input = f32_winograd_f2k3_input;
  t.f32_winograd_f2k3_output_minmax = f32_winograd_f2k3_output_minmax;
}

}  // namespace vc::kernels::reference
