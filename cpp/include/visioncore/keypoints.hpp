// Keypoint detection and description: FAST-9/16 corners and ORB.
//
// KeyPoint: position (x, y) in pixels of the input image (pixel centres at
// integer coordinates), size (diameter of the described patch), angle in
// degrees [0, 360) (-1: no orientation, FAST), response (detector score),
// octave (pyramid level, 0 = input image). In Python the same six fields
// form a numpy structured array (x, y, size, angle, response: float32;
// octave: int32).
//
// fast: FAST-9/16 exactly as cv::FastFeatureDetector (TYPE_9_16): pixel p is
// a corner when 9 contiguous pixels of the radius-3 Bresenham circle of 16
// are all > p + t or all < p - t. Its score is OpenCV's: the largest t' for
// which p is still a corner, max(t, max over the 16 arcs of 9 of min over the
// arc of (p - c), max over arcs of min over the arc of (c - p)) - 1. With nonmax a corner is kept when its score is strictly greater than
// that of its 8 neighbours (non-corners count 0). Corners are searched at
// 3 <= x < width - 3, 3 <= y < height - 3; keypoints come out in row-major
// order with size 7, angle -1, octave 0, response = score (0 without
// nonmax, as OpenCV). threshold is in 0..255.
//
// orb: Rublee et al.'s ORB with our own BRIEF sampling pattern:
// 1. pyramid: level l is vc::resize (bilinear) of level l-1 to
//    round(size / scale_factor^l); n_levels levels;
// 2. feature budget per level: n_features * (1 - f) / (1 - f^n_levels) * f^l,
//    f = 1 / scale_factor, rounded, the last level taking the remainder;
// 3. FAST (fast_threshold, nonmax) per level, keeping corners at least
//    `border` pixels from the level's edges, border = max(edge_threshold,
//    ceil(patch_size / 2 * sqrt 2) + 1) (the rotated pattern stays inside),
//    and (with a mask) where the mask, resized to the level with nearest
//    neighbour, is nonzero; the 2 * budget best by FAST score are kept, then
//    the budget best by Harris response (k = 0.04, 7x7 block of 3x3 Sobel
//    gradients); ties keep the earlier (row-major) corner;
// 4. orientation: angle of the intensity centroid (m01, m10) over the disc
//    of radius patch_size / 2 around the corner;
// 5. descriptor: 256 binary tests I(p) < I(q) on the level blurred by a 7x7
//    Gaussian (sigma 2), the pattern pairs rotated by the angle and rounded
//    to the nearest pixel; bit i of byte j is test 8 j + i.
// The pattern (orb_pattern.cpp) is 256 pairs of points drawn from an
// isotropic Gaussian with sigma = 31 / 5 pixels, rounded and clipped to
// [-15, 15], by tools/make_orb_pattern.py with numpy's PCG64 seeded 20240531
// (rejecting pairs whose two points coincide); for other patch sizes the
// points are scaled by (patch_size / 2) / 15 and rounded.
// Keypoints are returned level by level, each level by decreasing Harris
// response; x, y are in input-image pixels: (x_l + 0.5) * (W / w_l) - 0.5
// for a level of width w_l (the pixel-centre mapping of the resize chain; y
// likewise), size is patch_size * scale_factor^l, response is the Harris
// response. Results do not depend
// on the thread count (levels run in parallel, each deterministically).
#pragma once

#include <cstdint>
#include <vector>

#include "visioncore/image.hpp"

namespace vc {

struct KeyPoint {
  float x = 0, y = 0;
  float size = 0;
  float angle = -1;
  float response = 0;
  int32_t octave = 0;
};

// FAST-9/16 on a U8 1-channel image; kps is cleared and filled. Throws InvalidArgument for a bad image or threshold.
void fast(const ConstImageView& src, std::vector<KeyPoint>& kps, int threshold = 10,
          bool nonmax = true);

struct OrbParams {
  int n_features = 500;       // 1 .. 1,000,000
  double scale_factor = 1.2;  // (1, 4]
  int n_levels = 8;           // 1 .. 32
  int fast_threshold = 20;    // 0 .. 255
  int edge_threshold = 31;    // 0 .. 1024
  int patch_size = 31;        // 5 .. 255
};

// ORB on a U8 1-channel image. mask: empty view, or a U8 1-channel image of
// src's size (nonzero = allowed). Fills kps (N) and descriptors (N * 32
// bytes, row i = keypoint i). Levels smaller than 2 * border + 1 are skipped.
void orb(const ConstImageView& src, const ConstImageView& mask, const OrbParams& params,
         std::vector<KeyPoint>& kps, std::vector<uint8_t>& descriptors);

// The 256 sampling pairs (x1, y1, x2, y2) for patch_size 31.
const int8_t* orb_pattern31();
constexpr int kOrbPairs = 256;
constexpr int kOrbDescriptorBytes = 32;

}  // namespace vc
