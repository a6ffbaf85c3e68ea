// clahe: cv2.createCLAHE(clip_limit, (tiles_x, tiles_y)).apply, bit for bit.
//
// stage 1: one LUT per tile, tiles in parallel. A tile's histogram is taken
//   over the image extended at the bottom/right by reflect101 when the size
//   is not a multiple of the grid (OpenCV's copyMakeBorder, done here by
//   index mapping: in-image column runs go to the count kernel, the few
//   extended columns are counted one by one). Clip, redistribute, cumulate.
// stage 2: every output row blends the LUTs of its two tile rows and two
//   tile columns with float32 weights (the row kernel), rows in parallel.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "imgproc/row_loop.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/border.hpp"
#include "visioncore/error.hpp"
#include "visioncore/histogram.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

struct Grid {
  int tiles_x, tiles_y;
  int tile_w, tile_h;  // in the (possibly) extended image
  int clip;            // per-bin count limit
  float lut_scale;
};

template <class T>
void tile_luts(const ConstImageView& src, const Grid& g, T* luts) {
  const kernels::KernelTable& kt = kernels::active_kernels();
  constexpr size_t levels = sizeof(T) == 1 ? 256 : 65536;
  const int tiles = g.tiles_x * g.tiles_y;
  parallel_for(0, tiles, 1, [&](int64_t t0, int64_t t1) {
    std::vector<uint32_t> hist(levels);
    for (int64_t t = t0; t < t1; ++t) {
      const int tx = static_cast<int>(t % g.tiles_x), ty = static_cast<int>(t / g.tiles_x);
      std::fill(hist.begin(), hist.end(), 0u);
      const int x0 = tx * g.tile_w, x1 = x0 + g.tile_w;
      const int in_end = std::min(x1, src.width);  // columns [x0, in_end) lie inside
      for (int y = ty * g.tile_h; y < (ty + 1) * g.tile_h; ++y) {
        const T* row = src.row<T>(border_index(y, src.height, BorderMode::Reflect101));
        if (in_end > x0) {
          const size_t n = static_cast<size_t>(in_end - x0);
          if constexpr (sizeof(T) == 1) {
            kt.u8_hist_count(row + x0, nullptr, n, 1, hist.data());
          } else {
            kt.u16_hist_count(row + x0, nullptr, n, 1, hist.data());
          }
        }
        for (int x = std::max(x0, in_end); x < x1; ++x) {
          ++hist[row[border_index(x, src.width, BorderMode::Reflect101)]];
        }
      }
      // clip and redistribute (OpenCV's order: uniform batch, then one by
      // one at a fixed stride from bin 0)
      int64_t clipped = 0;
      for (size_t i = 0; i < levels; ++i) {
        if (hist[i] > static_cast<uint32_t>(g.clip)) {
          clipped += hist[i] - static_cast<uint32_t>(g.clip);
          hist[i] = static_cast<uint32_t>(g.clip);
        }
      }
      const int64_t batch = clipped / static_cast<int64_t>(levels);
      int64_t residual = clipped - batch * static_cast<int64_t>(levels);
      for (size_t i = 0; i < levels; ++i) hist[i] += static_cast<uint32_t>(batch);
      if (residual != 0) {
        const int64_t step = std::max<int64_t>(static_cast<int64_t>(levels) / residual, 1);
        for (int64_t i = 0; i < static_cast<int64_t>(levels) && residual > 0;
             i += step, --residual) {
          ++hist[static_cast<size_t>(i)];
        }
      }
      T* lut = luts + static_cast<size_t>(t) * levels;
      const float hi = static_cast<float>(levels - 1);
      int64_t sum = 0;
      for (size_t i = 0; i < levels; ++i) {
        sum += hist[i];
        const float v = std::nearbyint(static_cast<float>(sum) * g.lut_scale);
        lut[i] = static_cast<T>(v < 0 ? 0 : (v > hi ? hi : v));
      }
    }
  });
}

