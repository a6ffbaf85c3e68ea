// Elementwise operators: Relu, Clip, LeakyRelu, Sigmoid; Add, Sub, Mul, Div
// with numpy broadcasting (float32 at run time, int64 when folded);
// BatchNormalization (inference form) and Softmax.
#include <algorithm>
#include <cmath>

#include "dnn/ops_decl.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

constexpr int64_t kGrain = 1 << 14;

const Shape& float_in(const char* func, const PlanIn& x, const char* what) {
  if (x.dtype != onnx::kFloat) op_error(func, std::string("input '") + what + "' must be float32");
  return *x.shape;
}

class UnaryOp : public Op {
 public:
  enum Kind { kRelu, kClip, kLeaky, kSigmoid };
  UnaryOp(Kind k, float a, float lo, float hi, bool bounds_known)
      : kind_(k), alpha_(a), lo_(lo), hi_(hi), known_(bounds_known) {}

  bool as_activation(Epilogue* e) const override {
    if (kind_ == kRelu) {
      e->act = Activation::Relu;
    } else if (kind_ == kLeaky) {
      e->act = Activation::LeakyRelu;
      e->alpha = alpha_;
    } else if (kind_ == kClip && known_) {
      e->act = (lo_ == 0.0f && hi_ == 6.0f) ? Activation::Relu6 : Activation::Clip;
      e->min = lo_;
      e->max = hi_;
    } else {
      return false;
    }
    return true;
  }

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    out[0] = PlanOut{onnx::kFloat, float_in(func, in[0], "X")};
    n_ = element_count(out[0].shape);
    if (kind_ == kClip && !known_) {
      lo_ = -INFINITY;
      hi_ = INFINITY;
      for (size_t k = 1; k < 3 && k < in.size(); ++k) {
        if (!in[k].shape) continue;
        if (!in[k].value || in[k].value->dtype != onnx::kFloat || in[k].value->count() != 1) {
          op_error(func, std::string("input '") + (k == 1 ? "min" : "max") +
                             "' must be a known float32 scalar");
        }
        (k == 1 ? lo_ : hi_) = in[k].value->f[0];
      }
    }
    return 0;
  }

  void run(const float* const* in, float* const* out, float*, size_t) const override {
    const float* x = in[0];
    float* y = out[0];
    parallel_for(0, n_, kGrain, [&](int64_t i0, int64_t i1) {
      switch (kind_) {
        case kRelu:
          for (int64_t i = i0; i < i1; ++i) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
          break;
        case kClip:
          for (int64_t i = i0; i < i1; ++i) y[i] = std::min(std::max(x[i], lo_), hi_);
          break;
        case kLeaky:
          for (int64_t i = i0; i < i1; ++i) y[i] = x[i] >= 0.0f ? x[i] : x[i] * alpha_;
          break;
        case kSigmoid:
          for (int64_t i = i0; i < i1; ++i) y[i] = 1.0f / (1.0f + std::exp(-x[i]));
          break;
      }
    });
  }

 private:
  Kind kind_;
  float alpha_, lo_, hi_;
  bool known_;
  int64_t n_ = 0;
};

// A fused activation applied to a float result: leaky slope, then clamp
// (the bounds are infinite when there is none; NaN passes through).
struct FusedAct {
  bool leaky = false;
  float alpha = 0.0f, lo = -INFINITY, hi = INFINITY;
  bool any = false;

  bool set(const Epilogue& e) {
    if (any) return false;
    switch (e.act) {
      case Activation::Relu: lo = 0.0f; break;
      case Activation::Relu6: lo = 0.0f; hi = 6.0f; break;
      case Activation::Clip: lo = e.min; hi = e.max; break;
      case Activation::LeakyRelu: leaky = true; alpha = e.alpha; break;
      default: return false;
    }
    any = true;
    return true;
  }
  float operator()(float r) const {
    if (leaky) r = r >= 0.0f ? r : r * alpha;
    return std::min(std::max(r, lo), hi);
  }
};

