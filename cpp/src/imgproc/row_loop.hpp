// Internal helper for row-wise operations: runs fn(src_row, dst_row, y) for
// every row on the pool, with a grain sized from the bytes a row touches.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "visioncore/image.hpp"
#include "visioncore/parallel.hpp"

namespace vc::detail {

template <class TS, class TD, class Fn>
void parallel_rows(const ConstImageView& src, const ImageView& dst, Fn&& fn) {
  const int64_t grain = rows_grain(static_cast<int64_t>(src.row_bytes() + dst.row_bytes()));
  parallel_for(0, dst.height, grain, [&](int64_t y0, int64_t y1) {
    for (int64_t y = y0; y < y1; ++y) {
      const int yi = static_cast<int>(y);
      fn(src.row<TS>(yi), dst.row<TD>(yi), yi);
    }
  });
}

// For per-pixel operations (each output pixel depends only on the input pixel
// at the same place): runs fn(src_pixels, dst_pixels, count) over runs of
// pixels. When both images are contiguous the whole image is one run, cut
// into fixed-size chunks: kernels then see long runs (few scalar row tails on
// narrow images) and the split never depends on the thread count.
template <class TS, class TD, class Fn>
void parallel_pointwise(const ConstImageView& src, const ImageView& dst, Fn&& fn) {
  const bool flat = (src.height == 1 || src.stride == static_cast<ptrdiff_t>(src.row_bytes())) &&
                    (dst.height == 1 || dst.stride == static_cast<ptrdiff_t>(dst.row_bytes()));
  if (!flat) {
    const size_t width = static_cast<size_t>(src.width);
    parallel_rows<TS, TD>(src, dst, [&](const TS* s, TD* d, int) { fn(s, d, width); });
    return;
  }
  const int64_t total = static_cast<int64_t>(src.width) * src.height;
  const int64_t px_bytes = static_cast<int64_t>(src.pixel_bytes() + dst.pixel_bytes());
  const int64_t chunk = std::max<int64_t>(1024, (int64_t{64} << 10) / px_bytes);
  const TS* s0 = static_cast<const TS*>(src.data);
  TD* d0 = static_cast<TD*>(dst.data);
  const int64_t sc = src.channels, dc = dst.channels;
  parallel_for(0, total, chunk, [&](int64_t p0, int64_t p1) {
    fn(s0 + p0 * sc, d0 + p0 * dc, static_cast<size_t>(p1 - p0));
  });
}

}  // namespace vc::detail
