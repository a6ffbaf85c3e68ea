// Rasterization of lines, circles, rectangles, polylines and filled
// polygons (see draw.hpp for the pixel rules). Everything is clipped while
// it is rasterized: loops run over image rows only, so far-away or huge
// shapes cost no more than their visible part.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "imgproc/draw_canvas.hpp"
#include "visioncore/draw.hpp"
#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"

namespace vc {
namespace draw_detail {

namespace {

template <class T>
T saturate_to(double v) {
  if constexpr (std::is_same_v<T, float>) {
    return static_cast<float>(v);
  } else {
    const double hi = static_cast<double>(std::numeric_limits<T>::max());
    const double r = std::nearbyint(v);
    return static_cast<T>(r < 0 ? 0 : (r > hi ? hi : r));
  }
}

}  // namespace

Canvas::Canvas(const char* func, const ImageView& img, const double color[4]) : img_(img) {
  pb_ = img.pixel_bytes();
  for (int c = 0; c < 4; ++c) {
    if (!std::isfinite(color[c])) {
      throw_invalid(func, "color", "finite values", std::to_string(color[c]));
    }
  }
  for (int c = 0; c < img.channels; ++c) {
    switch (img.type) {
      case PixelType::U8: {
        const uint8_t v = saturate_to<uint8_t>(color[c]);
        pixel_[c] = v;
        color_[c] = v;
        break;
      }
      case PixelType::U16: {
        const uint16_t v = saturate_to<uint16_t>(color[c]);
        std::memcpy(pixel_ + 2 * c, &v, 2);
        color_[c] = v;
        break;
      }
      default: {
        const float v = static_cast<float>(color[c]);
        std::memcpy(pixel_ + 4 * c, &v, 4);
        color_[c] = v;
        break;
      }
    }
  }
  single_byte_ = pb_ == 1;
}

void check_image(const char* func, const ImageView& img) {
  check_view(func, "img", img);
  if (img.type == PixelType::S16) {
    throw_type(func, "img", "a uint8, uint16 or float32 image", pixel_type_name(img.type));
  }
}

void check_point(const char* func, const char* param, DrawPoint p) {
  if (!(std::fabs(p.x) <= kMaxDrawCoord) || !(std::fabs(p.y) <= kMaxDrawCoord)) {
    throw_invalid(func, param, "finite coordinates with |v| <= 1e15",
                  "(" + std::to_string(p.x) + ", " + std::to_string(p.y) + ")");
  }
}

void check_thickness(const char* func, int thickness, bool allow_fill) {
  if ((thickness >= 1 && thickness <= kMaxDrawThickness) || (allow_fill && thickness == -1)) {
    return;
  }
  throw_invalid(func, "thickness",
                std::string("1..") + std::to_string(kMaxDrawThickness) +
                    (allow_fill ? " or -1 (filled)" : ""),
                std::to_string(thickness));
}

int64_t isqrt64(int64_t v) {
  if (v <= 0) return 0;
  // the double root is within one of the exact one for v < 2^62
  int64_t s = static_cast<int64_t>(std::sqrt(static_cast<double>(v)));
  while (s > 0 && s * s > v) --s;
  while ((s + 1) * (s + 1) <= v) ++s;
  return s;
}

}  // namespace draw_detail

namespace {

using draw_detail::Canvas;
using draw_detail::isqrt64;

constexpr double kEps = 1e-9;
// Segments reaching beyond this box around the origin are cut to it first
// (the image lies well inside: sides <= 2^20).
constexpr double kClipBox = 1073741824.0;  // 2^30

int64_t round_coord(double v) { return static_cast<int64_t>(std::nearbyint(v)); }

// Liang-Barsky: cuts segment a-b to [lo, hi]^2 (x) x [loy, hiy]; false if
// nothing is left.
bool clip_segment(DrawPoint& a, DrawPoint& b, double lox, double loy, double hix, double hiy) {
  double t0 = 0.0, t1 = 1.0;
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {a.x - lox, hix - a.x, a.y - loy, hiy - a.y};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0.0) {
      if (q[i] < 0) return false;
      continue;
    }
    const double r = q[i] / p[i];
    if (p[i] < 0) {
      if (r > t1) return false;
      t0 = std::max(t0, r);
    } else {
      if (r < t0) return false;
      t1 = std::min(t1, r);
    }
  }
  const DrawPoint a0 = a;
  if (t1 < 1.0) b = {a0.x + t1 * dx, a0.y + t1 * dy};
  if (t0 > 0.0) a = {a0.x + t0 * dx, a0.y + t0 * dy};
  return true;
}