// Broadcast geometry: output shape, and per output dim the input strides
// (0 where the input is broadcast).
struct Broadcast {
  Shape out;
  std::vector<int64_t> sa, sb;

  void plan(const char* func, const Shape& a, const Shape& b) {
    if (!broadcast_shape(a, b, &out)) {
      op_error(func, "shapes " + shape_str(a) + " and " + shape_str(b) + " do not broadcast");
    }
    const size_t r = out.size();
    sa.assign(r, 0);
    sb.assign(r, 0);
    auto strides = [&](const Shape& s, std::vector<int64_t>& st) {
      int64_t acc = 1;
      for (size_t i = 0; i < s.size(); ++i) {
        const size_t d = s.size() - 1 - i;
        const size_t o = r - 1 - i;
        st[o] = s[d] == 1 ? 0 : acc;
        acc *= s[d];
      }
    };
    strides(a, sa);
    strides(b, sb);
  }

  template <typename T, typename F>
  void apply(const T* a, const T* b, T* y, F f) const {
    const int64_t total = element_count(out);
    if (total == 0) return;
    const size_t r = out.size();
    const int64_t inner = r ? out[r - 1] : 1;
    const int64_t ia = r ? sa[r - 1] : 0, ib = r ? sb[r - 1] : 0;
    const int64_t rows = total / inner;
    parallel_for(0, rows, std::max<int64_t>(1, kGrain / std::max<int64_t>(inner, 1)),
                 [&](int64_t r0, int64_t r1) {
      for (int64_t row = r0; row < r1; ++row) {
        int64_t oa = 0, ob = 0, rem = row;
        for (size_t d = r - 1; d-- > 0;) {
          const int64_t idx = rem % out[d];
          rem /= out[d];
          oa += idx * sa[d];
          ob += idx * sb[d];
        }
        T* yr = y + row * inner;
        const T* ar = a + oa;
        const T* br = b + ob;
        if (ia == 1 && ib == 1) {
          for (int64_t i = 0; i < inner; ++i) yr[i] = f(ar[i], br[i]);
        } else if (ia == 1 && ib == 0) {
          const T bv = br[0];
          for (int64_t i = 0; i < inner; ++i) yr[i] = f(ar[i], bv);
        } else {
          for (int64_t i = 0; i < inner; ++i) yr[i] = f(ar[i * ia], br[i * ib]);
        }
      }
    });
  }
};

class BinaryOp : public Op {
 public:
  enum Kind { kAdd, kSub, kMul, kDiv };
  explicit BinaryOp(Kind k) : kind_(k) {}

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    if (in[0].dtype != in[1].dtype) op_error(func, "inputs 'A' and 'B' differ in type");
    bc_.plan(func, *in[0].shape, *in[1].shape);
    out[0] = PlanOut{in[0].dtype, bc_.out};
    return 0;
  }

  template <typename T>
  void apply(const T* a, const T* b, T* y) const {
    switch (kind_) {
      case kAdd: bc_.apply(a, b, y, [](T u, T v) { return u + v; }); break;
      case kSub: bc_.apply(a, b, y, [](T u, T v) { return u - v; }); break;
      case kMul: bc_.apply(a, b, y, [](T u, T v) { return u * v; }); break;
      case kDiv: bc_.apply(a, b, y, [](T u, T v) { return v == T(0) && !std::is_floating_point<T>::value ? T(0) : u / v; }); break;
    }
  }

  bool fuse_activation(const Epilogue& e) override { return act_.set(e); }

  void run(const float* const* in, float* const* out, float*, size_t) const override {
    if (!act_.any) return apply(in[0], in[1], out[0]);
    const FusedAct act = act_;
    switch (kind_) {
      case kAdd: bc_.apply(in[0], in[1], out[0], [act](float u, float v) { return act(u + v); }); break;
      case kSub: bc_.apply(in[0], in[1], out[0], [act](float u, float v) { return act(u - v); }); break;
      case kMul: bc_.apply(in[0], in[1], out[0], [act](float u, float v) { return act(u * v); }); break;
      case kDiv: bc_.apply(in[0], in[1], out[0], [act](float u, float v) { return act(u / v); }); break;
    }
  }

  void eval(const std::vector<const HostTensor*>& in, std::vector<HostTensor>& out) override {
    if (in[0]->dtype == onnx::kFloat) return Op::eval(in, out);
    if (in[0]->dtype != onnx::kInt64 || in[1]->dtype != onnx::kInt64) {
      op_error(func, "only float32 and int64 are supported");
    }
    if (act_.any) op_error(func, "a fused activation needs float32 inputs");
    bc_.plan(func, in[0]->shape, in[1]->shape);
    out[0].dtype = onnx::kInt64;
    out[0].shape = bc_.out;
    out[0].i.assign(static_cast<size_t>(out[0].count()), 0);
    apply(in[0]->i.data(), in[1]->i.data(), out[0].i.data());
  }

 private:
  Kind kind_;
  Broadcast bc_;
  FusedAct act_;
};

