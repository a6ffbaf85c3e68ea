// Edges and corners: Canny, Harris, min-eigenvalue, good features to track, sub-pixel refinement.
//
// Canny (OpenCV's algorithm, same edge maps as cv2.Canny):
// - Gradients: Sobel dx, dy with the given aperture (3, 5 or 7) into int16,
//   border Replicate (as cv2.Canny does internally); aperture 7 scales the
//   derivatives by 1/16 (rounded half to even) so that they fit int16, and
//   the thresholds by 1/16 too, as OpenCV does. canny_from_gradients takes
//   dx, dy and the thresholds as given.
// - Magnitude: |dx| + |dy| (L1), or dx^2 + dy^2 (L2; compared with the squared
//   thresholds). Thresholds become integers as in OpenCV: L2 thresholds are
//   clamped to 32767 and squared first; then floor().
// - Non-maximum suppression in 4 directions with OpenCV's fixed-point
//   tan(22.5 deg) test (13573 / 2^15): a pixel with magnitude m > low is a
//   candidate if m is a local maximum across the edge (strict against the
//   earlier neighbour, >= against the later one for the horizontal and
//   vertical directions, strict against both on diagonals); m > high makes it
//   strong. Outside the image the magnitude is 0 (pixels on the image's outer
//   ring take part like any other).
// - Hysteresis: every candidate 8-connected to a strong pixel through
//   candidates becomes an edge. Explicit stacks (no recursion), memory
//   O(width * height). Row bands run in parallel, each flooding inside its
//   own rows; pixels on band boundaries are finished by one serial pass, so
//   the result does not depend on the thread count.
// - Output: U8, 255 on edges, 0 elsewhere. Integer arithmetic in 32 bits;
//   magnitudes of extreme int16 gradients (|d| near 32768 in L2) wrap as in
//   OpenCV. A gradient of exactly -32768 counts as 32768 here; cv2.Canny's
//   vector code treats it differently (it never comes out of a Sobel of a
//   uint8 image).
// - low > high is an error here (cv2.Canny swaps them); thresholds must be
//   finite and >= 0.
//
// Corner responses (cv2.cornerHarris / cv2.cornerMinEigenVal): Sobel
// derivatives in float32 with the given ksize (1, 3, 5, 7), scaled by
// 1 / (2^(ksize-1) * block_size) (and by 1/255 more for U8 input), the
// products dx*dx, dx*dy, dy*dy summed over
// a block_size x block_size window (unnormalised box filter), both with the
// given border; then per pixel with a = sum dx^2, b = sum dx dy, c = sum dy^2:
//   Harris:     a*c - b*b - k*(a + c)^2
//   min eigen:  (a' + c') - sqrt((a' - c')^2 + b^2), a' = a/2, c' = c/2
// src: U8 or F32, one channel; dst: F32 of src's size. block_size 1..255.
//
// good_features_to_track (cv2.goodFeaturesToTrack, gradient size 3): the
// response above, values <= quality_level * (max over the mask) set to 0,
// candidates = non-zero 3x3 local maxima (ties included) away from the
// outermost pixel ring and inside the mask, sorted by response descending
// (equal responses: later pixel in raster order first), then greedily kept
// if no kept corner lies closer than min_distance (grid of cells as
// OpenCV), up to max_corners (0 = all).
//
// corner_subpix (cv2.cornerSubPix with EPS + COUNT): for each point,
// iterates cI <- solve(sum G^T G) * sum(G^T G p) over a (2 win_w + 1) x
// (2 win_h + 1) window around cI with Gaussian weights exp(-(dx/win_w)^2 -
// (dy/win_h)^2) (zero inside the zero zone when it is set and smaller than
// the window), the window sampled bilinearly (Replicate border), until the
// step is <= eps or max_iter (clamped to 1..100) steps; a point that leaves
// the image stops; a result further than the window from the start reverts
// to the start. Points must lie inside the image; the image must be at
// least (2 win + 5) on each side.
#pragma once

#include <cstddef>
#include <vector>

#include "visioncore/border.hpp"
#include "visioncore/image.hpp"

namespace vc {

// Canny edges of a U8 one-channel image into a U8 one-channel dst of the
// same size. aperture: 3, 5 or 7. dst must not overlap src.
void canny(const ConstImageView& src, const ImageView& dst, double low, double high,
           int aperture = 3, bool l2_gradient = false);
// Canny from precomputed S16 one-channel gradients of equal size.
void canny_from_gradients(const ConstImageView& dx, const ConstImageView& dy,
                          const ImageView& dst, double low, double high,
                          bool l2_gradient = false);

constexpr int kMaxCornerBlockSize = 255;

// Harris response; k finite. ksize 1, 3, 5 or 7.
void corner_harris(const ConstImageView& src, const ImageView& dst, int block_size, int ksize,
                   double k, BorderMode border = BorderMode::Reflect101);
// Smaller eigenvalue of the gradient covariance.
void corner_min_eigen(const ConstImageView& src, const ImageView& dst, int block_size,
                      int ksize = 3, BorderMode border = BorderMode::Reflect101);

struct CornerPoint {
  float x;
  float y;
};

// Strongest corners, see above. quality_level in (0, 1); min_distance >= 0;
// max_corners >= 0 (0: no limit). mask: null, or U8 one-channel of src's
// size (non-zero = allowed).
std::vector<CornerPoint> good_features_to_track(const ConstImageView& src, int max_corners,
                                                double quality_level, double min_distance,
                                                const ConstImageView* mask = nullptr,
                                                int block_size = 3, bool use_harris = false,
                                                double k = 0.04);

// Refines `count` points in place (see above). src: U8 or F32, one channel.
void corner_subpix(const ConstImageView& src, CornerPoint* corners, size_t count, int win_w,
                   int win_h, int zero_zone_w = -1, int zero_zone_h = -1, int max_iter = 30,
                   double eps = 0.01);

}  // namespace vc