// --- thin lines: clipping and the Bresenham walk of cv::line -------------

// Outcode-based clipping of integer endpoints to [0, w) x [0, h), with the
// same order of cuts and truncating intersections as cv::clipLine, so the
// walk below starts from the same pixels.
bool clip_line_int(int64_t w, int64_t h, int64_t& x1, int64_t& y1, int64_t& x2, int64_t& y2) {
  const int64_t right = w - 1, bottom = h - 1;
  auto code = [&](int64_t x, int64_t y) {
    return (x < 0) + (x > right) * 2 + (y < 0) * 4 + (y > bottom) * 8;
  };
  int c1 = code(x1, y1), c2 = code(x2, y2);
  if ((c1 & c2) == 0 && (c1 | c2) != 0) {
    if (c1 & 12) {
      const int64_t a = c1 < 8 ? 0 : bottom;
      x1 += static_cast<int64_t>(static_cast<double>(a - y1) * static_cast<double>(x2 - x1) /
                                 static_cast<double>(y2 - y1));
      y1 = a;
      c1 = (x1 < 0) + (x1 > right) * 2;
    }
    if (c2 & 12) {
      const int64_t a = c2 < 8 ? 0 : bottom;
      x2 += static_cast<int64_t>(static_cast<double>(a - y2) * static_cast<double>(x2 - x1) /
                                 static_cast<double>(y2 - y1));
      y2 = a;
      c2 = (x2 < 0) + (x2 > right) * 2;
    }
    if ((c1 & c2) == 0 && (c1 | c2) != 0) {
      if (c1) {
        const int64_t a = c1 == 1 ? 0 : right;
        y1 += static_cast<int64_t>(static_cast<double>(a - x1) * static_cast<double>(y2 - y1) /
                                   static_cast<double>(x2 - x1));
        x1 = a;
        c1 = 0;
      }
      if (c2) {
        const int64_t a = c2 == 1 ? 0 : right;
        y2 += static_cast<int64_t>(static_cast<double>(a - x2) * static_cast<double>(y2 - y1) /
                                   static_cast<double>(x2 - x1));
        x2 = a;
        c2 = 0;
      }
    }
  }
  return (c1 | c2) == 0;
}

// One-pixel line between integer points (any magnitude up to 2^31).
void thin_line_int(const Canvas& cv, int64_t x1, int64_t y1, int64_t x2, int64_t y2,
                   bool conn4) {
  if (!clip_line_int(cv.width(), cv.height(), x1, y1, x2, y2)) return;
  // walk from the left endpoint
  if (x2 < x1) {
    std::swap(x1, x2);
    std::swap(y1, y2);
  }
  int64_t dx = x2 - x1, dy = y2 - y1;
  int64_t sy = 1;
  if (dy < 0) {
    dy = -dy;
    sy = -1;
  }
  // major axis: x unless the line is steep
  const bool steep = dy > dx;
  if (steep) std::swap(dx, dy);
  // both clipped endpoints are inside, so is every pixel between them
  if (x1 < 0 || x2 >= cv.width() || std::min(y1, y2) < 0 || std::max(y1, y2) >= cv.height()) {
    return;
  }
  const ptrdiff_t pb = static_cast<ptrdiff_t>(cv.pixel_bytes());
  const ptrdiff_t step_x = pb, step_y = sy * cv.row_stride();
  const ptrdiff_t major = steep ? step_y : step_x, minor = steep ? step_x : step_y;
  uint8_t* p = cv.at(x1, y1);
  auto walk = [&](auto put) {
    if (!conn4) {
      // err < 0: diagonal step; every step moves along the major axis
      int64_t err = dx - 2 * dy;
      for (int64_t i = 0; i <= dx; ++i) {
        put(p);
        const bool diag = err < 0;
        err -= 2 * dy;
        if (diag) {
          err += 2 * dx;
          p += minor;
        }
        p += major;
      }
    } else {
      // each step moves along exactly one axis
      int64_t err = 0;
      for (int64_t i = 0; i <= dx + dy; ++i) {
        put(p);
        if (err < 0) {
          err += 2 * dx;
          p += minor;
        } else {
          err -= 2 * dy;
          p += major;
        }
      }
    }
  };
  const uint8_t* color = cv.pixel();
  switch (pb) {
    case 1:
      walk([&](uint8_t* q) { *q = color[0]; });
      break;
    case 2:
      walk([&](uint8_t* q) { std::memcpy(q, color, 2); });
      break;
    case 3:
      walk([&](uint8_t* q) { std::memcpy(q, color, 3); });
      break;
    case 4:
      walk([&](uint8_t* q) { std::memcpy(q, color, 4); });
      break;
    default:
      walk([&](uint8_t* q) { std::memcpy(q, color, static_cast<size_t>(pb)); });
      break;
  }
}

