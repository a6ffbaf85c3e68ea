// Convolution as a GEMM on the zero-padded input, read in place.
//
// The input of one image is copied once into zero-padded planes, split by
// stride phase: with strides sh x sw, padded pixel (r, u) of channel c goes
// to phase plane (r % sh, u % sw) at (r / sh, u / sw), each phase plane
// hph x wph = ceil(hp / sh) x ceil(wp / sw). The im2col value for depth row
// k = (c, ky, kx) and output pixel (oy, ox) is then, with ty = ky*dh and
// tx = kx*dw, phase plane (ty % sh, tx % sw) of c at (oy + ty / sh,
// ox + tx / sw): the plane shifted by one offset koff[k], read at
// q = oy*wph + ox. The GEMM runs over the q grid of oh x wph positions (the
// wph - ow columns per row that wrap around are computed and dropped) with
// B row k at xpad + koff[k]: nothing is unfolded, where im2col writes each
// input value kh*kw times. The grid result is then compacted into oh x ow
// planes. Scratch: the phase planes (plus the over-read of the last column
// tile), koff, and the og x (oh*wph) grid of one group.
#include <algorithm>
#include <cstring>
#include <string>

#include "dnn/conv.hpp"
#include "dnn/gemm.hpp"
#include "visioncore/error.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

size_t align16(size_t v) { return (v + 15) / 16 * 16; }

}  // namespace

Conv2d::DirectLayout Conv2d::direct_layout(int64_t h, int64_t w) const {
  DirectLayout l;
  l.sh = p_.stride_h;
  l.sw = p_.stride_w;
  l.hp = h + p_.pad_top + p_.pad_bottom;
  l.wp = w + p_.pad_left + p_.pad_right;
  l.hph = (l.hp + l.sh - 1) / l.sh;
  l.wph = (l.wp + l.sw - 1) / l.sw;
  l.oh = out_h("Conv2d::workspace_floats", h);
  l.ow = out_w("Conv2d::workspace_floats", w);
  l.plane = l.hph * l.wph;
  l.chan = l.sh * l.sw * l.plane;
  const int64_t cg = cin_ / p_.group, og = cout_ / p_.group;
  const int64_t k = cg * p_.kernel_h * p_.kernel_w;
  // The last column tile reads up to tile.nr - 1 floats past the grid end
  // of the last phase plane, shifted by the largest tx / sw.
  const int64_t over = (p_.kernel_w - 1) * p_.dilation_w / l.sw + packed_[0].tile.nr + 16;
  l.xpad = 0;
  l.koff = align16(static_cast<size_t>(cin_ * l.chan + over));
  l.grid = l.koff + align16(static_cast<size_t>(k) * sizeof(ptrdiff_t) / sizeof(float));
  l.total = l.grid + static_cast<size_t>(og * l.oh * l.wph) + 16;
  return l;
}

void Conv2d::run_direct(const char* func, const float* x, int64_t h, int64_t w, float* y,
                        float* workspace, size_t workspace_floats, int threads) const {
  const DirectLayout l = direct_layout(h, w);
  if (workspace_floats < l.total) {
    throw_invalid(func, "workspace", "at least " + std::to_string(l.total) + " floats",
                  std::to_string(workspace_floats));
  }
  float* base = workspace_aligned(workspace);
  float* xpad = base + l.xpad;
  auto* koff = reinterpret_cast<ptrdiff_t*>(base + l.koff);
  float* grid = base + l.grid;
  const int64_t cg = cin_ / p_.group, og = cout_ / p_.group;
  const int64_t khw = p_.kernel_h * p_.kernel_w;
  for (int64_t c = 0; c < cg; ++c) {
    for (int64_t ky = 0; ky < p_.kernel_h; ++ky) {
      const int64_t ty = ky * p_.dilation_h;
      for (int64_t kx = 0; kx < p_.kernel_w; ++kx) {
        const int64_t tx = kx * p_.dilation_w;
        koff[c * khw + ky * p_.kernel_w + kx] = c * l.chan +
                                                 ((ty % l.sh) * l.sw + tx % l.sw) * l.plane +
                                                 (ty / l.sh) * l.wph + tx / l.sw;
      }
    }
  }
  // the over-read tail past the last plane stays zero (finite values)
  std::memset(xpad + cin_ * l.chan, 0,
              (l.koff - static_cast<size_t>(cin_ * l.chan)) * sizeof(float));
  const int64_t q = l.oh * l.wph;
  const int64_t oplane = l.oh * l.ow;
  // channels per chunk so that a chunk copies at least ~16K floats
  const int64_t grain = std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(l.chan, 1));
  const int64_t nthreads = threads > 0 ? threads : get_num_threads();
  {
    const float* xb = x;
    parallel_for(0, cin_, nthreads > 1 ? grain : cin_, [&](int64_t c0, int64_t c1) {
      for (int64_t c = c0; c < c1; ++c) {
        float* dp = xpad + c * l.chan;
        const float* sp = xb + c * h * w;
        if (l.sh == 1 && l.sw == 1) {
          // one plane: borders zeroed around a row copy
          std::memset(dp, 0, static_cast<size_t>(p_.pad_top * l.wp) * sizeof(float));
          for (int64_t r = 0; r < h; ++r) {
            float* row = dp + (p_.pad_top + r) * l.wp;
            for (int64_t t = 0; t < p_.pad_left; ++t) row[t] = 0.0f;
            std::memcpy(row + p_.pad_left, sp + r * w, static_cast<size_t>(w) * sizeof(float));
            for (int64_t t = p_.pad_left + w; t < l.wp; ++t) row[t] = 0.0f;
          }
          std::memset(dp + (p_.pad_top + h) * l.wp, 0,
                      static_cast<size_t>(p_.pad_bottom * l.wp) * sizeof(float));
          continue;
        }
        // phase planes: zero everything, then deal each input row out
        std::memset(dp, 0, static_cast<size_t>(l.chan) * sizeof(float));
        for (int64_t r = 0; r < h; ++r) {
          const int64_t pr = r + p_.pad_top;
          float* prow = dp + (pr % l.sh) * l.sw * l.plane + (pr / l.sh) * l.wph;
          const float* src = sp + r * w;
          for (int64_t px = 0; px < l.sw; ++px) {
            // input columns ix with (ix + pad_left) % sw == px
            const int64_t ix0 = ((px - p_.pad_left) % l.sw + l.sw) % l.sw;
            float* d = prow + px * l.plane + (ix0 + p_.pad_left) / l.sw;
            for (int64_t ix = ix0, t = 0; ix < w; ix += l.sw, ++t) d[t] = src[ix];
          }
        }
      }
    });
    for (int64_t g = 0; g < p_.group; ++g) {
      GemmEpilogue ep;
      ep.act = act_;
      if (!bias_.empty()) {
        ep.bias = bias_.data() + g * og;
        ep.bias_mode = BiasMode::PerRow;
      }
      gemm_packed_a_rows(packed_[static_cast<size_t>(g)], q, xpad + g * cg * l.chan, koff, grid,
                         q, ep, threads);
      float* yg = y + g * og * oplane;
      const int64_t rows_grain =
          nthreads > 1 ? std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(q, 1)) : og;
      parallel_for(0, og, rows_grain, [&](int64_t o0, int64_t o1) {
        for (int64_t o = o0; o < o1; ++o) {
          for (int64_t oy = 0; oy < l.oh; ++oy) {
            std::memcpy(yg + o * oplane + oy * l.ow, grid + o * q + oy * l.wph,
                        static_cast<size_t>(l.ow) * sizeof(float));
          }
        }
      });
    }
  }
}

}  // namespace vc::dnn
