// Shape measures on point lists, with OpenCV's conventions:
//   contour_area: the shoelace formula; arc_length: the sum of segment
//   lengths (float segments, as OpenCV); bounding_rect: floor of the extremes;
//   convex_hull: Andrew's monotone chain (no collinear points) walked in
//   OpenCV's orientation and start point; min_area_rect: rotating calipers
//   over that hull; approx_poly: Douglas-Peucker with an explicit stack.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "visioncore/error.hpp"
#include "visioncore/shapes.hpp"

namespace vc {
namespace {

void check_points(const char* func, const PointList& c, size_t min_points = 1) {
  if (c.n < min_points) {
    throw_invalid(func, "points", "at least " + std::to_string(min_points) + " point(s)",
                  std::to_string(c.n) + " points");
  }
}

// a - b as the point type computes it (float subtraction for float32 points)
inline double psub(const PointList& c, double a, double b) {
  return c.is_int ? a - b : static_cast<double>(static_cast<float>(a - b));
}

}  // namespace

double contour_area(const PointList& c, bool oriented) {
  check_points("contour_area", c);
  double a = 0;
  double px = c.x[c.n - 1], py = c.y[c.n - 1];
  for (size_t i = 0; i < c.n; ++i) {
    a += px * c.y[i] - py * c.x[i];
    px = c.x[i];
    py = c.y[i];
  }
  a *= 0.5;
  return oriented ? a : std::fabs(a);
}

double arc_length(const PointList& c, bool closed) {
  check_points("arc_length", c);
  double len = 0;
  const size_t last = closed ? c.n - 1 : 0;
  float px = static_cast<float>(c.x[last]), py = static_cast<float>(c.y[last]);
  for (size_t i = closed ? 0 : 1; i < c.n; ++i) {
    const float x = static_cast<float>(c.x[i]), y = static_cast<float>(c.y[i]);
    const float dx = x - px, dy = y - py;
    len += std::sqrt(dx * dx + dy * dy);
    px = x;
    py = y;
  }
  return len;
}

void bounding_rect(const PointList& c, int32_t out[4]) {
  check_points("bounding_rect", c);
  double x0 = c.x[0], x1 = c.x[0], y0 = c.y[0], y1 = c.y[0];
  for (size_t i = 1; i < c.n; ++i) {
    x0 = std::min(x0, c.x[i]);
    x1 = std::max(x1, c.x[i]);
    y0 = std::min(y0, c.y[i]);
    y1 = std::max(y1, c.y[i]);
  }
  const double fx0 = std::floor(x0), fy0 = std::floor(y0);
  const double w = std::floor(x1) - fx0 + 1, h = std::floor(y1) - fy0 + 1;
  if (!(std::fabs(fx0) < 2e9 && std::fabs(fy0) < 2e9 && w < 2e9 && h < 2e9)) {
    throw_invalid("bounding_rect", "points", "finite coordinates whose box fits int32",
                  "coordinates out of range");
  }
  out[0] = static_cast<int32_t>(fx0);
  out[1] = static_cast<int32_t>(fy0);
  out[2] = static_cast<int32_t>(w);
  out[3] = static_cast<int32_t>(h);
}

std::vector<int> convex_hull(const PointList& c, bool clockwise) {
  check_points("convex_hull", c);
  const size_t n = c.n;
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  // by x, then y, then index (a total order: the result never depends on the sort)
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    if (c.x[a] != c.x[b]) return c.x[a] < c.x[b];
    if (c.y[a] != c.y[b]) return c.y[a] < c.y[b];
    return a < b;
  });
  if (c.x[order.front()] == c.x[order.back()] && c.y[order.front()] == c.y[order.back()]) {
    return {order.front()};
  }
  const auto cross = [&](int o, int a, int b) {
    const double ax = psub(c, c.x[a], c.x[o]), ay = psub(c, c.y[a], c.y[o]);
    const double bx = psub(c, c.x[b], c.x[o]), by = psub(c, c.y[b], c.y[o]);
    return ax * by - ay * bx;
  };
  // monotone chain over sorted positions; strict turns only, so collinear
  // and repeated points drop out (a chain keeps the first of equal points).
  // `lower` runs first -> last on the min-y side, `upper` on the max-y side.
  const int total = static_cast<int>(n);
  const auto same = [&](int pa, int pb) {
    return c.x[order[pa]] == c.x[order[pb]] && c.y[order[pa]] == c.y[order[pb]];
  };
  const auto cross_pos = [&](int o, int a, int b) { return cross(order[o], order[a], order[b]); };
  std::vector<int> lower, upper;
  for (int i = 0; i < total; ++i) {
    if (i > 0 && same(i - 1, i)) continue;  // equal points sort next to each other
    while (lower.size() >= 2 && cross_pos(lower[lower.size() - 2], lower.back(), i) <= 0) {
      lower.pop_back();
    }
    lower.push_back(i);
    while (upper.size() >= 2 && cross_pos(upper[upper.size() - 2], upper.back(), i) >= 0) {
      upper.pop_back();
    }
    upper.push_back(i);
  }
  // Which of several equal points stands for a vertex follows OpenCV's scan:
  // its chains run from both ends towards the extreme-y points (the first
  // sorted ones), and each keeps the first equal point it meets, so vertices
  // past the split get the last of their equal points.
  int maxy_pos = 0, miny_pos = 0;
  for (int i = 1; i < total; ++i) {
    if (c.y[order[i]] > c.y[order[maxy_pos]]) maxy_pos = i;
    if (c.y[order[i]] < c.y[order[miny_pos]]) miny_pos = i;
  }
  std::vector<int> last_of(static_cast<size_t>(total));
  for (int i = total - 1; i >= 0; --i) {
    last_of[i] = (i + 1 < total && same(i, i + 1)) ? last_of[i + 1] : order[i];
  }
  const int last_pos = upper.back();
  const bool last_is_split = same(last_pos, clockwise ? miny_pos : maxy_pos);
  const auto pick = [&](int pos, int split) {
    if (pos == last_pos) return last_is_split ? order[pos] : last_of[pos];
    return pos > split ? last_of[pos] : order[pos];
  };
  // counter-clockwise in x-right / y-up terms (OpenCV's clockwise=false):
  // from the last sorted point along the max-y side to the first one, then
  // back along the min-y side; clockwise: from the first sorted point along
  // the max-y side. Collinear input leaves just the two extremes.
  std::vector<int> hull;
  if (!clockwise) {
    for (size_t i = upper.size(); i-- > 0;) hull.push_back(pick(upper[i], maxy_pos));
    for (size_t i = 1; i + 1 < lower.size(); ++i) hull.push_back(pick(lower[i], miny_pos));
  } else {
    for (size_t i = 0; i < upper.size(); ++i) hull.push_back(pick(upper[i], maxy_pos));
    for (size_t i = lower.size() - 1; i-- > 1;) hull.push_back(pick(lower[i], miny_pos));
  }
  // OpenCV's final touch: when the indices form a cyclic run that is
  // monotone, start the run at its smallest (ascending) or largest
  // (descending) index, so a hull of a contour follows the contour.
  const size_t m = hull.size();
  if (m >= 3) {
    size_t descents = 0, ascents = 0, imin = 0, imax = 0;
    for (size_t i = 0; i < m; ++i) {
      const int a = hull[i], b = hull[(i + 1) % m];
      if (b < a) ++descents;
      if (b > a) ++ascents;
      if (hull[i] < hull[imin]) imin = i;
      if (hull[i] > hull[imax]) imax = i;
    }
    size_t start = 0;
    if (descents == 1) {
      start = imin;
    } else if (ascents == 1) {
      start = imax;
    }
    std::rotate(hull.begin(), hull.begin() + static_cast<std::ptrdiff_t>(start), hull.end());
  }
  return hull;
}

