// Binary elementwise operators with numpy broadcasting: Add, Sub, Mul, Div
// (float32 at run time, int64 when evaluated at plan time), Pow, PRelu;
// Sum of any number of inputs; BatchNormalization (inference form).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

#include "dnn/op_common.hpp"
#include "dnn/ops_decl.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

constexpr int64_t kGrain = kEltwiseGrain;

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

// Broadcast geometry (numpy rules) of y = f(a, b). Output dims of extent 1
// are dropped and neighbouring dims where each input is either broadcast in
// both or present in both are merged, so [N,C,H,W] with a [C,1,1] operand
// runs as N*C rows of H*W; per merged dim, each input's stride (0 where it
// is broadcast).
struct Broadcast {
  Shape out;                         // the full output shape
  std::vector<int64_t> dims, sa, sb;  // merged extents and strides

  void plan(const char* func, const Shape& a, const Shape& b) {
    if (!broadcast_shape(a, b, &out)) {
      op_error(func, "shapes " + shape_str(a) + " and " + shape_str(b) + " do not broadcast");
    }
    const size_t r = out.size();
    dims.clear();
    std::vector<std::pair<bool, bool>> pat;  // (a present, b present) per merged dim
    for (size_t d = 0; d < r; ++d) {
      if (out[d] == 1) continue;
      const bool pa = d + a.size() >= r && a[d + a.size() - r] != 1;
      const bool pb = d + b.size() >= r && b[d + b.size() - r] != 1;
      if (!dims.empty() && pat.back() == std::make_pair(pa, pb)) {
        dims.back() *= out[d];
      } else {
        dims.push_back(out[d]);
        pat.emplace_back(pa, pb);
      }
    }
    if (dims.empty()) {  // one element
      dims.push_back(1);
      pat.emplace_back(false, false);
    }
    const size_t m = dims.size();
    sa.assign(m, 0);
    sb.assign(m, 0);
    int64_t acc_a = 1, acc_b = 1;
    for (size_t i = m; i-- > 0;) {
      if (pat[i].first) {
        sa[i] = acc_a;
        acc_a *= dims[i];
      }
      if (pat[i].second) {
        sb[i] = acc_b;
        acc_b *= dims[i];
      }
    }
  }