void thin_line(const Canvas& cv, DrawPoint a, DrawPoint b, bool conn4) {
  const double big = kClipBox;
  if (std::max({std::fabs(a.x), std::fabs(a.y), std::fabs(b.x), std::fabs(b.y)}) > big) {
    if (!clip_segment(a, b, -big, -big, big, big)) return;
  }
  thin_line_int(cv, round_coord(a.x), round_coord(a.y), round_coord(b.x), round_coord(b.y),
                conn4);
}

// --- discs and rings -------------------------------------------------------

// Filled disc (x - cx)^2 + (y - cy)^2 <= r^2 (cv::circle's filled disc).
void disc_int(const Canvas& cv, int64_t cx, int64_t cy, int64_t r) {
  if (cx + r < 0 || cx - r >= cv.width() || cy + r < 0 || cy - r >= cv.height()) return;
  const int64_t y0 = std::max<int64_t>(cy - r, 0);
  const int64_t y1 = std::min<int64_t>(cy + r, cv.height() - 1);
  for (int64_t y = y0; y <= y1; ++y) {
    const int64_t k = y - cy;
    const int64_t hw = isqrt64(r * r - k * k);
    cv.span(y, cx - hw, cx + hw);
  }
}

// The midpoint circle outline of cv::circle (thickness 1): for each octant
// step dy = 0..D (D the last dy with floor(sqrt(r^2 - dy^2)) >= dy) with
// dx = floor(sqrt(r^2 - dy^2)), the eight points (+-dx, +-dy), (+-dy, +-dx).
// Drawn row by row: row offset k holds (+-dx(k), k) when k <= D and
// (+-dy, k) for the dy range whose dx equals k.
void circle_outline_int(const Canvas& cv, int64_t cx, int64_t cy, int64_t r) {
  if (cx + r < 0 || cx - r >= cv.width() || cy + r < 0 || cy - r >= cv.height()) return;
  if (r <= 2 * (int64_t{cv.width()} + cv.height())) {
    // not much larger than the image: walk the octant incrementally, with
    // err = dx^2 + dy^2 - r^2 (dx drops by one when err > 0)
    int64_t dx = r, dy = 0, err = 0;
    while (dx >= dy) {
      for (const int64_t sy : {-1, 1}) {
        for (const int64_t sx : {-1, 1}) {
          cv.point(cx + sx * dx, cy + sy * dy);
          cv.point(cx + sx * dy, cy + sy * dx);
        }
      }
      ++dy;
      err += 2 * dy - 1;
      if (err > 0) {
        err -= 2 * dx - 1;
        --dx;
      }
    }
    return;
  }
  // far larger than the image: only the rows inside it, in closed form
  const int64_t r2 = r * r;
  auto dx_of = [&](int64_t dy) { return isqrt64(r2 - dy * dy); };
  int64_t d = static_cast<int64_t>(static_cast<double>(r) / std::sqrt(2.0));
  while (d > 0 && dx_of(d) < d) --d;
  while (d + 1 <= r && dx_of(d + 1) >= d + 1) ++d;
  const int64_t y0 = std::max<int64_t>(cy - r, 0);
  const int64_t y1 = std::min<int64_t>(cy + r, cv.height() - 1);
  for (int64_t y = y0; y <= y1; ++y) {
    const int64_t k = y < cy ? cy - y : y - cy;
    if (k <= d) {
      const int64_t dx = dx_of(k);
      cv.point(cx - dx, y);
      cv.point(cx + dx, y);
    }
    // dy with dx_of(dy) == k: r^2 - (k+1)^2 < dy^2 <= r^2 - k^2, dy <= D
    const int64_t hi_sq = r2 - k * k;
    if (hi_sq < 0) continue;
    int64_t lo = 0;
    const int64_t lo_sq = r2 - (k + 1) * (k + 1);
    if (lo_sq >= 0) lo = isqrt64(lo_sq) + 1;
    const int64_t hi = std::min(isqrt64(hi_sq), d);
    if (lo > hi) continue;
    cv.span(y, cx - hi, cx - lo);
    cv.span(y, cx + lo, cx + hi);
  }
}