// Sum of any number of float32 inputs with broadcasting, accumulated in
// input order into the output.
class SumOp : public Op {
 public:
  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    if (in.empty()) op_error(func, "needs at least one input");
    Shape s = float_in(func, in[0], "data_0");
    for (size_t k = 1; k < in.size(); ++k) {
      if (!in[k].shape) op_error(func, "omitted inputs are not allowed");
      float_in(func, in[k], "data_i");
      Shape t;
      if (!broadcast_shape(s, *in[k].shape, &t)) {
        op_error(func, "shapes " + shape_str(s) + " and " + shape_str(*in[k].shape) +
                           " do not broadcast");
      }
      s = t;
    }
    bcs_.assign(in.size(), Broadcast{});
    same_ = true;
    for (size_t k = 0; k < in.size(); ++k) {
      bcs_[k].plan(func, s, *in[k].shape);
      same_ = same_ && *in[k].shape == s;
    }
    n_ = element_count(s);
    out[0] = PlanOut{onnx::kFloat, s};
    return 0;
  }
  bool fuse_activation(const Epilogue& e) override { return act_.set(e); }

  void run(const float* const* in, float* const* out, float*, size_t) const override {
    const FusedAct act = act_;
    float* y = out[0];
    if (same_) {  // one pass, inputs summed in order
      const size_t k = bcs_.size();
      parallel_for(0, n_, kGrain, [&](int64_t i0, int64_t i1) {
        for (int64_t i = i0; i < i1; ++i) {
          float r = in[0][i];
          for (size_t j = 1; j < k; ++j) r += in[j][i];
          y[i] = act(r);
        }
      });
      return;
    }
    std::fill(y, y + n_, 0.0f);
    for (size_t k = 0; k < bcs_.size(); ++k) {
      bcs_[k].apply(static_cast<const float*>(y), in[k], y, [](float u, float v) { return u + v; });
    }
    if (act.any) {
      parallel_for(0, n_, kGrain, [&](int64_t i0, int64_t i1) {
        for (int64_t i = i0; i < i1; ++i) y[i] = act(y[i]);
      });
    }
  }

 private:
  std::vector<Broadcast> bcs_;
  int64_t n_ = 0;
  bool same_ = false;
  FusedAct act_;
};

