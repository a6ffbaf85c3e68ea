// Thresholds and per-pixel arithmetic (OpenCV's threshold, convertTo,
// normalize, addWeighted and absdiff numerics).
//
// Types: U8, U16, S16, F32, 1..4 channels; the channels of a pixel are
// treated alike. Unless stated otherwise dst must already have src's size
// and channels (check_output), and may be exactly src (same data and stride:
// in place) but must not overlap it otherwise (InvalidArgument). Non-finite
// scalar parameters are refused (InvalidArgument) where stated. Results do
// not depend on the thread count or the ISA level.
//
// Conversions to an integer type (convert_scale, normalize, add_weighted):
// the float32 result is clamped to the type's range, NaN giving the type's
// minimum, then rounded half to even, as OpenCV's saturate_cast. Unlike
// OpenCV, results beyond +-2^31 saturate (OpenCV's cvRound overflows them to
// INT_MIN, e.g. 3e9 -> 0 in uint8).
#pragma once

#include "visioncore/image.hpp"

namespace vc {

enum class ThresholdMode { Binary, BinaryInv, Trunc, ToZero, ToZeroInv };

// Fixed threshold, identical to cv2.threshold with the same arguments:
//   Binary:    dst = src > t ? maxval : 0
//   BinaryInv: dst = src > t ? 0 : maxval
//   Trunc:     dst = src > t ? t : src
//   ToZero:    dst = src > t ? src : 0
//   ToZeroInv: dst = src > t ? 0 : src
// Integer types: t = floor(thresh) and maxval = round(max_value) saturated
// to the type (Trunc ignores max_value); t below the type's minimum or at
// or above its maximum gives the constant or copied image these formulas
// give (so thresh = +-inf is allowed). F32: t = float(thresh),
// maxval = float(max_value); a NaN sample gives 0 in Binary / BinaryInv
// and stays NaN otherwise, and ToZero with t = +inf keeps +inf samples
// (OpenCV's results). thresh must not be NaN and
// max_value must be finite (InvalidArgument).
// In place allowed.
void threshold(const ConstImageView& src, const ImageView& dst, double thresh, double max_value,
               ThresholdMode mode);

// dst = saturate(fma(float(src), float(alpha), float(beta))): one fused
// multiply-add in float32, as OpenCV's convertTo (src.convertTo(dst, type,
// alpha, beta)) for these types. dst may have any of the four types (same
// size and channels); alpha = 1, beta = 0 with the same type copies.
// alpha and beta must be finite (InvalidArgument). In place allowed when
// the types match.
void convert_scale(const ConstImageView& src, const ImageView& dst, double alpha = 1.0,
                   double beta = 0.0);

enum class NormKind { MinMax, L1, L2, Inf };

// cv2.normalize(src, None, alpha, beta, norm, dtype) (no mask). MinMax:
// scale = (max(a, b) - min(a, b)) / (smax - smin) (0 when smax - smin <=
// DBL_EPSILON, i.e. a constant image gives min(a, b)), shift = min(a, b) -
// smin * scale, over all samples (F32 NaN samples ignored; they stay NaN).
// L1 / L2 / Inf: scale = alpha / norm(src) (0 when the norm <= DBL_EPSILON),
// shift = 0; beta unused. All in double, then convert_scale(src, dst,
// scale, shift). alpha and beta must be finite. In place allowed when the
// types match.
void normalize(const ConstImageView& src, const ImageView& dst, double alpha, double beta,
               NormKind norm);

// dst = saturate(fma(a, alpha, fma(b, beta, gamma))) in float32 (OpenCV's
// addWeighted vector loop; its scalar loop, used only for rows shorter
// than one vector, rounds differently). a and b: same type, size and
// channels; dst: any of the four types, same size and channels, may be
// exactly a or b. alpha, beta, gamma must be finite.
void add_weighted(const ConstImageView& a, double alpha, const ConstImageView& b, double beta,
                  double gamma, const ImageView& dst);

// dst = |a - b|, exact (S16 saturates to 32767, F32 NaN stays NaN), as
// cv2.absdiff. a, b, dst: same type, size and channels; dst may be exactly
// a or b.
void absdiff(const ConstImageView& a, const ConstImageView& b, const ImageView& dst);

}  // namespace vc
