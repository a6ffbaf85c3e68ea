// Unary elementwise operators: activations (Relu, Clip, LeakyRelu, Sigmoid,
// Tanh, HardSigmoid, HardSwish, Mish, Softplus, Elu, Selu, Celu) and math
// (Exp, Log, Sqrt, Erf, Abs, Neg, Reciprocal, Floor, Ceil). Float32 at run
// time; Abs and Neg also evaluate int64 at plan time (shape chains).
//
// The transcendental ones run the vectorised f32_v* kernels (dnn.inc) of
// the ISA level active at plan time; the cheap ones are plain loops the
// compiler vectorises. Large tensors are split over the pool.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "dnn/op_common.hpp"
#include "dnn/op_unary.hpp"
#include "dnn/ops_decl.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

enum class Kind {
  Relu, Clip, LeakyRelu, Sigmoid, Tanh, HardSigmoid, HardSwish, Swish, Mish, Softplus,
  Elu, Selu, Celu, Exp, Log, Sqrt, Erf, Abs, Neg, Reciprocal, Floor, Ceil
};

using VecFn = void (*)(size_t, const float*, float*);

// The kernel of a transcendental kind at the active ISA level, else null.
VecFn vector_kernel(Kind k) {
  const auto& t = kernels::active_kernels();
  switch (k) {
    case Kind::Sigmoid: return t.f32_vsigmoid;
    case Kind::Tanh: return t.f32_vtanh;
    case Kind::Swish: return t.f32_vswish;
    case Kind::Mish: return t.f32_vmish;
    case Kind::Softplus: return t.f32_vsoftplus;
    case Kind::Exp: return t.f32_vexp;
    case Kind::Log: return t.f32_vlog;
    case Kind::Erf: return t.f32_verf;
    default: return nullptr;
  }
}

// floor / ceil without a libm call so the loop vectorises: truncate through
// int32 where |x| < 2^23 (larger floats, inf and NaN are already integral),
// correct by one, and keep x's sign (floor(-0) = -0, ceil(-0.5) = -0).
inline float floor_f(float x) {
  const float t = static_cast<float>(static_cast<int32_t>(std::fabs(x) < 8388608.0f ? x : 0.0f));
  const float f = t > x ? t - 1.0f : t;
  return std::fabs(x) < 8388608.0f ? std::copysign(f, x) : x;
}
inline float ceil_f(float x) {
  const float t = static_cast<float>(static_cast<int32_t>(std::fabs(x) < 8388608.0f ? x : 0.0f));
  const float c = t < x ? t + 1.0f : t;
  return std::fabs(x) < 8388608.0f ? std::copysign(c, x) : x;
}

class UnaryOp : public Op {
 public:
  UnaryOp(Kind k, float alpha = 0.0f, float beta = 0.0f) : kind_(k), alpha_(alpha), beta_(beta) {}

  // Clip: bounds known at load (attributes, constant inputs) or at plan.
  void set_bounds(float lo, float hi, bool known) {
    lo_ = lo;
    hi_ = hi;
    known_ = known;
  }

  bool as_activation(Epilogue* e) const override {
    switch (kind_) {
      case Kind::Relu: e->act = Activation::Relu; return true;
      case Kind::LeakyRelu:
        e->act = Activation::LeakyRelu;
        e->alpha = alpha_;
        return true;
      case Kind::Clip:
        // min > max (every output is max, Clip-13) stays a separate op: the
        // fused epilogues require an ordered range
        if (!known_ || lo_ > hi_) return false;
        e->act = (lo_ == 0.0f && hi_ == 6.0f) ? Activation::Relu6 : Activation::Clip;
        e->min = lo_;
        e->max = hi_;
        return true;
      case Kind::Sigmoid: e->act = Activation::Sigmoid; return true;
      case Kind::Tanh: e->act = Activation::Tanh; return true;
      case Kind::HardSwish: e->act = Activation::HardSwish; return true;
      case Kind::Swish: e->act = Activation::Swish; return true;
      case Kind::HardSigmoid:
        e->act = Activation::HardSigmoid;
        e->alpha = alpha_;
        e->beta = beta_;
        return true;
      default: return false;
    }
  }

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    out[0] = PlanOut{onnx::kFloat, float_input(func, in[0], "X")};
    n_ = element_count(out[0].shape);
    vec_ = vector_kernel(kind_);
    if (kind_ == Kind::Clip && !known_) {
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
    if (vec_) {
      const VecFn f = vec_;
      parallel_for(0, n_, kEltwiseGrain / 4, [&](int64_t i0, int64_t i1) {
        f(static_cast<size_t>(i1 - i0), x + i0, y + i0);
      });
      return;
    }
    parallel_for(0, n_, kEltwiseGrain, [&](int64_t i0, int64_t i1) { range(x, y, i0, i1); });
  }

