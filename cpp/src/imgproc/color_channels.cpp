// Channel rearrangements: gray_to_rgb, rgb_to_bgr, rgba_to_rgb, rgb_to_rgba.
// Each validates, picks the row kernel of the source type from the active
// ISA table once per call, and runs it over all pixels on the pool
// (parallel_pointwise: whole rows, or runs of pixels of a gap-free image).
#include <cmath>
#include <sstream>
#include <string>

#include "imgproc/row_loop.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/color.hpp"
#include "visioncore/error.hpp"

namespace vc {
namespace {

constexpr const char* kTypes = "uint8, uint16 or float32";

// src geometry and type checks shared by the four operations.
void check_io(const char* func, const ConstImageView& src, const ImageView& dst, int src_ch,
              int dst_ch) {
  check_view(func, "src", src, src_ch, src_ch);
  check_output(func, "dst", dst, src.width, src.height, dst_ch, src.type);
  if (views_overlap(src, dst))
    throw_invalid(func, "dst", "a buffer not overlapping src", "overlap");
}

// Runs the row kernel of the source type; kernels take (src, dst, pixels).
template <class F8, class F16, class F32>
void run(const char* func, const ConstImageView& src, const ImageView& dst, F8&& f8, F16&& f16,
         F32&& f32) {
  switch (src.type) {
    case PixelType::U8:
      detail::parallel_pointwise<uint8_t, uint8_t>(src, dst, f8);
      break;
    case PixelType::U16:
      detail::parallel_pointwise<uint16_t, uint16_t>(src, dst, f16);
      break;
    case PixelType::F32:
      detail::parallel_pointwise<float, float>(src, dst, f32);
      break;
    default:
      throw_type(func, "src", kTypes, pixel_type_name(src.type));
  }
}

// `alpha`, checked to be representable in `type` (InvalidArgument otherwise).
double checked_alpha(const char* func, PixelType type, double alpha) {
  std::ostringstream os;
  os << alpha;
  const std::string given = os.str();
  switch (type) {
    case PixelType::U8:
      if (!(alpha >= 0 && alpha <= 255 && alpha == std::floor(alpha))) {
        throw_invalid(func, "alpha", "an integer in [0, 255] for uint8 images", given);
      }
      break;
    case PixelType::U16:
      if (!(alpha >= 0 && alpha <= 65535 && alpha == std::floor(alpha))) {
        throw_invalid(func, "alpha", "an integer in [0, 65535] for uint16 images", given);
      }
      break;
    case PixelType::F32:
      if (!(std::fabs(alpha) <= 3.4028234663852886e38)) {
        throw_invalid(func, "alpha", "a finite float32 value for float32 images", given);
      }
      break;
    default:
      break;
  }
  return alpha;
}

void to_rgba(const char* func, const ConstImageView& src, const ImageView& dst, double alpha) {
  check_io(func, src, dst, 3, 4);
  const kernels::KernelTable& k = kernels::active_kernels();
  const auto a8 = static_cast<uint8_t>(alpha);
  const auto a16 = static_cast<uint16_t>(alpha);
  const auto a32 = static_cast<float>(alpha);
  run(
      func, src, dst,
      [&](const uint8_t* s, uint8_t* d, size_t n) { k.u8_rgb_to_rgba_row(s, d, n, a8); },
      [&](const uint16_t* s, uint16_t* d, size_t n) { k.u16_rgb_to_rgba_row(s, d, n, a16); },
      [&](const float* s, float* d, size_t n) { k.f32_rgb_to_rgba_row(s, d, n, a32); });
}

}  // namespace

void gray_to_rgb(const ConstImageView& src, const ImageView& dst) {
  constexpr const char* func = "gray_to_rgb";
  check_io(func, src, dst, 1, 3);
  const kernels::KernelTable& k = kernels::active_kernels();
  run(
      func, src, dst,
      [&](const uint8_t* s, uint8_t* d, size_t n) { k.u8_gray_to_rgb_row(s, d, n); },
      [&](const uint16_t* s, uint16_t* d, size_t n) { k.u16_gray_to_rgb_row(s, d, n); },
      [&](const float* s, float* d, size_t n) { k.f32_gray_to_rgb_row(s, d, n); });
}

void rgb_to_bgr(const ConstImageView& src, const ImageView& dst) {
  constexpr const char* func = "rgb_to_bgr";
  check_view(func, "src", src, 3, 4);
  check_output(func, "dst", dst, src.width, src.height, src.channels, src.type);
  // In place means the very same pixels: every row is then read before it is
  // written, pixel by pixel, inside one kernel call.
  const bool in_place = src.data == dst.data && src.stride == dst.stride;
  if (!in_place && views_overlap(src, dst)) {
    throw_invalid(func, "dst", "either src itself (in place) or a buffer not overlapping src",
                  "a partial overlap");
  }
  const kernels::KernelTable& k = kernels::active_kernels();
  const int cn = src.channels;
  run(
      func, src, dst,
      [&](const uint8_t* s, uint8_t* d, size_t n) { k.u8_rgb_to_bgr_row(s, d, n, cn); },
      [&](const uint16_t* s, uint16_t* d, size_t n) { k.u16_rgb_to_bgr_row(s, d, n, cn); },
      [&](const float* s, float* d, size_t n) { k.f32_rgb_to_bgr_row(s, d, n, cn); });
}

void rgba_to_rgb(const ConstImageView& src, const ImageView& dst) {
  constexpr const char* func = "rgba_to_rgb";
  check_io(func, src, dst, 4, 3);
  const kernels::KernelTable& k = kernels::active_kernels();
  run(
      func, src, dst,
      [&](const uint8_t* s, uint8_t* d, size_t n) { k.u8_rgba_to_rgb_row(s, d, n); },
      [&](const uint16_t* s, uint16_t* d, size_t n) { k.u16_rgba_to_rgb_row(s, d, n); },
      [&](const float* s, float* d, size_t n) { k.f32_rgba_to_rgb_row(s, d, n); });
}

void rgb_to_rgba(const ConstImageView& src, const ImageView& dst) {
  const double opaque = src.type == PixelType::U8    ? 255.0
                        : src.type == PixelType::U16 ? 65535.0
                                                     : 1.0;
  to_rgba("rgb_to_rgba", src, dst, opaque);
}

void rgb_to_rgba(const ConstImageView& src, const ImageView& dst, double alpha) {
  to_rgba("rgb_to_rgba", src, dst, checked_alpha("rgb_to_rgba", src.type, alpha));
}

}  // namespace vc
