// Internal helpers shared by the keypoint files (FAST, ORB).
#pragma once

#include <vector>

#include "visioncore/image.hpp"
#include "visioncore/keypoints.hpp"

namespace vc::detail {

// FAST-9/16 corners of a U8 image at least `border` (>= 3) pixels from every
// edge, in row-major order (arguments already validated).
void fast_detect(const ConstImageView& src, int threshold, bool nonmax, int border,
                 std::vector<KeyPoint>& kps);

}  // namespace vc::detail
