// Shared by the drawing files: the target image with the color packed in
// its pixel type, clipped span and point writers and coverage blending,
// plus the argument checks every drawing function makes.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

#include "visioncore/draw.hpp"
#include "visioncore/error.hpp"
#include "visioncore/image.hpp"

namespace vc::draw_detail {

// The image plus the color as packed pixel bytes (for plain writes) and as
// doubles saturated to the type (for blending).
class Canvas {
 public:
  Canvas(const char* func, const ImageView& img, const double color[4]);

  int width() const { return img_.width; }
  int height() const { return img_.height; }
  size_t pixel_bytes() const { return pb_; }
  ptrdiff_t row_stride() const { return img_.stride; }
  // The packed color (pixel_bytes() bytes).
  const uint8_t* pixel() const { return pixel_; }
  // Address of pixel (x, y); the caller guarantees it is inside.
  uint8_t* at(int64_t x, int64_t y) const {
    return img_.row(static_cast<int>(y)) + static_cast<size_t>(x) * pb_;
  }

  // Sets pixels x0..x1 (inclusive) of row y; any part outside is skipped.
  void span(int64_t y, int64_t x0, int64_t x1) const {
    if (y < 0 || y >= img_.height) return;
    if (x0 < 0) x0 = 0;
    if (x1 >= img_.width) x1 = img_.width - 1;
    if (x0 > x1) return;
    uint8_t* p = img_.row(static_cast<int>(y)) + static_cast<size_t>(x0) * pb_;
    const size_t n = static_cast<size_t>(x1 - x0 + 1);
    if (single_byte_) {
      std::memset(p, pixel_[0], n);
      return;
    }
    // one pixel, then doubling copies from what is already written
    std::memcpy(p, pixel_, pb_);
    size_t done = 1;
    while (done < n) {
      const size_t k = done < n - done ? done : n - done;
      std::memcpy(p + done * pb_, p, k * pb_);
      done += k;
    }
  }
  void point(int64_t x, int64_t y) const {
    if (x < 0 || y < 0 || x >= img_.width || y >= img_.height) return;
    uint8_t* p = img_.row(static_cast<int>(y)) + static_cast<size_t>(x) * pb_;
    // constant sizes let the copy compile to plain stores
    switch (pb_) {
      case 1:
        *p = pixel_[0];
        break;
      case 2:
        std::memcpy(p, pixel_, 2);
        break;
      case 3:
        std::memcpy(p, pixel_, 3);
        break;
      case 4:
        std::memcpy(p, pixel_, 4);
        break;
      default:
        std::memcpy(p, pixel_, pb_);
        break;
    }
  }
  // dst += (color - dst) * alpha at (x, y) (inside the image), alpha in (0, 1].
  void blend(int x, int y, double alpha) const {
    uint8_t* p = img_.row(y) + static_cast<size_t>(x) * pb_;
    if (alpha >= 1.0) {
      std::memcpy(p, pixel_, pb_);
      return;
    }
    switch (img_.type) {
      case PixelType::U8:
        blend_pixel(p, alpha);
        break;
      case PixelType::U16:
        blend_pixel(reinterpret_cast<uint16_t*>(p), alpha);
        break;
      default:
        blend_pixel(reinterpret_cast<float*>(p), alpha);
        break;
    }
  }

 private:
  // d + (c - d) * alpha lies between d and c, both in the type's range, so
  // integer results need rounding (to nearest, halves up) but no saturation.
  template <class T>
  void blend_pixel(T* p, double alpha) const {
    for (int c = 0; c < img_.channels; ++c) {
      const double d = static_cast<double>(p[c]);
      const double v = d + (color_[c] - d) * alpha;
      if constexpr (std::is_same_v<T, float>) {
        p[c] = static_cast<float>(v);
      } else {
        p[c] = static_cast<T>(static_cast<int32_t>(v + 0.5));
      }
    }
  }

  ImageView img_;
  size_t pb_ = 0;
  bool single_byte_ = false;
  uint8_t pixel_[16] = {};
  double color_[4] = {};
};

// Argument checks (InvalidArgument / TypeMismatch naming func and param).
void check_image(const char* func, const ImageView& img);
void check_point(const char* func, const char* param, DrawPoint p);
// thickness in 1..kMaxDrawThickness, or -1 where allow_fill.
void check_thickness(const char* func, int thickness, bool allow_fill);

// floor(sqrt(v)) for 0 <= v < 2^62, exact.
int64_t isqrt64(int64_t v);

}  // namespace vc::draw_detail
