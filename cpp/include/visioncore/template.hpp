// Template matching (OpenCV's matchTemplate) and the location of extrema
// (minMaxLoc).
//
// For an image I (H x W, C channels) and a template T (h x w, same C), the
// result R is (H - h + 1) x (W - w + 1), one float channel; (x, y) is the
// template's top-left corner, sums run over the template (x', y') and the
// channels c:
//   SqDiff        R = sum (T(x',y') - I(x+x',y+y'))^2
//   CCorr         R = sum T(x',y') I(x+x',y+y')
//   CCoeff        R = sum T'(x',y') I'(x+x',y+y'), with T' = T - mean(T) and
//                 I' = I - mean of the window, per channel
//   *Normed       R divided by sqrt(sum T^2 * sum I^2) over the window
//                 (CCoeff: of T' and I'), with OpenCV's guards: a window of
//                 (near) zero energy gives 0 (SqDiffNormed: 1); |R| just above
//                 1 from rounding is clamped to +-1; a constant template
//                 gives 1 everywhere for CCoeffNormed.
// With a mask M (h x w, 1 or C channels): U8 masks are binary (nonzero = 1),
// F32 masks are weights; every sum above weighs its terms by M^2, means are
// M-weighted (OpenCV's masked formulas: T' = M (T - sum(M T) / sum M), I'
// likewise per window).
//
// Computation: the cross-correlation sum T I is either direct (SIMD over
// output pixels, small templates; exact int32 sums of pmaddwd pairs for U8,
// float sums of at most 256 taps added in double for F32) or by a
// double-precision FFT (tiles of
// 2^a 3^b 5^c sizes, the spectrum of the template computed once), chosen by a fixed cost model that
// depends only on the sizes, never on the ISA level or thread count; window
// sums for the normalizations come from exact running sums in double.
// Results are float32 and match OpenCV within float rounding of the response
// (about 1e-6 of its scale; 1e-4 is the tested bound).
//
// Types: image and template U8 or F32 (the same type), 1..4 channels (the
// same count); dst F32 1 channel of the result size, not overlapping the
// inputs. The template must fit inside the image.
#pragma once

#include "visioncore/image.hpp"

namespace vc {

enum class TemplMethod { SqDiff, SqDiffNormed, CCorr, CCorrNormed, CCoeff, CCoeffNormed };

void match_template(const ConstImageView& img, const ConstImageView& templ, const ImageView& dst,
                    TemplMethod method, const ConstImageView& mask = {});

// Extremes of a 1-channel image and their first positions in raster order
// (OpenCV's minMaxLoc). With a U8 mask of the same size only pixels where it
// is nonzero count; if none does, min = max = 0 and both locations are
// (-1, -1). NaNs are skipped. Types: U8, U16, S16, F32.
struct MinMaxLoc {
  double min_val = 0, max_val = 0;
  int min_x = -1, min_y = -1, max_x = -1, max_y = -1;
};
MinMaxLoc min_max_loc(const ConstImageView& img, const ConstImageView& mask = {});

}  // namespace vc
