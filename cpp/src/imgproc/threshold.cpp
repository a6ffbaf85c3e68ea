// threshold: cv2.threshold for U8, U16, S16 and F32, bit for bit.
//
// Integer types compare against t = floor(thresh); a t outside the kernels'
// range (below the type's minimum, or at / above its maximum) makes the
// result a constant or a copy, settled here as OpenCV does. The kernels then
// run pointwise over all samples on the pool.
#include <cmath>
#include <cstring>
#include <limits>

#include "imgproc/arith_common.hpp"
#include "visioncore/arith.hpp"

namespace vc {
namespace {

enum class Whole { Compute, Fill, Copy };

template <class T>
void fill_image(const ImageView& dst, T v) {
  const size_t n = static_cast<size_t>(dst.width) * static_cast<size_t>(dst.channels);
  parallel_for(0, dst.height, rows_grain(static_cast<int64_t>(dst.row_bytes())),
               [&](int64_t y0, int64_t y1) {
                 for (int64_t y = y0; y < y1; ++y) {
                   T* d = dst.row<T>(static_cast<int>(y));
                   std::fill(d, d + n, v);
                 }
               });
}

template <class T>
void threshold_int(const ConstImageView& src, const ImageView& dst, double thresh,
                   double max_value, int mode) {
  constexpr double lo = std::numeric_limits<T>::min();
  constexpr double hi = std::numeric_limits<T>::max();
  const double ft = std::floor(thresh);  // +-inf stays infinite
  // round half to even, then saturate (cvRound + saturate_cast)
  const double mv = std::nearbyint(std::max(lo, std::min(hi, max_value)));
  const T maxval = static_cast<T>(mv);
  Whole whole = Whole::Compute;
  T fill = 0;
  if (ft < lo) {
    // every sample is above t
    if (mode == 3) {
      whole = Whole::Copy;
    } else {
      whole = Whole::Fill;
      fill = mode == 0 ? maxval : T(0);
    }
  } else if (ft >= hi) {
    // no sample is above t
    if (mode == 2 || mode == 4) {
      whole = Whole::Copy;
    } else {
      whole = Whole::Fill;
      fill = mode == 1 ? maxval : T(0);
    }
  }
  if (whole == Whole::Fill) {
    fill_image<T>(dst, fill);
    return;
  }
  if (whole == Whole::Copy) {
    detail::copy_image(src, dst);
    return;
  }
  const T t = static_cast<T>(ft);
  const auto kernel = detail::ArithKernels<T>::threshold(kernels::active_kernels());
  detail::pointwise_samples<T, T>(
      src, dst, [&](const T* s, T* d, size_t n) { kernel(s, d, n, t, maxval, mode); });
}

void threshold_f32(const ConstImageView& src, const ImageView& dst, double thresh,
                   double max_value, int mode) {
  float t = static_cast<float>(thresh);
  // OpenCV's tozero zeroes samples below the next float above t, which
  // keeps +inf samples for t = +inf: the same as t = FLT_MAX here.
  if (mode == 3 && t == std::numeric_limits<float>::infinity()) {
    t = std::numeric_limits<float>::max();
  }
  const float maxval = static_cast<float>(max_value);
  const auto kernel = kernels::active_kernels().f32_threshold;
  detail::pointwise_samples<float, float>(
      src, dst, [&](const float* s, float* d, size_t n) { kernel(s, d, n, t, maxval, mode); });
}

}  // namespace

void threshold(const ConstImageView& src, const ImageView& dst, double thresh, double max_value,
               ThresholdMode mode) {
  const char* func = "threshold";
  check_view(func, "src", src);
  check_output(func, "dst", dst, src.width, src.height, src.channels, src.type);
  detail::check_in_place(func, "src", src, dst);
  if (std::isnan(thresh)) throw_invalid(func, "thresh", "a number (not NaN)", "NaN");
  detail::check_finite_arg(func, "max_value", max_value);
  const int m = static_cast<int>(mode);
  if (m < 0 || m > 4) throw_invalid(func, "mode", "a ThresholdMode", std::to_string(m));
  switch (src.type) {
    case PixelType::U8:
      threshold_int<uint8_t>(src, dst, thresh, max_value, m);
      break;
    case PixelType::U16:
      threshold_int<uint16_t>(src, dst, thresh, max_value, m);
      break;
    case PixelType::S16:
      threshold_int<int16_t>(src, dst, thresh, max_value, m);
      break;
    case PixelType::F32:
      threshold_f32(src, dst, thresh, max_value, m);
      break;
  }
}

}  // namespace vc
