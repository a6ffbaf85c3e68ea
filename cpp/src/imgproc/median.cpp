// median_blur: two algorithms behind one contract (cv::medianBlur, replicate
// border).
//
//   ksize 3, 5 (uint8, uint16, float32): sorting networks on min/max, one
//     output row per kernel call straight from k source rows (the kernel
//     repeats the edge columns itself, so nothing is copied).
//   ksize >= 7 (uint8): Perreault & Hebert's histogram median, O(1) per pixel
//     in ksize. The image is cut into column strips whose column histograms
//     (256 + 16 uint8 counts per column and channel) stay in L2; within a
//     thread chunk a strip's histograms are filled for the chunk's first row
//     and then slide down one row at a time (add the row entering, remove the
//     row leaving), and the row kernel slides the window histogram along x.
//
// Both are exact, so results never depend on thread count or ISA level.
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "imgproc/border_rows.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/nonlinear.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

// Column histogram bytes one strip may use (fine + coarse, all channels).
constexpr size_t kStripHistBytes = 512 * 1024;

template <class T>
using NetFn = void (*)(const T* const*, T*, size_t, int);

template <class T>
NetFn<T> net_fn(const kernels::KernelTable& k, int ksize);
template <>
NetFn<uint8_t> net_fn(const kernels::KernelTable& k, int ksize) {
  return ksize == 3 ? k.u8_median3_row : k.u8_median5_row;
}
template <>
NetFn<uint16_t> net_fn(const kernels::KernelTable& k, int ksize) {
  return ksize == 3 ? k.u16_median3_row : k.u16_median5_row;
}
template <>
NetFn<float> net_fn(const kernels::KernelTable& k, int ksize) {
  return ksize == 3 ? k.f32_median3_row : k.f32_median5_row;
}

int clamp_row(int64_t t, int h) {
  return static_cast<int>(t < 0 ? 0 : (t >= h ? h - 1 : t));
}

template <class T>
void median_network(const ConstImageView& src, const ImageView& dst, int ksize) {
  const NetFn<T> fn = net_fn<T>(kernels::active_kernels(), ksize);
  const int r = ksize / 2;
  const size_t n = static_cast<size_t>(src.width) * src.channels;
  const int64_t grain = rows_grain(static_cast<int64_t>(2 * src.row_bytes()), 128 * 1024);
  parallel_for(0, src.height, grain, [&](int64_t y0, int64_t y1) {
    const T* rows[5];
    for (int64_t y = y0; y < y1; ++y) {
      for (int i = 0; i < ksize; ++i) rows[i] = src.row<T>(clamp_row(y - r + i, src.height));
      fn(rows, dst.row<T>(static_cast<int>(y)), n, src.channels);
    }
  });
}

void median_histogram(const ConstImageView& src, const ImageView& dst, int ksize) {
  const kernels::KernelTable& k = kernels::active_kernels();
  const int r = ksize / 2;
  const int w = src.width, h = src.height, cn = src.channels;
  // strip width: histograms of strip + 2r columns within kStripHistBytes
  const int64_t budget_cols = static_cast<int64_t>(kStripHistBytes / (272 * static_cast<size_t>(cn)));
  const int strip = static_cast<int>(std::max<int64_t>(64, budget_cols - 2 * r));
  const int max_cols = std::min(w, strip + 2 * r);
  const size_t hist_elems = static_cast<size_t>(max_cols) * cn;
  // a few chunks per thread, each at most ~2 Mpixel values (so a cancel is
  // seen within tens of milliseconds) and at least one window tall (each
  // chunk first fills its histograms from 2r + 1 rows)
  const int64_t balanced = (h + 4 * get_num_threads() - 1) / (4 * get_num_threads());
  const int64_t budget = std::max<int64_t>(1, (int64_t{1} << 21) / (int64_t{w} * cn));
  const int64_t grain = std::max<int64_t>(std::min(balanced, budget), 2 * r + 1);
  parallel_for(0, h, grain, [&](int64_t y0, int64_t y1) {
    std::unique_ptr<uint8_t[]> coarse(new uint8_t[hist_elems * 16]);
    std::unique_ptr<uint8_t[]> fine(new uint8_t[hist_elems * 256]);
    for (int x0 = 0; x0 < w; x0 += strip) {
      const int x1 = std::min(w, x0 + strip);
      const int c0 = std::max(0, x0 - r);
      const int c1 = std::min(w, x1 + r);
      const size_t n = static_cast<size_t>(c1 - c0) * cn;
      std::memset(coarse.get(), 0, n * 16);
      std::memset(fine.get(), 0, n * 256);
      auto row = [&](int64_t t) {
        return src.row<uint8_t>(clamp_row(t, h)) + static_cast<size_t>(c0) * cn;
      };
      // stage 1: column histograms of rows y0 - r .. y0 + r
      for (int64_t t = y0 - r; t <= y0 + r; ++t) {
        k.u8_median_hist_cols(coarse.get(), fine.get(), row(t), nullptr, n);
      }
      // stage 2: slide down, one output row per step
      for (int64_t y = y0; y < y1; ++y) {
        if (y > y0) k.u8_median_hist_cols(coarse.get(), fine.get(), row(y + r), row(y - r - 1), n);
        k.u8_median_hist_row(coarse.get(), fine.get(), c0, w, x0, x1, r, cn,
                             dst.row<uint8_t>(static_cast<int>(y)) + static_cast<size_t>(x0) * cn);
      }
    }
  });
}

}  // namespace

void median_blur(const ConstImageView& src, const ImageView& dst, int ksize) {
  const char* func = "median_blur";
  check_view(func, "src", src, 1, 4);
  check_output(func, "dst", dst, src.width, src.height, src.channels, src.type);
  if (views_overlap(src, dst)) throw_invalid(func, "dst", "a buffer not overlapping src", "overlap");
  if (ksize < 1 || ksize % 2 == 0 || ksize > kMaxMedianKsize) {
    throw_invalid(func, "ksize", "an odd size in 1.." + std::to_string(kMaxMedianKsize),
                  std::to_string(ksize));
  }
  if (src.type == PixelType::S16) {
    throw_type(func, "src", "uint8, uint16 or float32", pixel_type_name(src.type));
  }
  if (src.type != PixelType::U8 && ksize > 5) {
    throw_invalid(func, "ksize", "1, 3 or 5 for " + std::string(pixel_type_name(src.type)) +
                                     " (larger sizes need uint8)",
                  std::to_string(ksize));
  }
  if (ksize == 1) {
    const size_t bytes = src.row_bytes();
    parallel_for(0, src.height, rows_grain(static_cast<int64_t>(2 * bytes)),
                 [&](int64_t y0, int64_t y1) {
                   for (int64_t y = y0; y < y1; ++y) {
                     std::memcpy(dst.row(static_cast<int>(y)), src.row(static_cast<int>(y)), bytes);
                   }
                 });
    return;
  }
  switch (src.type) {
    case PixelType::U8:
      if (ksize <= 5) {
        median_network<uint8_t>(src, dst, ksize);
      } else {
        median_histogram(src, dst, ksize);
      }
      break;
    case PixelType::U16:
      median_network<uint16_t>(src, dst, ksize);
      break;
    case PixelType::F32:
      median_network<float>(src, dst, ksize);
      break;
    default:
      break;
  }
}

}  // namespace vc