// Ring of pixel centers with r_in <= distance <= r_out (double geometry).
void ring(const Canvas& cv, DrawPoint c, double r_in, double r_out) {
  const int64_t y0 = std::max<int64_t>(static_cast<int64_t>(std::ceil(c.y - r_out - kEps)), 0);
  const int64_t y1 =
      std::min<int64_t>(static_cast<int64_t>(std::floor(c.y + r_out + kEps)), cv.height() - 1);
  const double ro2 = r_out * r_out + kEps, ri2 = r_in > 0 ? r_in * r_in - kEps : -1.0;
  for (int64_t y = y0; y <= y1; ++y) {
    const double k = static_cast<double>(y) - c.y;
    const double ho2 = ro2 - k * k;
    if (ho2 < 0) continue;
    const double ho = std::sqrt(ho2);
    const int64_t xo0 = static_cast<int64_t>(std::ceil(c.x - ho));
    const int64_t xo1 = static_cast<int64_t>(std::floor(c.x + ho));
    const double hi2 = ri2 - k * k;
    if (hi2 <= 0) {
      cv.span(y, xo0, xo1);
      continue;
    }
    // inside (strictly) the inner circle: |x - cx| < hi
    const double hi = std::sqrt(hi2);
    const int64_t xi0 = static_cast<int64_t>(std::floor(c.x - hi)) + 1;
    const int64_t xi1 = static_cast<int64_t>(std::ceil(c.x + hi)) - 1;
    cv.span(y, xo0, std::min(xo1, xi0 - 1));
    cv.span(y, std::max(xo0, xi1 + 1), xo1);
  }
}

// Anti-aliased disc (filled) or ring of half-width hw around radius r:
// alpha = clamp(0.5 + edge - d) with the distance d to the ideal edge.
void circle_aa(const Canvas& cv, DrawPoint c, double r, double hw, bool filled) {
  const double r_out = (filled ? r : r + hw) + 0.5;
  const double r_in = filled ? -1.0 : r - hw - 0.5;  // alpha 0 strictly inside
  const int64_t y0 = std::max<int64_t>(static_cast<int64_t>(std::ceil(c.y - r_out)), 0);
  const int64_t y1 =
      std::min<int64_t>(static_cast<int64_t>(std::floor(c.y + r_out)), cv.height() - 1);
  for (int64_t y = y0; y <= y1; ++y) {
    const double k = static_cast<double>(y) - c.y;
    const double ho2 = r_out * r_out - k * k;
    if (ho2 < 0) continue;
    const double ho = std::sqrt(ho2);
    int64_t x0 = std::max<int64_t>(static_cast<int64_t>(std::ceil(c.x - ho)), 0);
    int64_t x1 = std::min<int64_t>(static_cast<int64_t>(std::floor(c.x + ho)), cv.width() - 1);
    // full coverage core (filled: d <= r - 0.5) is one span
    int64_t core0 = 1, core1 = 0;
    if (filled && r > 0.5) {
      const double hc2 = (r - 0.5) * (r - 0.5) - k * k;
      if (hc2 >= 0) {
        const double hc = std::sqrt(hc2);
        core0 = static_cast<int64_t>(std::ceil(c.x - hc));
        core1 = static_cast<int64_t>(std::floor(c.x + hc));
        cv.span(y, core0, core1);
      }
    }
    // hole (ring): alpha is 0 for d <= r_in
    int64_t hole0 = 1, hole1 = 0;
    if (!filled && r_in > 0) {
      const double hh2 = r_in * r_in - k * k;
      if (hh2 > 0) {
        const double hh = std::sqrt(hh2);
        hole0 = static_cast<int64_t>(std::ceil(c.x - hh));
        hole1 = static_cast<int64_t>(std::floor(c.x + hh));
      }
    }
    for (int64_t x = x0; x <= x1; ++x) {
      if (x >= core0 && x <= core1) {
        x = core1;
        continue;
      }
      if (x >= hole0 && x <= hole1) {
        x = hole1;
        continue;
      }
      const double dx = static_cast<double>(x) - c.x;
      const double d = std::sqrt(dx * dx + k * k);
      const double a = filled ? r + 0.5 - d : hw + 0.5 - std::fabs(d - r);
      if (a > 0) cv.blend(static_cast<int>(x), static_cast<int>(y), std::min(a, 1.0));
    }
  }
}

// --- thick and anti-aliased segments ---------------------------------------

