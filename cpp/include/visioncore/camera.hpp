// Camera raw formats: Bayer demosaicing and YUV decoding.
#pragma once

#include <cstddef>
#include <cstdint>

#include "visioncore/image.hpp"

namespace vc {

// Bayer patterns are named by the top-left 2x2 block of the sensor, read
// row by row: RGGB means row 0 = R G R G ..., row 1 = G B G B ...
enum class BayerPattern { RGGB, BGGR, GRBG, GBRG };

enum class DemosaicMethod {
  Bilinear,  // OpenCV-compatible bilinear (COLOR_Bayer**2RGB)
  Malvar,    // gradient-corrected linear interpolation (Malvar, He, Cutler 2004)
};

// raw: 1 channel, U8 or U16. dst: 3 channels RGB, same type and size.
// src and dst must not overlap.
void demosaic(const ConstImageView& raw, const ImageView& dst, BayerPattern pattern,
              DemosaicMethod method = DemosaicMethod::Bilinear);

enum class YuvLayout { NV12, NV21, I420, YUYV, UYVY };
enum class YuvStandard { BT601, BT709 };

// Decodes a packed YUV buffer of `size` bytes holding a width x height frame
// (planar layouts: Y plane then chroma; rows tightly packed) into dst, 3
// channels RGB U8. Throws InvalidArgument if the buffer is shorter than the
// layout needs or width/height are odd where the layout subsamples.
void yuv_to_rgb(const uint8_t* buffer, size_t size, int width, int height, YuvLayout layout,
                const ImageView& dst, YuvStandard standard = YuvStandard::BT601,
                bool full_range = false);

}  // namespace vc
