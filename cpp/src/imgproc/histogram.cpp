// histogram and equalize_hist.
//
// Integer images are counted exactly per level (u8: 256, u16: 65536 counters
// per channel), in row blocks on the pool with one counter set per block,
// then summed; the requested bins are a fold of those counts through the
// same bin rule as float samples, so every dtype follows one rule. Float
// images are binned per sample, per block, then summed.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "imgproc/histogram_count.hpp"
#include "imgproc/row_loop.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/histogram.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace detail {
namespace {

// Splits src's rows into blocks of at least `min_pixels` pixels (at most one
// per thread), runs count(y0, y1, counters) for each block's rows [y0, y1)
// with the block's zeroed counters (`per_block` uint32 each) and returns
// their sum.
template <class Fn>
std::vector<uint64_t> count_in_blocks(const ConstImageView& src, size_t per_block,
                                      int64_t min_pixels, Fn&& count) {
  const int64_t h = src.height;
  const int64_t pixels = int64_t{src.width} * h;
  int64_t blocks = std::max<int64_t>(1, std::min<int64_t>(get_num_threads(), pixels / min_pixels));
  blocks = std::min(blocks, h);
  std::vector<uint32_t> part(static_cast<size_t>(blocks) * per_block, 0);
  parallel_for(0, blocks, 1, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      uint32_t* c = part.data() + static_cast<size_t>(b) * per_block;
      count(static_cast<int>(h * b / blocks), static_cast<int>(h * (b + 1) / blocks), c);
    }
  });
  std::vector<uint64_t> total(per_block, 0);
  for (int64_t b = 0; b < blocks; ++b) {
    const uint32_t* c = part.data() + static_cast<size_t>(b) * per_block;
    for (size_t i = 0; i < per_block; ++i) total[i] += c[i];
  }
  return total;
}

}  // namespace

void check_mask(const char* func, const ConstImageView& src, const ConstImageView& mask) {
  if (mask.empty() && mask.data == nullptr) return;
  check_view(func, "mask", mask, 1, 1);
  if (mask.type != PixelType::U8) throw_type(func, "mask", "uint8", pixel_type_name(mask.type));
  if (mask.width != src.width || mask.height != src.height) {
    throw_invalid(func, "mask",
                  "a uint8 mask of the image's size " + std::to_string(src.height) + "x" +
                      std::to_string(src.width),
                  std::to_string(mask.height) + "x" + std::to_string(mask.width));
  }
}

// Runs kernel(src_row, mask_row, n, c) over rows [y0, y1): one call for all
// of them when image and mask rows are gap-free (one long row), else one
// per row.
template <class T, class K>
void count_rows(const ConstImageView& src, const ConstImageView& mask, int y0, int y1,
                uint32_t* c, K kernel) {
  const bool masked = mask.data != nullptr;
  const size_t n = static_cast<size_t>(src.width);
  const bool gap_free = src.stride == static_cast<ptrdiff_t>(src.row_bytes()) &&
                        (!masked || mask.stride == static_cast<ptrdiff_t>(mask.row_bytes()));
  if (gap_free) {
    kernel(src.row<T>(y0), masked ? mask.row<uint8_t>(y0) : nullptr,
           n * static_cast<size_t>(y1 - y0), c);
    return;
  }
  for (int y = y0; y < y1; ++y) {
    kernel(src.row<T>(y), masked ? mask.row<uint8_t>(y) : nullptr, n, c);
  }
}

std::vector<uint64_t> count_levels(const ConstImageView& src, const ConstImageView& mask) {
  const kernels::KernelTable& kt = kernels::active_kernels();
  const int cn = src.channels;
  if (src.type == PixelType::U8) {
    return count_in_blocks(
        src, 256 * static_cast<size_t>(cn), 64 * 1024, [&](int y0, int y1, uint32_t* c) {
          count_rows<uint8_t>(src, mask, y0, y1, c,
                              [&](const uint8_t* s, const uint8_t* m, size_t n, uint32_t* h) {
                                kt.u8_hist_count(s, m, n, cn, h);
                              });
        });
  }
  return count_in_blocks(
      src, 65536 * static_cast<size_t>(cn), 1024 * 1024, [&](int y0, int y1, uint32_t* c) {
        count_rows<uint16_t>(src, mask, y0, y1, c,
                             [&](const uint16_t* s, const uint8_t* m, size_t n, uint32_t* h) {
                               kt.u16_hist_count(s, m, n, cn, h);
                             });
      });
}

}  // namespace detail

