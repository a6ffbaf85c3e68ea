// Registers this level's camera raw kernels (Bayer in bayer.cpp, YUV in
// yuv.cpp).
#include "kernels/kernel_table.hpp"

namespace vc::kernels::sse41 {
#include "kernels/isa_namespace.hpp"

void register_camera(KernelTable& t) {
  t.u8_bayer_bilinear_row = u8_bayer_bilinear_row;
  t.u16_bayer_bilinear_row = u16_bayer_bilinear_row;
  t.u8_bayer_malvar_row = u8_bayer_malvar_row;
  t.u16_bayer_malvar_row = u16_bayer_malvar_row;
  t.u8_yuv420sp_rgb_2row = u8_yuv420sp_rgb_2row;
  t.u8_yuv420p_rgb_2row = u8_yuv420p_rgb_2row;
  t.u8_yuv422_rgb_row = u8_yuv422_rgb_row;
}

}  // namespace vc::kernels::sse41
