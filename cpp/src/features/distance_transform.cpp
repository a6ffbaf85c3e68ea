// distance_transform: separable exact distances to the nearest zero pixel.
//
// stage 1, columns (in parallel over strips of columns): g(x, y) = distance
//   down the column to the nearest zero, a downward and an upward scan with
//   the u8_s32_dist_col_* row kernels. g is kept as int32 in dst's own memory
//   (4-byte elements), so no scratch image is allocated.
// stage 2, rows (in parallel over rows), exact integer arithmetic:
//   L2: d2(x) = min_v (x - v)^2 + g(v)^2, the lower envelope of parabolas
//       (Felzenszwalb & Huttenlocher), dst = float(sqrt(double(d2)));
//   L1: d(x) = min_v |x - v| + g(v), a forward and a backward min scan,
//       run on transposed bands of rows by the column-scan kernel;
//   Chessboard: d(x) = min_v max(|x - v|, g(v)), Meijster's envelope scan
//       with its L-infinity separator.
// Columns without a zero carry g = kDistInf; a row only sees such columns
// when the whole image has no zero, and then every pixel gets FLT_MAX.
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

constexpr int32_t kDistInf = int32_t{1} << 29;  // as in shapes.inc
constexpr int kStripCols = 128;  // a strip of 1080 rows stays in L2 between the two scans
constexpr int kBandRows = 64;    // L1 row scans: a transposed band of a wide image in L2

int32_t* grow(const ImageView& dst, int y) { return dst.row<int32_t>(y); }

// L2 along one row: g (int32) in, float out (the same memory).
void row_l2(int32_t* g, float* out, int w, std::vector<int>& v, std::vector<double>& z,
            std::vector<int64_t>& f) {
  int k = -1;
  for (int q = 0; q < w; ++q) {
    if (g[q] >= kDistInf) continue;
    f[q] = int64_t{g[q]} * g[q];
    const double fq = static_cast<double>(f[q] + int64_t{q} * q);
    double s = 0;
    while (k >= 0) {
      const int p = v[k];
      s = (fq - static_cast<double>(f[p] + int64_t{p} * p)) / (2.0 * (q - p));
      if (s > z[k]) break;
      --k;
    }
    ++k;
    v[k] = q;
    z[k] = k == 0 ? -1e300 : s;
  }
  if (k < 0) {
    for (int x = 0; x < w; ++x) out[x] = FLT_MAX;
    return;
  }
  int j = 0;
  for (int x = 0; x < w; ++x) {
    while (j < k && z[j + 1] < x) ++j;
    const int64_t dx = x - v[j];
    const int64_t d2 = dx * dx + f[v[j]];
    out[x] = static_cast<float>(std::sqrt(static_cast<double>(d2)));
  }
}

// L1 along a band of rows [y0, y0 + m), m <= kBandRows: the band is
// transposed into t (w rows of m values), so the two scans along x become
// column scans that the s32_dist_col_up_row kernel runs over all m rows at
// once (dst = min(dst, neighbour + 1) in either direction), then transposed
// back as floats. Same integers as rows_l1.
void band_l1(const ImageView& dst, int y0, int m, int w, int32_t* t,
             const kernels::KernelTable& k) {
  constexpr int kTile = 16;
  for (int r0 = 0; r0 < m; r0 += kTile) {
    const int r1 = std::min(m, r0 + kTile);
    for (int x0 = 0; x0 < w; x0 += kTile) {
      const int x1 = std::min(w, x0 + kTile);
      for (int r = r0; r < r1; ++r) {
        const int32_t* g = grow(dst, y0 + r);
        for (int x = x0; x < x1; ++x) t[static_cast<size_t>(x) * m + r] = g[x];
      }
    }
  }
  const size_t n = static_cast<size_t>(m);
  for (int x = 1; x < w; ++x) k.s32_dist_col_up_row(t + (x - 1) * n, t + x * n, n);
  for (int x = w - 2; x >= 0; --x) k.s32_dist_col_up_row(t + (x + 1) * n, t + x * n, n);
  for (int r0 = 0; r0 < m; r0 += kTile) {
    const int r1 = std::min(m, r0 + kTile);
    for (int x0 = 0; x0 < w; x0 += kTile) {
      const int x1 = std::min(w, x0 + kTile);
      for (int r = r0; r < r1; ++r) {
        float* o = dst.row<float>(y0 + r);
        for (int x = x0; x < x1; ++x) {
          const int32_t v = t[static_cast<size_t>(x) * m + r];
          o[x] = v >= kDistInf ? FLT_MAX : static_cast<float>(v);
        }
      }
    }
  }
}

