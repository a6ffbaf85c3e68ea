// ConvTranspose, 1-D / 2-D / 3-D, NCHW-style float32:
//
//   y[b][g*Og + o][p * s - pad + k * d] += x[b][g*Cg + c][p] * w[g*Cg + c][o][k]
//
// summed over input positions p, taps k and the group's input channels c,
// plus bias[o]. Computed as a GEMM per group, cols = W_g^T (Og*K x Cg) .
// X_g (Cg x pixels), with the packed-A GEMM (W_g^T packed once), followed by
// col2im: each cols row (o, k) scatter-adds into output channel o at the
// tap's offset. Input pixels go in blocks so the cols scratch stays bounded;
// col2im runs in parallel over output channels (each owns its plane), and
// every output sums its contributions in one fixed order (blocks, then
// taps), so results are identical for every thread count.
#include <algorithm>
#include <cstring>

#include "dnn/conv.hpp"
#include "dnn/gemm.hpp"
#include "dnn/ops_decl.hpp"
#include "visioncore/cpu.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

// cols scratch per input-pixel block, in floats (at least kMinBlock pixels).
constexpr int64_t kColsBudget = int64_t{1} << 20;
constexpr int64_t kMinBlock = 16;

int64_t ceil_div_pos(int64_t a, int64_t b) { return a <= 0 ? 0 : (a + b - 1) / b; }

// Spatial geometry, lower ranks padded to 3-D with leading size-1 dims.
struct Geometry {
  int64_t in[3] = {1, 1, 1}, out[3] = {1, 1, 1}, k[3] = {1, 1, 1};
  int64_t s[3] = {1, 1, 1}, d[3] = {1, 1, 1}, pad[3] = {0, 0, 0};  // pad: leading side
  int64_t in_pixels() const { return in[0] * in[1] * in[2]; }
  int64_t out_pixels() const { return out[0] * out[1] * out[2]; }
  int64_t taps() const { return k[0] * k[1] * k[2]; }
};