void min_area_rect(const PointList& c, double out[5]) {
  check_points("min_area_rect", c);
  const std::vector<int> idx = convex_hull(c, false);
  const size_t m = idx.size();
  std::vector<double> hx(m), hy(m);
  for (size_t i = 0; i < m; ++i) {
    hx[i] = static_cast<float>(c.x[idx[i]]);
    hy[i] = static_cast<float>(c.y[idx[i]]);
  }
  double cx = hx[0], cy = hy[0], w = 0, h = 0, angle = 0;
  if (m == 2) {
    cx = (hx[0] + hx[1]) * 0.5;
    cy = (hy[0] + hy[1]) * 0.5;
    const double dx = hx[1] - hx[0], dy = hy[1] - hy[0];
    w = std::sqrt(dx * dx + dy * dy);
    angle = std::atan2(dy, dx) * 180.0 / M_PI;
  } else if (m >= 3) {
    // rotating calipers: for every hull edge the box aligned with it; the
    // extreme points along the edge, its normal and its reverse advance
    // monotonically around the hull
    double best = DBL_MAX;
    size_t r = 0, t = 0, l = 0;
    const auto dot = [&](size_t k, double ux, double uy) { return hx[k] * ux + hy[k] * uy; };
    for (size_t i = 0; i < m; ++i) {
      const size_t j = (i + 1) % m;
      double ux = hx[j] - hx[i], uy = hy[j] - hy[i];
      const double len = std::sqrt(ux * ux + uy * uy);
      ux /= len;
      uy /= len;
      const double nx = -uy, ny = ux;  // inward normal for the ccw (y-up) hull
      if (i == 0) {
        r = t = l = i;
        for (size_t k = 0; k < m; ++k) {
          if (dot(k, ux, uy) > dot(r, ux, uy)) r = k;
          if (dot(k, nx, ny) > dot(t, nx, ny)) t = k;
          if (dot(k, ux, uy) < dot(l, ux, uy)) l = k;
        }
      } else {
        while (dot((r + 1) % m, ux, uy) >= dot(r, ux, uy) && (r + 1) % m != i) r = (r + 1) % m;
        while (dot((t + 1) % m, nx, ny) >= dot(t, nx, ny) && (t + 1) % m != i) t = (t + 1) % m;
        while (dot((l + 1) % m, ux, uy) <= dot(l, ux, uy) && (l + 1) % m != j) l = (l + 1) % m;
      }
      const double u0 = dot(l, ux, uy), u1 = dot(r, ux, uy);
      const double n0 = dot(i, nx, ny), n1 = dot(t, nx, ny);
      const double area = (u1 - u0) * (n1 - n0);
      if (area < best) {
        best = area;
        w = u1 - u0;
        h = n1 - n0;
        const double mu = (u0 + u1) * 0.5, mn = (n0 + n1) * 0.5;
        cx = mu * ux + mn * nx;
        cy = mu * uy + mn * ny;
        angle = std::atan2(uy, ux) * 180.0 / M_PI;
      }
    }
  }
  // OpenCV's convention: angle in [-90, 0), a quarter turn swaps the sides
  while (angle >= 0) {
    angle -= 90;
    std::swap(w, h);
  }
  while (angle < -90) {
    angle += 90;
    std::swap(w, h);
  }
  out[0] = cx;
  out[1] = cy;
  out[2] = w;
  out[3] = h;
  out[4] = angle;
}

