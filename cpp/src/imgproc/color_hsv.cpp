// rgb_to_hsv / hsv_to_rgb: validate, pick the row kernel once per call, run
// it over all pixels on the pool (parallel_pointwise). uint8 and float32 only
// (as OpenCV).
#include "imgproc/row_loop.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/color.hpp"
#include "visioncore/error.hpp"

namespace vc {
namespace {

void check_io(const char* func, const ConstImageView& src, const ImageView& dst, int min_ch,
              int max_ch) {
  check_view(func, "src", src, min_ch, max_ch);
  if (src.type != PixelType::U8 && src.type != PixelType::F32) {
    throw_type(func, "src", "uint8 or float32", pixel_type_name(src.type));
  }
  check_output(func, "dst", dst, src.width, src.height, 3, src.type);
  if (views_overlap(src, dst))
    throw_invalid(func, "dst", "a buffer not overlapping src", "overlap");
}

}  // namespace

void rgb_to_hsv(const ConstImageView& src, const ImageView& dst) {
  check_io("rgb_to_hsv", src, dst, 3, 4);
  const kernels::KernelTable& k = kernels::active_kernels();
  const int scn = src.channels;
  if (src.type == PixelType::U8) {
    detail::parallel_pointwise<uint8_t, uint8_t>(
        src, dst,
        [&](const uint8_t* s, uint8_t* d, size_t n) { k.u8_rgb_to_hsv_row(s, d, n, scn); });
  } else {
    detail::parallel_pointwise<float, float>(
        src, dst, [&](const float* s, float* d, size_t n) { k.f32_rgb_to_hsv_row(s, d, n, scn); });
  }
}

void hsv_to_rgb(const ConstImageView& src, const ImageView& dst) {
  check_io("hsv_to_rgb", src, dst, 3, 3);
  const kernels::KernelTable& k = kernels::active_kernels();
  if (src.type == PixelType::U8) {
    detail::parallel_pointwise<uint8_t, uint8_t>(
        src, dst, [&](const uint8_t* s, uint8_t* d, size_t n) { k.u8_hsv_to_rgb_row(s, d, n); });
  } else {
    detail::parallel_pointwise<float, float>(
        src, dst, [&](const float* s, float* d, size_t n) { k.f32_hsv_to_rgb_row(s, d, n); });
  }
}

}  // namespace vc
