// hough_lines (standard) and hough_lines_p (progressive probabilistic).
//
// stage 1: collect the nonzero pixels;
// stage 2: vote: every angle is independent, so the angles are split over
//          the pool and each pixel's float rho is rounded half to even as
//          OpenCV does (no result depends on the split);
// stage 3: local maxima above the threshold, sorted by votes then index.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "visioncore/error.hpp"
#include "visioncore/hough.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

constexpr double kPi = 3.14159265358979323846;

struct Point {
  int x, y;
};

// round-half-even of |v| < 2^22 as lrintf does in the default rounding mode:
// adding and removing 1.5 * 2^23 leaves the nearest integer (ties to even)
inline int round_even_small(float v) {
  constexpr float kMagic = 12582912.0f;
  const float t = v + kMagic;  // IEEE semantics: the pair is never folded
  return static_cast<int>(t - kMagic);
}

std::vector<Point> nonzero_points(const ConstImageView& e) {
  std::vector<Point> pts;
  for (int y = 0; y < e.height; ++y) {
    const uint8_t* r = e.row<uint8_t>(y);
    int x = 0;
    // edge maps are mostly zero: skip eight zero bytes at a time
    for (; x + 8 <= e.width; x += 8) {
      uint64_t word;
      std::memcpy(&word, r + x, 8);
      if (word == 0) continue;
      for (int i = 0; i < 8; ++i) {
        if (r[x + i]) pts.push_back({x + i, y});
      }
    }
    for (; x < e.width; ++x) {
      if (r[x]) pts.push_back({x, y});
    }
  }
  return pts;
}

void check_common(const char* func, const ConstImageView& e, double rho, double theta,
                  int threshold) {
  check_view(func, "edges", e, 1, 1);
  if (e.type != PixelType::U8) throw_type(func, "edges", "uint8", pixel_type_name(e.type));
  if (!(rho > 0) || !std::isfinite(rho)) {
    throw_invalid(func, "rho", "a finite number > 0", std::to_string(rho));
  }
  if (!(theta > 0) || !std::isfinite(theta)) {
    throw_invalid(func, "theta", "a finite number > 0", std::to_string(theta));
  }
  if (threshold <= 0) throw_invalid(func, "threshold", "an int > 0", std::to_string(threshold));
  // accumulator size, checked before allocation
  const double cells = (std::floor(kPi / theta) + 3) * (((e.width + e.height) * 2 + 1) / rho + 3);
  if (!(cells < static_cast<double>(kMaxPixels))) {
    throw LimitExceeded(format_arg_error(func, "rho", "an accumulator of at most 2^30 cells",
                                         "rho " + std::to_string(rho) + ", theta " +
                                             std::to_string(theta)));
  }
}

}  // namespace

