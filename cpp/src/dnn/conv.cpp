// Convolution: validation, weight packing, path choice, the GEMM paths.
#include "dnn/conv.hpp"

#include <algorithm>
#include <atomic>
#include <string>

#include "dnn/gemm.hpp"
#include "kernels/common/dnn_params.hpp"
#include "visioncore/cpu.hpp"
#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

void check_range(const char* func, const char* param, int64_t v, int64_t lo) {
  if (v < lo || v > kMaxConvParam) {
    throw_invalid(func, param,
                  std::to_string(lo) + ".." + std::to_string(kMaxConvParam),
                  std::to_string(v));
  }
}

}  // namespace

Conv2d Conv2d::create(const char* func, const float* w, int64_t out_channels,
                      int64_t in_channels, const float* bias, const Conv2dParams& p,
                      const Epilogue& act, const Conv2dHint& hint) {
  check_range(func, "kernel_shape", p.kernel_h, 1);
  check_range(func, "kernel_shape", p.kernel_w, 1);
  check_range(func, "strides", p.stride_h, 1);
  check_range(func, "strides", p.stride_w, 1);
  check_range(func, "dilations", p.dilation_h, 1);
  check_range(func, "dilations", p.dilation_w, 1);
  check_range(func, "pads", p.pad_top, 0);
  check_range(func, "pads", p.pad_left, 0);
  check_range(func, "pads", p.pad_bottom, 0);
  check_range(func, "pads", p.pad_right, 0);
  check_range(func, "group", p.group, 1);
  if (in_channels < 1 || out_channels < 1 || in_channels > kMaxSide || out_channels > kMaxSide) {
    throw_invalid(func, "w", "1.." + std::to_string(kMaxSide) + " channels",
                  std::to_string(out_channels) + " x " + std::to_string(in_channels));
  }
  if (in_channels % p.group != 0 || out_channels % p.group != 0) {
    throw_invalid(func, "group", "a divisor of the input and output channel counts",
                  std::to_string(p.group) + " for " + std::to_string(in_channels) + " -> " +
                      std::to_string(out_channels));
  }
  check_epilogue(func, act);
  Conv2d conv;
  conv.p_ = p;
  conv.act_ = act;
  conv.cout_ = out_channels;
  conv.cin_ = in_channels;
  const int64_t cg = in_channels / p.group, og = out_channels / p.group;
  const int64_t k = checked_mul(checked_mul(cg, p.kernel_h, "weights"), p.kernel_w, "weights");
  checked_mul(k, out_channels, "weights");
  if (bias) conv.bias_.assign(bias, bias + out_channels);
  if (cg == 1 && og == 1 && p.kernel_h == 3 && p.kernel_w == 3 && p.dilation_h == 1 &&
      p.dilation_w == 1 && p.stride_w <= 2) {
    conv.path_ = Path::Depthwise3x3;
    conv.weights_.assign(w, w + out_channels * 9);
    return conv;
  }
  const bool unit_stride = p.stride_h == 1 && p.stride_w == 1;
  const bool no_pad = p.pad_top == 0 && p.pad_left == 0 && p.pad_bottom == 0 && p.pad_right == 0;
  // Direct needs every stride phase: a stride beyond the kernel extent
  // (1x1 stride 2) would copy phase planes it never reads.
  const bool small_stride = p.stride_h <= kMaxDirectStride && p.stride_w <= kMaxDirectStride &&
                            p.stride_h <= p.dilation_h * (p.kernel_h - 1) + 1 &&
                            p.stride_w <= p.dilation_w * (p.kernel_w - 1) + 1;
  conv.path_ = unit_stride && p.kernel_h == 1 && p.kernel_w == 1 && no_pad ? Path::Gemm1x1
               : small_stride                                              ? Path::Direct
                                                                           : Path::Im2col;
  const GemmTile tile = gemm_tile_for(active_isa());
  const bool winograd =
      winograd_fits(in_channels, out_channels, p) &&
      (hint.winograd == Conv2dHint::Winograd::On ||
       (hint.winograd == Conv2dHint::Winograd::Auto &&
        winograd_wins(in_channels, out_channels, p, hint.in_h, hint.in_w, tile)));
  if (winograd) {
    conv.path_ = Path::Winograd;
    conv.pack_winograd(func, w, tile);
    return conv;
  }
  conv.packed_.reserve(static_cast<size_t>(p.group));
  for (int64_t g = 0; g < p.group; ++g) {
    conv.packed_.push_back(pack_a(func, w + g * og * k, og, k, k, tile));
  }
  return conv;
}