// Meijster, Roerdink & Hesselink, "A general algorithm for computing
// distance transforms in linear time", the L-infinity case.
void row_chess(int32_t* g, float* out, int w, std::vector<int>& s, std::vector<int>& t,
               std::vector<int32_t>& scratch) {
  const auto f = [&](int x, int i) { return std::max(std::abs(x - i), g[i]); };
  const auto sep = [&](int i, int u) {
    if (g[i] <= g[u]) return std::max(i + g[u], (i + u) / 2);
    return std::min(u - g[i], (i + u) / 2);
  };
  int q = 0;
  s[0] = 0;
  t[0] = 0;
  for (int u = 1; u < w; ++u) {
    while (q >= 0 && f(t[q], s[q]) > f(t[q], u)) --q;
    if (q < 0) {
      q = 0;
      s[0] = u;
    } else {
      const int64_t wpos = int64_t{1} + sep(s[q], u);
      if (wpos < w) {
        ++q;
        s[q] = u;
        t[q] = static_cast<int>(wpos);
      }
    }
  }
  // results go to a scratch row first: out aliases g, which f still reads
  std::vector<int32_t>& r = scratch;
  for (int u = w - 1; u >= 0; --u) {
    r[u] = f(u, s[q]);
    if (u == t[q]) --q;
  }
  for (int x = 0; x < w; ++x) out[x] = r[x] >= kDistInf ? FLT_MAX : static_cast<float>(r[x]);
}

}  // namespace

void distance_transform(const ConstImageView& src, const ImageView& dst, DistanceMetric metric) {
  const char* func = "distance_transform";
  check_view(func, "binary", src, 1, 1);
  if (src.type != PixelType::U8) throw_type(func, "binary", "uint8", pixel_type_name(src.type));
  check_output(func, "dst", dst, src.width, src.height, 1, PixelType::F32);
  if (views_overlap(src, dst)) {
    throw_invalid(func, "dst", "a buffer not overlapping binary", "overlap");
  }
  const int w = src.width, h = src.height;
  const kernels::KernelTable& k = kernels::active_kernels();

  // stage 1: column scans in strips
  const int strips = (w + kStripCols - 1) / kStripCols;
  const std::vector<int32_t> inf_row(static_cast<size_t>(std::min(w, kStripCols)), kDistInf - 1);
  parallel_for(0, strips, 1, [&](int64_t s0, int64_t s1) {
    for (int64_t s = s0; s < s1; ++s) {
      const int x0 = static_cast<int>(s) * kStripCols;
      const size_t n = static_cast<size_t>(std::min(kStripCols, w - x0));
      // inf_row + 1 saturates to kDistInf
      k.u8_s32_dist_col_down_row(src.row(0) + x0, inf_row.data(), grow(dst, 0) + x0, n);
      for (int y = 1; y < h; ++y) {
        k.u8_s32_dist_col_down_row(src.row(y) + x0, grow(dst, y - 1) + x0, grow(dst, y) + x0,
                                   n);
      }
      for (int y = h - 2; y >= 0; --y) {
        k.s32_dist_col_up_row(grow(dst, y + 1) + x0, grow(dst, y) + x0, n);
      }
    }
  });

  // stage 2: rows
  if (metric == DistanceMetric::L1) {
    const int bands = (h + kBandRows - 1) / kBandRows;
    parallel_for(0, bands, 1, [&](int64_t b0, int64_t b1) {
      std::vector<int32_t> t(static_cast<size_t>(w) * std::min(h, kBandRows));
      for (int64_t b = b0; b < b1; ++b) {
        const int y0 = static_cast<int>(b) * kBandRows;
        band_l1(dst, y0, std::min(kBandRows, h - y0), w, t.data(), k);
      }
    });
    return;
  }
  const int64_t grain = rows_grain(int64_t{w} * 16);
  parallel_for(0, h, grain, [&](int64_t y0, int64_t y1) {
    std::vector<int> v, t, r;
    std::vector<double> z;
    std::vector<int64_t> f;
    if (metric == DistanceMetric::L2) {
      v.resize(static_cast<size_t>(w));
      z.resize(static_cast<size_t>(w));
      f.resize(static_cast<size_t>(w));
    } else if (metric == DistanceMetric::Chessboard) {
      v.resize(static_cast<size_t>(w));
      t.resize(static_cast<size_t>(w));
      r.resize(static_cast<size_t>(w));
    }
    for (int64_t y = y0; y < y1; ++y) {
      int32_t* g = grow(dst, static_cast<int>(y));
      float* out = dst.row<float>(static_cast<int>(y));
      switch (metric) {
        case DistanceMetric::L2:
          row_l2(g, out, w, v, z, f);
          break;
        case DistanceMetric::L1:  // done above, by bands
          break;
        case DistanceMetric::Chessboard:
          row_chess(g, out, w, v, t, r);
          break;
      }
    }
  });
}

}  // namespace vc
