// Conv (via the packed Conv2d kernel; 2-D, NCHW float32), MaxPool and
// AveragePool (1-D to 3-D), GlobalAveragePool (any rank >= 3).
#include <algorithm>
#include <cmath>
#include <limits>

#include "dnn/conv.hpp"
#include "dnn/ops_decl.hpp"
#include "visioncore/cpu.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

// Elementary operations per parallel chunk (small layers run on one thread).
constexpr int64_t kWorkGrain = 1 << 15;

// Spatial window attributes shared by Conv and the pools.
struct Window {
  int64_t kh = 1, kw = 1, sh = 1, sw = 1, dh = 1, dw = 1;
  int64_t pt = 0, pl = 0, pb = 0, pr = 0;
  std::string auto_pad = "NOTSET";
  bool ceil_mode = false;

  void read(const Attrs& a, bool kernel_required, bool has_dilation) {
    bool present = false;
    auto k = a.get_ints("kernel_shape", &present);
    if (present) {
      if (k.size() != 2) a.bad("kernel_shape", "expected 2 values (2-D only)");
      if (k[0] < 1 || k[1] < 1 || k[0] > kMaxConvParam || k[1] > kMaxConvParam) {
        a.bad("kernel_shape", "values must be in [1, 65536]");
      }
      kh = k[0];
      kw = k[1];
    } else if (kernel_required) {
      a.bad("kernel_shape", "required");
    }
    auto s = a.get_ints("strides", &present);
    if (present) {
      if (s.size() != 2) a.bad("strides", "expected 2 values");
      if (s[0] < 1 || s[1] < 1 || s[0] > kMaxConvParam || s[1] > kMaxConvParam) {
        a.bad("strides", "values must be in [1, 65536]");
      }
      sh = s[0];
      sw = s[1];
    }
    auto d = a.get_ints("dilations", &present);
    if (present) {
      if (!has_dilation && (d.size() != 2 || d[0] != 1 || d[1] != 1)) {
        a.bad("dilations", "not supported for this operator");
      }
      if (d.size() != 2) a.bad("dilations", "expected 2 values");
      if (d[0] < 1 || d[1] < 1 || d[0] > kMaxConvParam || d[1] > kMaxConvParam) {
        a.bad("dilations", "values must be in [1, 65536]");
      }
      dh = d[0];
      dw = d[1];
    }
    auto p = a.get_ints("pads", &present);
    if (present) {
      if (p.size() != 4) a.bad("pads", "expected 4 values [top, left, bottom, right]");
      for (int64_t v : p) {
        if (v < 0 || v > kMaxConvParam) a.bad("pads", "values must be in [0, 65536]");
      }
      pt = p[0];
      pl = p[1];
      pb = p[2];
      pr = p[3];
    }
    auto_pad = a.get_string("auto_pad", "NOTSET");
    if (auto_pad != "NOTSET" && auto_pad != "SAME_UPPER" && auto_pad != "SAME_LOWER" &&
        auto_pad != "VALID") {
      a.bad("auto_pad", "expected NOTSET, SAME_UPPER, SAME_LOWER or VALID; got '" + auto_pad + "'");
    }
    if (auto_pad != "NOTSET" && present) a.bad("pads", "not allowed together with auto_pad");
  }

  // Resolves auto_pad for an h x w input.
  void resolve(int64_t h, int64_t w) {
    if (auto_pad == "VALID") {
      pt = pl = pb = pr = 0;
    } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      auto one = [&](int64_t in, int64_t k, int64_t s, int64_t d, int64_t* lo, int64_t* hi) {
        const int64_t out = (in + s - 1) / s;
        const int64_t total = std::max<int64_t>(0, (out - 1) * s + (k - 1) * d + 1 - in);
        *lo = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
        *hi = total - *lo;
      };
      one(h, kh, sh, dh, &pt, &pb);
      one(w, kw, sw, dw, &pl, &pr);
    }
  }

  int64_t out_size(int64_t in, int64_t k, int64_t s, int64_t d, int64_t lo, int64_t hi) const {
    const int64_t span = in + lo + hi - ((k - 1) * d + 1);
    if (span < 0) return 0;
    int64_t out = (ceil_mode ? (span + s - 1) / s : span / s) + 1;
    if (ceil_mode && (out - 1) * s >= in + lo) --out;  // last window must start inside
    return out;
  }
};