// x interval of {x : lo <= a * x + b <= hi}; false if empty.
bool linear_range(double a, double b, double lo, double hi, double* x0, double* x1) {
  if (std::fabs(a) < 1e-12) {
    if (b < lo || b > hi) return false;
    *x0 = -std::numeric_limits<double>::infinity();
    *x1 = std::numeric_limits<double>::infinity();
    return true;
  }
  double u = (lo - b) / a, v = (hi - b) / a;
  if (u > v) std::swap(u, v);
  *x0 = u;
  *x1 = v;
  return true;
}

// Geometry of a segment for per-row intervals: unit direction u, length L.
struct Segment {
  DrawPoint a, b;
  double ux = 1, uy = 0, len = 0;
  explicit Segment(DrawPoint p, DrawPoint q) : a(p), b(q) {
    const double dx = q.x - p.x, dy = q.y - p.y;
    len = std::hypot(dx, dy);
    if (len > 0) {
      ux = dx / len;
      uy = dy / len;
    }
  }
  // x interval on row y of the band |n.(p - a)| <= hw, 0 <= u.(p - a) <= len.
  bool band_row(double y, double hw, double* x0, double* x1) const {
    const double ry = y - a.y;
    double s0, s1, t0, t1;
    // s = ux * (x - ax) + uy * ry;  t = -uy * (x - ax) + ux * ry
    if (!linear_range(ux, uy * ry - ux * a.x, -kEps, len + kEps, &s0, &s1)) return false;
    if (!linear_range(-uy, ux * ry + uy * a.x, -hw - kEps, hw + kEps, &t0, &t1)) return false;
    *x0 = std::max(s0, t0);
    *x1 = std::min(s1, t1);
    return *x0 <= *x1;
  }
  double distance(double x, double y) const {
    const double px = x - a.x, py = y - a.y;
    double s = px * ux + py * uy;
    s = std::min(std::max(s, 0.0), len);
    const double ex = px - s * ux, ey = py - s * uy;
    return std::sqrt(ex * ex + ey * ey);
  }
};

// Thick Connected8/4 line: the band of pixel centers within hw + 0.45 of the
// segment's axis (projection inside the segment) plus end discs (caps bit 1:
// at a, bit 2: at b) of radius hw = (t + 1) / 2 at the rounded endpoints,
// which is how cv::line's geometry comes out on the pixel grid.
void thick_line(const Canvas& cv, DrawPoint a, DrawPoint b, int thickness, int caps) {
  const int64_t hw = (thickness + 1) / 2;
  {
    const double m = static_cast<double>(hw) + 2.0;
    DrawPoint ca = a, cb = b;
    const bool visible = clip_segment(ca, cb, -m, -m, cv.width() - 1 + m, cv.height() - 1 + m);
    if (visible) {
      const Segment s(ca, cb);
      if (s.len > kEps) {
        // OpenCV fills the band's polygon with rounded row ends and draws
        // its edges too: pixel centers within hw + 0.45 of the axis match
        // that best (and exactly when the line is axis-aligned)
        const double h = static_cast<double>(hw) + 0.45;
        const double ylo = std::min(ca.y, cb.y) - h, yhi = std::max(ca.y, cb.y) + h;
        const int64_t y0 = std::max<int64_t>(static_cast<int64_t>(std::ceil(ylo - kEps)), 0);
        const int64_t y1 = std::min<int64_t>(static_cast<int64_t>(std::floor(yhi + kEps)),
                                             cv.height() - 1);
        for (int64_t y = y0; y <= y1; ++y) {
          double x0, x1;
          if (!s.band_row(static_cast<double>(y), h, &x0, &x1)) continue;
          x0 = std::max(x0, -1.0);
          x1 = std::min(x1, static_cast<double>(cv.width()));
          cv.span(y, static_cast<int64_t>(std::ceil(x0 - kEps)),
                  static_cast<int64_t>(std::floor(x1 + kEps)));
        }
      }
    }
  }
  const DrawPoint ends[2] = {a, b};
  for (int i = 0; i < 2; ++i) {
    if (!(caps & (1 << i))) continue;
    const DrawPoint p = ends[i];
    if (p.x < -hw - 1 || p.y < -hw - 1 || p.x > cv.width() + hw || p.y > cv.height() + hw) continue;
    disc_int(cv, round_coord(p.x), round_coord(p.y), hw);
  }
}