class ConvTransposeOp : public Op {
 public:
  ConvTransposeOp(const Graph& g, const GraphNode& n) {
    Attrs a{n};
    for (const auto& at : n.proto->attributes) {
      static const char* known[] = {"auto_pad", "dilations", "group", "kernel_shape",
                                    "output_padding", "output_shape", "pads", "strides"};
      bool ok = false;
      for (const char* k : known) ok = ok || at.name == k;
      if (!ok) {
        a.bad(at.name.c_str(), "is not an attribute of ConvTranspose (it has auto_pad, dilations, "
                               "group, kernel_shape, output_padding, output_shape, pads, strides)");
      }
    }
    const HostTensor* w = const_input(g, n, 1);
    if (!w) node_error(n, "input 'W' must be a constant (initializer)");
    if (w->dtype != onnx::kFloat) node_error(n, "input 'W' must be float32");
    const int64_t wr = static_cast<int64_t>(w->shape.size());
    if (wr < 3 || wr > 5) {
      node_error(n, "input 'W' must be 3-D, 4-D or 5-D (1-D to 3-D transposed convolution); got shape " +
                        shape_str(w->shape));
    }
    rank_ = static_cast<int>(wr - 2);
    wshape_ = w->shape;
    for (int64_t v : wshape_) {
      if (v < 1) node_error(n, "input 'W' has an empty dim: " + shape_str(wshape_));
    }
    group_ = a.get_int("group", 1);
    if (group_ < 1 || group_ > kMaxSide) a.bad("group", "must be in [1, " + std::to_string(kMaxSide) + "]");
    cin_ = wshape_[0];
    og_ = wshape_[1];
    if (cin_ % group_ != 0) {
      a.bad("group", std::to_string(group_) + " does not divide the " + std::to_string(cin_) +
                         " input channels of 'W' " + shape_str(wshape_));
    }
    cout_ = checked_mul(og_, group_, "ConvTranspose output channels");
    for (int i = 0; i < rank_; ++i) {
      if (wshape_[2 + i] > kMaxConvParam) node_error(n, "input 'W' kernel is too large");
      kernel_.push_back(wshape_[2 + i]);
    }
    auto ints = [&](const char* name, size_t count, int64_t lo, int64_t dflt) {
      bool present = false;
      auto v = a.get_ints(name, &present);
      if (!present) return std::vector<int64_t>(count, dflt);
      if (v.size() != count) {
        a.bad(name, "expected " + std::to_string(count) + " values; got " + std::to_string(v.size()));
      }
      for (int64_t x : v) {
        if (x < lo || x > kMaxConvParam) {
          a.bad(name, "values must be in [" + std::to_string(lo) + ", " +
                          std::to_string(kMaxConvParam) + "]; got " + std::to_string(x));
        }
      }
      return v;
    };
    bool ks = false;
    const auto k = a.get_ints("kernel_shape", &ks);
    if (ks && k != kernel_) a.bad("kernel_shape", "disagrees with 'W' shape " + shape_str(wshape_));
    const size_t r = static_cast<size_t>(rank_);
    strides_ = ints("strides", r, 1, 1);
    dilations_ = ints("dilations", r, 1, 1);
    pads_ = ints("pads", 2 * r, 0, 0);
    output_padding_ = ints("output_padding", r, 0, 0);
    for (size_t i = 0; i < r; ++i) {
      if (output_padding_[i] >= std::max(strides_[i], dilations_[i])) {
        a.bad("output_padding", "each value must be less than the stride or the dilation; got " +
                                    shape_str(output_padding_));
      }
    }
    auto os = a.get_ints("output_shape", &has_output_shape_);
    if (has_output_shape_) {
      // spatial dims only; a full N, C, spatial... form is accepted too
      if (os.size() == r + 2) os.erase(os.begin(), os.begin() + 2);
      if (os.size() != r) {
        a.bad("output_shape", "expected " + std::to_string(r) + " spatial values; got " +
                                  std::to_string(os.size()));
      }
      for (int64_t v : os) {
        if (v < 1 || v > kMaxSide) a.bad("output_shape", "values must be in [1, " + std::to_string(kMaxSide) + "]");
      }
      output_shape_ = os;
    }
    auto_pad_ = a.get_string("auto_pad", "NOTSET");
    if (auto_pad_ != "NOTSET" && auto_pad_ != "SAME_UPPER" && auto_pad_ != "SAME_LOWER" &&
        auto_pad_ != "VALID") {
      a.bad("auto_pad", "expected NOTSET, SAME_UPPER, SAME_LOWER or VALID; got '" + auto_pad_ + "'");
    }
    if (auto_pad_ != "NOTSET" && a.find("pads")) a.bad("pads", "not allowed together with auto_pad");
    w_ = w->f;
    if (n.inputs.size() > 2 && n.inputs[2] >= 0) {
      const HostTensor* b = const_input(g, n, 2);
      if (!b) node_error(n, "input 'B' must be a constant (initializer)");
      if (b->dtype != onnx::kFloat || b->shape != Shape{cout_}) {
        node_error(n, "input 'B' must be float32 of shape [" + std::to_string(cout_) + "]");
      }
      b_ = b->f;
    }
  }

