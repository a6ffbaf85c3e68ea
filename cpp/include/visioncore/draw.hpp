// Drawing: lines, rectangles, circles, polylines, filled polygons and bitmap
// text, rasterized in place into an image (OpenCV's line / rectangle /
// circle / polylines / fillPoly / putText).
//
// Coordinates are doubles in pixel units; pixel (x, y) has its center at
// (x, y); where a rule rounds them, halves go to even. Everything is
// clipped to the image: nothing outside it is ever
// written, and huge coordinates (|v| up to kMaxDrawCoord = 1e15) cost no
// more than small ones; NaN, infinite or larger coordinates are refused
// (InvalidArgument).
//
// Line types:
//   Connected8 / Connected4: plain pixels set to the color. A thickness-1
//     line is the Bresenham path between the rounded endpoints, walked from
//     the left endpoint after clipping the endpoints to the image exactly as
//     cv::line does, so its pixels are identical to cv::line (LINE_8 /
//     LINE_4). A thicker line follows cv::line's geometry (a band of
//     half-width (t + 1) / 2 with round caps): the pixel centers within
//     (t + 1) / 2 + 0.45 of the segment (projecting inside it) plus filled
//     discs of radius (t + 1) / 2 at the rounded endpoints. That is
//     identical to OpenCV for axis-aligned lines and within one pixel of it
//     otherwise.
//   AntiAliased: the color is blended with coverage
//     alpha = clamp(h + 0.5 - d, 0, 1), d = distance of the pixel center to
//     the ideal shape (a capsule of radius h around the segment, a circle,
//     a disc), i.e. a one-pixel linear ramp; h = 0.5 for thickness 1 and
//     (t + 1) / 2 + 0.4 above (OpenCV's stroke width). Blending is
//     dst = dst + (color - dst) * alpha, rounded to nearest (halves up) for
//     integer types.
//
// Circles with Connected8 (and filled Connected4 ones) follow cv::circle:
// the filled disc is {(x, y) : (x - cx)^2 + (y - cy)^2 <= r^2} with the
// center and radius rounded, and the thickness-1 outline is the midpoint
// circle (for each octant step dy, dx = floor(sqrt(r^2 - dy^2))). Thicker
// outlines are the ring |d - r| <= (t + 1) / 2 + 0.45 (d: distance of the
// pixel center to the rounded center), within a pixel of OpenCV's.
// Connected4 outlines are drawn like Connected8 ones.
//
// Rectangles are the closed polyline through the four corners (thickness 1:
// exactly cv::rectangle) or, filled (any line type), every pixel with
// round(min) <= x, y <= round(max).
// Polylines join thick segments with a disc at every vertex, as OpenCV does.
// Filled polygons take several contours at once (holes come from the fill
// rule): pixel centers inside under the even-odd or the nonzero winding
// rule, plus the contours' outlines, like cv::fillPoly.
//
// Text uses the library's own 5x7 bitmap font (printable ASCII 32..126, with
// two descender rows; other bytes draw as '?'), scaled by an integer factor:
// each font dot becomes a scale x scale square. A glyph cell is 6 x 10 dots
// (5 + 1 spacing columns, 9 + 1 rows); '\n' starts a new line. `org` is the
// top-left corner of the text box.
//
// Types: U8, U16, F32 images with 1..4 channels (S16 is refused). The color
// has one value per channel, rounded and saturated to the type (F32: as is,
// finite). thickness: 1..kMaxDrawThickness, or -1 (filled) for closed
// shapes. Drawing is sequential and deterministic: results do not depend on
// the thread count or the ISA level.
#pragma once

#include <cstddef>
#include <string>

#include "visioncore/image.hpp"

namespace vc {

enum class LineType { Connected8, Connected4, AntiAliased };
enum class FillRule { EvenOdd, NonZero };

struct DrawPoint {
  double x = 0;
  double y = 0;
};

// Largest |coordinate|, thickness (OpenCV's MAX_THICKNESS), text scale and
// radius.
constexpr double kMaxDrawCoord = 1e15;
constexpr int kMaxDrawThickness = 32767;
constexpr int kMaxTextScale = 1024;
constexpr double kMaxDrawRadius = 1073741824.0;  // 2^30
// Largest number of points in one polyline / polygon call.
constexpr size_t kMaxDrawPoints = size_t{1} << 26;

// Line segments: n segments, segment i from pts[2i] to pts[2i + 1].
void draw_lines(const ImageView& img, const DrawPoint* pts, size_t n, const double color[4],
                int thickness = 1, LineType type = LineType::Connected8);
void draw_line(const ImageView& img, DrawPoint p0, DrawPoint p1, const double color[4],
               int thickness = 1, LineType type = LineType::Connected8);

// Circles: n centers with n radii (0..kMaxDrawRadius); thickness -1 fills.
void draw_circles(const ImageView& img, const DrawPoint* centers, const double* radii, size_t n,
                  const double color[4], int thickness = 1, LineType type = LineType::Connected8);

// The axis-aligned rectangle with opposite corners p0 and p1.
void draw_rectangle(const ImageView& img, DrawPoint p0, DrawPoint p1, const double color[4],
                    int thickness = 1, LineType type = LineType::Connected8);

// Polylines: `count` polylines, polyline i has sizes[i] points, stored one
// after the other in pts. closed: also join the last point to the first.
void draw_polylines(const ImageView& img, const DrawPoint* pts, const size_t* sizes,
                    size_t count, bool closed, const double color[4], int thickness = 1,
                    LineType type = LineType::Connected8);

// Fills the region enclosed by all the given contours together under `rule`.
void fill_polygons(const ImageView& img, const DrawPoint* pts, const size_t* sizes, size_t count,
                   const double color[4], FillRule rule = FillRule::EvenOdd,
                   LineType type = LineType::Connected8);

// Text (bytes; see above) with its top-left corner at org.
void draw_text(const ImageView& img, const std::string& text, DrawPoint org, int scale,
               const double color[4]);
// Width and height in pixels of the box draw_text fills for `text`.
void text_size(const std::string& text, int scale, int* width, int* height);

}  // namespace vc
