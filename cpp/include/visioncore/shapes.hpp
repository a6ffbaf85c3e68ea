// Shapes and regions: connected components, contours and their measures,
// moments, distance transform.
//
// Connected components (cv::connectedComponentsWithStats):
//   src is a U8 1-channel mask (nonzero = foreground). labels (int32) gets 0 for background and 1..count-1 for
//   the components, with 8- or 4-connectivity. Label order is OpenCV's:
//   with 8-connectivity components are numbered in raster order of their
//   first 2x2 block (block rows = pixel-row pairs, then block columns), which
//   is what OpenCV's block-based scan (Spaghetti/BBDT) produces; with
//   4-connectivity in raster order of their first pixel (SAUF). The scan is
//   block-based with union-find, threaded by bands of rows whose borders are
//   merged afterwards; results do not depend on the thread count. No
//   recursion: memory is O(pixels / 4) labels besides the output.
//   Stats, per label (row 0 = background): x, y, width, height of the
//   bounding box and the area in pixels; centroids are the mean x and y
//   (float64, exact sums divided once).
//
// Distance transform (cv::distanceTransform with DIST_MASK_PRECISE / mask 3):
//   dst(x, y) = distance from (x, y) to the nearest zero pixel of src, F32.
//   L2 is the exact Euclidean distance (Felzenszwalb-Huttenlocher lower
//   envelope of parabolas on exact integer squared distances; the result is
//   float(sqrt(d2)) rounded once). L1 (|dx| + |dy|) and Chessboard
//   (max(|dx|, |dy|)) are exact too. An image without any zero pixel gets
//   FLT_MAX everywhere (OpenCV gives FLT_MAX for L1 / C and 2^64 for L2).
//   dst must not overlap src.
//
// Contours (cv::findContours): Suzuki-Abe border following on the mask with
//   a 1-pixel zero frame around it (so shapes touching the image border are
//   closed), iterative (no recursion). Same points, order and hierarchy
//   [next, prev, first_child, parent] as OpenCV for the external, list and
//   tree retrieval modes and the none / simple approximations.
//
// Shape measures work on point lists (x, y) of int32 or float32 given as
// separate coordinate arrays of n points and follow cv::contourArea,
// arcLength, boundingRect, convexHull, minAreaRect, approxPolyDP, moments
// and HuMoments.
#pragma once

#include <cstdint>
#include <vector>

#include "visioncore/image.hpp"

namespace vc {

// ---------------------------------------------------------------- components

struct ComponentStats {
  int32_t x, y, width, height, area;
};

// src: U8 1-channel. labels: src.height rows of src.width int32 each, row y
// at labels + y * labels_stride (bytes), not overlapping src. Returns the
// number of labels including the background. If stats is non-null it is
// resized to that count (and centroids, if non-null, to 2 * count: x, y per
// label). connectivity: 4 or 8.
int connected_components(const ConstImageView& src, int32_t* labels, ptrdiff_t labels_stride,
                         int connectivity,
                         std::vector<ComponentStats>* stats = nullptr,
                         std::vector<double>* centroids = nullptr);

// ---------------------------------------------------------- distance transform

enum class DistanceMetric { L2, L1, Chessboard };

// src: U8 1-channel; dst: F32 1-channel of src's size.
void distance_transform(const ConstImageView& src, const ImageView& dst, DistanceMetric metric);

// ------------------------------------------------------------------ contours

enum class ContourMode { External, List, Tree };
enum class ContourApprox { None, Simple };

struct Contours {
  std::vector<int32_t> points;      // x, y pairs of every contour, concatenated
  std::vector<int64_t> offsets;     // contour i is points[2*offsets[i] .. 2*offsets[i+1])
  std::vector<int32_t> hierarchy;   // 4 per contour: next, prev, first_child, parent
  size_t size() const { return offsets.empty() ? 0 : offsets.size() - 1; }
};

// src: U8 1-channel mask (nonzero = foreground).
Contours find_contours(const ConstImageView& src, ContourMode mode, ContourApprox approx);

// ------------------------------------------------------------ shape measures

// A point list: n points, x[i], y[i] (double holds int32 and float32 exactly).
struct PointList {
  const double* x = nullptr;
  const double* y = nullptr;
  size_t n = 0;
  bool is_int = false;  // int32 input: results that are points keep integers
};

// Shoelace area 0.5 * sum (x_{i-1} y_i - y_{i-1} x_i); oriented keeps the
// sign (positive for counter-clockwise in x-right / y-up terms, as OpenCV).
double contour_area(const PointList& c, bool oriented);
double arc_length(const PointList& c, bool closed);
// (x, y, w, h) of the integer box that holds every point (float points: floor
// of the minimum, ceil of the maximum + 1 as OpenCV's boundingRect).
void bounding_rect(const PointList& c, int32_t out[4]);
// Convex hull as indices into c, hull vertices only, in OpenCV's order:
// counter-clockwise (x-right / y-up terms) from the last point in (x, y)
// order, or clockwise from the first; then, when the indices run
// monotonically around the hull, started at the smallest (largest) one. With
// repeated points the copy chosen for a vertex, and so that start, may
// differ from OpenCV's; the cycle of points is the same.
std::vector<int> convex_hull(const PointList& c, bool clockwise);
// center x, center y, width, height, angle (degrees), as cv::minAreaRect.
void min_area_rect(const PointList& c, double out[5]);
// Douglas-Peucker simplification as indices into c (cv::approxPolyDP).
std::vector<int> approx_poly(const PointList& c, double epsilon, bool closed);

// m00 m10 m01 m20 m11 m02 m30 m21 m12 m03, mu20 mu11 mu02 mu30 mu21 mu12 mu03,
// nu20 nu11 nu02 nu30 nu21 nu12 nu03 (cv::Moments field order).
struct Moments {
  double m[10];
  double mu[7];
  double nu[7];
};
// Moments of a polygon (Green's theorem, as cv::moments on a point list).
Moments contour_moments(const PointList& c);
// Moments of an image (U8, U16, S16 or F32, 1 channel); binary: nonzero = 1.
Moments image_moments(const ConstImageView& src, bool binary);
void hu_moments(const Moments& m, double hu[7]);

}  // namespace vc