const Shape& spatial4(const char* func, const PlanIn& x, const char* what) {
  if (x.dtype != onnx::kFloat) op_error(func, std::string(what) + " must be float32");
  if (x.shape->size() != 4) {
    op_error(func, std::string(what) + " must be 4-D NCHW; got shape " + shape_str(*x.shape));
  }
  return *x.shape;
}

class ConvOp : public Op {
 public:
  ConvOp(const Graph& g, const GraphNode& n) {
    Attrs a{n};
    win_.read(a, false, true);
    group_ = a.get_int("group", 1);
    if (group_ < 1) a.bad("group", "must be >= 1; got " + std::to_string(group_));
    if (n.inputs.size() < 2 || n.inputs[1] < 0) node_error(n, "input 'W' is required");
    const HostTensor* w = const_input(g, n, 1);
    if (!w) node_error(n, "input 'W' must be a constant (initializer)");
    if (w->dtype != onnx::kFloat) node_error(n, "input 'W' must be float32");
    if (w->shape.size() != 4) {
      node_error(n, "input 'W' must be 4-D (2-D convolution only); got shape " +
                        shape_str(w->shape));
    }
    wshape_ = w->shape;
    cout_ = wshape_[0];
    if (cout_ < 1 || wshape_[1] < 1) node_error(n, "input 'W' has an empty dim");
    if (cout_ % group_ != 0) {
      a.bad("group", std::to_string(group_) + " does not divide the " + std::to_string(cout_) +
                         " output channels of 'W'");
    }
    bool ks = false;
    auto k = a.get_ints("kernel_shape", &ks);
    if (ks && (k[0] != wshape_[2] || k[1] != wshape_[3])) {
      a.bad("kernel_shape", "disagrees with 'W' shape " + shape_str(wshape_));
    }
    win_.kh = wshape_[2];
    win_.kw = wshape_[3];
    if (win_.kh > kMaxConvParam || win_.kw > kMaxConvParam) node_error(n, "kernel too large");
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

  bool fuse_activation(const Epilogue& e) override {
    if (act_.act != Activation::None) return false;
    act_ = e;
    return true;
  }
  bool fold_channel_affine(const std::vector<float>& scale,
                           const std::vector<float>& shift) override {
    if (act_.act != Activation::None) return false;
    const size_t per = w_.size() / static_cast<size_t>(cout_);
    if (b_.empty()) b_.assign(static_cast<size_t>(cout_), 0.0f);
    for (int64_t o = 0; o < cout_; ++o) {
      for (size_t j = 0; j < per; ++j) w_[o * per + j] *= scale[o];
      b_[o] = b_[o] * scale[o] + shift[o];
    }
    return true;
  }

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int threads) override {
    const Shape& x = spatial4(func, in[0], "input 'X'");
    if (x[1] != wshape_[1] * group_) {
      op_error(func, "input 'X' has " + std::to_string(x[1]) + " channels; 'W' " +
                         shape_str(wshape_) + " with group " + std::to_string(group_) +
                         " needs " + std::to_string(wshape_[1] * group_));
    }
    Window w = win_;
    w.resolve(x[2], x[3]);
    Conv2dParams p;
    p.kernel_h = w.kh;
    p.kernel_w = w.kw;
    p.stride_h = w.sh;
    p.stride_w = w.sw;
    p.dilation_h = w.dh;
    p.dilation_w = w.dw;
    p.pad_top = w.pt;
    p.pad_left = w.pl;
    p.pad_bottom = w.pb;
    p.pad_right = w.pr;
    p.group = group_;
    const int64_t oh = w.out_size(x[2], w.kh, w.sh, w.dh, w.pt, w.pb);
    const int64_t ow = w.out_size(x[3], w.kw, w.sw, w.dw, w.pl, w.pr);
    if (oh < 1 || ow < 1) {
      op_error(func, "input 'X' of shape " + shape_str(x) + " is smaller than the kernel");
    }
    const bool same = conv_ && isa_ == active_isa() && p.pad_top == cur_.pad_top && p.pad_left == cur_.pad_left &&
                      p.pad_bottom == cur_.pad_bottom && p.pad_right == cur_.pad_right;
    if (!same) {
      Conv2dHint hint;  // the path is chosen for the first planned size
      hint.in_h = x[2];
      hint.in_w = x[3];
      conv_ = std::make_unique<Conv2d>(Conv2d::create(func, w_.data(), cout_, x[1],
                                                      b_.empty() ? nullptr : b_.data(), p, act_,
                                                      hint));
      cur_ = p;
      isa_ = active_isa();
    }
    batch_ = x[0];
    h_ = x[2];
    w_in_ = x[3];
    out[0] = PlanOut{onnx::kFloat, {x[0], cout_, oh, ow}};
    return batch_ == 0 ? 0 : conv_->workspace_floats(h_, w_in_, threads);
  }

