// Reference geometry kernels: readable scalar C++, the oracle for every ISA.
#include <cmath>
#include <cstring>
#include <type_traits>

#include "kernels/kernel_table.hpp"
#include "visioncore/border.hpp"

namespace vc::kernels::reference {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/geometry_resize_generic.hpp"
#include "kernels/common/geometry_warp_generic.hpp"
#include "kernels/common/geometry_flip_generic.hpp"

void x_resize_nearest_row(const uint8_t* src, size_t src_row_bytes, uint8_t* dst,
                          const int32_t* xofs, size_t width, int pixel_bytes) {
  resize_nearest_row_generic(src, dst, xofs, width, pixel_bytes);
}
void u8_resize_linear_hrow(const uint8_t* src, size_t src_len, int32_t* dst, size_t n,
                           const int32_t* xofs, const int32_t* alpha, int tap_step) {
  u8_resize_linear_hrow_generic(src, dst, n, xofs, alpha, tap_step);
}
void u8_resize_linear_vrow(const int32_t* r0, const int32_t* r1, uint8_t* dst, size_t n, int b0,
                           int b1) {
  u8_resize_linear_vrow_generic(r0, r1, dst, n, b0, b1);
}
void u8_f32_resize_hrow(const uint8_t* src, size_t src_len, float* dst, size_t n,
                        const int32_t* ofs, const float* coef, const int32_t* blocks, int ksize,
                        int cn) {
  u8_f32_resize_hrow_generic(src, dst, n, ofs, coef, blocks, ksize);
}
void u16_f32_resize_hrow(const uint16_t* src, size_t src_len, float* dst, size_t n,
                         const int32_t* ofs, const float* coef, int ksize, int cn) {
  f32_resize_hrow_generic(src, dst, n, ofs, coef, ksize);
}
void f32_resize_hrow(const float* src, size_t src_len, float* dst, size_t n, const int32_t* ofs,
                     const float* coef, int ksize, int cn) {
  f32_resize_hrow_generic(src, dst, n, ofs, coef, ksize);
}
void f32_u8_resize_vrow(const float* const* rows, const float* coef, int ksize, uint8_t* dst,
                        size_t n) {
  f32_resize_vrow_generic(rows, coef, ksize, dst, n);
}
void f32_u16_resize_vrow(const float* const* rows, const float* coef, int ksize, uint16_t* dst,
                         size_t n) {
  f32_resize_vrow_generic(rows, coef, ksize, dst, n);
}
void f32_resize_vrow(const float* const* rows, const float* coef, int ksize, float* dst, size_t n) {
  f32_resize_vrow_generic(rows, coef, ksize, dst, n);
}
void u8_resize_area2x2_row(const uint8_t* r0, const uint8_t* r1, uint8_t* dst, size_t width,
                           int cn) {
  int_resize_area2x2_row_generic(r0, r1, dst, width, cn);
}
void u16_resize_area2x2_row(const uint16_t* r0, const uint16_t* r1, uint16_t* dst, size_t width,
                            int cn) {
  int_resize_area2x2_row_generic(r0, r1, dst, width, cn);
}
void f32_resize_area2x2_row(const float* r0, const float* r1, float* dst, size_t width, int cn) {
  f32_resize_area2x2_row_generic(r0, r1, dst, width, cn);
}
void u8_resize_area_int_row(const uint8_t* const* rows, int nrows, int ky, uint8_t* dst,
                            size_t width, int cn, int kx, int src_width) {
  resize_area_int_row_generic(rows, nrows, ky, dst, width, cn, kx, src_width);
}
void u16_resize_area_int_row(const uint16_t* const* rows, int nrows, int ky, uint16_t* dst,
                             size_t width, int cn, int kx, int src_width) {
  resize_area_int_row_generic(rows, nrows, ky, dst, width, cn, kx, src_width);
}
void f32_resize_area_int_row(const float* const* rows, int nrows, int ky, float* dst, size_t width,
                             int cn, int kx, int src_width) {
  resize_area_int_row_generic(rows, nrows, ky, dst, width, cn, kx, src_width);
}

void f32_warp_affine_coords(const float* m, int x0, size_t n, float* sx, float* sy) {
  warp_affine_coords_generic(m, x0, n, sx, sy);
}
void f32_warp_perspective_coords(const float* m, int x0, size_t n, float* sx, float* sy) {
  warp_perspective_coords_generic(m, x0, n, sx, sy);
}

#define VC_REMAP_KERNELS(P, T)                                                                 \
  void P##_remap_nearest_row(const T* src, ptrdiff_t stride, int width, int height, int cn,     \
                             int border, const T* bval, const float* sx, const float* sy,       \
                             size_t n, T* dst) {                                                \
    remap_nearest_generic(geo_src(src, stride, width, height, cn, border, bval), sx, sy, n, dst); \
  }                                                                                             \
  void P##_remap_linear_row(const T* src, ptrdiff_t stride, int width, int height, int cn,      \
                            int border, const T* bval, const float* sx, const float* sy,        \
                            size_t n, T* dst) {                                                 \
    remap_linear_generic(geo_src(src, stride, width, height, cn, border, bval), sx, sy, n, dst); \
  }                                                                                             \
  void P##_remap_cubic_row(const T* src, ptrdiff_t stride, int width, int height, int cn,       \
                           int border, const T* bval, const float* sx, const float* sy,         \
                           size_t n, T* dst) {                                                  \
    remap_cubic_generic(geo_src(src, stride, width, height, cn, border, bval), sx, sy, n, dst);  \
  }
