// Morphology: erosion, dilation and the operations built from them, with
// flat structuring elements (OpenCV's erode / dilate / morphologyEx).
//
// With kernel K (a height x width mask, nonzero = member) and anchor (ax, ay):
//   erode(src)(x, y)  = min over K(i, j) != 0 of src(x + j - ax, y + i - ay)
//   dilate(src)(x, y) = max over the same set (K is not reflected, as in
//                       OpenCV)
// per channel. Pixels outside the image come from the border rule; the
// default (BorderMode::Constant without a value) is OpenCV's
// morphologyDefaultBorderValue: the type's maximum for erosion and minimum
// for dilation (float: +-FLT_MAX), so the border never wins.
//
// Iterations follow OpenCV exactly: an all-ones kernel applied n times is
// replaced by one rectangle of size n * (k - 1) + 1 with anchor n * a (so
// borders are applied once); any other kernel is applied n times; n == 0 or
// a 1x1 kernel copies src.
//
// Cost per pixel: rectangles are separable, O(1) in their height from 7
// rows on (van Herk/Gil-Werman down the columns; shorter ones fold each
// pair of output rows' shared middle once) and O(log width) along rows;
// other kernels are cut into horizontal runs, each the min of two
// power-of-two row minima: O(runs + log width), not O(area).
// open / close / top-hat / black-hat / gradient stream rows through both
// passes without an intermediate image where they can.
//
// Types: U8, U16, S16, F32, 1..4 channels; dst has src's size, channels and
// type and must not overlap src. Results do not depend on the thread count.
#pragma once

#include "visioncore/border.hpp"
#include "visioncore/image.hpp"

namespace vc {

enum class MorphShape { Rect, Ellipse, Cross };
enum class MorphOp { Erode, Dilate, Open, Close, Gradient, TopHat, BlackHat };

// Largest kernel side accepted (also after the iteration rule above).
constexpr int kMaxMorphKernelSide = 1023;

// The (height x width) U8 0/1 structuring element, identical to
// cv::getStructuringElement: Rect is all ones; Cross is the anchor's row and
// column (anchor -1 = center); Ellipse is the ellipse inscribed in the box.
// A 1x1 size always gives a rectangle. Sides in [1, kMaxMorphKernelSide].
Image structuring_element(MorphShape shape, int width, int height, int anchor_x = -1,
                          int anchor_y = -1);

struct MorphOptions {
  int anchor_x = -1;  // -1: kernel center (width / 2, height / 2)
  int anchor_y = -1;
  int iterations = 1;  // >= 0
  BorderMode border = BorderMode::Constant;
  // With BorderMode::Constant: use border_value (per channel, saturated to
  // the type) instead of the neutral default.
  bool has_border_value = false;
  double border_value[4] = {0, 0, 0, 0};
};

// kernel: a U8 1-channel mask (nonzero = member) with at least one member,
// sides up to kMaxMorphKernelSide; an empty view means the 3x3 rectangle.
void erode(const ConstImageView& src, const ImageView& dst, const ConstImageView& kernel,
           const MorphOptions& opt = {});
void dilate(const ConstImageView& src, const ImageView& dst, const ConstImageView& kernel,
            const MorphOptions& opt = {});

// Open = dilate(erode(src)), Close = erode(dilate(src)),
// Gradient = dilate(src) - erode(src), TopHat = src - open(src),
// BlackHat = close(src) - src; differences saturate (float: plain).
void morphology(const ConstImageView& src, const ImageView& dst, MorphOp op,
                const ConstImageView& kernel, const MorphOptions& opt = {});

}  // namespace vc