  void run(const float* const* in, float* const* out, float* ws, size_t ws_n) const override {
    if (batch_ == 0) return;
    conv_->run(func, in[0], batch_, h_, w_in_, out[0], ws, ws_n);
  }

 private:
  Window win_;
  int64_t group_ = 1, cout_ = 0;
  Shape wshape_;
  std::vector<float> w_, b_;
  Epilogue act_;
  std::unique_ptr<Conv2d> conv_;
  Conv2dParams cur_;
  Isa isa_ = Isa::Scalar;  // the level the weights were packed for
  int64_t batch_ = 0, h_ = 0, w_in_ = 0;
};

// Pooling window of spatial rank 1..3, read from the MaxPool / AveragePool
// attributes (its own struct: Conv's Window above is 2-D only). Dims are
// stored right-aligned in 3 slots, the leading unused ones of extent 1, so
// that one 3-D loop serves every rank.
struct PoolWindow {
  int rank = 2;
  int64_t k[3] = {1, 1, 1}, s[3] = {1, 1, 1}, d[3] = {1, 1, 1};
  int64_t lo[3] = {0, 0, 0}, hi[3] = {0, 0, 0};
  std::string auto_pad = "NOTSET";
  bool ceil_mode = false;

  void read(const Attrs& a) {
    bool present = false;
    const auto k_in = a.get_ints("kernel_shape", &present);
    if (!present) a.bad("kernel_shape", "required");
    if (k_in.empty() || k_in.size() > 3) {
      a.bad("kernel_shape", "expected 1, 2 or 3 values (1-D to 3-D pooling); got " +
                                std::to_string(k_in.size()));
    }
    rank = static_cast<int>(k_in.size());
    const int off = 3 - rank;
    const auto put = [&](const char* name, const std::vector<int64_t>& v, int64_t* dst) {
      if (static_cast<int>(v.size()) != rank) {
        a.bad(name, "expected " + std::to_string(rank) + " values (one per kernel_shape dim); got " +
                        std::to_string(v.size()));
      }
      for (int i = 0; i < rank; ++i) {
        if (v[i] < 1 || v[i] > kMaxConvParam) a.bad(name, "values must be in [1, 65536]");
        dst[off + i] = v[i];
      }
    };
    put("kernel_shape", k_in, k);
    auto v = a.get_ints("strides", &present);
    if (present) put("strides", v, s);
    v = a.get_ints("dilations", &present);
    if (present) put("dilations", v, d);
    v = a.get_ints("pads", &present);
    if (present) {
      if (static_cast<int>(v.size()) != 2 * rank) {
        a.bad("pads", "expected " + std::to_string(2 * rank) +
                          " values (begins, then ends); got " + std::to_string(v.size()));
      }
      for (int i = 0; i < 2 * rank; ++i) {
        if (v[i] < 0 || v[i] > kMaxConvParam) a.bad("pads", "values must be in [0, 65536]");
      }
      for (int i = 0; i < rank; ++i) {
        lo[off + i] = v[i];
        hi[off + i] = v[rank + i];
      }
    }
    auto_pad = a.get_string("auto_pad", "NOTSET");
    if (auto_pad != "NOTSET" && auto_pad != "SAME_UPPER" && auto_pad != "SAME_LOWER" &&
        auto_pad != "VALID") {
      a.bad("auto_pad", "expected NOTSET, SAME_UPPER, SAME_LOWER or VALID; got '" + auto_pad + "'");
    }
    if (auto_pad != "NOTSET" && present) a.bad("pads", "not allowed together with auto_pad");
    ceil_mode = a.get_bool("ceil_mode", false);
  }

