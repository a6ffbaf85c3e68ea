// pad (cv::copyMakeBorder) and crop. Padding copies each destination row
// from its source row (border_index for rows outside) with the middle as
// one memcpy and the left/right borders from a column index table.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "visioncore/error.hpp"
#include "visioncore/geometry.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

template <class T>
void fill_value(uint8_t* out, const double* value, int cn) {
  T v[4];
  for (int c = 0; c < cn; ++c) {
    const double x = value ? value[c] : 0.0;
    if constexpr (std::is_same_v<T, float>) {
      v[c] = static_cast<float>(x);
    } else if constexpr (std::is_same_v<T, int16_t>) {
      const double r = std::nearbyint(x);
      v[c] = static_cast<T>(r < -32768 ? -32768 : (r > 32767 ? 32767 : r));
    } else {
      const double hi = static_cast<double>(std::numeric_limits<T>::max());
      const double r = std::nearbyint(x);
      v[c] = static_cast<T>(r < 0 ? 0 : (r > hi ? hi : r));
    }
  }
  std::memcpy(out, v, sizeof(T) * static_cast<size_t>(cn));
}

}  // namespace

void pad(const ConstImageView& src, const ImageView& dst, int top, int bottom, int left, int right,
         BorderMode border, const double* value) {
  const char* func = "pad";
  check_view(func, "src", src);
  if (top < 0 || bottom < 0 || left < 0 || right < 0) {
    throw_invalid(func, "top/bottom/left/right", "sizes >= 0",
                  std::to_string(top) + ", " + std::to_string(bottom) + ", " +
                      std::to_string(left) + ", " + std::to_string(right));
  }
  const int64_t w = checked_add(checked_add(src.width, left, "pad"), right, "pad");
  const int64_t h = checked_add(checked_add(src.height, top, "pad"), bottom, "pad");
  checked_image_bytes(func, w, h, src.channels, static_cast<int64_t>(elem_size(src.type)));
  check_output(func, "dst", dst, static_cast<int>(w), static_cast<int>(h), src.channels, src.type);
  if (views_overlap(src, dst)) throw_invalid(func, "dst", "a buffer not overlapping src", "overlap");
  const size_t pb = src.pixel_bytes();
  uint8_t cval[32];
  switch (src.type) {
    case PixelType::U8:
      fill_value<uint8_t>(cval, value, src.channels);
      break;
    case PixelType::U16:
      fill_value<uint16_t>(cval, value, src.channels);
      break;
    case PixelType::S16:
      fill_value<int16_t>(cval, value, src.channels);
      break;
    case PixelType::F32:
      fill_value<float>(cval, value, src.channels);
      break;
  }
  // Source column of each border column (-1: the constant).
  std::vector<int> cols(static_cast<size_t>(left + right));
  for (int i = 0; i < left; ++i) cols[static_cast<size_t>(i)] = border_index(i - left, src.width, border);
  for (int i = 0; i < right; ++i) {
    cols[static_cast<size_t>(left + i)] = border_index(src.width + i, src.width, border);
  }
  const size_t mid = src.row_bytes();
  parallel_for(0, dst.height, rows_grain(static_cast<int64_t>(dst.row_bytes()) * 2),
               [&](int64_t y0, int64_t y1) {
                 for (int64_t y = y0; y < y1; ++y) {
                   uint8_t* d = dst.row(static_cast<int>(y));
                   const int sy = border_index(static_cast<int>(y) - top, src.height, border);
                   if (sy < 0) {  // a constant row
                     for (int64_t x = 0; x < w; ++x) std::memcpy(d + x * pb, cval, pb);
                     continue;
                   }
                   const uint8_t* s = src.row(sy);
                   std::memcpy(d + static_cast<size_t>(left) * pb, s, mid);
                   auto put = [&](int x_out, int sx) {
                     std::memcpy(d + static_cast<size_t>(x_out) * pb,
                                 sx < 0 ? cval : s + static_cast<size_t>(sx) * pb, pb);
                   };
                   for (int i = 0; i < left; ++i) put(i, cols[static_cast<size_t>(i)]);
                   for (int i = 0; i < right; ++i) {
                     put(left + src.width + i, cols[static_cast<size_t>(left + i)]);
                   }
                 }
               });
}

ConstImageView crop(const ConstImageView& src, int64_t x, int64_t y, int64_t w, int64_t h) {
  const char* func = "crop";
  check_view(func, "src", src);
  // 64-bit comparisons written so nothing can overflow: x <= width - w.
  if (w < 1 || h < 1) {
    throw_invalid(func, "w/h", "a size of at least 1x1", std::to_string(w) + "x" + std::to_string(h));
  }
  if (x < 0 || y < 0 || w > src.width || h > src.height || x > src.width - w ||
      y > src.height - h) {
    throw_invalid(func, "x/y/w/h",
                  "a rectangle inside the " + std::to_string(src.width) + "x" +
                      std::to_string(src.height) + " image",
                  "x=" + std::to_string(x) + ", y=" + std::to_string(y) + ", w=" +
                      std::to_string(w) + ", h=" + std::to_string(h));
  }
  return src.roi(static_cast<int>(x), static_cast<int>(y), static_cast<int>(w), static_cast<int>(h));
}

}  // namespace vc
