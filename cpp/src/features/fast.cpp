// FAST-9/16 corner detection: the skeleton around the u8_fast9_row kernel.
//
// stage 1: the score image, rows 3 .. height-4 in parallel (kernel per row:
//          0 = no corner, else 1 + score); rows and columns within 3 of an
//          edge stay 0;
// stage 2: per row, the corners found in stage 1 are kept (nonmax: score
//          strictly above the 8 neighbours' scores, non-corners 0) and
//          collected in row-major order.
// Both stages only write per-row results, so output is identical for every
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
  const int rows = y_end - y_begin + 2;
  const size_t sstride = static_cast<size_t>(w);
  std::vector<uint8_t> score(sstride * static_cast<size_t>(rows), 0);
  std::vector<int32_t> xs(static_cast<size_t>(inner_w) * static_cast<size_t>(y_end - y_begin));
  std::vector<int32_t> counts(static_cast<size_t>(y_end - y_begin), 0);
  const int64_t grain = rows_grain(int64_t{w} * 8);
  parallel_for(y_begin, y_end, grain, [&](int64_t y0, int64_t y1) {
    for (int64_t y = y0; y < y1; ++y) {
      const int r = static_cast<int>(y) - y_begin;
      uint8_t* srow = score.data() + sstride * static_cast<size_t>(r + 1) + c;
      int32_t* xrow = xs.data() + static_cast<size_t>(inner_w) * static_cast<size_t>(r);
      counts[static_cast<size_t>(r)] = fast_row(src.row<uint8_t>(static_cast<int>(y)) + c,
                                                src.stride, inner_w, threshold, srow, xrow);
    }
  });
  // stage 2: nonmax and collection, row-major
  const auto decode = [](uint8_t s) { return s ? s - 1 : 0; };
  for (int y = b; y < h - b; ++y) {
    const int r = y - y_begin;
    const uint8_t* prev = score.data() + sstride * static_cast<size_t>(r) + c;
    const uint8_t* curr = prev + sstride;
    const uint8_t* next = curr + sstride;
    const int32_t* xrow = xs.data() + static_cast<size_t>(inner_w) * static_cast<size_t>(r);
    for (int i = 0; i < counts[static_cast<size_t>(r)]; ++i) {
      const int x = xrow[i];
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
      kps.push_back(kp);
    }
  }
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