class BatchNormOp : public Op {
 public:
  BatchNormOp(const Graph& g, const GraphNode& n) {
    Attrs a{n};
    const float eps = a.get_float("epsilon", 1e-5f);
    if (!(eps >= 0.0f) || !std::isfinite(eps)) a.bad("epsilon", "must be finite and >= 0");
    if (a.get_int("training_mode", 0) != 0) a.bad("training_mode", "only 0 (inference)");
    for (size_t k = 1; k < n.outputs.size(); ++k) {
      if (n.outputs[k] >= 0) node_error(n, "training outputs are not supported");
    }
    if (n.inputs.size() != 5) node_error(n, "expected 5 inputs");
    const char* names[] = {"X", "scale", "B", "input_mean", "input_var"};
    const HostTensor* t[5] = {};
    for (size_t k = 1; k < 5; ++k) {
      t[k] = const_input(g, n, k);
      if (!t[k] || t[k]->dtype != onnx::kFloat || t[k]->shape.size() != 1) {
        node_error(n, std::string("input '") + names[k] + "' must be a constant 1-D float32");
      }
      if (t[k]->shape != t[1]->shape) {
        node_error(n, std::string("input '") + names[k] + "' differs in length from 'scale'");
      }
    }
    const size_t c = static_cast<size_t>(t[1]->shape[0]);
    scale_.resize(c);
    shift_.resize(c);
    for (size_t i = 0; i < c; ++i) {
      scale_[i] = t[1]->f[i] / std::sqrt(t[4]->f[i] + eps);
      shift_[i] = t[2]->f[i] - t[3]->f[i] * scale_[i];
    }
  }
  bool as_channel_affine(std::vector<float>* s, std::vector<float>* b) const override {
    *s = scale_;
    *b = shift_;
    return true;
  }
  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    const Shape& x = float_in(func, in[0], "X");
    if (x.size() < 2 || x[1] != static_cast<int64_t>(scale_.size())) {
      op_error(func, "input 'X' of shape " + shape_str(x) + " needs " +
                         std::to_string(scale_.size()) + " channels on axis 1");
    }
    out[0] = PlanOut{onnx::kFloat, x};
    outer_ = x[0] * x[1];
    area_ = x[1] ? element_count(x) / outer_ : 0;
    return 0;
  }
  void run(const float* const* in, float* const* out, float*, size_t) const override {
    const int64_t c = static_cast<int64_t>(scale_.size());
    parallel_for(0, outer_, std::max<int64_t>(1, kGrain / std::max<int64_t>(area_, 1)),
                 [&](int64_t p0, int64_t p1) {
      for (int64_t p = p0; p < p1; ++p) {
        const float s = scale_[p % c], b = shift_[p % c];
        const float* x = in[0] + p * area_;
        float* y = out[0] + p * area_;
        for (int64_t i = 0; i < area_; ++i) y[i] = x[i] * s + b;
      }
    });
  }

 private:
  std::vector<float> scale_, shift_;
  int64_t outer_ = 0, area_ = 0;
};

class SoftmaxOp : public Op {
 public:
  SoftmaxOp(const GraphNode& n, int64_t opset) : legacy_(opset < 13) {
    Attrs a{n};
    axis_ = a.get_int("axis", legacy_ ? 1 : -1);
  }
  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    const Shape& x = float_in(func, in[0], "input");
    const int64_t r = static_cast<int64_t>(x.size());
    int64_t ax = axis_ < 0 ? axis_ + r : axis_;
    if (ax < 0 || ax >= std::max<int64_t>(r, 1)) {
      op_error(func, "attribute 'axis' " + std::to_string(axis_) + " is out of range for rank " +
                         std::to_string(r));
    }
    outer_ = 1;
    for (int64_t i = 0; i < ax; ++i) outer_ *= x[i];
    if (legacy_) {
      len_ = 1;
      for (int64_t i = ax; i < r; ++i) len_ *= x[i];
      inner_ = 1;
    } else {
      len_ = r ? x[ax] : 1;
      inner_ = 1;
      for (int64_t i = ax + 1; i < r; ++i) inner_ *= x[i];
    }
    out[0] = PlanOut{onnx::kFloat, x};
    return 0;
  }
  void run(const float* const* in, float* const* out, float*, size_t) const override {
    parallel_for(0, outer_ * inner_, std::max<int64_t>(1, kGrain / std::max<int64_t>(len_ * 4, 1)),
                 [&](int64_t j0, int64_t j1) {
      for (int64_t j = j0; j < j1; ++j) {
        const int64_t o = j / inner_, i = j % inner_;
        const float* x = in[0] + o * len_ * inner_ + i;
        float* y = out[0] + o * len_ * inner_ + i;
        float m = -INFINITY;
        for (int64_t k = 0; k < len_; ++k) m = std::max(m, x[k * inner_]);
        float s = 0.0f;
        for (int64_t k = 0; k < len_; ++k) {
          const float e = std::exp(x[k * inner_] - m);
          y[k * inner_] = e;
          s += e;
        }
        const float inv = 1.0f / s;
        for (int64_t k = 0; k < len_; ++k) y[k * inner_] *= inv;
      }
    });
  }

 private:
  bool legacy_;
  int64_t axis_;
  int64_t outer_ = 0, len_ = 0, inner_ = 0;
};

}  // namespace

