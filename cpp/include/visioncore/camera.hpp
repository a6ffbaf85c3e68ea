// Camera raw formats: Bayer demosaicing and YUV decoding.
#pragma once

#include <cstddef>
#include <cstdint>

#include "visioncore/image.hpp"

namespace vc {

// Bayer patterns are named by the top-left 2x2 block of the sensor, read
// row by row: RGGB means row 0 = R G R G ..., row 1 = G B G B ...
// OpenCV names its codes after the second row's second and third pixels, so
// RGGB = COLOR_BayerBG2RGB, BGGR = COLOR_BayerRG2RGB, GRBG = COLOR_BayerGB2RGB
// and GBRG = COLOR_BayerGR2RGB.
enum class BayerPattern { RGGB, BGGR, GRBG, GBRG };

enum class DemosaicMethod {
  // OpenCV-compatible bilinear (COLOR_Bayer**2RGB), bit-identical to it for
  // images of at least 3x3. Missing colours are the rounded means of the
  // 2 or 4 nearest samples of that colour: (a + b + 1) >> 1 and
  // (a + b + c + d + 2) >> 2. The outermost rows and columns repeat their
  // inner neighbours, as OpenCV does. A side of exactly 2 pixels (where
  // OpenCV returns zeros) is interpolated with mirrored (reflect-101)
  // neighbours instead.
  Bilinear,
  // Gradient-corrected linear interpolation (Malvar, He, Cutler, ICASSP
  // 2004): the bilinear estimate plus a Laplacian correction from the
  // pixel's own colour channel, i.e. the paper's four 5x5 filters, in exact
  // integer arithmetic (weights x16, +8, >> 4), saturated to the pixel type.
  // Borders use mirrored (reflect-101) neighbours, which keeps the Bayer
  // phase.
  Malvar,
};

// raw: 1 channel, U8 or U16, at least 2x2 (odd sizes are fine).
// dst: 3 channels RGB, same type and size. raw and dst must not overlap.
// Throws InvalidArgument (sizes, overlap) or TypeMismatch (pixel type).
void demosaic(const ConstImageView& raw, const ImageView& dst, BayerPattern pattern,
              DemosaicMethod method = DemosaicMethod::Bilinear);

// Frame layouts, all 8 bits per sample, rows tightly packed:
//   NV12  Y plane (W*H), then H/2 rows of W bytes of interleaved U,V pairs
//   NV21  as NV12 with V,U pairs
//   I420  Y plane, then the U plane (W/2 * H/2), then the V plane
//   YV12  as I420 with the V plane first
//   YUYV  W*H*2 bytes, Y0 U Y1 V per two pixels (YUY2)
//   UYVY  W*H*2 bytes, U Y0 V Y1 per two pixels
// 4:2:0 layouts need an even width and height, 4:2:2 ones an even width.
enum class YuvLayout { NV12, NV21, I420, YV12, YUYV, UYVY };

// BT.601: Kr = 0.299, Kb = 0.114. BT.709: Kr = 0.2126, Kb = 0.0722.
enum class YuvStandard { BT601, BT709 };

// Bytes a width x height frame of `layout` occupies (no size checks).
int64_t yuv_frame_bytes(int64_t width, int64_t height, YuvLayout layout);

// Decodes a width x height frame from `buffer` (`size` bytes; extra bytes
// after the frame are ignored) into dst, 3 channels RGB U8.
//
// Limited range (default): Y' in [16, 235] and Cb, Cr in [16, 240]; Y below
// 16 (footroom) is treated as black. full_range: all three use 0..255.
// R = Ys*(Y - Y0) + Cr_r*(V - 128), G = Ys*(Y - Y0) + Cb_g*(U - 128) +
// Cr_g*(V - 128), B = Ys*(Y - Y0) + Cb_b*(U - 128), with the standard's
// textbook coefficients in 20-bit fixed point, rounded and saturated. For
// BT.601 limited range the coefficients are OpenCV's (1.164, 1.596, -0.391,
// -0.813, 2.018), so the result is bit-identical to COLOR_YUV2RGB_NV12 etc.
// Chroma is replicated over each 2x2 (4:2:0) or 2x1 (4:2:2) block.
//
// Throws InvalidArgument naming 'width'/'height' (non-positive, or odd where
// the layout subsamples), 'buffer' (null or shorter than the frame) or 'dst'
// (wrong geometry, or overlapping the buffer); LimitExceeded for sizes above
// limits.hpp.
void yuv_to_rgb(const uint8_t* buffer, size_t size, int width, int height, YuvLayout layout,
                const ImageView& dst, YuvStandard standard = YuvStandard::BT601,
                bool full_range = false);

}  // namespace vc