int64_t Conv2d::out_h(const char* func, int64_t h) const {
  const int64_t span = p_.dilation_h * (p_.kernel_h - 1) + 1;
  const int64_t padded = h + p_.pad_top + p_.pad_bottom;
  if (h < 1 || padded < span) {
    throw_invalid(func, "x", "a height with padded height >= dilated kernel height " +
                                 std::to_string(span), std::to_string(h));
  }
  return (padded - span) / p_.stride_h + 1;
}

int64_t Conv2d::out_w(const char* func, int64_t w) const {
  const int64_t span = p_.dilation_w * (p_.kernel_w - 1) + 1;
  const int64_t padded = w + p_.pad_left + p_.pad_right;
  if (w < 1 || padded < span) {
    throw_invalid(func, "x", "a width with padded width >= dilated kernel width " +
                                 std::to_string(span), std::to_string(w));
  }
  return (padded - span) / p_.stride_w + 1;
}

int64_t Conv2d::depthwise_plane_floats(int64_t h, int64_t w) const {
  // one zero-padded plane, wide enough for the row kernel's reads, plus the
  // kernel's read slack past the last row
  const int64_t ow = out_w("Conv2d::workspace_floats", w);
  const int64_t hp = h + p_.pad_top + p_.pad_bottom;
  const int64_t wp = std::max(w + p_.pad_left + p_.pad_right, p_.stride_w * (ow - 1) + 3);
  return hp * wp + p_.stride_w * static_cast<int64_t>(kernels::kDwconvRowSlack + 1);
}

float* Conv2d::workspace_aligned(float* workspace) {
  return reinterpret_cast<float*>((reinterpret_cast<uintptr_t>(workspace) + 63) & ~uintptr_t{63});
}

size_t Conv2d::koff_floats() const {
  const size_t k = static_cast<size_t>(cin_ / p_.group);
  return (k * sizeof(ptrdiff_t) / sizeof(float) + 15) / 16 * 16;
}

size_t Conv2d::workspace_floats(int64_t h, int64_t w, int threads) const {
  const int64_t oh = out_h("Conv2d::workspace_floats", h);
  const int64_t ow = out_w("Conv2d::workspace_floats", w);
  if (path_ == Path::Depthwise3x3) {
    return static_cast<size_t>(depthwise_plane_floats(h, w) + 16) *
           static_cast<size_t>(std::max(1, threads));
  }
  // one image's scratch per thread: batches of small images run one image
  // per thread (run())
  if (path_ == Path::Direct) {
    return direct_layout(h, w).total * static_cast<size_t>(std::max(1, threads));
  }
  if (path_ == Path::Winograd) {
    return winograd_workspace(h, w, threads);
  }
  if (path_ == Path::Gemm1x1) {
    // koff, then the packed GEMM of the last partial column tile
    const int64_t tail = std::min<int64_t>(oh * ow, packed_[0].tile.nr);
    return 16 + koff_floats() + gemm_packed_a_workspace(packed_[0], tail, threads);
  }
  return gemm_packed_a_workspace(packed_[0], oh * ow, threads);
}

