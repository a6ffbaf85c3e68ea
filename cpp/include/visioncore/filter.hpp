// Linear filters (OpenCV numerics): 2-D and separable correlation, box,
// Gaussian, Sobel/Scharr/Laplacian derivatives and the adaptive threshold.
//
// Common rules:
// - Correlation, not convolution: dst(x, y) = sum k(i, j) * src(x + i - ax,
//   y + j - ay), with (ax, ay) the anchor (default: the kernel centre,
//   ksize / 2). Pixels outside the image come from the border rule
//   (border.hpp); Constant uses `border_value` (one value per channel,
//   converted to the image type with saturation) where a function takes one,
//   else 0.
// - src: 1..4 channels; U8, U16, S16 or F32 unless a function says otherwise.
//   dst must already have src's size and channel count and the documented
//   type (check_output). src and dst must not overlap (no in-place).
// - Integer outputs round half to even and saturate, like OpenCV's
//   saturate_cast. Float kernels are float32; sums run in float32 unless the
//   function documents an exact fixed-point path.
// - Kernel sides are limited to kMaxFilterKernelSide and 2-D kernel areas to
//   kMaxFilterKernelArea (InvalidArgument above that); scratch memory per
//   worker is O(kernel height * row bytes).
#pragma once

#include <cstdint>
#include <vector>

#include "visioncore/border.hpp"
#include "visioncore/image.hpp"

namespace vc {

constexpr int kMaxFilterKernelSide = 4095;
constexpr int64_t kMaxFilterKernelArea = int64_t{1} << 20;

// How a filter extends the image: mode plus, for Constant, the value of each
// channel (in the image's units).
struct FilterBorder {
  BorderMode mode = BorderMode::Reflect101;
  double value[4] = {0, 0, 0, 0};
};

// 2-D correlation with a kw x kh float kernel (row-major, kernel[j * kw + i]):
// dst = saturate(delta + sum k * src), summed in float32 over the non-zero
// coefficients (taps with equal coefficients are added first, in pairs, then
// multiplied once), like cv2.filter2D with ddepth = -1 (OpenCV switches to a
// DFT for large kernels, so results there differ by rounding). anchor -1
// means the centre. dst: same type as src. Kernel values must be finite.
void filter2d(const ConstImageView& src, const ImageView& dst, const float* kernel, int kw,
              int kh, int anchor_x = -1, int anchor_y = -1, double delta = 0,
              const FilterBorder& border = {});

// Separable correlation: the row kernel kx (kw taps) then the column kernel
// ky (kh taps), in float32 (cv2.sepFilter2D with ddepth = -1). Zero
// coefficients are skipped; symmetric kernels multiply once per tap pair.
// U8 with small integer kernels or dyadic ones ([1 4 6 4 1] / 16 ...) runs in
// exact integer arithmetic, with the same results as the float32 sums.
void sep_filter2d(const ConstImageView& src, const ImageView& dst, const float* kx, int kw,
                  const float* ky, int kh, int anchor_x = -1, int anchor_y = -1,
                  double delta = 0, const FilterBorder& border = {});

// Mean (normalize) or sum over a kw x kh window (any sizes >= 1, anchor at
// the centre ksize / 2), with running sums: the cost per pixel does not grow
// with the window. U8 means are bit-identical to cv2.blur (its fixed-point
// division up to 256 pixels; above, and for U16/S16, sum * (1 / area) rounded
// in float32 as its SIMD loops do, in double for a row's last width*cn % 8
// samples as its scalar tail does). F32: windows up to 7x7 summed directly in
// float32, larger ones with running sums in double. Constant border uses 0.
void box_filter(const ConstImageView& src, const ImageView& dst, int kw, int kh,
                bool normalize = true, BorderMode border = BorderMode::Reflect101);

// Gaussian blur with OpenCV's kernel rules (see gaussian_kernel_size and
// gaussian_kernel). kw or kh 0 derives the size from the sigma; sigma <= 0
// derives the sigma from the size; sigma_y <= 0 means sigma_y = sigma_x.
// U8 and U16 are bit-identical to cv2.GaussianBlur (its fixed-point path:
// 8 resp. 16 fraction-bit coefficients); S16 and F32 filter in float32.
// Constant border uses 0.
void gaussian_blur(const ConstImageView& src, const ImageView& dst, int kw, int kh,
                   double sigma_x, double sigma_y = 0,
                   BorderMode border = BorderMode::Reflect101);

// Sobel derivative of order (dx, dy) with an odd ksize in 1..31 (1 means a
// 3-tap difference without smoothing, dx, dy <= 2) or -1 for Scharr;
// dst = saturate(scale * derivative + delta). Accepted (src -> dst) types:
// U8 -> S16 or F32, S16 -> S16 or F32, U16 -> F32, F32 -> F32; dst's type
// selects the output. Constant border uses 0.
void sobel(const ConstImageView& src, const ImageView& dst, int dx, int dy, int ksize = 3,
           double scale = 1, double delta = 0, BorderMode border = BorderMode::Reflect101);
// Scharr 3x3 derivative, (dx, dy) = (1, 0) or (0, 1); types as sobel.
void scharr(const ConstImageView& src, const ImageView& dst, int dx, int dy, double scale = 1,
            double delta = 0, BorderMode border = BorderMode::Reflect101);
// Laplacian d2/dx2 + d2/dy2: ksize 1 and 3 use OpenCV's 3x3 kernels, odd
// 5..31 the sum of two Sobel second derivatives. Types as sobel.
void laplacian(const ConstImageView& src, const ImageView& dst, int ksize = 1, double scale = 1,
               double delta = 0, BorderMode border = BorderMode::Reflect101);

enum class AdaptiveMethod { Mean, Gaussian };

// cv2.adaptiveThreshold, bit-identical: U8 one-channel src and dst; the local
// mean over block_size x block_size (odd, >= 3) pixels with a replicated
// border, either the box mean (rounded as box_filter) or the Gaussian mean
// (sigma from block_size, float32, rounded half to even); then
// dst = (src - mean > -ceil(c)) ? max_value : 0, or with `inverse`
// dst = (src - mean <= -floor(c)) ? max_value : 0. max_value is saturated to
// 0..255 after rounding; a negative max_value gives an all-zero image.
void adaptive_threshold(const ConstImageView& src, const ImageView& dst, double max_value,
                        AdaptiveMethod method, bool inverse, int block_size, double c);

// OpenCV's kernel size for a sigma: round(sigma * (U8 ? 3 : 4) * 2 + 1) | 1.
int gaussian_kernel_size(double sigma, PixelType type);
// OpenCV's getGaussianKernel in double: n taps (n >= 1), sigma <= 0 derives
// 0.3 * ((n - 1) * 0.5 - 1) + 0.8 (and n = 1, 3, 5, 7, 9 then use OpenCV's
// fixed dyadic tables). Sums to 1.
std::vector<double> gaussian_kernel(int n, double sigma);
// OpenCV's getDerivKernels (normalize = false): the x and y kernels of the
// Sobel derivative (dx, dy) with the given ksize (odd 1..31, or -1 = Scharr).
void deriv_kernels(int dx, int dy, int ksize, std::vector<float>* kx, std::vector<float>* ky);

}  // namespace vc
