// Canny edge detection (see edges.hpp for the exact rules).
//
// Stages:
//   1. gradients: vc::sobel into two int16 images (canny only);
//   2. per row band, in parallel: magnitude rows in a 3-row ring, then
//      non-maximum suppression into the edge map (0 candidate, 1 not an edge,
//      2 edge; one pixel of 1s around the image), strong pixels pushed on the
//      band's stack;
//   3. per band, hysteresis inside the band: pixels on the band's first and
//      last rows are not expanded there (their neighbours may belong to
//      another band) but kept for stage 4;
//   4. one serial flood from those kept pixels over the whole map;
//   5. map -> 0/255.
// Every stage's result is the same set (the 8-connected flood from the
// strong pixels through candidates), whatever the band split.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "kernels/kernel_table.hpp"
#include "visioncore/edges.hpp"
#include "visioncore/error.hpp"
#include "visioncore/filter.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

struct CannyThresholds {
  int32_t low = 0, high = 0;
};

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

CannyThresholds canny_thresholds(const char* func, double low, double high, bool l2,
                                 double scale = 1.0) {
  if (!std::isfinite(low) || low < 0) throw_invalid(func, "low", "a finite number >= 0", num(low));
  if (!std::isfinite(high) || high < 0) {
    throw_invalid(func, "high", "a finite number >= 0", num(high));
  }
  if (low > high) {
    throw_invalid(func, "low", "low <= high (cv2.Canny swaps them; visioncore does not)",
                  "low=" + num(low) + ", high=" + num(high));
  }
  low *= scale;
  high *= scale;
  if (l2) {
    // OpenCV: clamp to 32767, then compare squared magnitudes.
    low = std::min(32767.0, low);
    high = std::min(32767.0, high);
    low *= low;
    high *= high;
  } else {
    // magnitudes are at most 65536: larger thresholds all mean "none".
    low = std::min(low, 1073741824.0);
    high = std::min(high, 1073741824.0);
  }
  return {static_cast<int32_t>(std::floor(low)), static_cast<int32_t>(std::floor(high))};
}

// Pushes the unvisited candidates (0) around p, marking them edges.
inline void expand(uint8_t* p, ptrdiff_t step, std::vector<uint8_t*>& stack) {
  uint8_t* const nb[8] = {p - step - 1, p - step, p - step + 1, p - 1,
                          p + 1,        p + step - 1, p + step, p + step + 1};
  for (uint8_t* q : nb) {
    if (*q == 0) {
      *q = 2;
      stack.push_back(q);
    }
  }
}

void canny_core(const ConstImageView& dx, const ConstImageView& dy, const ImageView& dst,
                CannyThresholds t, bool l2) {
  const kernels::KernelTable& k = kernels::active_kernels();
  const auto mag_row = l2 ? k.s16_s32_canny_mag_l2_row : k.s16_s32_canny_mag_l1_row;
  const auto nms_row = k.s32_u8_canny_nms_row;
  const int w = dst.width, h = dst.height;
  const ptrdiff_t step = static_cast<ptrdiff_t>(w) + 2;
  std::vector<uint8_t> map(static_cast<size_t>(step) * (static_cast<size_t>(h) + 2));
  uint8_t* const m0 = map.data();
  std::memset(m0, 1, static_cast<size_t>(step));
  std::memset(m0 + (static_cast<ptrdiff_t>(h) + 1) * step, 1, static_cast<size_t>(step));

  std::vector<uint8_t*> border_peaks;
  std::mutex border_mutex;

  // Bands: about one per thread (few rows deferred to the serial stage),
  // capped in pixels so that cancellation stays prompt.
  const int threads = std::max(1, get_num_threads());
  const int64_t per_thread = (int64_t{h} + threads - 1) / threads;
  const int64_t cap = std::max<int64_t>(16, (int64_t{1} << 22) / std::max(1, w));
  const int64_t grain = std::max<int64_t>(1, std::min(per_thread, cap));

  parallel_for(0, h, grain, [&](int64_t b0, int64_t b1) {
    const int y0 = static_cast<int>(b0), y1 = static_cast<int>(b1);
    // stage 2: magnitude ring (index -1 and w are zero padding) and NMS
    std::vector<int32_t> ring(3 * static_cast<size_t>(step), 0);
    int32_t* prev = ring.data() + 1;
    int32_t* cur = prev + step;
    int32_t* next = cur + step;
    auto fill = [&](int y, int32_t* m) {
      if (y < 0 || y >= h) {
        std::fill(m, m + w, 0);
      } else {
        mag_row(dx.row<int16_t>(y), dy.row<int16_t>(y), m, static_cast<size_t>(w));
      }
    };
    fill(y0 - 1, prev);
    fill(y0, cur);
    std::vector<uint8_t*> stack;
    for (int y = y0; y < y1; ++y) {
      fill(y + 1, next);
      uint8_t* row = m0 + (static_cast<ptrdiff_t>(y) + 1) * step + 1;
      row[-1] = 1;
      row[w] = 1;
      nms_row(prev, cur, next, dx.row<int16_t>(y), dy.row<int16_t>(y), row,
              static_cast<size_t>(w), t.low, t.high);
      for (uint8_t* p = row; (p = static_cast<uint8_t*>(std::memchr(p, 2, row + w - p))) != nullptr;
           ++p) {
        stack.push_back(p);
      }
      int32_t* tmp = prev;
      prev = cur;
      cur = next;
      next = tmp;
    }
    // stage 3: hysteresis inside the band; its first and last rows wait.
    uint8_t* const inner_begin = m0 + (static_cast<ptrdiff_t>(y0) + 2) * step;
    uint8_t* const inner_end = m0 + static_cast<ptrdiff_t>(y1) * step;
    std::vector<uint8_t*> deferred;
    while (!stack.empty()) {
      uint8_t* p = stack.back();
      stack.pop_back();
      if (p < inner_begin || p >= inner_end) {
        deferred.push_back(p);
        continue;
      }
      expand(p, step, stack);
    }
    if (!deferred.empty()) {
      std::lock_guard<std::mutex> lock(border_mutex);
      border_peaks.insert(border_peaks.end(), deferred.begin(), deferred.end());
    }
  });

  // stage 4: the band-boundary pixels, serially over the whole map.
  std::vector<uint8_t*>& stack = border_peaks;
  while (!stack.empty()) {
    uint8_t* p = stack.back();
    stack.pop_back();
    expand(p, step, stack);
  }

  // stage 5: 2 -> 255, 0/1 -> 0
  parallel_for(0, h, std::max<int64_t>(1, rows_grain(int64_t{w} * 2)), [&](int64_t r0, int64_t r1) {
    for (int64_t y = r0; y < r1; ++y) {
      const uint8_t* src = m0 + (y + 1) * step + 1;
      uint8_t* out = dst.row<uint8_t>(static_cast<int>(y));
      for (int x = 0; x < w; ++x) out[x] = static_cast<uint8_t>(-(src[x] >> 1));
    }
  });
}

