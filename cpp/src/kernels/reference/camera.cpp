// Reference camera raw kernels (Bayer, YUV): readable scalar C++, the oracle
// every ISA level is tested against.
#include "kernels/common/camera_params.hpp"
#include "kernels/kernel_table.hpp"

namespace vc::kernels::reference {
#include "kernels/common/bayer_generic.hpp"
#include "kernels/common/yuv_generic.hpp"
#include "kernels/isa_namespace.hpp"

void u8_bayer_bilinear_row(const uint8_t* above, const uint8_t* row, const uint8_t* below,
                           uint8_t* dst, size_t width, int phase) {
  bayer_bilinear_row_generic(above, row, below, dst, width, phase);
}
void u16_bayer_bilinear_row(const uint16_t* above, const uint16_t* row, const uint16_t* below,
                            uint16_t* dst, size_t width, int phase) {
  bayer_bilinear_row_generic(above, row, below, dst, width, phase);
}
void u8_bayer_malvar_row(const uint8_t* const* rows, uint8_t* dst, size_t width, int phase) {
  bayer_malvar_row_generic(rows, dst, width, phase);
}
void u16_bayer_malvar_row(const uint16_t* const* rows, uint16_t* dst, size_t width, int phase) {
  bayer_malvar_row_generic(rows, dst, width, phase);
}

void u8_yuv420sp_rgb_2row(const uint8_t* y0, const uint8_t* y1, const uint8_t* c01, uint8_t* dst0,
                          uint8_t* dst1, size_t width, const int32_t* coeffs) {
  yuv420sp_rgb_2row_generic(y0, y1, c01, dst0, dst1, 0, width, coeffs);
}
void u8_yuv420p_rgb_2row(const uint8_t* y0, const uint8_t* y1, const uint8_t* c0, const uint8_t* c1,
                         uint8_t* dst0, uint8_t* dst1, size_t width, const int32_t* coeffs) {
  yuv420p_rgb_2row_generic(y0, y1, c0, c1, dst0, dst1, 0, width, coeffs);
}
void u8_yuv422_rgb_row(const uint8_t* src, uint8_t* dst, size_t width, bool y_first,
                       const int32_t* coeffs) {
  yuv422_rgb_row_generic(src, dst, 0, width, y_first, coeffs);
}

void register_camera(KernelTable& t) {
  t.u8_bayer_bilinear_row = u8_bayer_bilinear_row;
  t.u16_bayer_bilinear_row = u16_bayer_bilinear_row;
  t.u8_bayer_malvar_row = u8_bayer_malvar_row;
  t.u16_bayer_malvar_row = u16_bayer_malvar_row;
  t.u8_yuv420sp_rgb_2row = u8_yuv420sp_rgb_2row;
  t.u8_yuv420p_rgb_2row = u8_yuv420p_rgb_2row;
  t.u8_yuv422_rgb_row = u8_yuv422_rgb_row;
}

}  // namespace vc::kernels::reference