VC_REMAP_KERNELS(u8, uint8_t)
VC_REMAP_KERNELS(u16, uint16_t)
VC_REMAP_KERNELS(f32, float)
#undef VC_REMAP_KERNELS

void x_flip_row(const uint8_t* src, uint8_t* dst, size_t width, int pixel_bytes) {
  flip_row_generic(src, dst, width, pixel_bytes);
}
void x_transpose_block(const uint8_t* src, ptrdiff_t src_row_step, ptrdiff_t src_pixel_step,
                       uint8_t* dst, ptrdiff_t dst_stride, int rows, int cols, int pixel_bytes) {
  transpose_block_generic(src, src_row_step, src_pixel_step, dst, dst_stride, rows, cols,
                          pixel_bytes);
}

void register_geometry(KernelTable& t) {
  t.x_resize_nearest_row = x_resize_nearest_row;
  t.u8_resize_linear_hrow = u8_resize_linear_hrow;
  t.u8_resize_linear_vrow = u8_resize_linear_vrow;
  t.u8_f32_resize_hrow = u8_f32_resize_hrow;
  t.u16_f32_resize_hrow = u16_f32_resize_hrow;
  t.f32_resize_hrow = f32_resize_hrow;
  t.f32_u8_resize_vrow = f32_u8_resize_vrow;
  t.f32_u16_resize_vrow = f32_u16_resize_vrow;
  t.f32_resize_vrow = f32_resize_vrow;
  t.u8_resize_area2x2_row = u8_resize_area2x2_row;
  t.u16_resize_area2x2_row = u16_resize_area2x2_row;
  t.f32_resize_area2x2_row = f32_resize_area2x2_row;
  t.u8_resize_area_int_row = u8_resize_area_int_row;
  t.u16_resize_area_int_row = u16_resize_area_int_row;
  t.f32_resize_area_int_row = f32_resize_area_int_row;
  t.f32_warp_affine_coords = f32_warp_affine_coords;
  t.f32_warp_perspective_coords = f32_warp_perspective_coords;
  t.u8_remap_nearest_row = u8_remap_nearest_row;
  t.u16_remap_nearest_row = u16_remap_nearest_row;
  t.f32_remap_nearest_row = f32_remap_nearest_row;
  t.u8_remap_linear_row = u8_remap_linear_row;
  t.u16_remap_linear_row = u16_remap_linear_row;
  t.f32_remap_linear_row = f32_remap_linear_row;
  t.u8_remap_cubic_row = u8_remap_cubic_row;
  t.u16_remap_cubic_row = u16_remap_cubic_row;
  t.f32_remap_cubic_row = f32_remap_cubic_row;
  t.x_flip_row = x_flip_row;
  t.x_transpose_block = x_transpose_block;
}

}  // namespace vc::kernels::reference