std::unique_ptr<Op> make_relu(const Graph&, const GraphNode&) {
  return std::make_unique<UnaryOp>(UnaryOp::kRelu, 0.0f, 0.0f, 0.0f, true);
}
std::unique_ptr<Op> make_sigmoid(const Graph&, const GraphNode&) {
  return std::make_unique<UnaryOp>(UnaryOp::kSigmoid, 0.0f, 0.0f, 0.0f, true);
}
std::unique_ptr<Op> make_leaky_relu(const Graph&, const GraphNode& n) {
  Attrs a{n};
  const float alpha = a.get_float("alpha", 0.01f);
  if (!std::isfinite(alpha)) a.bad("alpha", "must be finite");
  return std::make_unique<UnaryOp>(UnaryOp::kLeaky, alpha, 0.0f, 0.0f, true);
}
std::unique_ptr<Op> make_clip(const Graph& g, const GraphNode& n) {
  Attrs a{n};
  float lo = -INFINITY, hi = INFINITY;
  bool known = true;
  if (g.opset < 11) {
    lo = a.get_float("min", lo);
    hi = a.get_float("max", hi);
  } else {
    for (size_t k = 1; k < 3; ++k) {
      if (k >= n.inputs.size() || n.inputs[k] < 0) continue;
      const HostTensor* t = const_input(g, n, k);
      if (!t) {
        known = false;
        continue;
      }
      if (t->dtype != onnx::kFloat || t->count() != 1) {
        node_error(n, std::string("input '") + (k == 1 ? "min" : "max") +
                          "' must be a float32 scalar");
      }
      (k == 1 ? lo : hi) = t->f[0];
    }
  }
  if (known && (std::isnan(lo) || std::isnan(hi) || lo > hi)) {
    node_error(n, "'min' must be <= 'max' and neither NaN");
  }
  return std::make_unique<UnaryOp>(UnaryOp::kClip, 0.0f, lo, hi, known);
}
std::unique_ptr<Op> make_add(const Graph&, const GraphNode&) {
  return std::make_unique<BinaryOp>(BinaryOp::kAdd);
}
std::unique_ptr<Op> make_sub(const Graph&, const GraphNode&) {
  return std::make_unique<BinaryOp>(BinaryOp::kSub);
}
std::unique_ptr<Op> make_mul(const Graph&, const GraphNode&) {
  return std::make_unique<BinaryOp>(BinaryOp::kMul);
}
std::unique_ptr<Op> make_div(const Graph&, const GraphNode&) {
  return std::make_unique<BinaryOp>(BinaryOp::kDiv);
}
std::unique_ptr<Op> make_sum(const Graph&, const GraphNode&) {
  return std::make_unique<SumOp>();
}
std::unique_ptr<Op> make_batch_norm(const Graph& g, const GraphNode& n) {
  return std::make_unique<BatchNormOp>(g, n);
}
std::unique_ptr<Op> make_softmax(const Graph& g, const GraphNode& n) {
  return std::make_unique<SoftmaxOp>(n, g.opset);
}

}  // namespace vc::dnn
