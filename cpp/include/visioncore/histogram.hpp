// Histograms, equalization, CLAHE, integral images, Otsu and triangle levels.
//
// histogram: per-channel counts over `bins` uniform bins of the half-open
// range [lo, hi) (cv2.calcHist / numpy.histogram semantics): a sample v with
// lo <= v < hi goes to bin floor(v * a + b) (a = bins / (hi - lo),
// b = -lo * a, in double) clamped to [0, bins - 1]; samples outside the range
// and float NaN are not counted. Integer sources are counted exactly (a full
// 256 / 65536-entry count folded through a lookup table), float sources per
// sample. A U8 mask (same size, 1 channel) restricts counting to its nonzero
// pixels. Counts are int64, laid out channel by channel: counts[c * bins + i].
//
// equalize_hist: cv2.equalizeHist, bit for bit (U8, 1 channel):
// lut[v] = round(cdf'(v) * 255 / (N - h[first])), cdf' excluding the first
// occupied level (which maps to 0); a constant image maps to itself.
//
// clahe: cv2.createCLAHE(clip_limit, (tiles_x, tiles_y)).apply, bit for bit
// (U8 and U16, 1 channel). When the size is not a multiple of the grid in
// both directions, the tile histograms are taken over the image extended at
// the bottom and right by tiles_y - H % tiles_y rows and tiles_x - W % tiles_x
// columns (reflect101), as OpenCV does; each tile's histogram is clipped at
// max(int(clip_limit * tile_area / nbins), 1) (a limit above the tile area
// means no clipping; OpenCV's int conversion overflows there instead), the
// excess redistributed
// uniformly then one by one at stride nbins / residual; its LUT is
// saturate(round(cdf * (nbins - 1) / tile_area)). Each output pixel is the
// bilinear (float32) blend of the four nearest tile LUTs at its value.
//
// integral: OpenCV's integral / integral2: sum (and squared sum) of all
// pixels above and to the left, per channel, in an (H + 1) x (W + 1) image
// whose first row and column are zero. Sum types: U8 -> int32 when
// H * W * 255 fits int32 (H * W <= 8,421,504: any image up to 4K UHD), else
// int64; U16 -> int64; F32 -> double. Squared sums are double. Each row is
// its running prefix sum added to the row above (OpenCV's order, so float
// sums are bit-identical).
//
// threshold_otsu / threshold_triangle: the level cv2.threshold returns with
// THRESH_OTSU / THRESH_TRIANGLE (U8; Otsu also U16), over the whole image or
// the nonzero pixels of a mask. The triangle level is double like OpenCV's
// (it is an integer value).
//
// Every function takes strided views, checks types and sizes before any
// allocation, never writes outside its outputs, and gives the same result for
// every ISA level and thread count.
#pragma once

#include <cstdint>

#include "visioncore/image.hpp"

namespace vc {

// Largest bin count histogram accepts.
constexpr int kMaxHistBins = 1 << 20;

struct HistRange {
  double lo = 0;  // inclusive
  double hi = 0;  // exclusive; lo < hi, both finite
};

// counts: channels * bins int64 values (overwritten). mask: empty view, or a
// U8 1-channel image of src's size.
void histogram(const ConstImageView& src, int bins, HistRange range, const ConstImageView& mask,
               int64_t* counts);

// dst: U8 1-channel of src's size; may be src itself (in place).
void equalize_hist(const ConstImageView& src, const ImageView& dst);

// clip_limit > 0 and finite; 1 <= tiles_x <= W, 1 <= tiles_y <= H;
// dst has src's size and type and does not overlap src.
void clahe(const ConstImageView& src, const ImageView& dst, double clip_limit, int tiles_x,
           int tiles_y);

enum class IntegralType { S32, S64, F64 };

// The sum type integral uses for a source (see above).
IntegralType integral_sum_type(const ConstImageView& src);

// A raw output plane of the integral: (height) rows of (width * channels)
// elements of `type`, `stride` bytes apart.
struct IntegralPlane {
  void* data = nullptr;
  ptrdiff_t stride = 0;
  IntegralType type = IntegralType::S32;
};

// sum: (H + 1) x (W + 1) x C of integral_sum_type(src); sqsum: the same in
// F64, or data == nullptr to skip it.
void integral(const ConstImageView& src, const IntegralPlane& sum, const IntegralPlane& sqsum);

double threshold_otsu(const ConstImageView& src, const ConstImageView& mask = {});
double threshold_triangle(const ConstImageView& src, const ConstImageView& mask = {});

}  // namespace vc