template <class T>
void interpolate(const ConstImageView& src, const ImageView& dst, const Grid& g, const T* luts) {
  const kernels::KernelTable& kt = kernels::active_kernels();
  constexpr int levels = sizeof(T) == 1 ? 256 : 65536;
  const size_t w = static_cast<size_t>(src.width);
  std::vector<int32_t> x0(w), x1(w);
  std::vector<float> wx(w), wx1(w);
  const float inv_tw = 1.0f / static_cast<float>(g.tile_w);
  const float inv_th = 1.0f / static_cast<float>(g.tile_h);
  for (size_t x = 0; x < w; ++x) {
    const float txf = static_cast<float>(x) * inv_tw - 0.5f;
    const int t1 = static_cast<int>(std::floor(txf));
    wx[x] = txf - static_cast<float>(t1);
    wx1[x] = 1.0f - wx[x];
    x0[x] = std::max(t1, 0) * levels;
    x1[x] = std::min(t1 + 1, g.tiles_x - 1) * levels;
  }
  detail::parallel_rows<T, T>(src, dst, [&](const T* s, T* d, int y) {
    const float tyf = static_cast<float>(y) * inv_th - 0.5f;
    const int t1 = static_cast<int>(std::floor(tyf));
    const float wy = tyf - static_cast<float>(t1);
    const float wy1 = 1.0f - wy;
    const size_t plane = static_cast<size_t>(g.tiles_x) * levels;
    const T* top = luts + static_cast<size_t>(std::max(t1, 0)) * plane;
    const T* bottom = luts + static_cast<size_t>(std::min(t1 + 1, g.tiles_y - 1)) * plane;
    if constexpr (sizeof(T) == 1) {
      kt.u8_clahe_interp_row(s, d, w, top, bottom, x0.data(), x1.data(), wx.data(), wx1.data(),
                             wy, wy1);
    } else {
      kt.u16_clahe_interp_row(s, d, w, top, bottom, x0.data(), x1.data(), wx.data(), wx1.data(),
                              wy, wy1);
    }
  });
}

}  // namespace

void clahe(const ConstImageView& src, const ImageView& dst, double clip_limit, int tiles_x,
           int tiles_y) {
  const char* func = "clahe";
  check_view(func, "img", src, 1, 1);
  if (src.type != PixelType::U8 && src.type != PixelType::U16) {
    throw_type(func, "img", "uint8 or uint16", pixel_type_name(src.type));
  }
  check_output(func, "out", dst, src.width, src.height, 1, src.type);
  if (!std::isfinite(clip_limit) || !(clip_limit > 0)) {
    throw_invalid(func, "clip_limit", "a finite number > 0", std::to_string(clip_limit));
  }
  if (tiles_x < 1 || tiles_x > src.width || tiles_y < 1 || tiles_y > src.height) {
    throw_invalid(func, "tile_grid",
                  "(tiles_x, tiles_y) with 1 <= tiles_x <= width " + std::to_string(src.width) +
                      " and 1 <= tiles_y <= height " + std::to_string(src.height),
                  "(" + std::to_string(tiles_x) + ", " + std::to_string(tiles_y) + ")");
  }
  if (views_overlap(src, dst)) {
    throw_invalid(func, "out", "an image not overlapping img", "an overlapping image");
  }
  const int64_t levels = src.type == PixelType::U8 ? 256 : 65536;
  const int64_t lut_bytes = checked_mul(checked_mul(tiles_x, tiles_y, "clahe tiles"),
                                        levels * static_cast<int64_t>(elem_size(src.type)),
                                        "clahe lookup tables");
  if (lut_bytes > (int64_t{1} << 30)) {
    throw LimitExceeded(std::string(func) + ": parameter 'tile_grid': " +
                        std::to_string(tiles_x) + "x" + std::to_string(tiles_y) +
                        " tiles need more than 1 GiB of lookup tables");
  }
  Grid g;
  g.tiles_x = tiles_x;
  g.tiles_y = tiles_y;
  int ext_w = src.width, ext_h = src.height;
  if (src.width % tiles_x != 0 || src.height % tiles_y != 0) {
    // OpenCV extends both sides whenever either is not a multiple
    ext_w += tiles_x - src.width % tiles_x;
    ext_h += tiles_y - src.height % tiles_y;
  }
  g.tile_w = ext_w / tiles_x;
  g.tile_h = ext_h / tiles_y;
  const int64_t area = int64_t{g.tile_w} * g.tile_h;
  const double clip = std::floor(clip_limit * static_cast<double>(area) / static_cast<double>(levels));
  g.clip = static_cast<int>(std::max(1.0, std::min(clip, static_cast<double>(area))));
  g.lut_scale = static_cast<float>(levels - 1) / static_cast<float>(area);
  if (src.type == PixelType::U8) {
    std::vector<uint8_t> luts(static_cast<size_t>(tiles_x) * tiles_y * 256 + 8);  // + gather pad
    tile_luts<uint8_t>(src, g, luts.data());
    interpolate<uint8_t>(src, dst, g, luts.data());
  } else {
    std::vector<uint16_t> luts(static_cast<size_t>(tiles_x) * tiles_y * 65536 + 4);
    tile_luts<uint16_t>(src, g, luts.data());
    interpolate<uint16_t>(src, dst, g, luts.data());
  }
}

}  // namespace vc
