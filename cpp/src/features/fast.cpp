// FAST-9/16 corner detection: the skeleton around the u8_fast9_row kernel.
//
// Rows are cut into fixed blocks of 32 (independent of the thread count),
// run in parallel; per block:
// stage 1: scores of the block's rows and of one row above and below, in a
//          ring of 3 rows (kernel per row: 0 = no corner, else 1 + score;
//          rows and columns outside the scored area count 0);
// stage 2: each row's corners are kept (nonmax: score strictly above the 8
//          neighbours' scores) into the block's list.
// The lists are concatenated in block order: row-major, identical for every
// thread count.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "features/keypoint_internal.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/keypoints.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace detail {

void fast_detect(const ConstImageView& src, int threshold, bool nonmax, int border,
                 std::vector<KeyPoint>& kps) {
  kps.clear();
  const int w = src.width, h = src.height;
  // corners are reported at b <= x < w - b (same for y); scores are computed
  // one pixel further out (c = b - 1, at least 3) so that the nonmax test at
  // the edge of the reported area sees its neighbours, as when FAST runs on
  // the whole image and the border is cut afterwards
  const int b = std::max(border, 3);
  const int c = std::max(b - 1, 3);
  if (w < 2 * b + 1 || h < 2 * b + 1) return;
  const auto fast_row = kernels::active_kernels().u8_fast9_row;
  const int inner_w = w - 2 * c;
  const int y_begin = c, y_end = h - c;  // rows with scores
  // score rows y_begin-1 .. y_end (the outer two stay 0 for the nonmax test)
  // blocks of kBlockRows rows; each computes its rows' scores plus one row
  // above and below (a ring of 3 score rows) and keeps its corners in its
  // own list, so no full-size score image is needed
  constexpr int kBlockRows = 32;
  const int n_rows = h - 2 * b;  // rows that may hold corners: b .. h - b - 1
  const int n_blocks = (n_rows + kBlockRows - 1) / kBlockRows;
  std::vector<std::vector<KeyPoint>> found(static_cast<size_t>(n_blocks));
  // FAST is compute-light (~0.2 ns per pixel): at least 4 blocks (128 rows)
  // per chunk so that a hand-off to a worker pays for itself
  const int64_t grain = std::max<int64_t>(4, rows_grain(int64_t{w} * 2) / kBlockRows);
  const auto decode = [](uint8_t s) { return s ? s - 1 : 0; };
  parallel_for(0, n_blocks, grain, [&](int64_t blk0, int64_t blk1) {
    const size_t rw = static_cast<size_t>(inner_w) + 2;  // a zero column each side
    std::vector<uint8_t> ring(3 * rw, 0);
    std::vector<int32_t> xs(3 * static_cast<size_t>(inner_w));
    int counts[3] = {0, 0, 0};
    // score row y into ring slot y % 3 (zeros outside the scored rows). The
    // kernel writes only the corners' bytes of a zeroed row, so the slot's
    // previous corners are cleared first
    const auto score_row = [&](int y) {
      const int slot = ((y % 3) + 3) % 3;
      uint8_t* srow = ring.data() + rw * static_cast<size_t>(slot) + 1;
      int32_t* xr = xs.data() + static_cast<size_t>(slot) * static_cast<size_t>(inner_w);
      for (int i = 0; i < counts[slot]; ++i) srow[xr[i]] = 0;
      counts[slot] = 0;
      if (y < y_begin || y >= y_end) return;
      counts[slot] = fast_row(src.row<uint8_t>(y) + c, src.stride, inner_w, threshold, srow, xr);
    };
    for (int64_t blk = blk0; blk < blk1; ++blk) {
      const int y0 = b + static_cast<int>(blk) * kBlockRows;
      const int y1 = std::min(h - b, y0 + kBlockRows);
      std::vector<KeyPoint>& out = found[static_cast<size_t>(blk)];
      score_row(y0 - 1);
      score_row(y0);
      for (int y = y0; y < y1; ++y) {
        score_row(y + 1);
        const int slot = y % 3;
        if (counts[slot] == 0) continue;
        const uint8_t* curr = ring.data() + rw * static_cast<size_t>(slot) + 1;
        const uint8_t* prev = ring.data() + rw * static_cast<size_t>((y + 2) % 3) + 1;
        const uint8_t* next = ring.data() + rw * static_cast<size_t>((y + 1) % 3) + 1;
        const int32_t* xr = xs.data() + static_cast<size_t>(slot) * static_cast<size_t>(inner_w);
        for (int i = 0; i < counts[slot]; ++i) {
          const int x = xr[i];
          if (x + c < b || x + c >= w - b) continue;
          const int s = decode(curr[x]);
          if (nonmax) {
            const bool keep = s > decode(curr[x - 1]) && s > decode(curr[x + 1]) &&
                              s > decode(prev[x - 1]) && s > decode(prev[x]) &&
                              s > decode(prev[x + 1]) && s > decode(next[x - 1]) &&
                              s > decode(next[x]) && s > decode(next[x + 1]);
            if (!keep) continue;
          }
          KeyPoint kp;
          kp.x = static_cast<float>(x + c);
          kp.y = static_cast<float>(y);
          kp.size = 7.f;
          kp.angle = -1.f;
          kp.response = nonmax ? static_cast<float>(s) : 0.f;
          kp.octave = 0;
          out.push_back(kp);
        }
      }
    }
  });
  // blocks in order: row-major
  size_t total = 0;
  for (const auto& f : found) total += f.size();
  kps.reserve(total);
  for (const auto& f : found) kps.insert(kps.end(), f.begin(), f.end());
}

}  // namespace detail

void fast(const ConstImageView& src, std::vector<KeyPoint>& kps, int threshold, bool nonmax) {
  const char* func = "fast";
  check_view(func, "img", src, 1, 1);
  if (src.type != PixelType::U8) {
    throw_type(func, "img", "uint8", pixel_type_name(src.type));
  }
  if (threshold < 0 || threshold > 255) {
    throw_invalid(func, "threshold", "an int in 0..255", std::to_string(threshold));
  }
  detail::fast_detect(src, threshold, nonmax, 3, kps);
}

}  // namespace vc
