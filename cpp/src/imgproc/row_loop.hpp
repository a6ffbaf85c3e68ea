// Internal helper for row-wise operations: runs fn(src_row, dst_row, y) for
// every row on the pool, with a grain sized from the bytes a row touches.
#pragma once

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

}  // namespace vc::detail