  void eval(const std::vector<const HostTensor*>& in, std::vector<HostTensor>& out) override {
    if (in[0]->dtype != onnx::kInt64) return Op::eval(in, out);
    if (kind_ != Kind::Abs && kind_ != Kind::Neg) op_error(func, "input 'X' must be float32");
    out[0].dtype = onnx::kInt64;
    out[0].shape = in[0]->shape;
    out[0].i = in[0]->i;
    for (auto& v : out[0].i) {
      // two's complement wrap for INT64_MIN, as the C++ kernels of other runtimes
      const uint64_t u = static_cast<uint64_t>(v);
      if (kind_ == Kind::Neg || v < 0) v = static_cast<int64_t>(0 - u);
    }
  }

 private:
  // The plain loops, one per kind, over [i0, i1).
  void range(const float* x, float* y, int64_t i0, int64_t i1) const {
    const float a = alpha_, b = beta_, lo = lo_, hi = hi_;
    switch (kind_) {
      case Kind::Relu:  // NaN stays NaN, as max(x, 0) in the fused kernels
        for (int64_t i = i0; i < i1; ++i) y[i] = x[i] < 0.0f ? 0.0f : x[i];
        break;
      case Kind::Clip:  // NaN stays NaN
        for (int64_t i = i0; i < i1; ++i) {
          const float v = x[i] < lo ? lo : x[i];
          y[i] = v > hi ? hi : v;
        }
        break;
      case Kind::LeakyRelu:
        for (int64_t i = i0; i < i1; ++i) y[i] = x[i] >= 0.0f ? x[i] : x[i] * a;
        break;
      case Kind::HardSigmoid:
        for (int64_t i = i0; i < i1; ++i) {
          const float g = a * x[i] + b;
          const float v = g < 0.0f ? 0.0f : g;
          y[i] = v > 1.0f ? 1.0f : v;
        }
        break;
      case Kind::HardSwish:
        for (int64_t i = i0; i < i1; ++i) {
          const float g = x[i] * (1.0f / 6.0f) + 0.5f;
          const float v = g < 0.0f ? 0.0f : g;
          y[i] = x[i] * (v > 1.0f ? 1.0f : v);
        }
        break;
      // Elu / Selu / Celu: expm1 keeps small negative x accurate; these are
      // rare in CNNs, so the libm loop is enough
      case Kind::Elu:
        for (int64_t i = i0; i < i1; ++i) y[i] = x[i] >= 0.0f ? x[i] : a * std::expm1(x[i]);
        break;
      case Kind::Selu:  // alpha, gamma (in beta_)
        for (int64_t i = i0; i < i1; ++i) {
          y[i] = x[i] > 0.0f ? b * x[i] : b * (a * std::expm1(x[i]));
        }
        break;
      case Kind::Celu:
        for (int64_t i = i0; i < i1; ++i) {
          y[i] = x[i] > 0.0f ? x[i] : a * std::expm1(x[i] / a);
        }
        break;
      case Kind::Sqrt:
        for (int64_t i = i0; i < i1; ++i) y[i] = std::sqrt(x[i]);
        break;
      case Kind::Abs:
        for (int64_t i = i0; i < i1; ++i) y[i] = std::fabs(x[i]);
        break;
      case Kind::Neg:
        for (int64_t i = i0; i < i1; ++i) y[i] = -x[i];
        break;
      case Kind::Reciprocal:
        for (int64_t i = i0; i < i1; ++i) y[i] = 1.0f / x[i];
        break;
      case Kind::Floor:
        for (int64_t i = i0; i < i1; ++i) y[i] = floor_f(x[i]);
        break;
      case Kind::Ceil:
        for (int64_t i = i0; i < i1; ++i) y[i] = ceil_f(x[i]);
        break;
      default:  // the vector kinds never get here
        break;
    }
  }

  Kind kind_;
  float alpha_, beta_;
  float lo_ = -INFINITY, hi_ = INFINITY;
  bool known_ = true;
  int64_t n_ = 0;
  VecFn vec_ = nullptr;
};

// A float attribute that must be finite (and, with `nonzero`, not 0).
float finite_attr(const Attrs& a, const char* name, float dflt, bool nonzero = false) {
  const float v = a.get_float(name, dflt);
  if (!std::isfinite(v)) a.bad(name, "must be finite");
  if (nonzero && v == 0.0f) a.bad(name, "must not be 0");
  return v;
}

std::unique_ptr<Op> plain(const GraphNode& n, Kind k) {
  only_attributes(n, {});
  return std::make_unique<UnaryOp>(k);
}

}  // namespace

