// Reference color kernels: readable scalar C++, the oracle for every ISA.
#include "kernels/kernel_table.hpp"

namespace vc::kernels::reference {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/color_gray_generic.hpp"

void u8_rgb_to_gray_row(const uint8_t* src, uint8_t* dst, size_t width, int scn, bool bgr) {
  int_rgb_to_gray_generic(src, dst, width, scn, bgr);
}
void u16_rgb_to_gray_row(const uint16_t* src, uint16_t* dst, size_t width, int scn, bool bgr) {
  int_rgb_to_gray_generic(src, dst, width, scn, bgr);
}
void f32_rgb_to_gray_row(const float* src, float* dst, size_t width, int scn, bool bgr) {
  f32_rgb_to_gray_generic(src, dst, width, scn, bgr);
}

void register_color(KernelTable& t) {
  t.u8_rgb_to_gray_row = u8_rgb_to_gray_row;
  t.u16_rgb_to_gray_row = u16_rgb_to_gray_row;
  t.f32_rgb_to_gray_row = f32_rgb_to_gray_row;
}

}  // namespace vc::kernels::reference
