// Dense descriptors: HOG (Dalal-Triggs, as skimage.feature.hog) and local
// binary patterns (as skimage.feature.local_binary_pattern).
//
// HOG. Gradients are central differences, g_row(y, x) = I(y+1, x) - I(y-1, x)
// and g_col(y, x) = I(y, x+1) - I(y, x-1), zero on the first/last row
// (g_row) and column (g_col); for several channels each pixel takes the
// gradient of the channel with the largest magnitude (the first on ties).
// Magnitude hypot(g_col, g_row) and orientation atan2(g_row, g_col) in
// degrees modulo 180, in double. Cells are cell_h x cell_w pixels from the
// top-left (rows and columns past the last whole cell are ignored); each
// pixel adds its magnitude to one bin, floor(orientation / (180 / bins))
// (no interpolation between bins or cells), and a cell's histogram is
// divided by its area. Blocks of block_h x block_w cells slide one cell at
// a time and are normalized with eps = 1e-5:
//   L1      v / (sum |v| + eps)          L1-sqrt  sqrt(v / (sum |v| + eps))
//   L2      v / sqrt(sum v^2 + eps^2)    L2-Hys   L2, clip at 0.2, L2 again
// Output layout (float32, flat):
//   [block_row][block_col][cell_row in block][cell_col in block][bin],
// n_blocks_row = H / cell_h - block_h + 1 (likewise columns); both must be
// >= 1. U8 images are differenced exactly, F32 images in float32 (as skimage
// does for each dtype).
//
// LBP. Neighbour i of P lies at (y - R sin(2 pi i / P), x + R cos(2 pi i / P))
// (offsets rounded to 5 decimals), bilinearly interpolated in double with
// zeros outside the image; bit i is set when neighbour >= center.
//   Default      sum bit_i 2^i
//   Ror          the minimum over the P bit rotations of Default
//   Uniform      the number of set bits if bits 0..P-1 change at most twice
//                along the (non-circular) chain, else P + 1
// Codes are U8 for P <= 8, U16 for P <= 16.
//
// Types: U8 or F32 images (HOG: 1..4 channels, LBP: 1 channel). Results do
// not depend on the thread count or ISA level.
#pragma once

#include <vector>

#include "visioncore/image.hpp"

namespace vc {

enum class HogNorm { L1, L1Sqrt, L2, L2Hys };

struct HogParams {
  int cell_h = 8, cell_w = 8;
  int block_h = 3, block_w = 3;
  int bins = 9;  // 1..180
  HogNorm norm = HogNorm::L2Hys;
};

// Number of floats hog() produces for an image of this size (throws
// InvalidArgument when the parameters are invalid or no block fits).
size_t hog_size(int width, int height, const HogParams& p);
// Writes hog_size() floats to out.
void hog(const ConstImageView& img, const HogParams& p, float* out);

enum class LbpMethod { Default, Ror, Uniform };

// dst: U8 (points <= 8) or U16 (points <= 16), src's size, 1 channel.
// radius > 0 (finite, at most 1024), points in 1..16.
void lbp(const ConstImageView& img, const ImageView& dst, double radius, int points,
         LbpMethod method);

}  // namespace vc