std::unique_ptr<Op> make_activation_op(const Epilogue& e) {
  switch (e.act) {
    case Activation::Sigmoid: return std::make_unique<UnaryOp>(Kind::Sigmoid);
    case Activation::Tanh: return std::make_unique<UnaryOp>(Kind::Tanh);
    case Activation::HardSwish: return std::make_unique<UnaryOp>(Kind::HardSwish);
    case Activation::Swish: return std::make_unique<UnaryOp>(Kind::Swish);
    case Activation::HardSigmoid:
      return std::make_unique<UnaryOp>(Kind::HardSigmoid, e.alpha, e.beta);
    default: return nullptr;
  }
}

std::unique_ptr<Op> make_relu(const Graph&, const GraphNode& n) { return plain(n, Kind::Relu); }
std::unique_ptr<Op> make_sigmoid(const Graph&, const GraphNode& n) { return plain(n, Kind::Sigmoid); }
std::unique_ptr<Op> make_tanh(const Graph&, const GraphNode& n) { return plain(n, Kind::Tanh); }
std::unique_ptr<Op> make_hard_swish(const Graph&, const GraphNode& n) { return plain(n, Kind::HardSwish); }
std::unique_ptr<Op> make_mish(const Graph&, const GraphNode& n) { return plain(n, Kind::Mish); }
std::unique_ptr<Op> make_softplus(const Graph&, const GraphNode& n) { return plain(n, Kind::Softplus); }
std::unique_ptr<Op> make_exp(const Graph&, const GraphNode& n) { return plain(n, Kind::Exp); }
std::unique_ptr<Op> make_log(const Graph&, const GraphNode& n) { return plain(n, Kind::Log); }
std::unique_ptr<Op> make_sqrt(const Graph&, const GraphNode& n) { return plain(n, Kind::Sqrt); }
std::unique_ptr<Op> make_erf(const Graph&, const GraphNode& n) { return plain(n, Kind::Erf); }
std::unique_ptr<Op> make_abs(const Graph&, const GraphNode& n) { return plain(n, Kind::Abs); }
std::unique_ptr<Op> make_neg(const Graph&, const GraphNode& n) { return plain(n, Kind::Neg); }
std::unique_ptr<Op> make_reciprocal(const Graph&, const GraphNode& n) { return plain(n, Kind::Reciprocal); }
std::unique_ptr<Op> make_floor(const Graph&, const GraphNode& n) { return plain(n, Kind::Floor); }
std::unique_ptr<Op> make_ceil(const Graph&, const GraphNode& n) { return plain(n, Kind::Ceil); }

std::unique_ptr<Op> make_leaky_relu(const Graph&, const GraphNode& n) {
  only_attributes(n, {"alpha"});
  return std::make_unique<UnaryOp>(Kind::LeakyRelu, finite_attr(Attrs{n}, "alpha", 0.01f));
}
std::unique_ptr<Op> make_hard_sigmoid(const Graph&, const GraphNode& n) {
  only_attributes(n, {"alpha", "beta"});
  const Attrs a{n};
  return std::make_unique<UnaryOp>(Kind::HardSigmoid, finite_attr(a, "alpha", 0.2f),
                                   finite_attr(a, "beta", 0.5f));
}
std::unique_ptr<Op> make_elu(const Graph&, const GraphNode& n) {
  only_attributes(n, {"alpha"});
  return std::make_unique<UnaryOp>(Kind::Elu, finite_attr(Attrs{n}, "alpha", 1.0f));
}
std::unique_ptr<Op> make_selu(const Graph&, const GraphNode& n) {
  only_attributes(n, {"alpha", "gamma"});
  const Attrs a{n};
  return std::make_unique<UnaryOp>(Kind::Selu, finite_attr(a, "alpha", 1.67326319217681884765625f),
                                   finite_attr(a, "gamma", 1.05070102214813232421875f));
}
std::unique_ptr<Op> make_celu(const Graph&, const GraphNode& n) {
  only_attributes(n, {"alpha"});
  return std::make_unique<UnaryOp>(Kind::Celu, finite_attr(Attrs{n}, "alpha", 1.0f, true));
}

// Clip: opset < 11 takes attributes min / max; from 11 on, optional inputs
// min / max (constant at load, or known by plan time).
std::unique_ptr<Op> make_clip(const Graph& g, const GraphNode& n) {
  const Attrs a{n};
  float lo = -INFINITY, hi = INFINITY;
  bool known = true;
  if (g.opset < 11) {
    only_attributes(n, {"min", "max"});
    lo = a.get_float("min", lo);
    hi = a.get_float("max", hi);
  } else {
    only_attributes(n, {});
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
  // min > max is allowed: min(max(x, min), max) then gives max everywhere,
  // as the spec says
  if (known && (std::isnan(lo) || std::isnan(hi))) node_error(n, "'min' and 'max' must not be NaN");
  auto op = std::make_unique<UnaryOp>(Kind::Clip);
  op->set_bounds(lo, hi, known);
  return op;
}

}  // namespace vc::dnn
