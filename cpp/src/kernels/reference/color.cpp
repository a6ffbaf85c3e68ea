// Reference color kernels: readable scalar C++, the oracle for every ISA.
#include <algorithm>
#include <cfloat>
#include <cmath>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::reference {
#include "kernels/common/color_channels_generic.hpp"
#include "kernels/common/color_gray_generic.hpp"
#include "kernels/common/color_hsv_generic.hpp"
#include "kernels/isa_namespace.hpp"

void u8_rgb_to_gray_row(const uint8_t* src, uint8_t* dst, size_t width, int scn, bool bgr) {
  int_rgb_to_gray_generic(src, dst, width, scn, bgr);
}
void u16_rgb_to_gray_row(const uint16_t* src, uint16_t* dst, size_t width, int scn, bool bgr) {
  int_rgb_to_gray_generic(src, dst, width, scn, bgr);
}
void f32_rgb_to_gray_row(const float* src, float* dst, size_t width, int scn, bool bgr) {
  f32_rgb_to_gray_generic(src, dst, width, scn, bgr);
}

void u8_gray_to_rgb_row(const uint8_t* src, uint8_t* dst, size_t width) {
  gray_to_rgb_generic(src, dst, width);
}
void u16_gray_to_rgb_row(const uint16_t* src, uint16_t* dst, size_t width) {
  gray_to_rgb_generic(src, dst, width);
}
void f32_gray_to_rgb_row(const float* src, float* dst, size_t width) {
  gray_to_rgb_generic(src, dst, width);
}

void u8_rgb_to_bgr_row(const uint8_t* src, uint8_t* dst, size_t width, int cn) {
  rgb_to_bgr_generic(src, dst, width, cn);
}
void u16_rgb_to_bgr_row(const uint16_t* src, uint16_t* dst, size_t width, int cn) {
  rgb_to_bgr_generic(src, dst, width, cn);
}
void f32_rgb_to_bgr_row(const float* src, float* dst, size_t width, int cn) {
  rgb_to_bgr_generic(src, dst, width, cn);
}

void u8_rgba_to_rgb_row(const uint8_t* src, uint8_t* dst, size_t width) {
  rgba_to_rgb_generic(src, dst, width);
}
void u16_rgba_to_rgb_row(const uint16_t* src, uint16_t* dst, size_t width) {
  rgba_to_rgb_generic(src, dst, width);
}
void f32_rgba_to_rgb_row(const float* src, float* dst, size_t width) {
  rgba_to_rgb_generic(src, dst, width);
}

void u8_rgb_to_rgba_row(const uint8_t* src, uint8_t* dst, size_t width, uint8_t alpha) {
  rgb_to_rgba_generic(src, dst, width, alpha);
}
void u16_rgb_to_rgba_row(const uint16_t* src, uint16_t* dst, size_t width, uint16_t alpha) {
  rgb_to_rgba_generic(src, dst, width, alpha);
}
void f32_rgb_to_rgba_row(const float* src, float* dst, size_t width, float alpha) {
  rgb_to_rgba_generic(src, dst, width, alpha);
}

void u8_rgb_to_hsv_row(const uint8_t* src, uint8_t* dst, size_t width, int scn) {
  u8_rgb_to_hsv_generic(src, dst, width, scn);
}
void f32_rgb_to_hsv_row(const float* src, float* dst, size_t width, int scn) {
  f32_rgb_to_hsv_generic(src, dst, width, scn);
}
void u8_hsv_to_rgb_row(const uint8_t* src, uint8_t* dst, size_t width) {
  u8_hsv_to_rgb_generic(src, dst, width);
}
void f32_hsv_to_rgb_row(const float* src, float* dst, size_t width) {
  f32_hsv_to_rgb_generic(src, dst, width);
}

void register_color(KernelTable& t) {
  t.u8_rgb_to_gray_row = u8_rgb_to_gray_row;
  t.u16_rgb_to_gray_row = u16_rgb_to_gray_row;
  t.f32_rgb_to_gray_row = f32_rgb_to_gray_row;
  t.u8_gray_to_rgb_row = u8_gray_to_rgb_row;
  t.u16_gray_to_rgb_row = u16_gray_to_rgb_row;
  t.f32_gray_to_rgb_row = f32_gray_to_rgb_row;
  t.u8_rgb_to_bgr_row = u8_rgb_to_bgr_row;
  t.u16_rgb_to_bgr_row = u16_rgb_to_bgr_row;
  t.f32_rgb_to_bgr_row = f32_rgb_to_bgr_row;
  t.u8_rgba_to_rgb_row = u8_rgba_to_rgb_row;
  t.u16_rgba_to_rgb_row = u16_rgba_to_rgb_row;
  t.f32_rgba_to_rgb_row = f32_rgba_to_rgb_row;
  t.u8_rgb_to_rgba_row = u8_rgb_to_rgba_row;
  t.u16_rgb_to_rgba_row = u16_rgb_to_rgba_row;
  t.f32_rgb_to_rgba_row = f32_rgb_to_rgba_row;
  t.u8_rgb_to_hsv_row = u8_rgb_to_hsv_row;
  t.f32_rgb_to_hsv_row = f32_rgb_to_hsv_row;
  t.u8_hsv_to_rgb_row = u8_hsv_to_rgb_row;
  t.f32_hsv_to_rgb_row = f32_hsv_to_rgb_row;
}

}  // namespace vc::kernels::reference