std::vector<HoughLine> hough_lines(const ConstImageView& edges, double rho, double theta,
                                   int threshold, double min_theta, double max_theta) {
  const char* func = "hough_lines";
  check_common(func, edges, rho, theta, threshold);
  if (!(min_theta >= 0 && min_theta <= kPi)) {
    throw_invalid(func, "min_theta", "a value in [0, pi]", std::to_string(min_theta));
  }
  if (!(max_theta >= min_theta && max_theta <= kPi)) {
    throw_invalid(func, "max_theta", "a value in [min_theta, pi]", std::to_string(max_theta));
  }
  // OpenCV takes rho and theta as float and steps the angle in float
  const float rho_f = static_cast<float>(rho), theta_f = static_cast<float>(theta);
  const float irho = 1.0f / rho_f;
  int numangle = static_cast<int>(std::floor((max_theta - min_theta) / theta_f)) + 1;
  // the last angle is dropped when it would repeat the first one at pi
  if (numangle > 1 && std::fabs(kPi - (numangle - 1) * theta_f) < theta_f / 2) --numangle;
  const int numrho = static_cast<int>(std::lrint(((edges.width + edges.height) * 2 + 1) / rho_f));
  std::vector<float> tab_sin(numangle), tab_cos(numangle);
  float ang = static_cast<float>(min_theta);
  for (int n = 0; n < numangle; ++n, ang += theta_f) {
    tab_sin[n] = static_cast<float>(std::sin(static_cast<double>(ang)) * irho);
    tab_cos[n] = static_cast<float>(std::cos(static_cast<double>(ang)) * irho);
  }
  const std::vector<Point> pts = nonzero_points(edges);
  // the points' coordinates as float, one array each (the vote loop reads
  // them once per angle)
  const size_t np = pts.size();
  std::vector<float> px(np), py(np);
  for (size_t i = 0; i < np; ++i) {
    px[i] = static_cast<float>(pts[i].x);
    py[i] = static_cast<float>(pts[i].y);
  }
  const int astep = numrho + 2;
  // rows 0 and numangle + 1, columns 0 and numrho + 1 stay zero (the
  // neighbours of the border cells)
  std::vector<int> accum(static_cast<size_t>(numangle + 2) * astep, 0);
  const int offset = (numrho - 1) / 2;
  const bool small = numrho < (1 << 21);  // every |rho index| < 2^21
  // stage 2: vote, angles in parallel; each angle's rho indices are
  // computed for a block of points first (a loop the compiler vectorizes),
  // then counted
  constexpr size_t kVoteBlock = 256;
  parallel_for(0, numangle, std::max<int64_t>(1, 4096 / (int64_t(np) + 1)),
               [&](int64_t n0, int64_t n1) {
                 int ri[kVoteBlock];
                 for (int64_t n = n0; n < n1; ++n) {
                   int* a = accum.data() + (n + 1) * astep + 1 + offset;
                   const float c = tab_cos[n], s = tab_sin[n];
                   if (small) {
                     for (size_t i0 = 0; i0 < np; i0 += kVoteBlock) {
                       const size_t m = std::min(kVoteBlock, np - i0);
                       const float* xs = px.data() + i0;
                       const float* ys = py.data() + i0;
                       for (size_t i = 0; i < m; ++i) ri[i] = round_even_small(xs[i] * c + ys[i] * s);
                       for (size_t i = 0; i < m; ++i) a[ri[i]]++;
                     }
                   } else {
                     for (size_t i = 0; i < np; ++i) {
                       const float v = px[i] * c + py[i] * s;
                       a[static_cast<int>(std::lrint(v))]++;
                     }
                   }
                 }
               });
  // stage 3: local maxima, angle rows in parallel, joined in row order
  std::vector<std::vector<int>> found(static_cast<size_t>(numangle));
  parallel_for(0, numangle, std::max<int64_t>(1, 65536 / (int64_t(numrho) + 1)),
               [&](int64_t n0, int64_t n1) {
                 for (int64_t n = n0; n < n1; ++n) {
                   std::vector<int>& f = found[static_cast<size_t>(n)];
                   const int* row = accum.data() + (n + 1) * astep + 1;
                   for (int r = 0; r < numrho; ++r) {
                     const int v = row[r];
                     if (v > threshold && v > row[r - 1] && v >= row[r + 1] &&
                         v > row[r - astep] && v >= row[r + astep]) {
                       f.push_back(static_cast<int>((n + 1) * astep + r + 1));
                     }
                   }
                 }
               });
  std::vector<int> idx;
  for (const std::vector<int>& f : found) idx.insert(idx.end(), f.begin(), f.end());
  std::sort(idx.begin(), idx.end(), [&](int a, int b) {
    return accum[a] > accum[b] || (accum[a] == accum[b] && a < b);
  });
  std::vector<HoughLine> lines;
  lines.reserve(idx.size());
  for (int base : idx) {
    const int n = base / astep - 1;
    const int r = base - (n + 1) * astep - 1;
    const float lr = static_cast<float>(r - offset) * rho_f;
    const float lt = static_cast<float>(min_theta) + n * theta_f;
    lines.push_back({lr, lt, accum[base]});
  }
  return lines;
}

namespace {

// splitmix64: the random order of the progressive transform.
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int uniform(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
};

}  // namespace

