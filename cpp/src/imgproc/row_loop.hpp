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

// For per-pixel operations (each output pixel depends only on the input
// pixel at the same place). When both images are gap-free (row stride = row
// bytes, the usual numpy array), consecutive rows form one long row, so the
// image is cut into runs of whole 64-pixel tiles regardless of row breaks:
// fewer kernel calls and scalar row tails, and each run start keeps the
// alignment of the previous one. Otherwise it goes row by row. The split
// never depends on the thread count, and never changes a result.
// fn(const TS* src_px, TD* dst_px, size_t n) converts n consecutive pixels.
template <class TS, class TD, class Fn>
void parallel_pointwise(const ConstImageView& src, const ImageView& dst, Fn&& fn) {
  const auto gap_free = [](ptrdiff_t stride, size_t row_bytes, int height) {
    return height == 1 || stride == static_cast<ptrdiff_t>(row_bytes);
  };
  if (!gap_free(src.stride, src.row_bytes(), src.height) ||
      !gap_free(dst.stride, dst.row_bytes(), dst.height)) {
    const size_t width = static_cast<size_t>(src.width);
    parallel_rows<TS, TD>(src, dst, [&](const TS* s, TD* d, int) { fn(s, d, width); });
    return;
  }
  const int64_t total = int64_t{src.width} * src.height;
  const int64_t px_bytes = static_cast<int64_t>(src.pixel_bytes() + dst.pixel_bytes());
  // about 64 KiB of traffic per run, in whole 64-pixel tiles
  const int64_t run = std::max<int64_t>(64, (64 * 1024 / px_bytes) / 64 * 64);
  const int64_t runs = (total + run - 1) / run;
  const auto* s0 = static_cast<const TS*>(src.data);
  auto* d0 = static_cast<TD*>(dst.data);
  const int64_t scn = src.channels, dcn = dst.channels;
  parallel_for(0, runs, 1, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const int64_t begin = r * run;
      const int64_t n = std::min(run, total - begin);
      fn(s0 + begin * scn, d0 + begin * dcn, static_cast<size_t>(n));
    }
  });
}

}  // namespace vc::detail
