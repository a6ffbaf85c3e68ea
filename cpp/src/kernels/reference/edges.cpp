// Edge and corner kernels: Canny, Harris / min-eigenvalue corner responses — kernels for this ISA level.
// The reference level: plain loops over edges_generic, the oracle of the
// SIMD levels.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::reference {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/edges_generic.hpp"

void s16_s32_canny_mag_l1_row(const int16_t* dx, const int16_t* dy, int32_t* mag, size_t n) {
  edges_generic::canny_mag_l1(dx, dy, mag, 0, n);
}
void s16_s32_canny_mag_l2_row(const int16_t* dx, const int16_t* dy, int32_t* mag, size_t n) {
  edges_generic::canny_mag_l2(dx, dy, mag, 0, n);
}
void s32_u8_canny_nms_row(const int32_t* prev, const int32_t* cur, const int32_t* next,
                          const int16_t* dx, const int16_t* dy, uint8_t* map, size_t n,
                          int32_t low, int32_t high) {
  edges_generic::canny_nms(prev, cur, next, dx, dy, map, 0, n, low, high);
}
void f32_corner_cov_row(const float* dx, const float* dy, float* cov, size_t n) {
  edges_generic::corner_cov(dx, dy, cov, 0, n);
}
void f32_corner_harris_row(const float* cov, float* dst, size_t n, double k) {
  edges_generic::corner_harris(cov, dst, 0, n, k);
}
void f32_corner_min_eigen_row(const float* cov, float* dst, size_t n) {
  edges_generic::corner_min_eigen(cov, dst, 0, n);
}

void register_edges(KernelTable& t) {
  t.s16_s32_canny_mag_l1_row = s16_s32_canny_mag_l1_row;
  t.s16_s32_canny_mag_l2_row = s16_s32_canny_mag_l2_row;
  t.s32_u8_canny_nms_row = s32_u8_canny_nms_row;
  t.f32_corner_cov_row = f32_corner_cov_row;
  t.f32_corner_harris_row = f32_corner_harris_row;
  t.f32_corner_min_eigen_row = f32_corner_min_eigen_row;
}

}  // namespace vc::kernels::reference