std::vector<HoughSegment> hough_lines_p(const ConstImageView& edges, double rho, double theta,
                                        int threshold, double min_line_length,
                                        double max_line_gap, uint64_t seed, int max_lines) {
  const char* func = "hough_lines_p";
  check_common(func, edges, rho, theta, threshold);
  if (!(min_line_length >= 0) || !std::isfinite(min_line_length)) {
    throw_invalid(func, "min_line_length", "a finite number >= 0", std::to_string(min_line_length));
  }
  if (!(max_line_gap >= 0) || !std::isfinite(max_line_gap)) {
    throw_invalid(func, "max_line_gap", "a finite number >= 0", std::to_string(max_line_gap));
  }
  const int width = edges.width, height = edges.height;
  const float irho = static_cast<float>(1.0 / rho);
  const int numangle = std::max(1, static_cast<int>(std::lrint(kPi / theta)));
  const int numrho = static_cast<int>(std::lrint(((width + height) * 2 + 1) / rho));
  const int offset = (numrho - 1) / 2;
  const int line_gap = static_cast<int>(std::min(max_line_gap, 1e9));
  const double line_length = min_line_length;
  std::vector<float> ttab(static_cast<size_t>(numangle) * 2);
  for (int n = 0; n < numangle; ++n) {
    ttab[n * 2] = static_cast<float>(std::cos(n * theta) * irho);
    ttab[n * 2 + 1] = static_cast<float>(std::sin(n * theta) * irho);
  }
  std::vector<int> accum(static_cast<size_t>(numangle) * numrho, 0);
  std::vector<uint8_t> mask(static_cast<size_t>(width) * height, 0);
  std::vector<Point> pts;
  for (int y = 0; y < height; ++y) {
    const uint8_t* r = edges.row<uint8_t>(y);
    for (int x = 0; x < width; ++x) {
      if (r[x]) {
        mask[static_cast<size_t>(y) * width + x] = 1;
        pts.push_back({x, y});
      }
    }
  }
  auto rho_index = [&](int x, int y, int n) {
    return static_cast<int>(std::lrint(static_cast<float>(x) * ttab[n * 2] +
                                       static_cast<float>(y) * ttab[n * 2 + 1])) +
           offset;
  };
  Rng rng{seed};
  std::vector<HoughSegment> lines;
  constexpr int kShift = 16;
  for (int count = static_cast<int>(pts.size()); count > 0; --count) {
    // stage 1: a random remaining point
    const int k = rng.uniform(count);
    const Point pt = pts[k];
    pts[k] = pts[count - 1];
    if (!mask[static_cast<size_t>(pt.y) * width + pt.x]) continue;
    // stage 2: its votes; the best angle so far
    int max_val = threshold - 1, max_n = 0;
    for (int n = 0; n < numangle; ++n) {
      const int v = ++accum[static_cast<size_t>(n) * numrho + rho_index(pt.x, pt.y, n)];
      if (max_val < v) max_val = v, max_n = n;
    }
    if (max_val < threshold) continue;
    // stage 3: walk the line both ways in 16.16 fixed point
    const float a = -ttab[max_n * 2 + 1], b = ttab[max_n * 2];
    int64_t x0 = pt.x, y0 = pt.y, dx0, dy0;
    const bool xflag = std::fabs(a) > std::fabs(b);
    if (xflag) {
      dx0 = a > 0 ? 1 : -1;
      dy0 = std::lrint(b * (1 << kShift) / std::fabs(a));
      y0 = (y0 << kShift) + (1 << (kShift - 1));
    } else {
      dy0 = b > 0 ? 1 : -1;
      dx0 = std::lrint(a * (1 << kShift) / std::fabs(b));
      x0 = (x0 << kShift) + (1 << (kShift - 1));
    }
    Point end[2] = {pt, pt};
    for (int side = 0; side < 2; ++side) {
      int gap = 0;
      int64_t x = x0, y = y0;
      const int64_t dx = side ? -dx0 : dx0, dy = side ? -dy0 : dy0;
      for (;; x += dx, y += dy) {
        const int64_t j1 = xflag ? x : (x >> kShift), i1 = xflag ? (y >> kShift) : y;
        if (j1 < 0 || j1 >= width || i1 < 0 || i1 >= height) break;
        if (mask[static_cast<size_t>(i1) * width + j1]) {
          gap = 0;
          end[side] = {static_cast<int>(j1), static_cast<int>(i1)};
        } else if (++gap > line_gap) {
          break;
        }
      }
    }
    const bool good = std::abs(end[1].x - end[0].x) >= line_length ||
                      std::abs(end[1].y - end[0].y) >= line_length;
    // stage 4: remove the segment's points (and, for a kept line, their votes)
    for (int side = 0; side < 2; ++side) {
      int64_t x = x0, y = y0;
      const int64_t dx = side ? -dx0 : dx0, dy = side ? -dy0 : dy0;
      for (;; x += dx, y += dy) {
        const int64_t j1 = xflag ? x : (x >> kShift), i1 = xflag ? (y >> kShift) : y;
        if (j1 < 0 || j1 >= width || i1 < 0 || i1 >= height) break;
        uint8_t& m = mask[static_cast<size_t>(i1) * width + j1];
        if (m) {
          if (good) {
            for (int n = 0; n < numangle; ++n) {
              accum[static_cast<size_t>(n) * numrho +
                    rho_index(static_cast<int>(j1), static_cast<int>(i1), n)]--;
            }
          }
          m = 0;
        }
        if (i1 == end[side].y && j1 == end[side].x) break;
      }
    }
    if (good) {
      lines.push_back({end[0].x, end[0].y, end[1].x, end[1].y});
      if (max_lines > 0 && static_cast<int>(lines.size()) >= max_lines) break;
    }
  }
  return lines;
}

}  // namespace vc