  // Pads for an input of spatial extents in[3] (auto_pad resolved), and the
  // output extents; false when a window does not fit.
  bool resolve(const int64_t* in, int64_t* out) {
    for (int i = 0; i < 3; ++i) {
      if (auto_pad == "VALID") {
        lo[i] = hi[i] = 0;
      } else if (auto_pad != "NOTSET") {
        const int64_t o = (in[i] + s[i] - 1) / s[i];
        const int64_t total = std::max<int64_t>(0, (o - 1) * s[i] + (k[i] - 1) * d[i] + 1 - in[i]);
        lo[i] = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
        hi[i] = total - lo[i];
      }
      const int64_t span = in[i] + lo[i] + hi[i] - ((k[i] - 1) * d[i] + 1);
      if (span < 0) return false;
      out[i] = (ceil_mode ? (span + s[i] - 1) / s[i] : span / s[i]) + 1;
      // ceil_mode: a last window starting in the end padding is dropped
      if (ceil_mode && (out[i] - 1) * s[i] >= in[i] + lo[i]) --out[i];
      if (out[i] < 1) return false;
    }
    return true;
  }
};

// MaxPool (with the optional 'Indices' output) and AveragePool over 1 to 3
// spatial dims, NC... float32. 2-D max pooling, and 2-D average pooling
// without dilations, keep a dedicated loop (interior columns without bounds
// work); every other form takes the general loop over 3 right-aligned dims.
class PoolOp : public Op {
 public:
  PoolOp(const Graph& g, const GraphNode& n, bool is_max) : max_(is_max) {
    Attrs a{n};
    // the attributes of each opset's form (MaxPool-8 adds storage_order,
    // MaxPool-10 ceil_mode and dilations; AveragePool-7 count_include_pad,
    // -10 ceil_mode, -19 dilations)
    if (is_max) {
      if (g.opset >= 10) {
        a.allow({"auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order",
                 "strides"}, g.opset);
      } else if (g.opset >= 8) {
        a.allow({"auto_pad", "kernel_shape", "pads", "storage_order", "strides"}, g.opset);
      } else {
        a.allow({"auto_pad", "kernel_shape", "pads", "strides"}, g.opset);
      }
    } else {
      if (g.opset >= 19) {
        a.allow({"auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads",
                 "strides"}, g.opset);
      } else if (g.opset >= 10) {
        a.allow({"auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides"},
                g.opset);
      } else if (g.opset >= 7) {
        a.allow({"auto_pad", "count_include_pad", "kernel_shape", "pads", "strides"}, g.opset);
      } else {
        a.allow({"auto_pad", "kernel_shape", "pads", "strides"}, g.opset);
      }
    }
    win_.read(a);
    if (is_max) {
      col_major_ = a.get_bool("storage_order", false);
      indices_ = n.outputs.size() > 1 && n.outputs[1] >= 0;
    } else {
      include_pad_ = a.get_bool("count_include_pad", false);
    }
  }

