// The named Canny and corner kernels of one x86 ISA level over the shared
// bodies of edges_simd_body.hpp and edges_corner_simd.hpp, and their
// registration. Included inside `namespace vc::kernels::<isa>` after the
// level's traits `V`, `CF` and the bodies.

void s16_s32_canny_mag_l1_row(const int16_t* dx, const int16_t* dy, int32_t* mag, size_t n) {
  simd_canny_mag(dx, dy, mag, n, false);
}
void s16_s32_canny_mag_l2_row(const int16_t* dx, const int16_t* dy, int32_t* mag, size_t n) {
  simd_canny_mag(dx, dy, mag, n, true);
}
void s32_u8_canny_nms_row(const int32_t* prev, const int32_t* cur, const int32_t* next,
                          const int16_t* dx, const int16_t* dy, uint8_t* map, size_t n,
                          int32_t low, int32_t high) {
  simd_canny_nms(prev, cur, next, dx, dy, map, n, low, high);
}

void f32_corner_cov_row(const float* dx, const float* dy, float* cov, size_t n) {
  simd_corner_cov(dx, dy, cov, n);
}
void f32_corner_harris_row(const float* cov, float* dst, size_t n, double k) {
  simd_corner_harris(cov, dst, n, k);
}
void f32_corner_min_eigen_row(const float* cov, float* dst, size_t n) {
  simd_corner_min_eigen(cov, dst, n);
}

void register_edges(KernelTable& t) {
  t.s16_s32_canny_mag_l1_row = s16_s32_canny_mag_l1_row;
  t.s16_s32_canny_mag_l2_row = s16_s32_canny_mag_l2_row;
  t.s32_u8_canny_nms_row = s32_u8_canny_nms_row;
  t.f32_corner_cov_row = f32_corner_cov_row;
  t.f32_corner_harris_row = f32_corner_harris_row;
  t.f32_corner_min_eigen_row = f32_corner_min_eigen_row;
}