// Anti-aliased segment: capsule of radius hw with a one-pixel ramp.
void aa_line(const Canvas& cv, DrawPoint a, DrawPoint b, double hw) {
  const double r = hw + 0.5;
  const double m = r + 2.0;
  if (!clip_segment(a, b, -m, -m, cv.width() - 1 + m, cv.height() - 1 + m)) return;
  const Segment s(a, b);
  const int64_t y0 =
      std::max<int64_t>(static_cast<int64_t>(std::ceil(std::min(a.y, b.y) - r)), 0);
  const int64_t y1 = std::min<int64_t>(static_cast<int64_t>(std::floor(std::max(a.y, b.y) + r)),
                                       cv.height() - 1);
  for (int64_t y = y0; y <= y1; ++y) {
    const double yd = static_cast<double>(y);
    // the capsule's row interval: the band and the two end discs
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    double x0, x1;
    if (s.len > kEps && s.band_row(yd, r, &x0, &x1)) {
      lo = std::min(lo, x0);
      hi = std::max(hi, x1);
    }
    for (const DrawPoint& p : {a, b}) {
      const double k = yd - p.y, h2 = r * r - k * k;
      if (h2 < 0) continue;
      const double h = std::sqrt(h2);
      lo = std::min(lo, p.x - h);
      hi = std::max(hi, p.x + h);
    }
    if (lo > hi) continue;
    const int64_t xs = std::max<int64_t>(static_cast<int64_t>(std::ceil(std::max(lo, -1.0))), 0);
    const int64_t xe = std::min<int64_t>(
        static_cast<int64_t>(std::floor(std::min(hi, static_cast<double>(cv.width())))),
        cv.width() - 1);
    // inside the segment's slab the distance is |t|, linear in x; only the
    // caps need a square root
    const double py = yd - a.y;
    for (int64_t x = xs; x <= xe; ++x) {
      const double px = static_cast<double>(x) - a.x;
      const double sp = px * s.ux + py * s.uy;
      double d;
      if (sp >= 0 && sp <= s.len) {
        d = std::fabs(py * s.ux - px * s.uy);
      } else {
        const DrawPoint& e = sp < 0 ? a : b;
        const double ex = static_cast<double>(x) - e.x, ey = yd - e.y;
        d = std::sqrt(ex * ex + ey * ey);
      }
      const double alpha = r - d;
      if (alpha > 0) cv.blend(static_cast<int>(x), static_cast<int>(y), std::min(alpha, 1.0));
    }
  }
}

// Half-width of anti-aliased strokes: 0.5 for thickness 1 (a one-pixel
// line), else OpenCV's stroke width on the pixel grid, (t + 1) / 2 + 0.4.
double aa_half_width(int thickness) {
  return thickness <= 1 ? 0.5 : (thickness + 1) / 2 + 0.4;
}

// One segment in any style; caps as in thick_line (cv::PolyLine's flags).
void segment(const Canvas& cv, DrawPoint a, DrawPoint b, int thickness, LineType type,
             int caps) {
  if (type == LineType::AntiAliased) {
    aa_line(cv, a, b, aa_half_width(thickness));
  } else if (thickness <= 1) {
    thin_line(cv, a, b, type == LineType::Connected4);
  } else {
    thick_line(cv, a, b, thickness, caps);
  }
}

void polyline(const Canvas& cv, const DrawPoint* pts, size_t n, bool closed, int thickness,
              LineType type) {
  if (n == 0) return;
  if (n == 1) {
    segment(cv, pts[0], pts[0], thickness, type, 3);
    return;
  }
  // as cv::polylines: a closed one starts with the closing edge; every edge
  // caps its end, an open one's first edge also its start
  size_t i = closed ? 0 : 1;
  DrawPoint p0 = closed ? pts[n - 1] : pts[0];
  int caps = closed ? 2 : 3;
  for (; i < n; ++i) {
    segment(cv, p0, pts[i], thickness, type, caps);
    p0 = pts[i];
    caps = 2;
  }
}

void check_common(const char* func, const ImageView& img, int thickness, bool allow_fill,
                  LineType type) {
  draw_detail::check_image(func, img);
  draw_detail::check_thickness(func, thickness, allow_fill);
  if (type != LineType::Connected8 && type != LineType::Connected4 &&
      type != LineType::AntiAliased) {
    throw_invalid(func, "line_type", "Connected8, Connected4 or AntiAliased",
                  std::to_string(static_cast<int>(type)));
  }
}

