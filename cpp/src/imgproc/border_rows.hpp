// Internal helpers for neighbourhood operations (filters, morphology):
// extend one source row left and right by the border rule into a scratch
// buffer, so that row kernels can read [-left, width + right) freely.
#pragma once

#include <cstdint>
#include <cstring>

#include "visioncore/border.hpp"
#include "visioncore/image.hpp"

namespace vc::detail {

// Fills buf[0 .. (left + width + right) * channels) with row `y` of src
// (y must be inside) extended by `mode`; `value` holds one pixel (channels
// elements) used for BorderMode::Constant.
template <class T>
void bordered_row(const ConstImageView& src, int y, T* buf, int left, int right, BorderMode mode,
                  const T* value) {
  const int ch = src.channels;
  const T* row = src.row<T>(y);
  std::memcpy(buf + static_cast<size_t>(left) * ch, row, static_cast<size_t>(src.width) * ch * sizeof(T));
  auto fill = [&](int x_out) {
    const int x = x_out - left;
    const int xi = border_index(x, src.width, mode);
    T* dst = buf + static_cast<size_t>(x_out) * ch;
    const T* from = xi < 0 ? value : row + static_cast<size_t>(xi) * ch;
    for (int c = 0; c < ch; ++c) dst[c] = from[c];
  };
  for (int x = 0; x < left; ++x) fill(x);
  for (int x = left + src.width; x < left + src.width + right; ++x) fill(x);
}

}  // namespace vc::detail
