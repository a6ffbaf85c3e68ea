// The named Canny kernels of one x86 ISA level over the shared bodies of
// edges_simd_body.hpp, and their registration. Included inside
// `namespace vc::kernels::<isa>` after the level's traits `V` and the bodies.
// The corner kernels stay at the reference level (they are a small part of
// the corner pipeline's time, which the Sobel and box passes dominate).

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

void register_edges(KernelTable& t) {
  t.s16_s32_canny_mag_l1_row = s16_s32_canny_mag_l1_row;
  t.s16_s32_canny_mag_l2_row = s16_s32_canny_mag_l2_row;
  t.s32_u8_canny_nms_row = s32_u8_canny_nms_row;
}
