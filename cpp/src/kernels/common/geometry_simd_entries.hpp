// The named resize and remap kernels of one x86 ISA level, defined over the
// shared SIMD bodies (geometry_x86_simd.hpp, geometry_x86_sse.hpp) and the
// level's vector traits `V`: identical text at every x86 level, so it lives
// here once. Included inside `namespace vc::kernels::<isa>` after `V` and the
// bodies.

void u8_f32_resize_hrow(const uint8_t* src, size_t src_len, float* dst, size_t n,
                        const int32_t* ofs, const float* coef, const int32_t* blocks, int ksize,
                        int cn) {
  resize_hrow_u8_simd<V>(src, src_len, dst, n, ofs, coef, blocks, ksize, cn);
}
void u16_f32_resize_hrow(const uint16_t* src, size_t src_len, float* dst, size_t n,
                         const int32_t* ofs, const float* coef, int ksize, int cn) {
  resize_hrow_simd<V>(src, src_len, dst, n, ofs, coef, ksize, cn);
}
void f32_resize_hrow(const float* src, size_t src_len, float* dst, size_t n, const int32_t* ofs,
                     const float* coef, int ksize, int cn) {
  resize_hrow_simd<V>(src, src_len, dst, n, ofs, coef, ksize, cn);
}
void f32_u8_resize_vrow(const float* const* rows, const float* coef, int ksize, uint8_t* dst,
                        size_t n) {
  resize_vrow_simd<V>(rows, coef, ksize, dst, n);
}
void f32_u16_resize_vrow(const float* const* rows, const float* coef, int ksize, uint16_t* dst,
                         size_t n) {
  resize_vrow_simd<V>(rows, coef, ksize, dst, n);
}
void f32_resize_vrow(const float* const* rows, const float* coef, int ksize, float* dst, size_t n) {
  resize_vrow_simd<V>(rows, coef, ksize, dst, n);
}
void u8_resize_area2x2_row(const uint8_t* r0, const uint8_t* r1, uint8_t* dst, size_t width,
                           int cn) {
  u8_area2x2_sse(r0, r1, dst, width, cn);
}
void u16_resize_area2x2_row(const uint16_t* r0, const uint16_t* r1, uint16_t* dst, size_t width,
                            int cn) {
  u16_area2x2_sse(r0, r1, dst, width, cn);
}
void f32_resize_area2x2_row(const float* r0, const float* r1, float* dst, size_t width, int cn) {
  f32_area2x2_sse(r0, r1, dst, width, cn);
}
void u8_remap_nearest_row(const uint8_t* src, ptrdiff_t stride, int width, int height, int cn,
                          int border, const uint8_t* bval, const float* sx, const float* sy,
                          size_t n, uint8_t* dst) {
  remap_nearest_u8_simd<V>(geo_src(src, stride, width, height, cn, border, bval), sx, sy, n, dst);
}
void u8_remap_linear_row(const uint8_t* src, ptrdiff_t stride, int width, int height, int cn,
                         int border, const uint8_t* bval, const float* sx, const float* sy,
                         size_t n, uint8_t* dst) {
  remap_linear_u8_simd<V>(geo_src(src, stride, width, height, cn, border, bval), sx, sy, n, dst);
}
void f32_remap_nearest_row(const float* src, ptrdiff_t stride, int width, int height, int cn,
                           int border, const float* bval, const float* sx, const float* sy,
                           size_t n, float* dst) {
  remap_nearest_f32_simd<V>(geo_src(src, stride, width, height, cn, border, bval), sx, sy, n, dst);
}
void f32_remap_linear_row(const float* src, ptrdiff_t stride, int width, int height, int cn,
                          int border, const float* bval, const float* sx, const float* sy,
                          size_t n, float* dst) {
  remap_linear_f32_simd<V>(geo_src(src, stride, width, height, cn, border, bval), sx, sy, n, dst);
}
