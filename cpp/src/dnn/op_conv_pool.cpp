// Conv (via the packed Conv2d kernel), MaxPool, AveragePool and
// GlobalAveragePool: 2-D, NCHW float32.
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
      conv_ = std::make_unique<Conv2d>(Conv2d::create(func, w_.data(), cout_, x[1],
                                                      b_.empty() ? nullptr : b_.data(), p, act_));
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

class PoolOp : public Op {
 public:
  PoolOp(const GraphNode& n, bool is_max) : max_(is_max) {
    Attrs a{n};
    win_.read(a, true, is_max);
    win_.ceil_mode = a.get_int("ceil_mode", 0) != 0;
    if (is_max) {
      if (a.get_int("storage_order", 0) != 0) a.bad("storage_order", "only 0 is supported");
      if (n.outputs.size() > 1 && n.outputs[1] >= 0) {
        node_error(n, "output 'Indices' is not supported");
      }
    } else {
      include_pad_ = a.get_int("count_include_pad", 0) != 0;
    }
  }

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    const Shape& x = spatial4(func, in[0], "input 'X'");
    w_ = win_;
    w_.resolve(x[2], x[3]);
    const int64_t oh = w_.out_size(x[2], w_.kh, w_.sh, w_.dh, w_.pt, w_.pb);
    const int64_t ow = w_.out_size(x[3], w_.kw, w_.sw, w_.dw, w_.pl, w_.pr);
    if (oh < 1 || ow < 1) {
      op_error(func, "input 'X' of shape " + shape_str(x) + " is smaller than the window");
    }
    x_ = x;
    oh_ = oh;
    ow_ = ow;
    // output columns whose windows lie inside the image horizontally
    const int64_t span = (w_.kw - 1) * w_.dw;
    oxa_ = std::min<int64_t>(ow, (w_.pl + w_.sw - 1) / w_.sw);
    oxb_ = x[3] - 1 - span + w_.pl < 0 ? oxa_
                                      : std::clamp<int64_t>((x[3] - 1 - span + w_.pl) / w_.sw + 1,
                                                            oxa_, ow);
    out[0] = PlanOut{onnx::kFloat, {x[0], x[1], oh, ow}};
    return 0;
  }

  // Max over the taps of one window whose rows are [ky0, ky1): windows in
  // the columns [oxa_, oxb_) lie inside the image horizontally and take
  // every tap (no bounds work); border windows clip their tap range. A NaN
  // tap makes the result NaN, as ONNX MaxPool propagates it.
  float max_window(const float* xp, int64_t w, int64_t y0, int64_t ky0, int64_t ky1, int64_t x0,
                   int64_t ox) const {
    int64_t kx0 = 0, kx1 = w_.kw;
    if (ox < oxa_ || ox >= oxb_) {
      kx0 = x0 < 0 ? (-x0 + w_.dw - 1) / w_.dw : 0;
      kx1 = std::min(w_.kw, (w - x0 + w_.dw - 1) / w_.dw);
    }
    float m = -std::numeric_limits<float>::infinity();
    bool nan = false;
    for (int64_t ky = ky0; ky < ky1; ++ky) {
      const float* row = xp + (y0 + ky * w_.dh) * w + x0;
      for (int64_t kx = kx0; kx < kx1; ++kx) {
        // branch-free (maxss, setp): data-dependent branches mispredict
        const float v = row[kx * w_.dw];
        m = v > m ? v : m;
        nan |= v != v;
      }
    }
    return nan ? std::numeric_limits<float>::quiet_NaN() : m;
  }

  void run(const float* const* in, float* const* out, float*, size_t) const override {
    const int64_t planes = x_[0] * x_[1], h = x_[2], w = x_[3];
    const float* src = in[0];
    float* dst = out[0];
    const int64_t work = std::max<int64_t>(1, oh_ * ow_ * w_.kh * w_.kw);
    parallel_for(0, planes, std::max<int64_t>(1, kWorkGrain / work), [&](int64_t p0, int64_t p1) {
      for (int64_t p = p0; p < p1; ++p) {
        const float* xp = src + p * h * w;
        float* yp = dst + p * oh_ * ow_;
        for (int64_t oy = 0; oy < oh_; ++oy) {
          const int64_t y0 = oy * w_.sh - w_.pt;
          // window rows inside the image: ky in [ky0, ky1), once per row
          const int64_t ky0 = y0 < 0 ? (-y0 + w_.dh - 1) / w_.dh : 0;
          const int64_t ky1 = std::min(w_.kh, (h - y0 + w_.dh - 1) / w_.dh);
          for (int64_t ox = 0; ox < ow_; ++ox) {
            const int64_t x0 = ox * w_.sw - w_.pl;
            if (max_) {
              yp[oy * ow_ + ox] = max_window(xp, w, y0, ky0, ky1, x0, ox);
            } else {
              const int64_t ye = std::min(y0 + w_.kh, h + w_.pb);
              const int64_t xe = std::min(x0 + w_.kw, w + w_.pr);
              const int64_t full = (ye - y0) * (xe - x0);
              const int64_t ya = std::max<int64_t>(y0, 0), yb = std::min(ye, h);
              const int64_t xa = std::max<int64_t>(x0, 0), xb = std::min(xe, w);
              float s = 0.0f;
              for (int64_t yy = ya; yy < yb; ++yy) {
                for (int64_t xx = xa; xx < xb; ++xx) s += xp[yy * w + xx];
              }
              const int64_t cnt = include_pad_ ? full : (yb - ya) * (xb - xa);
              yp[oy * ow_ + ox] = cnt > 0 ? s / static_cast<float>(cnt) : 0.0f;
            }
          }
        }
      }
    });
  }

 private:
  bool max_;
  bool include_pad_ = false;
  Window win_, w_;
  Shape x_;
  int64_t oh_ = 0, ow_ = 0;
  int64_t oxa_ = 0, oxb_ = 0;  // interior output columns [oxa_, oxb_)
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
  return std::make_unique<ConvOp>(g, n);
}
std::unique_ptr<Op> make_max_pool(const Graph&, const GraphNode& n) {
  return std::make_unique<PoolOp>(n, true);
}
std::unique_ptr<Op> make_average_pool(const Graph&, const GraphNode& n) {
  return std::make_unique<PoolOp>(n, false);
}
std::unique_ptr<Op> make_global_average_pool(const Graph&, const GraphNode&) {
  return std::make_unique<GlobalAveragePoolOp>();
}

}  // namespace vc::dnn
