// Geometric transforms: resize, affine and perspective warps, remap, lens
// undistortion, flips, 90-degree rotations, padding and crops.
//
// Conventions shared by every function here:
// - Pixel centres sit at integer coordinates; resize maps destination pixel
//   x to source coordinate (x + 0.5) * src_w / dst_w - 0.5 (the half-pixel
//   convention of OpenCV, Pillow, ONNX Resize and PyTorch align_corners=False).
// - Supported pixel types: U8, U16 and F32 with 1..4 channels; anything else
//   throws TypeMismatch. dst must already have the documented geometry and
//   the type of src (check_output), and must not overlap src (InvalidArgument)
//   unless a function says otherwise.
// - Integer results are rounded to nearest (ties to even) and saturated, as
//   OpenCV's saturate_cast does; float results are not clamped.
// - Work is split into row chunks over the thread pool; results are identical
//   for every thread count and every ISA level.
#pragma once

#include <cstdint>

#include "visioncore/border.hpp"
#include "visioncore/image.hpp"

namespace vc {

enum class Interpolation {
  Nearest,  // the nearest source pixel
  Linear,   // bilinear (2x2 neighbourhood)
  Area,     // resize only: pixel-area averaging (box filter) when shrinking
  Cubic,    // bicubic, Keys kernel with a = -0.75 (4x4 neighbourhood)
};

// ----------------------------------------------------------------- resize --

// Destination size for scale factors (fx, fy) as OpenCV computes it:
// round-half-even(src * f). Throws InvalidArgument naming `func` if a factor
// is not finite and positive or a result is not a valid image side
// (1 .. kMaxSide), LimitExceeded if the image would be too large.
void resize_output_size(const char* func, int src_width, int src_height, double fx, double fy,
                        int* dst_width, int* dst_height);

// Resizes src into dst (dst's size is the output size). `fx`, `fy` > 0 give
// the scale factors used to map coordinates (as when cv::resize is called
// with dsize empty and fx, fy); 0 means dst_w / src_w and dst_h / src_h.
// Numerics follow cv::resize (OpenCV 5):
// - Nearest: source index floor(x / scale), clamped (cv::INTER_NEAREST, which
//   does not use the half-pixel offset). Identical to OpenCV.
// - Linear: half-pixel bilinear, clamped at the edges. U8 uses 11-bit fixed
//   point weights and OpenCV's rounding, bit-identical to cv::INTER_LINEAR;
//   U16/F32 use float weights. Exactly 2x shrinking is the 2x2 box average.
// - Area: shrinking by integer factors averages k x k blocks (2x2 U8/U16:
//   (a+b+c+d+2) >> 2); other shrinking uses exact pixel-area weights; when
//   enlarging (either axis) it is bilinear with area-style weights, as OpenCV.
// - Cubic: Keys a = -0.75 with edge replication, float weights (U8 within 1
//   of OpenCV, F32 within 1e-5).
// U16 and F32 linear / area weights are float, so U16 may differ from OpenCV
// by 1 where it fuses multiply-adds. Same size: a copy. src and dst must not
// overlap.
void resize(const ConstImageView& src, const ImageView& dst,
            Interpolation interp = Interpolation::Linear, double fx = 0.0, double fy = 0.0);

// ------------------------------------------------------- warps and remap --

// For every destination pixel (x, y) the source coordinate is computed and
// sampled with `interp` (Nearest, Linear or Cubic; Area is refused) and
// `border` (BorderMode::Constant uses border_value[0..channels-1], converted
// to the pixel type with rounding and saturation; null = 0). Numerics follow
// OpenCV 5's float warps: coordinates in float32 (fl(M0 x + fl(fl(y M1) +
// M2)), the multiply-add rounded once), Nearest rounds them half to even,
// Linear and Cubic (Keys, a = -0.75) use the fractional parts as float
// weights, in float arithmetic without fused multiply-adds (so U8 results
// are within 1 of OpenCV, Nearest identical). Coordinates are clamped to
// +-2^22 first (NaN counts as far outside). Known differences from OpenCV:
// 2-channel images use this same float path (OpenCV 5 still quantizes
// 2-channel linear/nearest warps to 1/32 pixel), and Reflect/Reflect101/Wrap
// stay periodic arbitrarily far out (OpenCV's cubic settles on an edge value
// beyond about one image size, and never returns for Reflect101 on a
// 1-pixel side).

// Affine warp. M is 2x3, row-major. By default M maps source to destination
// coordinates and is inverted here (like cv::warpAffine without
// WARP_INVERSE_MAP); with inverse_map = true it already maps destination to
// source: src = (M[0] x + M[1] y + M[2], M[3] x + M[4] y + M[5]).
// Throws InvalidArgument if M has a non-finite entry or is singular.
void warp_affine(const ConstImageView& src, const ImageView& dst, const double M[6],
                 Interpolation interp = Interpolation::Linear,
                 BorderMode border = BorderMode::Constant, const double* border_value = nullptr,
                 bool inverse_map = false);

// Perspective warp. H is 3x3, row-major, mapping source to destination
// (inverted here) unless inverse_map: src = ((H0 x + H1 y + H2) / w,
// (H3 x + H4 y + H5) / w) with w = H6 x + H7 y + H8 (w = 0 is outside).
void warp_perspective(const ConstImageView& src, const ImageView& dst, const double H[9],
                      Interpolation interp = Interpolation::Linear,
                      BorderMode border = BorderMode::Constant,
                      const double* border_value = nullptr, bool inverse_map = false);

// dst(x, y) = src(map_x(x, y), map_y(x, y)). The maps are F32, 1 channel,
// the size of dst. Throws InvalidArgument if a map value is NaN or infinite.
void remap(const ConstImageView& src, const ImageView& dst, const ConstImageView& map_x,
           const ConstImageView& map_y, Interpolation interp = Interpolation::Linear,
           BorderMode border = BorderMode::Constant, const double* border_value = nullptr);

// ------------------------------------------------------- lens distortion --

// The maps of cv::initUndistortRectifyMap(K, dist, I, new_K, size, CV_32FC1):
// for each destination pixel, (x, y) = new_K^-1 (u, v, 1) and the distorted
// source position
//   r2 = x^2 + y^2,  k = 1 + k1 r2 + k2 r2^2 + k3 r2^3
//   xd = x k + 2 p1 x y + p2 (r2 + 2 x^2),  yd = y k + p1 (r2 + 2 y^2) + 2 p2 x y
//   map_x = fx xd + cx,  map_y = fy yd + cy       (fx, fy, cx, cy from K)
// computed in double precision. K, new_K: 3x3 row-major camera matrices
// (new_K null: K). dist: (k1, k2, p1, p2) or (k1, k2, p1, p2, k3), n_dist 4 or 5.
// map_x, map_y: F32, 1 channel, the requested size.
void init_undistort_map(const double K[9], const double* dist, int n_dist, const double* new_K,
                        const ImageView& map_x, const ImageView& map_y);

// remap(src, init_undistort_map(K, dist, new_K, src size), interp, Constant 0).
// Unlike cv::undistort (which quantizes its maps to 1/32 pixel), the maps
// stay float, so results equal cv::remap with CV_32FC1 maps.
void undistort(const ConstImageView& src, const ImageView& dst, const double K[9],
               const double* dist, int n_dist, const double* new_K = nullptr,
               Interpolation interp = Interpolation::Linear);

// ------------------------------------------------- flips, rotations, pads --

enum class FlipAxis {
  Horizontal,  // mirror left-right (cv::flip code 1)
  Vertical,    // mirror top-bottom (cv::flip code 0)
  Both,        // both (cv::flip code -1), a 180-degree rotation
};
// dst = src mirrored. dst has src's geometry. src and dst must not overlap.
void flip(const ConstImageView& src, const ImageView& dst, FlipAxis axis);

// Rotates by k * 90 degrees counter-clockwise (like numpy.rot90(img, k)).
// k is taken modulo 4; for odd k dst is src_h x src_w. Any pixel type.
void rotate90(const ConstImageView& src, const ImageView& dst, int k);

// cv::copyMakeBorder: dst is (top + h + bottom) x (left + w + right), the
// source in the middle and the border filled by `border` (Constant uses
// value[0..channels-1], null = 0). Sizes must be >= 0.
void pad(const ConstImageView& src, const ImageView& dst, int top, int bottom, int left,
         int right, BorderMode border = BorderMode::Constant, const double* value = nullptr);

// The view of the w x h rectangle at (x, y), sharing src's memory. Throws
// InvalidArgument unless 0 <= x, 0 <= y, w >= 1, h >= 1, x + w <= width and
// y + h <= height (checked in 64-bit arithmetic).
ConstImageView crop(const ConstImageView& src, int64_t x, int64_t y, int64_t w, int64_t h);

}  // namespace vc