void check_dst(const char* func, const ImageView& dst, int w, int h) {
  check_output(func, "dst", dst, w, h, 1, PixelType::U8);
}

}  // namespace

void canny(const ConstImageView& src, const ImageView& dst, double low, double high, int aperture,
           bool l2_gradient) {
  const char* func = "canny";
  check_view(func, "src", src, 1, 1);
  if (src.type != PixelType::U8) throw_type(func, "src", "uint8", pixel_type_name(src.type));
  if (aperture != 3 && aperture != 5 && aperture != 7) {
    throw_invalid(func, "aperture", "3, 5 or 7", std::to_string(aperture));
  }
  // OpenCV scales aperture-7 derivatives by 1/16 to fit int16, and the
  // thresholds with them.
  const double tscale = aperture == 7 ? 1.0 / 16 : 1.0;
  const CannyThresholds t =
      canny_thresholds(func, low, high, l2_gradient, tscale);
  check_dst(func, dst, src.width, src.height);
  if (views_overlap(src, dst)) throw_invalid(func, "dst", "no overlap with src", "overlapping views");
  Image dx(src.width, src.height, 1, PixelType::S16);
  Image dy(src.width, src.height, 1, PixelType::S16);
  // OpenCV's Canny: replicated border.
  sobel(src, dx, 1, 0, aperture, tscale, 0, BorderMode::Replicate);
  sobel(src, dy, 0, 1, aperture, tscale, 0, BorderMode::Replicate);
  canny_core(dx.view(), dy.view(), dst, t, l2_gradient);
}

void canny_from_gradients(const ConstImageView& dx, const ConstImageView& dy,
                          const ImageView& dst, double low, double high, bool l2_gradient) {
  const char* func = "canny_from_gradients";
  check_view(func, "dx", dx, 1, 1);
  check_view(func, "dy", dy, 1, 1);
  if (dx.type != PixelType::S16) throw_type(func, "dx", "int16", pixel_type_name(dx.type));
  if (dy.type != PixelType::S16) throw_type(func, "dy", "int16", pixel_type_name(dy.type));
  if (dx.width != dy.width || dx.height != dy.height) {
    throw_invalid(func, "dy", "the shape of dx (" + std::to_string(dx.height) + ", " +
                                  std::to_string(dx.width) + ")",
                  "(" + std::to_string(dy.height) + ", " + std::to_string(dy.width) + ")");
  }
  const CannyThresholds t = canny_thresholds(func, low, high, l2_gradient);
  check_dst(func, dst, dx.width, dx.height);
  if (views_overlap(dx, dst) || views_overlap(dy, dst)) {
    throw_invalid(func, "dst", "no overlap with dx or dy", "overlapping views");
  }
  canny_core(dx, dy, dst, t, l2_gradient);
}

}  // namespace vc