void Conv2d::run(const char* func, const float* x, int64_t batch, int64_t h, int64_t w,
                 float* y, float* workspace, size_t workspace_floats) const {
  if (path_ == Path::Depthwise3x3) {
    run_depthwise(func, x, batch, h, w, y, workspace, workspace_floats);
    return;
  }
  const int64_t oh = out_h(func, h), ow = out_w(func, w);
  const int64_t in_image = cin_ * h * w, out_image = cout_ * oh * ow;
  const int threads = std::max(1, get_num_threads());
  const int64_t image_macs = cout_ * oh * ow * (cin_ / p_.group) * p_.kernel_h * p_.kernel_w /
                            (path_ == Path::Winograd ? 2 : 1);
  // Small images in a batch (a digit CNN at batch 64): one image per thread,
  // each run serially, instead of splitting every small product over the
  // pool (a hand-off per image and op).
  const size_t one = this->workspace_floats(h, w, 1);
  const int64_t slots =
      std::min<int64_t>({threads, batch, static_cast<int64_t>(workspace_floats / one)});
  if (batch > 1 && slots > 1 && image_macs < kImageParallelMacs) {
    // images from a shared counter: a slowed thread leaves its share
    std::atomic<int64_t> next{0};
    parallel_for(0, slots, 1, [&](int64_t s0, int64_t s1) {
      for (int64_t s = s0; s < s1; ++s) {
        float* ws = workspace + static_cast<size_t>(s) * one;
        for (int64_t b = next.fetch_add(1, std::memory_order_relaxed); b < batch;
             b = next.fetch_add(1, std::memory_order_relaxed)) {
          run_image(func, x + b * in_image, h, w, y + b * out_image, ws, one, 1);
        }
      }
    });
    return;
  }
  for (int64_t b = 0; b < batch; ++b) {
    run_image(func, x + b * in_image, h, w, y + b * out_image, workspace, workspace_floats, 0);
  }
}

void Conv2d::run_image(const char* func, const float* x, int64_t h, int64_t w, float* y,
                       float* workspace, size_t workspace_floats, int threads) const {
  if (path_ == Path::Direct) {
    run_direct(func, x, h, w, y, workspace, workspace_floats, threads);
    return;
  }
  if (path_ == Path::Winograd) {
    run_winograd(func, x, h, w, y, workspace, workspace_floats, threads);
    return;
  }
  const int64_t oh = out_h(func, h), ow = out_w(func, w);
  const int64_t cg = cin_ / p_.group, og = cout_ / p_.group;
  const int64_t plane = h * w, oplane = oh * ow;
  const Im2colGeometry geo{h, w, oh, ow, p_};
  for (int64_t g = 0; g < p_.group; ++g) {
    const float* xg = x + g * cg * plane;
    float* yg = y + g * og * oplane;
    GemmEpilogue ep;
    ep.act = act_;
    if (!bias_.empty()) {
      ep.bias = bias_.data() + g * og;
      ep.bias_mode = BiasMode::PerRow;
    }
    if (path_ == Path::Gemm1x1) {
      // B is the input planes themselves: row k = channel k, read in place
      // for the whole column tiles (koff[k] = k * plane); the last partial
      // tile would read past the last plane, so it is packed.
      const PackedMatrix& pa = packed_[static_cast<size_t>(g)];
      const int64_t nfull = oplane / pa.tile.nr * pa.tile.nr;
      if (nfull > 0) {
        auto* koff = reinterpret_cast<ptrdiff_t*>(workspace_aligned(workspace));
        for (int64_t k = 0; k < cg; ++k) koff[k] = k * plane;
        gemm_packed_a_rows(pa, nfull, xg, koff, yg, oplane, ep, threads);
      }
      if (nfull < oplane) {
        float* ws = workspace_aligned(workspace) + koff_floats();
        const size_t left = workspace_floats - static_cast<size_t>(ws - workspace);
        gemm_packed_a(
            func, pa, oplane - nfull,
            [&](int64_t k0, int64_t kc, int64_t n0, int64_t nc, int nr, float* dst) {
              pack_b_block(xg + k0 * plane + nfull + n0, plane, kc, nc, nr, dst);
            },
            yg + nfull, oplane, ep, ws, left, threads);
      }
    } else {
      gemm_packed_a(
          func, packed_[static_cast<size_t>(g)], oplane,
          [&](int64_t k0, int64_t kc, int64_t n0, int64_t nc, int nr, float* dst) {
            im2col_pack_block(xg, geo, k0, kc, n0, nc, nr, dst);
          },
          yg, oplane, ep, workspace, workspace_floats, threads);
    }
  }
}

}  // namespace vc::dnn
