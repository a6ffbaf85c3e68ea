// Moments (cv::moments) and Hu invariants (cv::HuMoments).
//
// Polygon: Green's theorem over the edges (x_{i-1}, y_{i-1}) -> (x_i, y_i)
//   with d = x_{i-1} y_i - x_i y_{i-1}; m00 = sum d / 2, m10 = sum d (x_{i-1}
//   + x_i) / 6, ... (the standard closed forms up to order 3); the sign is
//   flipped for clockwise polygons so that m00 >= 0.
// Image: m_pq = sum x^p y^q I(x, y). stage 1 (in parallel): per row and per
//   4096-pixel span the exact integer sums of x^k I (k = 0..3) from the
//   u8_moments_row kernel (U8), or double sums in a fixed order (other
//   types); stage 2 (serial, row order): the row sums are combined in double,
//   so the result does not depend on the thread count or the ISA level.
// Central and normalised moments follow from the raw ones.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/parallel.hpp"
#include "visioncore/shapes.hpp"

namespace vc {
namespace {

constexpr int kSpan = 4096;

void complete(Moments& r) {
  double* m = r.m;  // m00 m10 m01 m20 m11 m02 m30 m21 m12 m03
  double cx = 0, cy = 0, inv_m00 = 0;
  if (std::fabs(m[0]) > DBL_EPSILON) {
    inv_m00 = 1.0 / m[0];
    cx = m[1] * inv_m00;
    cy = m[2] * inv_m00;
  }
  const double mu20 = m[3] - m[1] * cx;
  const double mu11 = m[4] - m[1] * cy;
  const double mu02 = m[5] - m[2] * cy;
  r.mu[0] = mu20;
  r.mu[1] = mu11;
  r.mu[2] = mu02;
  r.mu[3] = m[6] - cx * (3 * mu20 + cx * m[1]);                  // mu30
  r.mu[4] = m[7] - cx * (2 * mu11 + cx * m[2]) - cy * mu20;      // mu21
  r.mu[5] = m[8] - cy * (2 * mu11 + cy * m[1]) - cx * mu02;      // mu12
  r.mu[6] = m[9] - cy * (3 * mu02 + cy * m[2]);                  // mu03
  const double s2 = inv_m00 * inv_m00, s3 = s2 * std::sqrt(std::fabs(inv_m00));
  for (int i = 0; i < 3; ++i) r.nu[i] = r.mu[i] * s2;
  for (int i = 3; i < 7; ++i) r.nu[i] = r.mu[i] * s3;
}

template <class T>
void row_sums_generic(const T* p, int n, int x0, bool binary, double s[4]) {
  double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  for (int i = 0; i < n; ++i) {
    const double v = binary ? (p[i] != 0 ? 1.0 : 0.0) : static_cast<double>(p[i]);
    const double x = static_cast<double>(x0 + i);
    const double xv = x * v;
    a0 += v;
    a1 += xv;
    a2 += x * xv;
    a3 += x * x * xv;
  }
  s[0] += a0;
  s[1] += a1;
  s[2] += a2;
  s[3] += a3;
}

}  // namespace

Moments contour_moments(const PointList& c) {
  if (c.n == 0) throw_invalid("moments", "points", "at least 1 point", "0 points");
  double a00 = 0, a10 = 0, a01 = 0, a20 = 0, a11 = 0, a02 = 0, a30 = 0, a21 = 0, a12 = 0,
         a03 = 0;
  double xp = c.x[c.n - 1], yp = c.y[c.n - 1];
  for (size_t i = 0; i < c.n; ++i) {
    const double x = c.x[i], y = c.y[i];
    const double x2 = x * x, y2 = y * y, xp2 = xp * xp, yp2 = yp * yp;
    const double d = xp * y - x * yp;
    const double sx = xp + x, sy = yp + y;
    a00 += d;
    a10 += d * sx;
    a01 += d * sy;
    a20 += d * (xp * sx + x2);
    a11 += d * (xp * (sy + yp) + x * (sy + y));
    a02 += d * (yp * sy + y2);
    a30 += d * sx * (xp2 + x2);
    a03 += d * sy * (yp2 + y2);
    a21 += d * (xp2 * (3 * yp + y) + 2 * x * xp * sy + x2 * (yp + 3 * y));
    a12 += d * (yp2 * (3 * xp + x) + 2 * y * yp * sx + y2 * (xp + 3 * x));
    xp = x;
    yp = y;
  }
  Moments r{};
  if (std::fabs(a00) > FLT_EPSILON) {
    const double sign = a00 > 0 ? 1.0 : -1.0;
    r.m[0] = sign * a00 / 2;
    r.m[1] = sign * a10 / 6;
    r.m[2] = sign * a01 / 6;
    r.m[3] = sign * a20 / 12;
    r.m[4] = sign * a11 / 24;
    r.m[5] = sign * a02 / 12;
    r.m[6] = sign * a30 / 20;
    r.m[7] = sign * a21 / 60;
    r.m[8] = sign * a12 / 60;
    r.m[9] = sign * a03 / 20;
  }
  complete(r);
  return r;
}

Moments image_moments(const ConstImageView& src, bool binary) {
  const char* func = "moments";
  check_view(func, "img", src, 1, 1);
  const int w = src.width, h = src.height;
  const int spans = (w + kSpan - 1) / kSpan;
  // stage 1: per row, x-power sums (s0..s3)
  std::vector<double> rows(static_cast<size_t>(h) * 4, 0.0);
  const kernels::KernelTable& k = kernels::active_kernels();
  const int64_t grain = rows_grain(static_cast<int64_t>(src.row_bytes()));
  parallel_for(0, h, grain, [&](int64_t y0, int64_t y1) {
    for (int64_t yy = y0; yy < y1; ++yy) {
      const int y = static_cast<int>(yy);
      double* s = &rows[static_cast<size_t>(y) * 4];
      for (int sp = 0; sp < spans; ++sp) {
        const int x0 = sp * kSpan, n = std::min(kSpan, w - x0);
        if (src.type == PixelType::U8) {
          uint64_t t[4];
          k.u8_moments_row(src.row(y) + x0, static_cast<size_t>(n), binary ? 1 : 0, t);
          // shift the span's local x by x0 (exact integers, then double)
          const double b = x0, t0 = static_cast<double>(t[0]), t1 = static_cast<double>(t[1]),
                       t2 = static_cast<double>(t[2]), t3 = static_cast<double>(t[3]);
          s[0] += t0;
          s[1] += t1 + b * t0;
          s[2] += t2 + 2 * b * t1 + b * b * t0;
          s[3] += t3 + 3 * b * t2 + 3 * b * b * t1 + b * b * b * t0;
        } else if (src.type == PixelType::U16) {
          row_sums_generic(src.row<uint16_t>(y) + x0, n, x0, binary, s);
        } else if (src.type == PixelType::S16) {
          row_sums_generic(src.row<int16_t>(y) + x0, n, x0, binary, s);
        } else {
          row_sums_generic(src.row<float>(y) + x0, n, x0, binary, s);
        }
      }
    }
  });
  // stage 2: rows in order
  Moments r{};
  double* m = r.m;
  for (int y = 0; y < h; ++y) {
    const double* s = &rows[static_cast<size_t>(y) * 4];
    const double fy = y, fy2 = fy * fy;
    m[0] += s[0];
    m[1] += s[1];
    m[2] += fy * s[0];
    m[3] += s[2];
    m[4] += fy * s[1];
    m[5] += fy2 * s[0];
    m[6] += s[3];
    m[7] += fy * s[2];
    m[8] += fy2 * s[1];
    m[9] += fy2 * fy * s[0];
  }
  complete(r);
  return r;
}

void hu_moments(const Moments& mo, double hu[7]) {
  const double n20 = mo.nu[0], n11 = mo.nu[1], n02 = mo.nu[2], n30 = mo.nu[3], n21 = mo.nu[4],
               n12 = mo.nu[5], n03 = mo.nu[6];
  const double t0 = n30 + n12, t1 = n21 + n03;
  const double q0 = t0 * t0, q1 = t1 * t1;
  const double n4 = 4 * n11;
  const double s = n20 + n02, d = n20 - n02;
  hu[0] = s;
  hu[1] = d * d + n4 * n11;
  hu[3] = q0 + q1;
  hu[5] = d * (q0 - q1) + n4 * t0 * t1;
  const double a = n30 - 3 * n12, b = 3 * n21 - n03;
  hu[2] = a * a + b * b;
  hu[4] = a * t0 * (q0 - 3 * q1) + b * t1 * (3 * q0 - q1);
  hu[6] = b * t0 * (q0 - 3 * q1) - a * t1 * (3 * q0 - q1);
}

}  // namespace vc
