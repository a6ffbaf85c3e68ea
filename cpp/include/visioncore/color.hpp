// Color conversions (OpenCV cvtColor numerics).
//
// Unless stated otherwise: src and dst must not overlap; dst must already have
// the documented geometry and type (check_output). Supported types per
// function are listed; anything else throws TypeMismatch.
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

}  // namespace vc
