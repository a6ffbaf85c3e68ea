// Hough transforms: straight lines (standard and progressive probabilistic)
// and circles (the gradient method), OpenCV's HoughLines, HoughLinesP and
// HoughCircles(HOUGH_GRADIENT).
//
// Lines are (rho, theta): x cos(theta) + y sin(theta) = rho, pixel centers at
// integer coordinates. Votes follow OpenCV exactly: angle n is
// min_theta + n * theta_step (n < floor((max - min) / step) + 1, the last
// dropped when it would repeat angle 0 at pi), each nonzero pixel (x, y)
// votes for round_half_even(x * cos_n / rho + y * sin_n / rho) in float, and
// a line is an accumulator cell with more than `threshold` votes that is a
// local maximum (strictly above its left and lower-angle neighbours, at
// least its right and higher-angle ones); lines come sorted by votes, ties
// by (angle, rho) index.
//
// The progressive version follows OpenCV's algorithm (random order of the
// edge points, a line is followed from the point with the winning vote in
// both directions allowing gaps of max_line_gap pixels, kept if at least
// min_line_length long in x or y, its points then removed); the random
// order comes from `seed`, so results are reproducible for a given seed
// but, as in OpenCV, not identical to OpenCV's.
//
// Circles: Canny edges (thresholds param1 / 2 and param1, L1 gradient,
// 3x3 Sobel) and the Sobel gradient; every edge pixel votes along its
// gradient line, both directions, for radii min_radius..max_radius in an
// accumulator of 1/dp resolution; centers are local maxima with more than
// param2 votes, strongest first; each center's radius comes from a
// histogram of its edge-pixel distances in bins of dp / 10: the window of 10
// bins (from the outside in) with the most pixels relative to its radius,
// kept if it has more than param2 pixels; circles closer than min_dist to a
// stronger one are dropped (OpenCV sorts equal votes arbitrarily; ours keep
// center order).
//
// Types: U8 1-channel inputs (edge maps: nonzero = edge). Results do not
// depend on the thread count or ISA level.
#pragma once

#include <cstdint>
#include <vector>

#include "visioncore/image.hpp"

namespace vc {

struct HoughLine {
  float rho, theta;
  int votes;
};
// rho > 0, theta > 0, threshold > 0, 0 <= min_theta <= max_theta <= pi.
std::vector<HoughLine> hough_lines(const ConstImageView& edges, double rho, double theta,
                                   int threshold, double min_theta = 0.0,
                                   double max_theta = 3.14159265358979323846);

struct HoughSegment {
  int x1, y1, x2, y2;
};
// min_line_length >= 0, max_line_gap >= 0; at most max_lines segments (<= 0: no limit).
std::vector<HoughSegment> hough_lines_p(const ConstImageView& edges, double rho, double theta,
                                        int threshold, double min_line_length = 0,
                                        double max_line_gap = 0, uint64_t seed = 0,
                                        int max_lines = 0);

struct HoughCircle {
  float x, y, r;
  int votes;
};
// dp >= 1, min_dist > 0, param1 > 0, param2 > 0, 0 <= min_radius,
// max_radius <= 0 means the larger image side (max_radius < 0: centers only,
// radius 0, as OpenCV).
std::vector<HoughCircle> hough_circles(const ConstImageView& img, double dp, double min_dist,
                                       double param1 = 100, double param2 = 100,
                                       int min_radius = 0, int max_radius = 0);

}  // namespace vc
