// structuring_element: cv::getStructuringElement's shapes, row by row.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "visioncore/error.hpp"
#include "visioncore/morphology.hpp"

namespace vc {

Image structuring_element(MorphShape shape, int width, int height, int anchor_x, int anchor_y) {
  const char* func = "structuring_element";
  auto check_side = [&](const char* param, int v) {
    if (v < 1 || v > kMaxMorphKernelSide) {
      throw_invalid(func, param, "a size in [1, " + std::to_string(kMaxMorphKernelSide) + "]",
                    std::to_string(v));
    }
  };
  check_side("ksize", width);
  check_side("ksize", height);
  if (anchor_x == -1) anchor_x = width / 2;
  if (anchor_y == -1) anchor_y = height / 2;
  if (anchor_x < 0 || anchor_x >= width || anchor_y < 0 || anchor_y >= height) {
    throw_invalid(func, "anchor", "a point inside the kernel or (-1, -1)",
                  "(" + std::to_string(anchor_x) + ", " + std::to_string(anchor_y) + ")");
  }
  if (width == 1 && height == 1) shape = MorphShape::Rect;

  Image k(width, height, 1, PixelType::U8);
  // Ellipse: semi-axes r (rows) and c (columns); row i spans c +- dx with
  // dx = round(c * sqrt(1 - dy^2 / r^2)), rounded half to even like cvRound.
  const int r = height / 2;
  const int c = width / 2;
  const double inv_r2 = r ? 1.0 / (static_cast<double>(r) * r) : 0.0;
  for (int i = 0; i < height; ++i) {
    int j1 = 0, j2 = 0;
    if (shape == MorphShape::Rect || (shape == MorphShape::Cross && i == anchor_y)) {
      j2 = width;
    } else if (shape == MorphShape::Cross) {
      j1 = anchor_x;
      j2 = j1 + 1;
    } else {
      const int dy = i - r;
      if (std::abs(dy) <= r) {
        const int dx = static_cast<int>(
            std::nearbyint(c * std::sqrt(static_cast<double>(r * r - dy * dy) * inv_r2)));
        j1 = std::max(c - dx, 0);
        j2 = std::min(c + dx + 1, width);
      }
    }
    uint8_t* row = k.row(i);
    std::memset(row, 0, static_cast<size_t>(width));
    if (j2 > j1) std::memset(row + j1, 1, static_cast<size_t>(j2 - j1));
  }
  return k;
}

}  // namespace vc
