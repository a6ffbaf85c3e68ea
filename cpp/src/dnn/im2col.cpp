// im2col into packed GEMM panels (see conv.hpp).
//
// Per panel of nr output pixels, the pixels split into runs that lie in one
// output row; per depth row k = (c, ky, kx) each run is one strided copy of
// an input row segment with zero where the window leaves the image. The
// valid range of a run is computed once per (run, kx), so the copies are
// plain loops the compiler vectorises (no per-element bounds tests, no
// library calls for runs of a few floats).
#include <algorithm>

#include "dnn/conv.hpp"

namespace vc::dnn {

namespace {

struct Run {
  int64_t oy, ox, len, at;
};

// o[t] = row[ix0 + t * sw] for t in [lo, hi), zero elsewhere in [0, len).
inline void copy_run(float* o, const float* row, int64_t ix0, int64_t sw, int64_t lo, int64_t hi,
                     int64_t len) {
  for (int64_t t = 0; t < lo; ++t) o[t] = 0.0f;
  if (sw == 1) {
    const float* src = row + ix0;
    for (int64_t t = lo; t < hi; ++t) o[t] = src[t];
  } else if (sw == 2) {
    const float* src = row + ix0;
    for (int64_t t = lo; t < hi; ++t) o[t] = src[2 * t];
  } else {
    for (int64_t t = lo; t < hi; ++t) o[t] = row[ix0 + t * sw];
  }
  for (int64_t t = hi; t < len; ++t) o[t] = 0.0f;
}

// First t >= 0 with ix0 + t * s >= 0, and first t with ix0 + t * s >= w, both
// clamped to [0, len].
inline void valid_range(int64_t ix0, int64_t s, int64_t w, int64_t len, int64_t* lo,
                        int64_t* hi) {
  const int64_t a = ix0 >= 0 ? 0 : (-ix0 + s - 1) / s;
  const int64_t b = ix0 >= w ? 0 : (w - ix0 + s - 1) / s;
  *lo = std::min(a, len);
  *hi = std::max(*lo, std::min(b, len));
}

}  // namespace

void im2col_pack_block(const float* x, const Im2colGeometry& g, int64_t k0, int64_t kc,
                       int64_t n0, int64_t nc, int nr, float* dst) {
  const Conv2dParams& p = g.p;
  const int64_t plane = g.h * g.w;
  // A panel of at most 64 columns meets at most 65 output rows.
  Run runs[66];
  for (int64_t j0 = 0; j0 < nc; j0 += nr) {
    const int64_t cols = std::min<int64_t>(nr, nc - j0);
    int nruns = 0;
    for (int64_t t = 0; t < cols;) {
      const int64_t q = n0 + j0 + t;
      const int64_t oy = q / g.ow, ox = q % g.ow;
      const int64_t len = std::min(cols - t, g.ow - ox);
      runs[nruns++] = {oy, ox, len, t};
      t += len;
    }
    // (c, ky, kx) of depth row k0, stepped without divisions
    int64_t c = k0 / (p.kernel_h * p.kernel_w);
    int64_t ky = (k0 / p.kernel_w) % p.kernel_h;
    int64_t kx = k0 % p.kernel_w;
    float* d = dst;
    for (int64_t kk = 0; kk < kc; ++kk, d += nr) {
      for (int64_t t = cols; t < nr; ++t) d[t] = 0.0f;
      const float* xc = x + c * plane;
      for (int ri = 0; ri < nruns; ++ri) {
        const Run& run = runs[ri];
        float* o = d + run.at;
        const int64_t iy = run.oy * p.stride_h - p.pad_top + ky * p.dilation_h;
        if (iy < 0 || iy >= g.h) {
          for (int64_t t = 0; t < run.len; ++t) o[t] = 0.0f;
          continue;
        }
        const int64_t ix0 = run.ox * p.stride_w - p.pad_left + kx * p.dilation_w;
        int64_t lo, hi;
        valid_range(ix0, p.stride_w, g.w, run.len, &lo, &hi);
        copy_run(o, xc + iy * g.w, ix0, p.stride_w, lo, hi, run.len);
      }
      if (++kx == p.kernel_w) {
        kx = 0;
        if (++ky == p.kernel_h) {
          ky = 0;
          ++c;
        }
      }
    }
    dst += kc * nr;
  }
}

}  // namespace vc::dnn
