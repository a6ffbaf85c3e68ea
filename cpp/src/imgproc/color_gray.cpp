// rgb_to_gray / bgr_to_gray: row loop over the pool, kernel chosen from the
// active ISA table once per call.
#include "imgproc/row_loop.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/color.hpp"
#include "visioncore/error.hpp"

namespace vc {
namespace {

void to_gray(const char* func, const ConstImageView& src, const ImageView& dst, bool bgr) {
  check_view(func, "src", src, 3, 4);
  check_output(func, "dst", dst, src.width, src.height, 1, src.type);
  if (views_overlap(src, dst)) throw_invalid(func, "dst", "a buffer not overlapping src", "overlap");
  const kernels::KernelTable& k = kernels::active_kernels();
  const int scn = src.channels;
  switch (src.type) {
    case PixelType::U8:
      detail::parallel_pointwise<uint8_t, uint8_t>(src, dst, [&](auto* s, auto* d, size_t n) {
        k.u8_rgb_to_gray_row(s, d, n, scn, bgr);
      });
      break;
    case PixelType::U16:
      detail::parallel_pointwise<uint16_t, uint16_t>(src, dst, [&](auto* s, auto* d, size_t n) {
        k.u16_rgb_to_gray_row(s, d, n, scn, bgr);
      });
      break;
    case PixelType::F32:
      detail::parallel_pointwise<float, float>(src, dst, [&](auto* s, auto* d, size_t n) {
        k.f32_rgb_to_gray_row(s, d, n, scn, bgr);
      });
      break;
    default:
      throw_type(func, "src", "uint8, uint16 or float32", pixel_type_name(src.type));
  }
}

}  // namespace

void rgb_to_gray(const ConstImageView& src, const ImageView& dst) {
  to_gray("rgb_to_gray", src, dst, false);
}
void bgr_to_gray(const ConstImageView& src, const ImageView& dst) {
  to_gray("bgr_to_gray", src, dst, true);
}

}  // namespace vc
