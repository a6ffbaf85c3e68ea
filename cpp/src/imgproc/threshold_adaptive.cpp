// adaptive_threshold: cv2.adaptiveThreshold, bit for bit.
//
// OpenCV computes the local mean of a U8 image with a replicated border:
// the box mean (its U8 box filter: fixed-point division up to 256 pixels,
// float32 scale above) or the Gaussian mean (the image as float32, its float
// Gaussian, rounded to U8; its float filter uses FMA in a fixed order, which
// u8_f32_gauss_fma_row / f32_u8_gauss_fma_col reproduce). Then
// dst = src - mean > -idelta ? max : 0 (idelta = ceil(c); inverse: floor(c)
// and the opposite test). Here the mean of each row goes to a scratch row
// and is thresholded at once, without a mean image.
#include <cmath>
#include <cstring>
#include <string>

#include "imgproc/border_rows.hpp"
#include "imgproc/filter_separable.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/filter.hpp"

namespace vc {
namespace {

void mean_threshold(const char* func, const ConstImageView& src, const ImageView& dst, int b,
                    int idelta, uint8_t maxval, bool inverse) {
  const kernels::KernelTable& kt = kernels::active_kernels();
  const size_t n = static_cast<size_t>(src.width);
  const int area = b * b;
  const BorderMode mode = BorderMode::Replicate;
  if (area <= 256) {
    uint32_t ds, dd;
    detail::u8_div_params(area, &ds, &dd);
    detail::box_run<uint8_t, uint16_t>(
        func, src, dst.height, b, b, mode, n,
        [&](uint16_t* sum, const uint8_t* add, const uint8_t* sub, size_t count) {
          kt.u8_u16_box_colsum(sum, add, sub, count);
        },
        [&](int y, const uint16_t* ext, uint8_t* mean) {
          kt.u16_u8_box_row(ext, mean, n, b, 1, ds, dd);
          kt.u8_adaptive_threshold_row(src.row<uint8_t>(y), mean, dst.row<uint8_t>(y), n, idelta,
                                       maxval, inverse);
        });
    return;
  }
  // Larger windows: int32 sums, mean = round(float(sum) * float(1 / area))
  // except in double for the row's last n % 8 samples (OpenCV's SIMD loops
  // and scalar tail; see box_filter).
  const float scale = static_cast<float>(1.0 / area);
  const double dscale = 1.0 / area;
  const size_t float_end = n - n % 8;
  detail::box_run<uint8_t, int32_t>(
      func, src, dst.height, b, b, mode, n,
      [](int32_t* sum, const uint8_t* add, const uint8_t* sub, size_t count) {
        if (add && sub) {
          for (size_t i = 0; i < count; ++i) sum[i] += int32_t{add[i]} - int32_t{sub[i]};
        } else if (add) {
          for (size_t i = 0; i < count; ++i) sum[i] += add[i];
        } else {
          for (size_t i = 0; i < count; ++i) sum[i] -= sub[i];
        }
      },
      [&](int y, const int32_t* ext, uint8_t* mean) {
        int32_t s = 0;
        for (int t = 0; t < b; ++t) s += ext[t];
        for (size_t i = 0;; ++i) {
          mean[i] = i < float_end ? detail::saturate_from_double<uint8_t>(
                                        static_cast<double>(static_cast<float>(s) * scale))
                                  : detail::saturate_from_double<uint8_t>(s * dscale);
          if (i + 1 == n) break;
          s += ext[i + static_cast<size_t>(b)] - ext[i];
        }
        kt.u8_adaptive_threshold_row(src.row<uint8_t>(y), mean, dst.row<uint8_t>(y), n, idelta,
                                     maxval, inverse);
      });
}

void gaussian_threshold(const char* func, const ConstImageView& src, const ImageView& dst, int b,
                        int idelta, uint8_t maxval, bool inverse) {
  const kernels::KernelTable& kt = kernels::active_kernels();
  const size_t n = static_cast<size_t>(src.width);
  const size_t bn = n + static_cast<size_t>(b - 1);
  std::vector<float> k;
  for (double v : gaussian_kernel(b, 0)) k.push_back(static_cast<float>(v));
  detail::RingSpec spec;
  spec.src_height = src.height;
  spec.kh = b;
  spec.ay = b / 2;
  spec.mode = BorderMode::Replicate;
  spec.row_elems = n;
  spec.samples_per_row = static_cast<int64_t>(n);
  struct Worker {
    uint8_t* bordered;
    uint8_t* mean;
    const ConstImageView* src;
    const ImageView* dst;
    const kernels::KernelTable* kt;
    const float* k;
    int b, idelta;
    size_t n;
    uint8_t maxval;
    bool inverse;
    void prepare(int sy, float* out) {
      detail::bordered_row<uint8_t>(*src, sy, bordered, b / 2, b / 2, BorderMode::Replicate,
                                    nullptr);
      kt->u8_f32_gauss_fma_row(bordered, out, n, k, b);
    }
    void emit(int y, const float* const* win) {
      kt->f32_u8_gauss_fma_col(win, mean, n, k, b);
      kt->u8_adaptive_threshold_row(src->row<uint8_t>(y), mean, dst->row<uint8_t>(y), n, idelta,
                                    maxval, inverse);
    }
  };
  const size_t worker_bytes = detail::scratch_bytes(func, static_cast<int64_t>(bn), 1) +
                              detail::scratch_bytes(func, static_cast<int64_t>(n), 1);
  detail::run_row_ring<float>(func, dst.height, spec, worker_bytes, [&](detail::FilterScratch& s) {
    Worker w;
    w.bordered = s.take<uint8_t>(bn);
    w.mean = s.take<uint8_t>(n);
    w.src = &src;
    w.dst = &dst;
    w.kt = &kt;
    w.k = k.data();
    w.b = b;
    w.idelta = idelta;
    w.n = n;
    w.maxval = maxval;
    w.inverse = inverse;
    return w;
  });
}

}  // namespace

void adaptive_threshold(const ConstImageView& src, const ImageView& dst, double max_value,
                        AdaptiveMethod method, bool inverse, int block_size, double c) {
  const char* func = "adaptive_threshold";
  check_view(func, "src", src, 1, 1);
  if (src.type != PixelType::U8) throw_type(func, "src", "uint8", pixel_type_name(src.type));
  detail::check_filter_io(func, src, dst, PixelType::U8);
  if (block_size < 3 || block_size % 2 == 0 || block_size > kMaxFilterKernelSide) {
    throw_invalid(func, "block_size",
                  "an odd size in 3.." + std::to_string(kMaxFilterKernelSide),
                  std::to_string(block_size));
  }
  detail::check_finite(func, "max_value", max_value);
  detail::check_finite(func, "c", c);
  if (max_value < 0) {
    for (int y = 0; y < dst.height; ++y) std::memset(dst.row(y), 0, dst.row_bytes());
    return;
  }
  const uint8_t maxval = detail::saturate_from_double<uint8_t>(max_value);
  // |src - mean| <= 255: clamping idelta keeps every comparison's outcome.
  const double id = inverse ? std::floor(c) : std::ceil(c);
  const int idelta = static_cast<int>(std::max(-1024.0, std::min(1024.0, id)));
  if (method == AdaptiveMethod::Mean) {
    mean_threshold(func, src, dst, block_size, idelta, maxval, inverse);
  } else {
    gaussian_threshold(func, src, dst, block_size, idelta, maxval, inverse);
  }
}

}  // namespace vc
