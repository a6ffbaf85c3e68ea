// flip and rotate90: row loops over the pool. Horizontal flips reverse each
// row with the flip kernel; rotations copy square tiles through the
// transpose kernel so both the reads and the writes stay cache-friendly.
#include <algorithm>
#include <cstring>
#include <string>

#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/geometry.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

constexpr int kTile = 64;  // rotation tile side, pixels

void check_pair(const char* func, const ConstImageView& src, const ImageView& dst, int w, int h) {
  check_view(func, "src", src);
  check_output(func, "dst", dst, w, h, src.channels, src.type);
  if (views_overlap(src, dst)) throw_invalid(func, "dst", "a buffer not overlapping src", "overlap");
}

}  // namespace

void flip(const ConstImageView& src, const ImageView& dst, FlipAxis axis) {
  const char* func = "flip";
  check_pair(func, src, dst, src.width, src.height);
  const kernels::KernelTable& k = kernels::active_kernels();
  const bool mirror = axis != FlipAxis::Vertical;
  const bool upside = axis != FlipAxis::Horizontal;
  const size_t bytes = src.row_bytes();
  const int pb = static_cast<int>(src.pixel_bytes());
  parallel_for(0, dst.height, rows_grain(static_cast<int64_t>(2 * bytes)),
               [&](int64_t y0, int64_t y1) {
                 for (int64_t y = y0; y < y1; ++y) {
                   const int yi = static_cast<int>(y);
                   const uint8_t* s = src.row(upside ? src.height - 1 - yi : yi);
                   if (mirror) {
                     k.x_flip_row(s, dst.row(yi), static_cast<size_t>(src.width), pb);
                   } else {
                     std::memcpy(dst.row(yi), s, bytes);
                   }
                 }
               });
}

void rotate90(const ConstImageView& src, const ImageView& dst, int k) {
  const char* func = "rotate90";
  const int q = ((k % 4) + 4) % 4;
  const bool odd = q % 2 == 1;
  check_pair(func, src, dst, odd ? src.height : src.width, odd ? src.width : src.height);
  if (q == 0) {
    const size_t bytes = src.row_bytes();
    parallel_for(0, src.height, rows_grain(static_cast<int64_t>(2 * bytes)),
                 [&](int64_t y0, int64_t y1) {
                   for (int64_t y = y0; y < y1; ++y) {
                     std::memcpy(dst.row(static_cast<int>(y)), src.row(static_cast<int>(y)), bytes);
                   }
                 });
    return;
  }
  if (q == 2) {
    flip(src, dst, FlipAxis::Both);
    return;
  }
  const kernels::KernelTable& kt = kernels::active_kernels();
  const ptrdiff_t pb = static_cast<ptrdiff_t>(src.pixel_bytes());
  // dst(i, j) = src(j, W-1-i) for q = 1 (counter-clockwise) and
  // src(H-1-j, i) for q = 3; a dst tile at (i0, j0) starts at the source
  // pixel of its first element and steps through src rows along j and
  // src pixels along i.
  const ptrdiff_t row_step = q == 1 ? src.stride : -src.stride;
  const ptrdiff_t pixel_step = q == 1 ? -pb : pb;
  const int tiles_y = (dst.height + kTile - 1) / kTile;
  parallel_for(0, tiles_y, 1, [&](int64_t t0, int64_t t1) {
    for (int64_t t = t0; t < t1; ++t) {
      const int i0 = static_cast<int>(t) * kTile;
      const int rows = std::min(kTile, dst.height - i0);
      for (int j0 = 0; j0 < dst.width; j0 += kTile) {
        const int cols = std::min(kTile, dst.width - j0);
        const int sy = q == 1 ? j0 : src.height - 1 - j0;
        const int sx = q == 1 ? src.width - 1 - i0 : i0;
        const uint8_t* s = src.row(sy) + sx * pb;
        uint8_t* d = dst.row(i0) + j0 * pb;
        kt.x_transpose_block(s, row_step, pixel_step, d, dst.stride, rows, cols,
                             static_cast<int>(pb));
      }
    }
  });
}

}  // namespace vc