void histogram(const ConstImageView& src, int bins, HistRange range, const ConstImageView& mask,
               int64_t* counts) {
  const char* func = "histogram";
  check_view(func, "img", src, 1, 4);
  if (src.type == PixelType::S16) {
    throw_type(func, "img", "uint8, uint16 or float32", pixel_type_name(src.type));
  }
  if (bins < 1 || bins > kMaxHistBins) {
    throw_invalid(func, "bins", "an int in 1.." + std::to_string(kMaxHistBins),
                  std::to_string(bins));
  }
  if (!std::isfinite(range.lo) || !std::isfinite(range.hi) || !(range.lo < range.hi)) {
    throw_invalid(func, "range", "finite (lo, hi) with lo < hi",
                  "(" + std::to_string(range.lo) + ", " + std::to_string(range.hi) + ")");
  }
  detail::check_mask(func, src, mask);
  const int cn = src.channels;
  const size_t nb = static_cast<size_t>(bins);
  // bin of v: clamp(floor(v * a + b)) for lo <= v < hi (cv2.calcHist's rule)
  const double a = bins / (range.hi - range.lo);
  const double b = -range.lo * a;
  std::fill(counts, counts + nb * cn, int64_t{0});
  if (src.type == PixelType::F32) {
    const kernels::KernelTable& kt = kernels::active_kernels();
    const std::vector<uint64_t> total = detail::count_in_blocks(
        src, nb * cn, std::max<int64_t>(64 * 1024, int64_t{bins} * 4),
        [&](int y0, int y1, uint32_t* c) {
          detail::count_rows<float>(
              src, mask, y0, y1, c, [&](const float* s, const uint8_t* m, size_t n, uint32_t* h) {
                kt.f32_hist_count(s, m, n, cn, h, bins, a, b, range.lo, range.hi);
              });
        });
    for (size_t i = 0; i < total.size(); ++i) counts[i] = static_cast<int64_t>(total[i]);
    return;
  }
  const size_t levels = src.type == PixelType::U8 ? 256 : 65536;
  const std::vector<uint64_t> raw = detail::count_levels(src, mask);
  for (size_t v = 0; v < levels; ++v) {
    const double dv = static_cast<double>(v);
    if (!(dv >= range.lo && dv < range.hi)) continue;
    double f = std::floor(dv * a + b);
    f = f < 0 ? 0 : (f > bins - 1 ? bins - 1 : f);
    const size_t bin = static_cast<size_t>(f);
    for (int c = 0; c < cn; ++c) counts[c * nb + bin] += static_cast<int64_t>(raw[c * levels + v]);
  }
}

void equalize_hist(const ConstImageView& src, const ImageView& dst) {
  const char* func = "equalize_hist";
  check_view(func, "img", src, 1, 1);
  if (src.type != PixelType::U8) throw_type(func, "img", "uint8", pixel_type_name(src.type));
  check_output(func, "out", dst, src.width, src.height, 1, PixelType::U8);
  const std::vector<uint64_t> hist = detail::count_levels(src, {});
  // cv2.equalizeHist: the first occupied level maps to 0, the rest to
  // round(cdf * 255 / (total - h[first])) in float.
  uint8_t lut[256] = {0};
  const int64_t total = int64_t{src.width} * src.height;
  int i = 0;
  while (hist[static_cast<size_t>(i)] == 0) ++i;
  if (static_cast<int64_t>(hist[static_cast<size_t>(i)]) == total) {
    for (int v = 0; v < 256; ++v) lut[v] = static_cast<uint8_t>(i);
  } else {
    const float scale = 255.0f / static_cast<float>(total - static_cast<int64_t>(hist[i]));
    int64_t sum = 0;
    for (lut[i++] = 0; i < 256; ++i) {
      sum += static_cast<int64_t>(hist[static_cast<size_t>(i)]);
      const float v = std::nearbyint(static_cast<float>(sum) * scale);
      lut[i] = static_cast<uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
    }
  }
  const kernels::KernelTable& kt = kernels::active_kernels();
  detail::parallel_pointwise<uint8_t, uint8_t>(
      src, dst, [&](const uint8_t* s, uint8_t* d, size_t n) { kt.u8_hist_lut_row(s, d, n, lut); });
}

}  // namespace vc
