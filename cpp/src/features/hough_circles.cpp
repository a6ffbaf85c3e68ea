// hough_circles: OpenCV's gradient method (HOUGH_GRADIENT).
//
// stage 1: 3x3 Sobel gradient (replicated border) and Canny edges on it
//          (L1 magnitude, OpenCV's non-maximum suppression, hysteresis);
// stage 2: every edge pixel votes along its gradient line, both ways, for
//          radii min..max in a 1/dp accumulator (16.10 fixed point steps);
// stage 3: local maxima above param2, strongest first;
// stage 4: per center, the radius whose dp-wide band of edge distances has
//          the most support relative to the radius (centers in parallel);
// stage 5: strongest first, drop circles closer than min_dist to a kept one.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "visioncore/error.hpp"
#include "visioncore/hough.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

struct Gradient {
  int width, height;
  std::vector<int16_t> dx, dy;
};

Gradient sobel3(const ConstImageView& img) {
  Gradient g{img.width, img.height, {}, {}};
  const size_t n = static_cast<size_t>(img.width) * img.height;
  g.dx.resize(n);
  g.dy.resize(n);
  const int W = img.width, H = img.height;
  parallel_for(0, H, 16, [&](int64_t y0, int64_t y1) {
    for (int64_t yy = y0; yy < y1; ++yy) {
      const int y = static_cast<int>(yy);
      const uint8_t* a = img.row<uint8_t>(std::max(y - 1, 0));
      const uint8_t* b = img.row<uint8_t>(y);
      const uint8_t* c = img.row<uint8_t>(std::min(y + 1, H - 1));
      for (int x = 0; x < W; ++x) {
        const int l = std::max(x - 1, 0), r = std::min(x + 1, W - 1);
        const int gx = (a[r] - a[l]) + 2 * (b[r] - b[l]) + (c[r] - c[l]);
        const int gy = (c[l] + 2 * c[x] + c[r]) - (a[l] + 2 * a[x] + a[r]);
        g.dx[static_cast<size_t>(y) * W + x] = static_cast<int16_t>(gx);
        g.dy[static_cast<size_t>(y) * W + x] = static_cast<int16_t>(gy);
      }
    }
  });
  return g;
}

// Canny on a given gradient: 1 = edge.
std::vector<uint8_t> canny_edges(const Gradient& g, int low, int high) {
  const int W = g.width, H = g.height;
  // magnitudes with a zero frame
  const int ms = W + 2;
  std::vector<int> mag(static_cast<size_t>(ms) * (H + 2), 0);
  for (int y = 0; y < H; ++y) {
    for (int x = 0; x < W; ++x) {
      const size_t i = static_cast<size_t>(y) * W + x;
      mag[static_cast<size_t>(y + 1) * ms + x + 1] = std::abs(g.dx[i]) + std::abs(g.dy[i]);
    }
  }
  // 0: candidate (weak), 1: not an edge, 2: edge
  std::vector<uint8_t> map(static_cast<size_t>(W) * H, 1);
  std::vector<int> stack;
  constexpr int kShift = 15;
  const int tg22 = static_cast<int>(0.4142135623730950488016887242097 * (1 << kShift) + 0.5);
  for (int y = 0; y < H; ++y) {
    const int* mp = mag.data() + static_cast<size_t>(y) * ms + 1;
    const int* mc = mp + ms;
    const int* mn = mc + ms;
    for (int x = 0; x < W; ++x) {
      const int m = mc[x];
      if (m <= low) continue;
      const size_t i = static_cast<size_t>(y) * W + x;
      const int dx = g.dx[i], dy = g.dy[i];
      const int64_t xs = std::abs(dx);
      const int64_t ys = static_cast<int64_t>(std::abs(dy)) << kShift;
      const int64_t tg22x = xs * tg22;
      bool keep;
      if (ys < tg22x) {
        keep = m > mc[x - 1] && m >= mc[x + 1];
      } else {
        const int64_t tg67x = tg22x + (xs << (kShift + 1));
        if (ys > tg67x) {
          keep = m > mp[x] && m >= mn[x];
        } else {
          const int s = (dx ^ dy) < 0 ? -1 : 1;
          keep = m > mp[x - s] && m > mn[x + s];
        }
      }
      if (!keep) continue;
      if (m > high) {
        map[i] = 2;
        stack.push_back(static_cast<int>(i));
      } else {
        map[i] = 0;
      }
    }
  }
  // hysteresis: weak pixels 8-connected to strong ones
  while (!stack.empty()) {
    const int i = stack.back();
    stack.pop_back();
    const int y = i / W, x = i % W;
    for (int dy = -1; dy <= 1; ++dy) {
      for (int dx = -1; dx <= 1; ++dx) {
        const int yy = y + dy, xx = x + dx;
        if (yy < 0 || yy >= H || xx < 0 || xx >= W) continue;
        const int j = yy * W + xx;
        if (map[j] == 0) {
          map[j] = 2;
          stack.push_back(j);
        }
      }
    }
  }
  for (uint8_t& v : map) v = v == 2 ? 1 : 0;
  return map;
}

}  // namespace

