// Color conversions (OpenCV cvtColor numerics).
//
// Unless stated otherwise: src and dst must not overlap (InvalidArgument);
// dst must already have the documented geometry and type (check_output).
// Supported types per function are listed; anything else throws
// TypeMismatch. Channel order is R, G, B(, A) unless a name says BGR. All
// functions run on the thread pool; results do not depend on the thread
// count or the ISA level.
#pragma once

#include "visioncore/image.hpp"

namespace vc {

// Luma from RGB (or RGBA, alpha ignored): Y = 0.299 R + 0.587 G + 0.114 B.
// u8/u16: 15-bit fixed point with rounding, bit-identical to OpenCV's
// COLOR_RGB2GRAY. f32: (R*0.299f + G*0.587f) + B*0.114f.
// src: 3 or 4 channels, U8/U16/F32; dst: 1 channel, same type and size.
void rgb_to_gray(const ConstImageView& src, const ImageView& dst);
// Same with the source channel order B, G, R (BGRA).
void bgr_to_gray(const ConstImageView& src, const ImageView& dst);

// --- channel rearrangements (exact copies; U8, U16 and F32) ---

// Gray to three equal channels. src: 1 channel; dst: 3 channels, same type.
void gray_to_rgb(const ConstImageView& src, const ImageView& dst);

// Swaps the first and third channels (RGB <-> BGR, RGBA <-> BGRA); a 4th
// channel is copied unchanged. src: 3 or 4 channels; dst: same channels and
// type. In place is allowed: dst may be exactly src (same data, stride and
// geometry); any other overlap throws InvalidArgument.
void rgb_to_bgr(const ConstImageView& src, const ImageView& dst);

// Drops the 4th channel. src: 4 channels; dst: 3 channels, same type.
void rgba_to_rgb(const ConstImageView& src, const ImageView& dst);

// Appends a 4th channel equal to `alpha`. src: 3 channels; dst: 4 channels,
// same type. alpha must be representable in the type: an integer in
// [0, 255] (U8) or [0, 65535] (U16), a finite float32 value (F32);
// otherwise InvalidArgument naming 'alpha'. Without alpha: the type's
// opaque value, 255, 65535 or 1.0.
void rgb_to_rgba(const ConstImageView& src, const ImageView& dst);
void rgb_to_rgba(const ConstImageView& src, const ImageView& dst, double alpha);

// --- HSV (OpenCV cvtColor numerics; U8 and F32 only, as OpenCV) ---

// RGB (or RGBA, alpha ignored) to HSV. src: 3 or 4 channels; dst: 3.
// U8: H in [0, 180) (degrees / 2), S and V in [0, 255]; 12-bit fixed point,
// bit-identical to COLOR_RGB2HSV. F32: H in degrees [0, 360] (exactly 360.0
// only by rounding a hue just below it), S in [0, 1] for non-negative
// input, V = max(R, G, B); bit-identical to OpenCV's vectorized float path.
void rgb_to_hsv(const ConstImageView& src, const ImageView& dst);

// HSV to RGB. src and dst: 3 channels. U8: H in [0, 180) (values up to 255
// wrap around), S and V in [0, 255]; the result is truncated to uint8,
// bit-identical to OpenCV's vectorized COLOR_HSV2RGB. F32: H in degrees
// (H >= 360 wraps around; negative H takes the 0..60 degree formula, as
// OpenCV; NaN or infinite H gives NaN), S and V in [0, 1].
void hsv_to_rgb(const ConstImageView& src, const ImageView& dst);

}  // namespace vc