size_t total_points(const char* func, const size_t* sizes, size_t count) {
  size_t total = 0;
  for (size_t i = 0; i < count; ++i) {
    if (sizes[i] > kMaxDrawPoints || total + sizes[i] > kMaxDrawPoints) {
      throw LimitExceeded(std::string(func) + ": more than " + std::to_string(kMaxDrawPoints) +
                          " points");
    }
    total += sizes[i];
  }
  return total;
}

}  // namespace

void draw_lines(const ImageView& img, const DrawPoint* pts, size_t n, const double color[4],
                int thickness, LineType type) {
  const char* func = "draw_lines";
  check_common(func, img, thickness, false, type);
  if (n > kMaxDrawPoints) {
    throw LimitExceeded(std::string(func) + ": more than " + std::to_string(kMaxDrawPoints) +
                        " segments");
  }
  for (size_t i = 0; i < 2 * n; ++i) draw_detail::check_point(func, "pts", pts[i]);
  const Canvas cv(func, img, color);
  for (size_t i = 0; i < n; ++i) segment(cv, pts[2 * i], pts[2 * i + 1], thickness, type, 3);
}

void draw_line(const ImageView& img, DrawPoint p0, DrawPoint p1, const double color[4],
               int thickness, LineType type) {
  const DrawPoint pts[2] = {p0, p1};
  draw_lines(img, pts, 1, color, thickness, type);
}

void draw_circles(const ImageView& img, const DrawPoint* centers, const double* radii, size_t n,
                  const double color[4], int thickness, LineType type) {
  const char* func = "draw_circles";
  check_common(func, img, thickness, true, type);
  for (size_t i = 0; i < n; ++i) {
    draw_detail::check_point(func, "center", centers[i]);
    if (!(radii[i] >= 0 && radii[i] <= kMaxDrawRadius)) {
      throw_invalid(func, "radius", "a radius in 0..2^30", std::to_string(radii[i]));
    }
  }
  const Canvas cv(func, img, color);
  const double w = img.width, h = img.height;
  for (size_t i = 0; i < n; ++i) {
    const DrawPoint c = centers[i];
    const double r = radii[i];
    const double reach = r + (thickness > 0 ? thickness : 0) + 2.0;
    if (c.x + reach < 0 || c.y + reach < 0 || c.x - reach > w || c.y - reach > h) continue;
    if (type == LineType::AntiAliased) {
      circle_aa(cv, c, r, thickness < 0 ? 0.0 : aa_half_width(thickness), thickness < 0);
      continue;
    }
    const int64_t cx = round_coord(c.x), cy = round_coord(c.y), ri = round_coord(r);
    if (thickness < 0) {
      disc_int(cv, cx, cy, ri);
    } else if (thickness == 1) {
      circle_outline_int(cv, cx, cy, ri);
    } else {
      // as thick lines: centers within (t + 1) / 2 + 0.45 of the circle
      const double hw = (thickness + 1) / 2 + 0.45;
      ring(cv, {static_cast<double>(cx), static_cast<double>(cy)}, static_cast<double>(ri) - hw,
           static_cast<double>(ri) + hw);
    }
  }
}

void draw_rectangle(const ImageView& img, DrawPoint p0, DrawPoint p1, const double color[4],
                    int thickness, LineType type) {
  const char* func = "draw_rectangle";
  check_common(func, img, thickness, true, type);
  draw_detail::check_point(func, "pt1", p0);
  draw_detail::check_point(func, "pt2", p1);
  const Canvas cv(func, img, color);
  if (thickness < 0) {
    const double big = kClipBox;
    auto clampc = [&](double v) { return std::min(std::max(v, -big), big); };
    const int64_t x0 = round_coord(clampc(std::min(p0.x, p1.x)));
    const int64_t x1 = round_coord(clampc(std::max(p0.x, p1.x)));
    const int64_t y0 = std::max<int64_t>(round_coord(clampc(std::min(p0.y, p1.y))), 0);
    const int64_t y1 =
        std::min<int64_t>(round_coord(clampc(std::max(p0.y, p1.y))), img.height - 1);
    for (int64_t y = y0; y <= y1; ++y) cv.span(y, x0, x1);
    return;
  }
  const DrawPoint corners[4] = {p0, {p1.x, p0.y}, p1, {p0.x, p1.y}};
  polyline(cv, corners, 4, true, thickness, type);
}

