// Reference histogram-family kernels: the plain loops of hist_generic.hpp,
// the oracle every other level is tested against.
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::reference {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/hist_generic.hpp"

void u8_hist_count(const uint8_t* src, const uint8_t* mask, size_t n, int cn, uint32_t* hist) {
  hist_count_generic(src, mask, n, cn, hist, 256);
}
void u16_hist_count(const uint16_t* src, const uint8_t* mask, size_t n, int cn, uint32_t* hist) {
  hist_count_generic(src, mask, n, cn, hist, 65536);
}
void f32_hist_count(const float* src, const uint8_t* mask, size_t n, int cn, uint32_t* hist,
                    int bins, double a, double b, double lo, double hi) {
  f32_hist_count_generic(src, mask, n, cn, hist, bins, a, b, lo, hi);
}

void u8_s32_integral_row(const uint8_t* src, const int32_t* above, int32_t* dst, size_t width,
                         int cn) {
  integral_row_generic(src, above, dst, width, cn, [](uint8_t v) { return int32_t{v}; });
}
void u8_s64_integral_row(const uint8_t* src, const int64_t* above, int64_t* dst, size_t width,
                         int cn) {
  integral_row_generic(src, above, dst, width, cn, [](uint8_t v) { return int64_t{v}; });
}
void u16_s64_integral_row(const uint16_t* src, const int64_t* above, int64_t* dst, size_t width,
                          int cn) {
  integral_row_generic(src, above, dst, width, cn, [](uint16_t v) { return int64_t{v}; });
}
void f32_f64_integral_row(const float* src, const double* above, double* dst, size_t width,
                          int cn) {
  integral_row_generic(src, above, dst, width, cn, [](float v) { return double{v}; });
}
void u8_f64_integral_sq_row(const uint8_t* src, const double* above, double* dst, size_t width,
                            int cn) {
  integral_row_generic(src, above, dst, width, cn,
                       [](uint8_t v) { return static_cast<double>(v) * v; });
}
void u16_f64_integral_sq_row(const uint16_t* src, const double* above, double* dst, size_t width,
                             int cn) {
  integral_row_generic(src, above, dst, width, cn,
                       [](uint16_t v) { return static_cast<double>(v) * v; });
}
void f32_f64_integral_sq_row(const float* src, const double* above, double* dst, size_t width,
                             int cn) {
  integral_row_generic(src, above, dst, width, cn,
                       [](float v) { return double{v} * double{v}; });
}

void u8_clahe_interp_row(const uint8_t* src, uint8_t* dst, size_t n, const uint8_t* lut_top,
                         const uint8_t* lut_bottom, const int32_t* x0, const int32_t* x1,
                         const float* wx, const float* wx1, float wy, float wy1) {
  clahe_interp_row_generic(src, dst, 0, n, lut_top, lut_bottom, x0, x1, wx, wx1, wy, wy1);
}
void u16_clahe_interp_row(const uint16_t* src, uint16_t* dst, size_t n, const uint16_t* lut_top,
                          const uint16_t* lut_bottom, const int32_t* x0, const int32_t* x1,
                          const float* wx, const float* wx1, float wy, float wy1) {
  clahe_interp_row_generic(src, dst, 0, n, lut_top, lut_bottom, x0, x1, wx, wx1, wy, wy1);
}

void u8_hist_lut_row(const uint8_t* src, uint8_t* dst, size_t n, const uint8_t* lut) {
  for (size_t i = 0; i < n; ++i) dst[i] = lut[src[i]];
}

void register_hist(KernelTable& t) {
#define VC_KERNEL(name, ret, params) t.name = name;
#include "kernels/hist.inc"
#undef VC_KERNEL
}

}  // namespace vc::kernels::reference