  void finalize(const Graph&, const GraphNode&) override { pack(); }

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int threads) override {
    if (in[0].dtype != onnx::kFloat) op_error(func, "input 'X' must be float32");
    const Shape& x = *in[0].shape;
    if (static_cast<int>(x.size()) != rank_ + 2) {
      op_error(func, "input 'X' must be " + std::to_string(rank_ + 2) + "-D to match 'W' " +
                         shape_str(wshape_) + "; got shape " + shape_str(x));
    }
    if (x[1] != cin_) {
      op_error(func, "input 'X' has " + std::to_string(x[1]) + " channels; 'W' " + shape_str(wshape_) +
                         " needs " + std::to_string(cin_));
    }
    Geometry geo;
    Shape o = {x[0], cout_};
    const int off = 3 - rank_;
    for (int i = 0; i < rank_; ++i) {
      const int64_t in_i = x[2 + i], s = strides_[i], d = dilations_[i], k = kernel_[i];
      const int64_t full = s * (in_i - 1) + output_padding_[i] + (k - 1) * d + 1;
      int64_t lo = 0, size = 0;
      if (has_output_shape_ || auto_pad_ == "SAME_UPPER" || auto_pad_ == "SAME_LOWER") {
        size = has_output_shape_ ? output_shape_[i] : in_i * s;
        const int64_t total = full - size;
        // floor division: a negative total (output_shape larger than the
        // full size) extends the end for NOTSET / SAME_LOWER, as the spec's
        // reference computes it
        const int64_t half = total >= 0 ? total / 2 : -((1 - total) / 2);
        lo = auto_pad_ == "SAME_UPPER" ? half : total - half;
      } else if (auto_pad_ == "VALID") {
        size = full;
      } else {
        lo = pads_[i];
        size = full - pads_[i] - pads_[rank_ + i];
      }
      if (size < 1) {
        op_error(func, "output size " + std::to_string(size) + " along spatial axis " +
                           std::to_string(i) + " is < 1 for input shape " + shape_str(x));
      }
      geo.in[off + i] = in_i;
      geo.out[off + i] = size;
      geo.k[off + i] = k;
      geo.s[off + i] = s;
      geo.d[off + i] = d;
      geo.pad[off + i] = lo;
      o.push_back(size);
    }
    checked_count(func, o);
    geo_ = geo;
    batch_ = x[0];
    if (packed_.empty() || isa_ != active_isa()) pack();
    const int64_t cols_per_pixel = checked_mul(cout_, geo.taps(), "ConvTranspose cols");
    block_ = std::max(kMinBlock, kColsBudget / cols_per_pixel);
    block_ = std::min(block_, std::max<int64_t>(1, geo.in_pixels()));
    cols_floats_ = static_cast<size_t>(checked_mul(cols_per_pixel, block_, "ConvTranspose cols"));
    cols_floats_ = (cols_floats_ + 15) / 16 * 16;  // keeps the GEMM scratch 64-byte aligned
    out[0] = PlanOut{onnx::kFloat, o};
    if (batch_ == 0 || geo.in_pixels() == 0) return 0;
    return cols_floats_ + gemm_packed_a_workspace(packed_[0], block_, threads);
  }

  void run(const float* const* in, float* const* out, float* ws, size_t ws_n) const override {
    const Geometry& g = geo_;
    const int64_t ipix = g.in_pixels(), opix = g.out_pixels();
    if (batch_ == 0) return;
    float* y = out[0];
    if (ipix == 0) {  // only the bias
      for (int64_t b = 0; b < batch_; ++b) {
        for (int64_t c = 0; c < cout_; ++c) {
          std::fill(y + (b * cout_ + c) * opix, y + (b * cout_ + c + 1) * opix, b_.empty() ? 0.0f : b_[c]);
        }
      }
      return;
    }
    const int64_t cg = cin_ / group_, taps = g.taps();
    float* cols = ws;
    float* gemm_ws = ws + cols_floats_;
    const size_t gemm_n = ws_n - cols_floats_;
    for (int64_t b = 0; b < batch_; ++b) {
      for (int64_t p0 = 0; p0 < ipix; p0 += block_) {
        const int64_t np = std::min(block_, ipix - p0);
        // stage 1: cols (Cout*K x np) = W_g^T . X_g[:, p0 : p0 + np], per group
        for (int64_t gi = 0; gi < group_; ++gi) {
          const float* xg = in[0] + (b * cin_ + gi * cg) * ipix + p0;
          gemm_packed_a(
              func, packed_[static_cast<size_t>(gi)], np,
              [&](int64_t k0, int64_t kc, int64_t n0, int64_t nc, int nr, float* dst) {
                pack_b_block(xg + k0 * ipix + n0, ipix, kc, nc, nr, dst);
              },
              cols + gi * og_ * taps * np, np, GemmEpilogue{}, gemm_ws, gemm_n);
        }
        // stage 2: col2im scatter-add, one output channel per task
        float* yb = y + b * cout_ * opix;
        parallel_for(0, cout_, std::max<int64_t>(1, (1 << 15) / std::max<int64_t>(1, taps * np)),
                     [&](int64_t c0, int64_t c1) {
          for (int64_t c = c0; c < c1; ++c) {
            float* yc = yb + c * opix;
            if (p0 == 0) std::fill(yc, yc + opix, b_.empty() ? 0.0f : b_[c]);
            col2im_channel(cols + c * taps * np, p0, np, yc);
          }
        });
      }
    }
  }

 private:
  // Packs W_g^T (Og*K x Cg, row-major) for every group at the active level.
  void pack() {
    const int64_t cg = cin_ / group_, taps = geo_taps();
    const int64_t m = og_ * taps;
    const GemmTile tile = gemm_tile_for(active_isa());
    std::vector<float> at(static_cast<size_t>(m * cg));
    packed_.clear();
    for (int64_t gi = 0; gi < group_; ++gi) {
      const float* wg = w_.data() + gi * cg * m;  // Cg x (Og*K)
      for (int64_t c = 0; c < cg; ++c) {
        for (int64_t j = 0; j < m; ++j) at[j * cg + c] = wg[c * m + j];
      }
      packed_.push_back(pack_a(func, at.data(), m, cg, cg, tile));
    }
    isa_ = active_isa();
  }

  int64_t geo_taps() const {
    int64_t t = 1;
    for (int64_t k : kernel_) t *= k;
    return t;
  }

  // Adds the cols rows of one output channel (taps x np, input pixels
  // [p0, p0 + np)) into its output plane.
  void col2im_channel(const float* cc, int64_t p0, int64_t np, float* yc) const {
    const Geometry& g = geo_;
    const int64_t win = g.in[2], hin = g.in[1];
    const int64_t r_first = p0 / win, r_last = (p0 + np - 1) / win;  // input rows (d, h)
    int64_t tap = 0;
    for (int64_t kd = 0; kd < g.k[0]; ++kd) {
      for (int64_t kh = 0; kh < g.k[1]; ++kh) {
        for (int64_t kw = 0; kw < g.k[2]; ++kw, ++tap) {
          const float* crow = cc + tap * np;
          // ow = iw * sw + offw, inside [0, OW) for iw in [lo, hi)
          const int64_t offw = kw * g.d[2] - g.pad[2];
          const int64_t lo = ceil_div_pos(-offw, g.s[2]);
          const int64_t hi = std::min(win, ceil_div_pos(g.out[2] - offw, g.s[2]));
          for (int64_t r = r_first; r <= r_last; ++r) {
            const int64_t id = r / hin, ih = r % hin;
            const int64_t od = id * g.s[0] + kd * g.d[0] - g.pad[0];
            const int64_t oh = ih * g.s[1] + kh * g.d[1] - g.pad[1];
            if (od < 0 || od >= g.out[0] || oh < 0 || oh >= g.out[1]) continue;
            const int64_t a = std::max(lo, p0 - r * win), e = std::min(hi, p0 + np - r * win);
            if (a >= e) continue;
            const int64_t sw = g.s[2];
            float* dst = yc + (od * g.out[1] + oh) * g.out[2] + a * sw + offw;
            const float* src = crow + (r * win + a - p0);
            const int64_t len = e - a;
            if (sw == 1) {
              for (int64_t i = 0; i < len; ++i) dst[i] += src[i];
            } else {
              for (int64_t i = 0; i < len; ++i) dst[i * sw] += src[i];
            }
          }
        }
      }
    }
  }

  int rank_ = 2;
  Shape wshape_;
  int64_t group_ = 1, cin_ = 0, og_ = 0, cout_ = 0;
  std::vector<int64_t> kernel_, strides_, dilations_, pads_, output_padding_, output_shape_;
  bool has_output_shape_ = false;
  std::string auto_pad_;
  std::vector<float> w_, b_;
  std::vector<PackedMatrix> packed_;
  Isa isa_ = Isa::Scalar;
  Geometry geo_;
  int64_t batch_ = 0, block_ = 1;
  size_t cols_floats_ = 0;
};

}  // namespace

std::unique_ptr<Op> make_conv_transpose(const Graph& g, const GraphNode& n) {
  return std::make_unique<ConvTransposeOp>(g, n);
}

}  // namespace vc::dnn