void draw_polylines(const ImageView& img, const DrawPoint* pts, const size_t* sizes, size_t count,
                    bool closed, const double color[4], int thickness, LineType type) {
  const char* func = "draw_polylines";
  check_common(func, img, thickness, false, type);
  const size_t total = total_points(func, sizes, count);
  for (size_t i = 0; i < total; ++i) draw_detail::check_point(func, "pts", pts[i]);
  const Canvas cv(func, img, color);
  size_t off = 0;
  for (size_t i = 0; i < count; ++i) {
    polyline(cv, pts + off, sizes[i], closed, thickness, type);
    off += sizes[i];
  }
}

void fill_polygons(const ImageView& img, const DrawPoint* pts, const size_t* sizes, size_t count,
                   const double color[4], FillRule rule, LineType type) {
  const char* func = "fill_polygons";
  check_common(func, img, 1, false, type);
  if (rule != FillRule::EvenOdd && rule != FillRule::NonZero) {
    throw_invalid(func, "rule", "EvenOdd or NonZero", std::to_string(static_cast<int>(rule)));
  }
  const size_t total = total_points(func, sizes, count);
  for (size_t i = 0; i < total; ++i) draw_detail::check_point(func, "pts", pts[i]);
  const Canvas cv(func, img, color);

  // stage 1: the non-horizontal edges of every contour, sorted by top
  struct Edge {
    double top, bottom, slope;  // x = x0 + (y - y0) * slope
    double x0, y0;
    int dir;
  };
  std::vector<Edge> edges;
  edges.reserve(total);
  size_t off = 0;
  for (size_t i = 0; i < count; ++i) {
    const size_t n = sizes[i];
    for (size_t j = 0; j < n && n >= 3; ++j) {
      const DrawPoint a = pts[off + j], b = pts[off + (j + 1) % n];
      if (a.y == b.y) continue;
      Edge e;
      e.dir = b.y > a.y ? 1 : -1;
      e.top = std::min(a.y, b.y);
      e.bottom = std::max(a.y, b.y);
      e.x0 = a.x;
      e.y0 = a.y;
      e.slope = (b.x - a.x) / (b.y - a.y);
      edges.push_back(e);
    }
    off += n;
  }
  std::sort(edges.begin(), edges.end(), [](const Edge& p, const Edge& q) { return p.top < q.top; });

  // stage 2: scanlines through pixel centers; an edge crosses row y when
  // top <= y < bottom; spans between crossings inside under the rule
  if (!edges.empty()) {
    double ymin = edges.front().top, ymax = ymin;
    for (const Edge& e : edges) ymax = std::max(ymax, e.bottom);
    const int64_t y0 = std::max<int64_t>(static_cast<int64_t>(std::ceil(std::max(ymin, -1.0))), 0);
    const int64_t y1 = std::min<int64_t>(
        static_cast<int64_t>(std::floor(std::min(ymax, static_cast<double>(img.height)))),
        img.height - 1);
    std::vector<const Edge*> active;
    std::vector<std::pair<double, int>> xs;
    size_t next = 0;
    for (int64_t y = y0; y <= y1; ++y) {
      const double yd = static_cast<double>(y);
      while (next < edges.size() && edges[next].top <= yd) active.push_back(&edges[next++]);
      active.erase(std::remove_if(active.begin(), active.end(),
                                  [&](const Edge* e) { return e->bottom <= yd; }),
                   active.end());
      xs.clear();
      for (const Edge* e : active) {
        if (e->top > yd) continue;
        xs.emplace_back(e->x0 + (yd - e->y0) * e->slope, e->dir);
      }
      std::sort(xs.begin(), xs.end());
      int wind = 0;
      for (size_t k = 0; k + 1 < xs.size(); ++k) {
        wind += rule == FillRule::EvenOdd ? 1 : xs[k].second;
        const bool inside = rule == FillRule::EvenOdd ? (wind & 1) != 0 : wind != 0;
        if (!inside) continue;
        const double xa = std::max(xs[k].first, -1.0);
        const double xb = std::min(xs[k + 1].first, static_cast<double>(img.width) + 1.0);
        if (xa >= xb) continue;
        // pixel centers with xa <= x < xb
        cv.span(y, static_cast<int64_t>(std::ceil(xa)), static_cast<int64_t>(std::ceil(xb)) - 1);
      }
    }
  }

  // stage 3: the outlines, so the boundary pixels are included as in
  // cv::fillPoly (anti-aliased: a one-pixel soft edge)
  off = 0;
  for (size_t i = 0; i < count; ++i) {
    polyline(cv, pts + off, sizes[i], true, 1, type);
    off += sizes[i];
  }
}

}  // namespace vc
