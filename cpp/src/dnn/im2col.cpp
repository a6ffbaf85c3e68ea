// im2col into packed GEMM panels (see conv.hpp).
#include <algorithm>
#include <cstring>

#include "dnn/conv.hpp"

namespace vc::dnn {

void im2col_pack_block(const float* x, const Im2colGeometry& g, int64_t k0, int64_t kc,
                       int64_t n0, int64_t nc, int nr, float* dst) {
  const Conv2dParams& p = g.p;
  const int64_t khw = p.kernel_h * p.kernel_w;
  const int64_t plane = g.h * g.w;
  // A panel's columns split into runs inside one output row.
  struct Run {
    int64_t oy, ox, len, at;
  };
  Run runs[64];
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
    for (int64_t kk = 0; kk < kc; ++kk) {
      const int64_t k = k0 + kk;
      const int64_t c = k / khw, r = k % khw;
      const int64_t ky = r / p.kernel_w, kx = r % p.kernel_w;
      float* d = dst + kk * nr;
      for (int64_t t = cols; t < nr; ++t) d[t] = 0.0f;
      for (int ri = 0; ri < nruns; ++ri) {
        const Run& run = runs[ri];
        float* o = d + run.at;
        const int64_t iy = run.oy * p.stride_h - p.pad_top + ky * p.dilation_h;
        if (iy < 0 || iy >= g.h) {
          std::memset(o, 0, static_cast<size_t>(run.len) * sizeof(float));
          continue;
        }
        const float* row = x + c * plane + iy * g.w;
        const int64_t ix0 = run.ox * p.stride_w - p.pad_left + kx * p.dilation_w;
        if (p.stride_w == 1) {
          // valid t: 0 <= ix0 + t < w
          const int64_t lo = std::clamp<int64_t>(-ix0, 0, run.len);
          const int64_t hi = std::clamp<int64_t>(g.w - ix0, lo, run.len);
          for (int64_t t = 0; t < lo; ++t) o[t] = 0.0f;
          if (hi > lo) std::memcpy(o + lo, row + ix0 + lo, static_cast<size_t>(hi - lo) * sizeof(float));
          for (int64_t t = hi; t < run.len; ++t) o[t] = 0.0f;
        } else {
          for (int64_t t = 0; t < run.len; ++t) {
            const int64_t ix = ix0 + t * p.stride_w;
            o[t] = (ix >= 0 && ix < g.w) ? row[ix] : 0.0f;
          }
        }
      }
    }
    dst += kc * nr;
  }
}

}  // namespace vc::dnn
