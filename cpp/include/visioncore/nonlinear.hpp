// Nonlinear smoothing filters: median and bilateral (OpenCV's medianBlur and
// bilateralFilter). dst must have src's size, channels and type and must not
// overlap src. Results do not depend on the thread count.
#pragma once

#include "visioncore/border.hpp"
#include "visioncore/image.hpp"

namespace vc {

// Largest median window side (the histogram median counts in 16 bits).
constexpr int kMaxMedianKsize = 255;
// Largest bilateral window radius.
constexpr int kMaxBilateralRadius = 255;

// Median of the ksize x ksize window around each pixel, per channel, with
// the replicate border (as cv::medianBlur). ksize odd: 3 and 5 for U8, U16
// and F32 (1..4 channels; sorting networks), any odd 7..kMaxMedianKsize for
// U8 (Perreault & Hebert's constant-time histogram median). ksize == 1
// copies. Results equal OpenCV's exactly (the median of integers is exact;
// for float without NaN as well).
void median_blur(const ConstImageView& src, const ImageView& dst, int ksize);

// Bilateral filter (cv::bilateralFilter numerics), U8 or F32 with 1 or 3
// channels:
//   out(p) = sum_q w(p, q) src(q) / sum_q w(p, q),
//   w(p, q) = exp(-|p - q|^2 / (2 sigma_space^2)) * exp(-c^2 / (2 sigma_color^2))
// over the disc |p - q| <= r, where c = sum over channels of |src(q) - src(p)|.
// r = d / 2 for d > 0, else round(1.5 * sigma_space); at least 1, at most
// kMaxBilateralRadius. U8 reads the color factor from a 256 * cn table and
// rounds half to even; F32 interpolates a 4096 * cn table over the image's
// value range, skips NaN neighbours and gives a NaN pixel's neighbours color
// weight 1 (as OpenCV). sigmas must be finite and > 0 (sigmas <= 1e-6 return
// a copy, as OpenCV does); F32 images must not contain +-Inf.
// border_value is used with BorderMode::Constant (per channel).
void bilateral_filter(const ConstImageView& src, const ImageView& dst, int d, double sigma_color,
                      double sigma_space, BorderMode border = BorderMode::Reflect101,
                      const double* border_value = nullptr);

}  // namespace vc