  bool runs_int64() const override { return indices_; }

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    const Shape& x = *in[0].shape;
    if (in[0].dtype != onnx::kFloat) op_error(func, "input 'X' must be float32");
    const int r = win_.rank;
    if (static_cast<int>(x.size()) != r + 2) {
      op_error(func, "input 'X' must be " + std::to_string(r + 2) + "-D (N, C and " +
                         std::to_string(r) + " spatial dims, as kernel_shape); got shape " +
                         shape_str(x));
    }
    w_ = win_;
    int64_t in3[3] = {1, 1, 1};
    for (int i = 0; i < r; ++i) in3[3 - r + i] = x[2 + i];
    if (!w_.resolve(in3, out3_)) {
      op_error(func, "input 'X' of shape " + shape_str(x) + " is smaller than the window");
    }
    planes_ = x[0] * x[1];
    std::copy(in3, in3 + 3, in3_);
    Shape o{x[0], x[1]};
    for (int i = 0; i < r; ++i) o.push_back(out3_[3 - r + i]);
    out[0] = PlanOut{onnx::kFloat, o};
    if (indices_) out[1] = PlanOut{onnx::kInt64, o};

    fast2d_ = r == 2 && !indices_ && (max_ || (w_.d[1] == 1 && w_.d[2] == 1));
    // output columns whose windows lie inside the image horizontally
    const int64_t w = in3_[2], ow = out3_[2];
    const int64_t span = (w_.k[2] - 1) * w_.d[2];
    oxa_ = std::min<int64_t>(ow, (w_.lo[2] + w_.s[2] - 1) / w_.s[2]);
    oxb_ = w - 1 - span + w_.lo[2] < 0
               ? oxa_
               : std::clamp<int64_t>((w - 1 - span + w_.lo[2]) / w_.s[2] + 1, oxa_, ow);
    return 0;
  }

  void run(const float* const* in, float* const* out, float*, size_t) const override {
    if (fast2d_) {
      run_2d(in[0], out[0]);
    } else {
      run_nd(in[0], out[0], indices_ ? as_i64(out[1]) : nullptr);
    }
  }

 private:
  // Max over the taps of one 2-D window whose rows are [ky0, ky1): windows
  // in the columns [oxa_, oxb_) lie inside the image horizontally and take
  // every tap (no bounds work); border windows clip their tap range. A NaN
  // tap makes the result NaN, as ONNX MaxPool propagates it. The window
  // extents come in as arguments so that they stay in registers.
  float max_window(const float* xp, int64_t w, int64_t y0, int64_t ky0, int64_t ky1, int64_t x0,
                   int64_t ox, int64_t kw, int64_t dh, int64_t dw) const {
    int64_t kx0 = 0, kx1 = kw;
    if (ox < oxa_ || ox >= oxb_) {
      kx0 = x0 < 0 ? (-x0 + dw - 1) / dw : 0;
      kx1 = std::min(kw, (w - x0 + dw - 1) / dw);
    }
    float m = -std::numeric_limits<float>::infinity();
    bool nan = false;
    for (int64_t ky = ky0; ky < ky1; ++ky) {
      const float* row = xp + (y0 + ky * dh) * w + x0;
      for (int64_t kx = kx0; kx < kx1; ++kx) {
        // branch-free (maxss, setp): data-dependent branches mispredict
        const float v = row[kx * dw];
        m = v > m ? v : m;
        nan |= v != v;
      }
    }
    return nan ? std::numeric_limits<float>::quiet_NaN() : m;
  }

  // Separable 2-D max pooling of one output row: stage 1 takes the column
  // maxima over the window's rows into a padded row buffer (-inf in the
  // padding), stage 2 the maxima over kw taps at every buffer position,
  // stage 3 keeps every sw-th. Each stage is a contiguous loop the compiler
  // vectorises (maxps and an OR of NaN tests); the per-window loop
  // (max_window) does kh * kw scalar steps per output. Output columns go in
  // blocks whose buffer fits kSepBuf. Returns false, leaving the row to
  // max_window, when a tap is NaN: maxps drops NaN operands, ONNX keeps them.
  static constexpr int64_t kSepBuf = 1024;
  bool max_row_separable(const float* xp, int64_t w, int64_t y0, int64_t ky0, int64_t ky1,
                         float* yrow) const {
    const int64_t ow = out3_[2], kw = w_.k[2], sw = w_.s[2], dh = w_.d[1], dw = w_.d[2];
    const int64_t pl = w_.lo[2], span = (kw - 1) * dw;
    const int64_t block = (kSepBuf - span - 1) / sw + 1;  // outputs per buffer
    constexpr float kNegInf = -std::numeric_limits<float>::infinity();
    float vbuf[kSepBuf], hbuf[kSepBuf];
    for (int64_t ob = 0; ob < ow; ob += block) {
      const int64_t on = std::min(block, ow - ob);
      const int64_t xb = ob * sw - pl;             // input column of vbuf[0]
      const int64_t len = (on - 1) * sw + span + 1;  // buffer columns used
      // stage 1: column maxima; columns outside the image stay -inf
      const int64_t i0 = std::clamp<int64_t>(-xb, 0, len), i1 = std::clamp<int64_t>(w - xb, i0, len);
      for (int64_t i = 0; i < i0; ++i) vbuf[i] = kNegInf;
      for (int64_t i = i1; i < len; ++i) vbuf[i] = kNegInf;
      if (ky0 >= ky1) {
        for (int64_t i = i0; i < i1; ++i) vbuf[i] = kNegInf;
      } else {
        int nan = 0;
        const float* r0 = xp + (y0 + ky0 * dh) * w + xb;
        for (int64_t i = i0; i < i1; ++i) {
          const float v = r0[i];
          vbuf[i] = v;
          nan |= v != v;
        }
        for (int64_t ky = ky0 + 1; ky < ky1; ++ky) {
          const float* r = xp + (y0 + ky * dh) * w + xb;
          for (int64_t i = i0; i < i1; ++i) {
            const float v = r[i], m = vbuf[i];
            vbuf[i] = v > m ? v : m;
            nan |= v != v;
          }
        }
        if (nan) return false;
      }
      // stage 2: maxima over the kw taps at every position an output starts
      const int64_t hn = (on - 1) * sw + 1;
      float* h = sw == 1 ? yrow + ob : hbuf;
      for (int64_t i = 0; i < hn; ++i) h[i] = vbuf[i];
      for (int64_t kx = 1; kx < kw; ++kx) {
        const float* v = vbuf + kx * dw;
        for (int64_t i = 0; i < hn; ++i) h[i] = v[i] > h[i] ? v[i] : h[i];
      }
      // stage 3: every sw-th position
      if (sw != 1) {
        for (int64_t o = 0; o < on; ++o) yrow[ob + o] = hbuf[o * sw];
      }
    }
    return true;
  }

  void run_2d(const float* src, float* dst) const {
    const int64_t h = in3_[1], w = in3_[2], oh = out3_[1], ow = out3_[2];
    const int64_t kh = w_.k[1], kw = w_.k[2], sh = w_.s[1], sw = w_.s[2];
    const int64_t dh = w_.d[1], dw = w_.d[2];
    const int64_t pt = w_.lo[1], pl = w_.lo[2], pb = w_.hi[1], pr = w_.hi[2];
    const int64_t work = std::max<int64_t>(1, oh * ow * kh * kw);
    // windows wider than the row buffer take the per-window loop
    const bool separable = max_ && (kw - 1) * dw + 1 <= kSepBuf / 2;
    parallel_for(0, planes_, std::max<int64_t>(1, kWorkGrain / work), [&](int64_t p0, int64_t p1) {
      for (int64_t p = p0; p < p1; ++p) {
        const float* xp = src + p * h * w;
        float* yp = dst + p * oh * ow;
        for (int64_t oy = 0; oy < oh; ++oy) {
          const int64_t y0 = oy * sh - pt;
          // window rows inside the image: ky in [ky0, ky1), once per row
          const int64_t ky0 = y0 < 0 ? (-y0 + dh - 1) / dh : 0;
          const int64_t ky1 = std::min(kh, (h - y0 + dh - 1) / dh);
          if (separable && max_row_separable(xp, w, y0, ky0, ky1, yp + oy * ow)) continue;
          if (max_) {
            for (int64_t ox = 0; ox < ow; ++ox) {
              yp[oy * ow + ox] = max_window(xp, w, y0, ky0, ky1, ox * sw - pl, ox, kw, dh, dw);
            }
            continue;
          }
          for (int64_t ox = 0; ox < ow; ++ox) {
            const int64_t x0 = ox * sw - pl;
            const int64_t ye = std::min(y0 + kh, h + pb);
            const int64_t xe = std::min(x0 + kw, w + pr);
            const int64_t full = (ye - y0) * (xe - x0);
            const int64_t ya = std::max<int64_t>(y0, 0), yb = std::min(ye, h);
            const int64_t xa = std::max<int64_t>(x0, 0), xb = std::min(xe, w);
            float s = 0.0f;
            for (int64_t yy = ya; yy < yb; ++yy) {
              for (int64_t xx = xa; xx < xb; ++xx) s += xp[yy * w + xx];
            }
            const int64_t cnt = include_pad_ ? full : (yb - ya) * (xb - xa);
            yp[oy * ow + ox] = cnt > 0 ? s / static_cast<float>(cnt) : 0.0f;
          }
        }
      }
    });
  }

  // Taps [t0, t1) of one window dim that fall inside the input, and t1p:
  // the end of those inside the padded extent (AveragePool's
  // count_include_pad counts them). start = first tap's input coordinate.
  struct Taps {
    int64_t start, t0, t1, t1p;
  };
  Taps taps(int i, int64_t o) const {
    const int64_t k = w_.k[i], d = w_.d[i], n = in3_[i];
    Taps t;
    t.start = o * w_.s[i] - w_.lo[i];
    t.t0 = t.start < 0 ? std::min(k, (-t.start + d - 1) / d) : 0;
    t.t1 = n - t.start <= 0 ? 0 : std::min(k, (n - t.start + d - 1) / d);
    t.t1 = std::max(t.t1, t.t0);
    t.t1p = std::min(k, (n + w_.hi[i] - t.start + d - 1) / d);
    return t;
  }

  // The general loop: rows of output (plane, od, oh) in parallel, each
  // window's in-range taps per dim computed once per row (depth, height) or
  // element (width). Indices (MaxPool) are flattened over the whole input
  // tensor: plane * area + the spatial offset, row-major, or column-major
  // over the spatial dims when storage_order = 1; the first maximum wins,
  // and a NaN tap gives NaN and its index.
  void run_nd(const float* src, float* dst, int64_t* idx) const {
    const int64_t id = in3_[0], ih = in3_[1], iw = in3_[2];
    const int64_t od = out3_[0], oh = out3_[1], ow = out3_[2];
    const int64_t area = id * ih * iw, oarea = od * oh * ow;
    // flattened-index strides of the (depth, height, width) coordinates
    const int64_t st[3] = {col_major_ ? 1 : ih * iw, col_major_ ? id : iw,
                           col_major_ ? id * ih : 1};
    const int64_t rows = planes_ * od * oh;
    const int64_t work = std::max<int64_t>(1, ow * w_.k[0] * w_.k[1] * w_.k[2]);
    parallel_for(0, rows, std::max<int64_t>(1, kWorkGrain / work), [&](int64_t r0, int64_t r1) {
      for (int64_t r = r0; r < r1; ++r) {
        const int64_t p = r / (od * oh), oz = (r / oh) % od, oy = r % oh;
        const float* xp = src + p * area;
        const int64_t out_off = p * oarea + (oz * oh + oy) * ow;
        const Taps tz = taps(0, oz), ty = taps(1, oy);
        for (int64_t ox = 0; ox < ow; ++ox) {
          const Taps tx = taps(2, ox);
          if (max_) {
            float m = -std::numeric_limits<float>::infinity();
            int64_t at = -1;
            bool nan = false;
            for (int64_t kz = tz.t0; kz < tz.t1 && !nan; ++kz) {
              const int64_t z = tz.start + kz * w_.d[0];
              for (int64_t ky = ty.t0; ky < ty.t1 && !nan; ++ky) {
                const int64_t y = ty.start + ky * w_.d[1];
                const float* row = xp + (z * ih + y) * iw;
                for (int64_t kx = tx.t0; kx < tx.t1; ++kx) {
                  const int64_t xx = tx.start + kx * w_.d[2];
                  const float v = row[xx];
                  if (v > m || at < 0 || v != v) {
                    m = v;
                    at = z * st[0] + y * st[1] + xx * st[2];
                    if (v != v) {
                      nan = true;
                      break;
                    }
                  }
                }
              }
            }
            dst[out_off + ox] = m;
            if (idx) idx[out_off + ox] = at < 0 ? -1 : p * area + at;
          } else {
            float s = 0.0f;
            for (int64_t kz = tz.t0; kz < tz.t1; ++kz) {
              const int64_t z = tz.start + kz * w_.d[0];
              for (int64_t ky = ty.t0; ky < ty.t1; ++ky) {
                const float* row = xp + (z * ih + ty.start + ky * w_.d[1]) * iw + tx.start;
                for (int64_t kx = tx.t0; kx < tx.t1; ++kx) s += row[kx * w_.d[2]];
              }
            }
            const int64_t cnt = include_pad_ ? tz.t1p * ty.t1p * tx.t1p
                                             : (tz.t1 - tz.t0) * (ty.t1 - ty.t0) * (tx.t1 - tx.t0);
            dst[out_off + ox] = cnt > 0 ? s / static_cast<float>(cnt) : 0.0f;
          }
        }
      }
    });
  }

  bool max_;
  bool include_pad_ = false, col_major_ = false, indices_ = false;
  PoolWindow win_, w_;  // as read; with auto_pad resolved for the planned input
  int64_t planes_ = 0;
  int64_t in3_[3] = {1, 1, 1}, out3_[3] = {1, 1, 1};  // spatial extents, right-aligned
  bool fast2d_ = false;
  int64_t oxa_ = 0, oxb_ = 0;  // interior output columns [oxa_, oxb_) of the 2-D loop
};