  // y[...] = f(a[...], b[...]); y may be a (Sum accumulates in place).
  // Jobs are blocks of at most kBlock elements of one row, so one long row
  // still spreads over the pool; no output depends on the split.
  template <typename T, typename F>
  void apply(const T* a, const T* b, T* y, F f) const {
    constexpr int64_t kBlock = 1 << 14;
    const int64_t total = element_count(out);
    if (total == 0) return;
    const size_t m = dims.size();
    const int64_t inner = dims[m - 1];
    const int64_t ia = sa[m - 1], ib = sb[m - 1];
    const int64_t rows = total / inner;
    const int64_t per_row = (inner + kBlock - 1) / kBlock;
    const int64_t block = (inner + per_row - 1) / per_row;
    parallel_for(0, rows * per_row, std::max<int64_t>(1, kEltwiseGrain / block),
                 [&](int64_t j0, int64_t j1) {
      for (int64_t j = j0; j < j1; ++j) {
        const int64_t row = j / per_row;
        const int64_t i0 = (j % per_row) * block, i1 = std::min(inner, i0 + block);
        int64_t oa = 0, ob = 0, rem = row;
        for (size_t d = m - 1; d-- > 0;) {
          const int64_t idx = rem % dims[d];
          rem /= dims[d];
          oa += idx * sa[d];
          ob += idx * sb[d];
        }
        T* yr = y + row * inner;
        const T* ar = a + oa;
        const T* br = b + ob;
        if (ia == 1 && ib == 1) {
          for (int64_t i = i0; i < i1; ++i) yr[i] = f(ar[i], br[i]);
        } else if (ia == 1 && ib == 0) {
          const T bv = br[0];
          for (int64_t i = i0; i < i1; ++i) yr[i] = f(ar[i], bv);
        } else if (ia == 0 && ib == 1) {
          const T av = ar[0];
          for (int64_t i = i0; i < i1; ++i) yr[i] = f(av, br[i]);
        } else {
          for (int64_t i = i0; i < i1; ++i) yr[i] = f(ar[i * ia], br[i * ib]);
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
    if (in[0].dtype != onnx::kFloat) op_error(func, "inputs 'A' and 'B' must be float32");
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
    // wrap on overflow as two's complement (unsigned arithmetic: no UB)
    const auto wrap = [](uint64_t v) { return static_cast<int64_t>(v); };
    const int64_t* a = in[0]->i.data();
    const int64_t* b = in[1]->i.data();
    int64_t* y = out[0].i.data();
    switch (kind_) {
      case kAdd: bc_.apply(a, b, y, [&](int64_t u, int64_t v) { return wrap(uint64_t(u) + uint64_t(v)); }); break;
      case kSub: bc_.apply(a, b, y, [&](int64_t u, int64_t v) { return wrap(uint64_t(u) - uint64_t(v)); }); break;
      case kMul: bc_.apply(a, b, y, [&](int64_t u, int64_t v) { return wrap(uint64_t(u) * uint64_t(v)); }); break;
      case kDiv:
        bc_.apply(a, b, y, [](int64_t u, int64_t v) {
          if (v == 0) return int64_t(0);
          if (v == -1) return static_cast<int64_t>(0 - static_cast<uint64_t>(u));
          return u / v;  // truncates, as C++ (and onnxruntime) do
        });
        break;
    }
  }

 private:
  Kind kind_;
  Broadcast bc_;
  FusedAct act_;
};

// Pow: float32 base, float32 (or constant int64) exponent, numpy
// broadcasting; C pow semantics. A constant scalar exponent 0, 1, 2, 3, -1
// or 0.5 takes a multiply / divide / sqrt path. Int64 base (shape chains)
// is evaluated at plan time.
class PowOp : public Op {
 public:
  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    float_input(func, in[0], "X");
    if (in[1].dtype != onnx::kFloat && in[1].dtype != onnx::kInt64) {
      op_error(func, "input 'Y' must be float32 or int64");
    }
    exp_.clear();
    if (in[1].dtype == onnx::kInt64) {
      if (!in[1].value) op_error(func, "an int64 'Y' must be known at plan time");
      for (int64_t v : in[1].value->i) exp_.push_back(static_cast<float>(v));
    }
    bc_.plan(func, *in[0].shape, *in[1].shape);
    mode_ = Mode::General;
    const HostTensor* y = in[1].value;
    if (y && y->count() == 1) {
      const float e = exp_.empty() ? y->f[0] : exp_[0];
      if (e == 0.0f) mode_ = Mode::Zero;
      else if (e == 1.0f) mode_ = Mode::One;
      else if (e == 2.0f) mode_ = Mode::Square;
      else if (e == 3.0f) mode_ = Mode::Cube;
      else if (e == -1.0f) mode_ = Mode::Reciprocal;
      else if (e == 0.5f) mode_ = Mode::Sqrt;
      n_ = element_count(bc_.out);
    }
    out[0] = PlanOut{onnx::kFloat, bc_.out};
    return 0;
  }

  void run(const float* const* in, float* const* out, float*, size_t) const override {
    const float* x = in[0];
    const float* e = exp_.empty() ? in[1] : exp_.data();
    float* y = out[0];
    if (mode_ == Mode::General) {
      bc_.apply(x, e, y, [](float u, float v) { return std::pow(u, v); });
      return;
    }
    // scalar exponent: the output has the shape of X
    parallel_for(0, n_, kEltwiseGrain, [&](int64_t i0, int64_t i1) {
      switch (mode_) {
        case Mode::Zero: std::fill(y + i0, y + i1, 1.0f); break;  // pow(x, 0) == 1, even NaN
        case Mode::One: std::copy(x + i0, x + i1, y + i0); break;
        case Mode::Square: for (int64_t i = i0; i < i1; ++i) y[i] = x[i] * x[i]; break;
        case Mode::Cube: for (int64_t i = i0; i < i1; ++i) y[i] = x[i] * x[i] * x[i]; break;
        case Mode::Reciprocal: for (int64_t i = i0; i < i1; ++i) y[i] = 1.0f / x[i]; break;
        case Mode::Sqrt:  // pow(-0, .5) = +0 and pow(-inf, .5) = +inf, unlike sqrt
          for (int64_t i = i0; i < i1; ++i) {
            y[i] = x[i] == -INFINITY ? INFINITY : std::sqrt(x[i]) + 0.0f;
          }
          break;
        case Mode::General: break;
      }
    });
  }

  void eval(const std::vector<const HostTensor*>& in, std::vector<HostTensor>& out) override {
    if (in[0]->dtype == onnx::kFloat) return Op::eval(in, out);
    if (in[0]->dtype != onnx::kInt64) op_error(func, "input 'X' must be float32 or int64");
    const bool int_exp = in[1]->dtype == onnx::kInt64;
    if (!int_exp && in[1]->dtype != onnx::kFloat) op_error(func, "input 'Y' must be float32 or int64");
    bc_.plan(func, in[0]->shape, in[1]->shape);
    out[0].dtype = onnx::kInt64;
    out[0].shape = bc_.out;
    out[0].i.assign(static_cast<size_t>(out[0].count()), 0);
    // exponents as double; integral ones >= 0 by repeated squaring (wrapping),
    // the others through pow() truncated toward zero, as int64 Pow elsewhere
    std::vector<double> e(static_cast<size_t>(in[1]->count()));
    for (size_t k = 0; k < e.size(); ++k) e[k] = int_exp ? double(in[1]->i[k]) : double(in[1]->f[k]);
    const std::vector<double>& ec = e;
    const char* f = func;
    // the broadcast runs over exponent positions, which index e
    std::vector<int64_t> idx(e.size());
    for (size_t k = 0; k < idx.size(); ++k) idx[k] = static_cast<int64_t>(k);
    bc_.apply(in[0]->i.data(), idx.data(), out[0].i.data(), [&ec, f](int64_t b, int64_t k) {
      const double p = ec[static_cast<size_t>(k)];
      if (p >= 0 && p == std::floor(p) && p < 64) {
        uint64_t r = 1, base = static_cast<uint64_t>(b);
        for (int64_t n = static_cast<int64_t>(p); n > 0; n >>= 1) {
          if (n & 1) r *= base;
          base *= base;
        }
        return static_cast<int64_t>(r);
      }
      const double v = std::trunc(std::pow(static_cast<double>(b), p));
      if (!(v >= -9.2e18 && v <= 9.2e18)) op_error(f, "int64 result out of range");
      return static_cast<int64_t>(v);
    });
  }

 private:
  enum class Mode { General, Zero, One, Square, Cube, Reciprocal, Sqrt };
  Broadcast bc_;
  std::vector<float> exp_;  // an int64 exponent, as float
  Mode mode_ = Mode::General;
  int64_t n_ = 0;
};

// PRelu: y = x < 0 ? slope * x : x, slope broadcast to X's shape
// (unidirectional: the output has X's shape).
class PReluOp : public Op {
 public:
  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    const Shape& x = float_input(func, in[0], "X");
    const Shape& s = float_input(func, in[1], "slope");
    bc_.plan(func, x, s);
    if (bc_.out != x) {
      op_error(func, "input 'slope' of shape " + shape_str(s) + " does not broadcast to 'X' of shape " +
                         shape_str(x));
    }
    out[0] = PlanOut{onnx::kFloat, x};
    return 0;
  }
  void run(const float* const* in, float* const* out, float*, size_t) const override {
    bc_.apply(in[0], in[1], out[0], [](float x, float s) { return x < 0.0f ? x * s : x; });
  }

 private:
  Broadcast bc_;
};

// Sum of any number of float32 inputs with broadcasting, accumulated in
// input order into the output.
class SumOp : public Op {
 public:
  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    if (in.empty()) op_error(func, "needs at least one input");
    Shape s = float_input(func, in[0], "data_0");
    for (size_t k = 1; k < in.size(); ++k) {
      if (!in[k].shape) op_error(func, "omitted inputs are not allowed");
      float_input(func, in[k], "data_i");
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
    // the attributes of each opset's form: momentum only matters in
    // training; spatial (opset < 9) must be 1; is_test (opset < 7) and
    // consumed_inputs (opset 1) change nothing in inference
    Attrs a{n};
    if (g.opset >= 14) {
      a.allow({"epsilon", "momentum", "training_mode"}, g.opset);
    } else if (g.opset >= 9) {
      a.allow({"epsilon", "momentum"}, g.opset);
    } else if (g.opset >= 7) {
      a.allow({"epsilon", "momentum", "spatial"}, g.opset);
    } else if (g.opset >= 6) {
      a.allow({"epsilon", "is_test", "momentum", "spatial"}, g.opset);
    } else {
      a.allow({"consumed_inputs", "epsilon", "is_test", "momentum", "spatial"}, g.opset);
    }
    if (a.get_int("spatial", 1) != 1) a.bad("spatial", "only 1 (per-channel statistics)");
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
    const Shape& x = float_input(func, in[0], "X");
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

}  // namespace

std::unique_ptr<Op> make_add(const Graph&, const GraphNode& n) {
  only_attributes(n, {});  // opset < 7 'broadcast' / 'axis' land here
  return std::make_unique<BinaryOp>(BinaryOp::kAdd);
}
std::unique_ptr<Op> make_sub(const Graph&, const GraphNode& n) {
  only_attributes(n, {});
  return std::make_unique<BinaryOp>(BinaryOp::kSub);
}
std::unique_ptr<Op> make_mul(const Graph&, const GraphNode& n) {
  only_attributes(n, {});
  return std::make_unique<BinaryOp>(BinaryOp::kMul);
}
std::unique_ptr<Op> make_div(const Graph&, const GraphNode& n) {
  only_attributes(n, {});
  return std::make_unique<BinaryOp>(BinaryOp::kDiv);
}
std::unique_ptr<Op> make_pow(const Graph&, const GraphNode& n) {
  only_attributes(n, {});
  return std::make_unique<PowOp>();
}
std::unique_ptr<Op> make_prelu(const Graph&, const GraphNode& n) {
  only_attributes(n, {});
  return std::make_unique<PReluOp>();
}
std::unique_ptr<Op> make_sum(const Graph&, const GraphNode& n) {
  only_attributes(n, {});
  return std::make_unique<SumOp>();
}
std::unique_ptr<Op> make_batch_norm(const Graph& g, const GraphNode& n) {
  return std::make_unique<BatchNormOp>(g, n);
}

}  // namespace vc::dnn
