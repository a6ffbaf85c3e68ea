// lbp: local binary patterns (skimage.feature.local_binary_pattern).
//
// The P sample offsets and bilinear weights are computed once; interior
// pixels (all four taps of every sample inside) take a check-free path,
// border pixels read zeros outside. Arithmetic in double in skimage's order,
// so the codes match it exactly. Rows in parallel (independent).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "visioncore/descriptors.hpp"
#include "visioncore/error.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

struct Tap {
  double rp, cp;  // offsets (row, column)
  int r0, c0;     // floor of the offsets
  int r1, c1;     // ceil of the offsets
};

template <class T>
inline double at(const ConstImageView& v, int y, int x) {
  if (y < 0 || y >= v.height || x < 0 || x >= v.width) return 0.0;
  return static_cast<double>(v.row<T>(y)[x]);
}

inline int rotate_right(int v, int p) { return (v >> 1) | ((v & 1) << (p - 1)); }

template <class T, class TD>
void lbp_rows(const ConstImageView& v, const ImageView& d, const std::vector<Tap>& taps,
              const std::vector<double>& dcs, LbpMethod method, int y0, int y1) {
  const int P = static_cast<int>(taps.size());
  int lo = 0, hi = 0;  // reach of the taps
  for (const Tap& t : taps) {
    lo = std::min({lo, t.r0, t.c0});
    hi = std::max({hi, t.r1, t.c1});
  }
  int bits[16];
  for (int y = y0; y < y1; ++y) {
    TD* out = d.row<TD>(y);
    const bool row_inside = y + lo >= 0 && y + hi < v.height;
    // fractional row parts as skimage forms them: (y + rp) - floor(y + rp)
    double drs[16];
    for (int i = 0; i < P; ++i) {
      const double r = y + taps[i].rp;
      drs[i] = r - std::floor(r);
    }
    for (int x = 0; x < v.width; ++x) {
      const double center = static_cast<double>(v.row<T>(y)[x]);
      const bool inside = row_inside && x + lo >= 0 && x + hi < v.width;
      for (int i = 0; i < P; ++i) {
        const Tap& t = taps[i];
        double tl, tr, bl, br;
        if (inside) {
          const T* a = v.row<T>(y + t.r0);
          const T* b = v.row<T>(y + t.r1);
          tl = a[x + t.c0], tr = a[x + t.c1], bl = b[x + t.c0], br = b[x + t.c1];
        } else {
          tl = at<T>(v, y + t.r0, x + t.c0), tr = at<T>(v, y + t.r0, x + t.c1);
          bl = at<T>(v, y + t.r1, x + t.c0), br = at<T>(v, y + t.r1, x + t.c1);
        }
        const double dc = dcs[static_cast<size_t>(i) * v.width + x], dr = drs[i];
        const double top = (1 - dc) * tl + dc * tr;
        const double bottom = (1 - dc) * bl + dc * br;
        const double s = (1 - dr) * top + dr * bottom;
        bits[i] = s - center >= 0 ? 1 : 0;
      }
      int code = 0;
      if (method == LbpMethod::Uniform) {
        int changes = 0, ones = 0;
        for (int i = 0; i < P - 1; ++i) changes += bits[i] != bits[i + 1];
        for (int i = 0; i < P; ++i) ones += bits[i];
        code = changes <= 2 ? ones : P + 1;
      } else {
        for (int i = 0; i < P; ++i) code += bits[i] << i;
        if (method == LbpMethod::Ror) {
          int r = code, best = code;
          for (int i = 1; i < P; ++i) {
            r = rotate_right(r, P);
            best = std::min(best, r);
          }
          code = best;
        }
      }
      out[x] = static_cast<TD>(code);
    }
  }
}

}  // namespace

void lbp(const ConstImageView& img, const ImageView& dst, double radius, int points,
         LbpMethod method) {
  const char* func = "lbp";
  check_view(func, "img", img, 1, 1);
  if (img.type != PixelType::U8 && img.type != PixelType::F32) {
    throw_type(func, "img", "uint8 or float32", pixel_type_name(img.type));
  }
  if (!(radius > 0) || !(radius <= 1024)) {
    throw_invalid(func, "radius", "a number in (0, 1024]", std::to_string(radius));
  }
  if (points < 1 || points > 16) throw_invalid(func, "points", "an int in 1..16", std::to_string(points));
  const PixelType out_t = points <= 8 ? PixelType::U8 : PixelType::U16;
  check_output(func, "dst", dst, img.width, img.height, 1, out_t);
  if (views_overlap(img, dst)) throw_invalid(func, "dst", "a buffer not overlapping img", "overlap");
  std::vector<Tap> taps(static_cast<size_t>(points));
  const double two_pi = 2 * 3.14159265358979323846;
  for (int i = 0; i < points; ++i) {
    // offsets rounded to 5 decimals as numpy's round(x, 5)
    const double rr = -radius * std::sin(two_pi * i / points);
    const double cc = radius * std::cos(two_pi * i / points);
    const double rp = std::nearbyint(rr * 1e5) / 1e5, cp = std::nearbyint(cc * 1e5) / 1e5;
    Tap& t = taps[static_cast<size_t>(i)];
    t.r0 = static_cast<int>(std::floor(rp));
    t.c0 = static_cast<int>(std::floor(cp));
    t.r1 = static_cast<int>(std::ceil(rp));
    t.c1 = static_cast<int>(std::ceil(cp));
    t.rp = rp;
    t.cp = cp;
  }
  std::vector<double> dcs(static_cast<size_t>(points) * img.width);
  for (int i = 0; i < points; ++i) {
    for (int x = 0; x < img.width; ++x) {
      const double c = x + taps[static_cast<size_t>(i)].cp;
      dcs[static_cast<size_t>(i) * img.width + x] = c - std::floor(c);
    }
  }
  parallel_for(0, img.height, 16, [&](int64_t y0, int64_t y1) {
    const int a = static_cast<int>(y0), b = static_cast<int>(y1);
    if (img.type == PixelType::U8) {
      if (out_t == PixelType::U8) lbp_rows<uint8_t, uint8_t>(img, dst, taps, dcs, method, a, b);
      else lbp_rows<uint8_t, uint16_t>(img, dst, taps, dcs, method, a, b);
    } else {
      if (out_t == PixelType::U8) lbp_rows<float, uint8_t>(img, dst, taps, dcs, method, a, b);
      else lbp_rows<float, uint16_t>(img, dst, taps, dcs, method, a, b);
    }
  });
}

}  // namespace vc