class GlobalAveragePoolOp : public Op {
 public:
  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    const Shape& x = *in[0].shape;
    if (in[0].dtype != onnx::kFloat || x.size() < 3) {
      op_error(func, "input 'X' must be float32 of rank >= 3; got shape " + shape_str(x));
    }
    planes_ = x[0] * x[1];
    area_ = 1;
    Shape o = x;
    for (size_t i = 2; i < x.size(); ++i) {
      area_ *= x[i];
      o[i] = 1;
    }
    out[0] = PlanOut{onnx::kFloat, o};
    return 0;
  }
  void run(const float* const* in, float* const* out, float*, size_t) const override {
    const float* src = in[0];
    float* dst = out[0];
    parallel_for(0, planes_, std::max<int64_t>(1, kWorkGrain / std::max<int64_t>(area_, 1)),
                 [&](int64_t p0, int64_t p1) {
      for (int64_t p = p0; p < p1; ++p) {
        double s = 0.0;
        for (int64_t i = 0; i < area_; ++i) s += src[p * area_ + i];
        dst[p] = area_ ? static_cast<float>(s / static_cast<double>(area_)) : 0.0f;
      }
    });
  }

 private:
  int64_t planes_ = 0, area_ = 0;
};

}  // namespace

std::unique_ptr<Op> make_conv(const Graph& g, const GraphNode& n) {
  // Conv has had the same attributes since opset 1
  Attrs{n}.allow({"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"});
  return std::make_unique<ConvOp>(g, n);
}
std::unique_ptr<Op> make_max_pool(const Graph& g, const GraphNode& n) {
  return std::make_unique<PoolOp>(g, n, true);
}
std::unique_ptr<Op> make_average_pool(const Graph& g, const GraphNode& n) {
  return std::make_unique<PoolOp>(g, n, false);
}
std::unique_ptr<Op> make_global_average_pool(const Graph&, const GraphNode& n) {
  Attrs{n}.allow({});
  return std::make_unique<GlobalAveragePoolOp>();
}

}  // namespace vc::dnn