std::vector<HoughCircle> hough_circles(const ConstImageView& img, double dp, double min_dist,
                                       double param1, double param2, int min_radius,
                                       int max_radius) {
  const char* func = "hough_circles";
  check_view(func, "img", img, 1, 1);
  if (img.type != PixelType::U8) throw_type(func, "img", "uint8", pixel_type_name(img.type));
  if (!(dp >= 1) || !std::isfinite(dp) || dp > 1024) {
    throw_invalid(func, "dp", "a number in [1, 1024]", std::to_string(dp));
  }
  if (!(min_dist > 0) || !std::isfinite(min_dist)) {
    throw_invalid(func, "min_dist", "a finite number > 0", std::to_string(min_dist));
  }
  if (!(param1 > 0) || !std::isfinite(param1)) {
    throw_invalid(func, "param1", "a finite number > 0", std::to_string(param1));
  }
  if (!(param2 > 0) || !std::isfinite(param2)) {
    throw_invalid(func, "param2", "a finite number > 0", std::to_string(param2));
  }
  if (min_radius < 0) throw_invalid(func, "min_radius", "an int >= 0", std::to_string(min_radius));
  const bool centers_only = max_radius < 0;
  if (max_radius <= 0) {
    max_radius = std::max(img.width, img.height);
  } else if (max_radius <= min_radius) {
    max_radius = min_radius + 2;
  }
  const int W = img.width, H = img.height;
  // stage 1
  const Gradient g = sobel3(img);
  const int high = static_cast<int>(std::lrint(param1));
  const int low = std::max(1, high / 2);
  const std::vector<uint8_t> edges = canny_edges(g, std::min(low, high), std::max(low, high));
  // stage 2
  constexpr int kShift = 10, kOne = 1 << kShift;
  const float dp_f = static_cast<float>(dp);
  const float idp = 1.0f / dp_f;
  const int acols = static_cast<int>(std::ceil(W * idp)), arows = static_cast<int>(std::ceil(H * idp));
  const int astep = acols + 2;
  std::vector<int> accum(static_cast<size_t>(arows + 2) * astep, 0);
  struct Pt {
    int x, y;
  };
  std::vector<Pt> nz;
  for (int y = 0; y < H; ++y) {
    for (int x = 0; x < W; ++x) {
      const size_t i = static_cast<size_t>(y) * W + x;
      if (!edges[i]) continue;
      const float vx = g.dx[i], vy = g.dy[i];
      if (vx == 0 && vy == 0) continue;
      const float mag = std::sqrt(vx * vx + vy * vy);
      if (mag < 1.0f) continue;
      nz.push_back({x, y});
      int sx = static_cast<int>(std::lrint((vx * idp) * kOne / mag));
      int sy = static_cast<int>(std::lrint((vy * idp) * kOne / mag));
      const int x0 = static_cast<int>(std::lrint((x * idp) * kOne));
      const int y0 = static_cast<int>(std::lrint((y * idp) * kOne));
      for (int side = 0; side < 2; ++side) {
        int64_t x1 = x0 + int64_t{min_radius} * sx, y1 = y0 + int64_t{min_radius} * sy;
        for (int r = min_radius; r <= max_radius; x1 += sx, y1 += sy, ++r) {
          const int64_t x2 = x1 >> kShift, y2 = y1 >> kShift;
          if (x2 < 0 || x2 >= acols || y2 < 0 || y2 >= arows) break;
          accum[static_cast<size_t>(y2 + 1) * astep + x2 + 1]++;
        }
        sx = -sx;
        sy = -sy;
      }
    }
  }
  // stage 3
  const double acc_threshold = param2;
  std::vector<int> centers;
  for (int y = 1; y <= arows; ++y) {
    for (int x = 1; x <= acols; ++x) {
      const int base = y * astep + x;
      const int v = accum[base];
      if (v > acc_threshold && v > accum[base - 1] && v >= accum[base + 1] &&
          v > accum[base - astep] && v >= accum[base + astep]) {
        centers.push_back(base);
      }
    }
  }
  std::sort(centers.begin(), centers.end(), [&](int a, int b) {
    return accum[a] > accum[b] || (accum[a] == accum[b] && a < b);
  });
  std::vector<HoughCircle> found(centers.size(), HoughCircle{0, 0, 0, -1});
  // stage 4
  const float min_r2 = static_cast<float>(min_radius) * min_radius;
  const float max_r2 = static_cast<float>(max_radius) * max_radius;
  const float dr = dp_f;
  // radii in bins of dr / 10; a candidate radius is a run of 10 bins
  constexpr int kBinsPerDr = 10;
  const int nbins = std::max(
      1, static_cast<int>(std::lrint((max_radius - min_radius) / dr * kBinsPerDr)));
  parallel_for(0, static_cast<int64_t>(centers.size()), 1, [&](int64_t c0, int64_t c1) {
    std::vector<float> dist;
    std::vector<int> bins(static_cast<size_t>(nbins));
    for (int64_t c = c0; c < c1; ++c) {
      const int base = centers[static_cast<size_t>(c)];
      const int ay = base / astep - 1, ax = base % astep - 1;
      const float cx = (ax + 0.5f) * dr, cy = (ay + 0.5f) * dr;
      if (centers_only) {
        found[static_cast<size_t>(c)] = {cx, cy, 0.0f, accum[base]};
        continue;
      }
      dist.clear();
      // nz is in raster order: only the rows within max_radius can count
      const float ylo = cy - max_radius - 1, yhi = cy + max_radius + 1;
      const auto first = std::lower_bound(nz.begin(), nz.end(), ylo,
                                          [](const Pt& p, float y) { return p.y < y; });
      const auto last = std::upper_bound(first, nz.end(), yhi,
                                         [](float y, const Pt& p) { return y < p.y; });
      for (auto it = first; it != last; ++it) {
        const Pt& p = *it;
        const float ddx = cx - p.x, ddy = cy - p.y;
        const float r2 = ddx * ddx + ddy * ddy;
        if (min_r2 <= r2 && r2 <= max_r2) dist.push_back(r2);
      }
      int max_count = 0;
      float r_best = 0;
      if (!dist.empty()) {
        std::fill(bins.begin(), bins.end(), 0);
        for (float d2 : dist) {
          const float d = std::sqrt(d2);
          const int b = static_cast<int>(std::lrint((d - min_radius) / dr * kBinsPerDr));
          bins[static_cast<size_t>(std::max(0, std::min(nbins - 1, b)))]++;
        }
        for (int j = nbins - 1; j > 0; j--) {
          if (!bins[j]) continue;
          const int upbin = j;
          int count = 0;
          for (; j > upbin - kBinsPerDr && j >= 0; j--) count += bins[j];
          const float r_cur = (upbin + j) / 2.f / kBinsPerDr * dr + min_radius;
          if (count * r_best >= max_count * r_cur || (r_best < FLT_EPSILON && count >= max_count)) {
            r_best = r_cur;
            max_count = count;
          }
        }
      }
      if (max_count > acc_threshold) found[static_cast<size_t>(c)] = {cx, cy, r_best, max_count};
    }
  });
  // stage 5
  std::vector<HoughCircle> cand;
  for (const HoughCircle& h : found) {
    if (h.votes >= 0) cand.push_back(h);
  }
  std::stable_sort(cand.begin(), cand.end(),
                   [](const HoughCircle& a, const HoughCircle& b) { return a.votes > b.votes; });
  std::vector<HoughCircle> out;
  const float md2 = static_cast<float>(min_dist) * static_cast<float>(min_dist);
  for (const HoughCircle& h : cand) {
    bool ok = true;
    for (const HoughCircle& k : out) {
      const float ddx = h.x - k.x, ddy = h.y - k.y;
      if (ddx * ddx + ddy * ddy < md2) {
        ok = false;
        break;
      }
    }
    if (ok) out.push_back(h);
  }
  return out;
}

}  // namespace vc