std::vector<int> approx_poly(const PointList& c, double epsilon, bool closed) {
  const char* func = "approx_poly";
  check_points(func, c);
  if (!(epsilon >= 0 && epsilon < 1e30)) {
    throw_invalid(func, "epsilon", "a finite value >= 0", std::to_string(epsilon));
  }
  const int count = static_cast<int>(c.n);
  const double eps2 = epsilon * epsilon;
  const auto X = [&](int i) { return c.x[i]; };
  const auto Y = [&](int i) { return c.y[i]; };
  const auto sub = [&](double a, double b) { return psub(c, a, b); };
  struct Slice {
    int start, end;
  };
  std::vector<Slice> stack;
  std::vector<int> out;  // indices of kept points, in output order
  bool is_closed = closed;
  int init_iters = 3;
  if (!is_closed) {
    if (X(count - 1) != X(0) || Y(count - 1) != Y(0)) {
      stack.push_back({0, count - 1});
    } else {
      is_closed = true;  // an open curve that returns to its start
      init_iters = 1;
    }
  }
  if (is_closed) {
    // two roughly farthest points: from the start, the farthest point, and
    // from there again (init_iters times)
    int pos = 0, far = 0, start = 0;
    bool small = false;
    for (int it = 0; it < init_iters; ++it) {
      pos = (pos + far) % count;
      start = pos;
      double best = 0;
      far = 0;
      for (int j = 1; j < count; ++j) {
        const int k = (start + j) % count;
        const double dx = sub(X(k), X(start)), dy = sub(Y(k), Y(start));
        const double d = dx * dx + dy * dy;
        if (d > best) {
          best = d;
          far = j;
        }
      }
      small = best <= eps2;
    }
    if (!small) {
      const int s0 = start, s1 = (far + start) % count;
      stack.push_back({s1, s0});
      stack.push_back({s0, s1});
    } else {
      out.push_back(start);
    }
  }
  // split until every slice is within epsilon of its chord
  while (!stack.empty()) {
    Slice s = stack.back();
    stack.pop_back();
    const int a = s.start, b = s.end;
    int split = -1;
    bool within = true;
    if ((a + 1) % count != b) {
      const double dx = sub(X(b), X(a)), dy = sub(Y(b), Y(a));
      const double seg2 = dx * dx + dy * dy;
      double best = 0;
      for (int k = (a + 1) % count; k != b; k = (k + 1) % count) {
        const double px = sub(X(k), X(a)), py = sub(Y(k), Y(a));
        const double proj = px * dx + py * dy;
        double d;
        if (proj < 0) {
          d = (px * px + py * py) * seg2;
        } else if (proj > seg2) {
          const double qx = sub(X(k), X(b)), qy = sub(Y(k), Y(b));
          d = (qx * qx + qy * qy) * seg2;
        } else {
          const double cr = py * dx - px * dy;
          d = cr * cr;
        }
        if (d > best) {
          best = d;
          split = k;
        }
      }
      within = best <= eps2 * seg2;
    }
    if (within) {
      out.push_back(a);
    } else {
      stack.push_back({split, b});
      stack.push_back({a, split});
    }
  }
  if (!is_closed) out.push_back(count - 1);

  // clean-up: drop points on [almost] straight runs between their neighbours
  int n = static_cast<int>(out.size());
  int kept = n;
  if (n > 2) {
    std::vector<int>& d = out;
    const auto next = [&](int p) { return p + 1 >= n ? 0 : p + 1; };
    int pos = closed ? n - 1 : 0;
    int start = d[pos];
    pos = next(pos);
    int wpos = pos;
    int pt = d[pos];
    pos = next(pos);
    for (int i = closed ? 0 : 1; i < n - (closed ? 0 : 1) && kept > 2; ++i) {
      const int end = d[pos];
      pos = next(pos);
      const double dx = sub(X(end), X(start)), dy = sub(Y(end), Y(start));
      const double ax = sub(X(pt), X(start)), ay = sub(Y(pt), Y(start));
      const double dist = std::fabs(ax * dy - ay * dx);
      const double inner = ax * sub(X(end), X(pt)) + ay * sub(Y(end), Y(pt));
      if (dist * dist <= 0.5 * eps2 * (dx * dx + dy * dy) && dx != 0 && dy != 0 && inner >= 0) {
        --kept;
        d[wpos] = start = end;
        wpos = next(wpos);
        pt = d[pos];
        pos = next(pos);
        ++i;
        continue;
      }
      d[wpos] = start = pt;
      wpos = next(wpos);
      pt = end;
    }
    if (!closed) d[wpos] = pt;
    out.resize(static_cast<size_t>(kept));
  }
  return out;
}

}  // namespace vc
