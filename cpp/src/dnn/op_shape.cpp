// Data movement and shape operators: Identity / Dropout, Flatten, Reshape,
// Squeeze, Unsqueeze, Transpose, Concat, Gather, Shape, Constant. They move
// float32 at run time and int64 when folded (shape chains), so each is
// written once over raw element bytes. Parameter inputs (Reshape 'shape',
// Gather 'indices', axes) must be known when the node is planned.
#include <algorithm>
#include <cstring>

#include "dnn/ops_decl.hpp"
#include "dnn/passes.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

size_t elem_size(int32_t dtype) { return dtype == onnx::kInt64 ? 8 : 4; }

const char* cbytes(const HostTensor& t) {
  return t.dtype == onnx::kInt64 ? reinterpret_cast<const char*>(t.i.data())
                                 : reinterpret_cast<const char*>(t.f.data());
}

void check_movable(const char* func, int32_t dtype) {
  if (dtype != onnx::kFloat && dtype != onnx::kInt64) {
    op_error(func, std::string("element type ") + onnx::data_type_name(dtype) +
                       " is not supported (float32, int64)");
  }
}

std::vector<int64_t> known_ints(const char* func, const PlanIn& p, const char* what) {
  if (!p.value) {
    op_error(func, std::string("input '") + what + "' must be known before the run (constant or "
                                                   "computed from shapes)");
  }
  if (p.value->dtype != onnx::kInt64 || p.value->shape.size() > 1) {
    op_error(func, std::string("input '") + what + "' must be a 1-D int64 tensor");
  }
  return p.value->i;
}

int64_t norm_axis(const char* func, int64_t axis, int64_t rank, const char* what) {
  const int64_t a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) {
    op_error(func, std::string("'") + what + "' " + std::to_string(axis) +
                       " is out of range for rank " + std::to_string(rank));
  }
  return a;
}

// Base of the byte movers. Subclasses plan the output shape and implement
// move(); plan() records the element size of the current plan.
class MoveOp : public Op {
 public:
  void run(const float* const* in, float* const* out, float*, size_t) const override {
    move(in, reinterpret_cast<char*>(out[0]), 4);
  }
  void eval(const std::vector<const HostTensor*>& in, std::vector<HostTensor>& out) override {
    std::vector<PlanIn> pin(in.size());
    for (size_t k = 0; k < in.size(); ++k) {
      if (in[k]) pin[k] = PlanIn{in[k]->dtype, &in[k]->shape, in[k]};
    }
    std::vector<PlanOut> pout(out.size());
    plan(pin, pout, 1);
    out[0].dtype = pout[0].dtype;
    out[0].shape = pout[0].shape;
    if (out[0].dtype == onnx::kInt64) {
      out[0].i.assign(static_cast<size_t>(out[0].count()), 0);
    } else {
      out[0].f.assign(static_cast<size_t>(out[0].count()), 0.0f);
    }
    std::vector<const float*> ip(in.size(), nullptr);
    for (size_t k = 0; k < in.size(); ++k) {
      if (in[k]) ip[k] = reinterpret_cast<const float*>(cbytes(*in[k]));
    }
    char* op = out[0].dtype == onnx::kInt64 ? reinterpret_cast<char*>(out[0].i.data())
                                            : reinterpret_cast<char*>(out[0].f.data());
    move(ip.data(), op, elem_size(out[0].dtype));
  }

 protected:
  // in: the input pointers (elements of the planned type, cast to float*).
  virtual void move(const float* const* in, char* out, size_t es) const = 0;
  static const char* bytes(const float* p) { return reinterpret_cast<const char*>(p); }
};

// Output = input bytes with a new shape.
class ReshapeLike : public MoveOp {
 public:
  enum Kind { kIdentity, kFlatten, kReshape, kSqueeze, kUnsqueeze };
  ReshapeLike(Kind k, int64_t axis, std::vector<int64_t> axes, bool axes_attr, bool allowzero)
      : kind_(k), axis_(axis), axes_(std::move(axes)), axes_attr_(axes_attr),
        allowzero_(allowzero) {}
  bool aliases_input() const override { return true; }

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    check_movable(func, in[0].dtype);
    const Shape& x = *in[0].shape;
    const int64_t r = static_cast<int64_t>(x.size());
    Shape o;
    switch (kind_) {
      case kIdentity: o = x; break;
      case kFlatten: {
        const int64_t a = axis_ < 0 ? axis_ + r : axis_;
        if (a < 0 || a > r) op_error(func, "attribute 'axis' is out of range");
        int64_t lo = 1, hi = 1;
        for (int64_t i = 0; i < r; ++i) (i < a ? lo : hi) *= x[i];
        o = {lo, hi};
        break;
      }
      case kReshape: {
        const std::vector<int64_t> s = known_ints(func, in[1], "shape");
        int64_t known = 1, neg = -1;
        o.resize(s.size());
        for (size_t i = 0; i < s.size(); ++i) {
          if (s[i] == -1) {
            if (neg >= 0) op_error(func, "input 'shape' has more than one -1");
            neg = static_cast<int64_t>(i);
            continue;
          }
          if (s[i] < -1) op_error(func, "input 'shape' has a negative dim");
          if (s[i] > kMaxTensorBytes) op_error(func, "input 'shape' has a dim over the size limit");
          if (s[i] == 0 && !allowzero_) {
            if (static_cast<int64_t>(i) >= r) op_error(func, "input 'shape' copies a missing dim");
            o[i] = x[i];
          } else {
            o[i] = s[i];
          }
          known *= o[i];
        }
        const int64_t total = element_count(x);
        if (neg >= 0) {
          if (known == 0 || total % known != 0) {
            op_error(func, "cannot reshape " + shape_str(x) + " to " + shape_str(s));
          }
          o[neg] = total / known;
        }
        if (checked_count(func, o) != total) {
          op_error(func, "cannot reshape " + shape_str(x) + " to " + shape_str(s));
        }
        break;
      }
      case kSqueeze: {
        std::vector<int64_t> axes = axes_;
        if (!axes_attr_ && in.size() > 1 && in[1].shape) axes = known_ints(func, in[1], "axes");
        std::vector<bool> drop(x.size(), false);
        if (axes.empty()) {
          for (size_t i = 0; i < x.size(); ++i) drop[i] = x[i] == 1;
        }
        for (int64_t a : axes) {
          const int64_t ax = norm_axis(func, a, r, "axes");
          if (x[ax] != 1) op_error(func, "cannot squeeze dim " + std::to_string(a) + " of " + shape_str(x));
          drop[ax] = true;
        }
        for (size_t i = 0; i < x.size(); ++i) {
          if (!drop[i]) o.push_back(x[i]);
        }
        break;
      }
      case kUnsqueeze: {
        std::vector<int64_t> axes = axes_;
        if (!axes_attr_) {
          if (in.size() < 2 || !in[1].shape) op_error(func, "input 'axes' is required");
          axes = known_ints(func, in[1], "axes");
        }
        const int64_t ro = r + static_cast<int64_t>(axes.size());
        std::vector<bool> ins(static_cast<size_t>(ro), false);
        for (int64_t a : axes) {
          const int64_t ax = norm_axis(func, a, ro, "axes");
          if (ins[ax]) op_error(func, "'axes' repeats an axis");
          ins[ax] = true;
        }
        size_t j = 0;
        for (int64_t i = 0; i < ro; ++i) o.push_back(ins[i] ? 1 : x[j++]);
        break;
      }
    }
    n_ = element_count(x);
    out[0] = PlanOut{in[0].dtype, o};
    return 0;
  }

 protected:
  void move(const float* const* in, char* out, size_t es) const override {
    if (bytes(in[0]) != out && n_ > 0) std::memcpy(out, bytes(in[0]), static_cast<size_t>(n_) * es);
  }

 private:
  Kind kind_;
  int64_t axis_;
  std::vector<int64_t> axes_;
  bool axes_attr_, allowzero_;
  int64_t n_ = 0;
};

class TransposeOp : public MoveOp {
 public:
  TransposeOp(std::vector<int64_t> perm, bool given) : perm_(std::move(perm)), given_(given) {}
  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    check_movable(func, in[0].dtype);
    const Shape& x = *in[0].shape;
    const size_t r = x.size();
    std::vector<int64_t> p = perm_;
    if (!given_) {
      p.resize(r);
      for (size_t i = 0; i < r; ++i) p[i] = static_cast<int64_t>(r - 1 - i);
    }
    if (p.size() != r) op_error(func, "attribute 'perm' length differs from the input rank");
    std::vector<bool> seen(r, false);
    for (int64_t v : p) {
      if (v < 0 || v >= static_cast<int64_t>(r) || seen[v]) {
        op_error(func, "attribute 'perm' is not a permutation of 0.." + std::to_string(r - 1));
      }
      seen[v] = true;
    }
    p_ = p;
    src_stride_.assign(r, 0);
    int64_t acc = 1;
    for (size_t i = r; i-- > 0;) {
      src_stride_[i] = acc;
      acc *= x[i];
    }
    o_.assign(r, 0);
    for (size_t i = 0; i < r; ++i) o_[i] = x[p[i]];
    out[0] = PlanOut{in[0].dtype, o_};
    return 0;
  }

 protected:
  void move(const float* const* in, char* out, size_t es) const override {
    const size_t r = o_.size();
    const Shape& o = o_;
    const std::vector<int64_t>& src_stride = src_stride_;
    const int64_t total = element_count(o);
    if (total == 0) return;
    const int64_t inner = r ? o[r - 1] : 1;
    const int64_t istep = r ? src_stride[p_[r - 1]] : 0;
    parallel_for(0, total / inner, 64, [&](int64_t r0, int64_t r1) {
      for (int64_t row = r0; row < r1; ++row) {
        int64_t off = 0, rem = row;
        for (size_t d = r - 1; d-- > 0;) {
          off += (rem % o[d]) * src_stride[p_[d]];
          rem /= o[d];
        }
        char* dst = out + row * inner * static_cast<int64_t>(es);
        for (int64_t i = 0; i < inner; ++i) {
          std::memcpy(dst + i * es, bytes(in[0]) + (off + i * istep) * static_cast<int64_t>(es), es);
        }
      }
    });
  }

 private:
  std::vector<int64_t> perm_;
  bool given_;
  Shape o_;
  std::vector<int64_t> p_, src_stride_;
};

class ConcatOp : public MoveOp {
 public:
  explicit ConcatOp(int64_t axis) : axis_(axis) {}
  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    if (in.empty()) op_error(func, "needs at least one input");
    check_movable(func, in[0].dtype);
    const Shape& x0 = *in[0].shape;
    const int64_t r = static_cast<int64_t>(x0.size());
    ax_ = norm_axis(func, axis_, r, "axis");
    Shape o = x0;
    o[ax_] = 0;
    lens_.clear();
    for (const auto& p : in) {
      if (!p.shape) op_error(func, "omitted inputs are not allowed");
      if (p.dtype != in[0].dtype) op_error(func, "inputs differ in element type");
      const Shape& x = *p.shape;
      if (static_cast<int64_t>(x.size()) != r) op_error(func, "inputs differ in rank");
      for (int64_t d = 0; d < r; ++d) {
        if (d != ax_ && x[d] != x0[d]) {
          op_error(func, "input shapes " + shape_str(x0) + " and " + shape_str(x) +
                             " differ outside axis " + std::to_string(ax_));
        }
      }
      o[ax_] += x[ax_];
      lens_.push_back(x[ax_]);
    }
    outer_ = 1;
    for (int64_t d = 0; d < ax_; ++d) outer_ *= x0[d];
    inner_ = 1;
    for (int64_t d = ax_ + 1; d < r; ++d) inner_ *= x0[d];
    total_ = o[ax_];
    out[0] = PlanOut{in[0].dtype, o};
    return 0;
  }

 protected:
  void move(const float* const* in, char* out, size_t es) const override {
    const int64_t e = static_cast<int64_t>(es);
    for (int64_t o = 0; o < outer_; ++o) {
      int64_t at = 0;
      for (size_t k = 0; k < lens_.size(); ++k) {
        const int64_t n = lens_[k] * inner_;
        if (n) std::memcpy(out + (o * total_ + at) * inner_ * e, bytes(in[k]) + o * n * e,
                           static_cast<size_t>(n * e));
        at += lens_[k];
      }
    }
  }

 private:
  int64_t axis_, ax_ = 0, outer_ = 0, inner_ = 0, total_ = 0;
  std::vector<int64_t> lens_;
};

class GatherOp : public MoveOp {
 public:
  explicit GatherOp(int64_t axis) : axis_(axis) {}
  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    check_movable(func, in[0].dtype);
    const Shape& x = *in[0].shape;
    const int64_t r = static_cast<int64_t>(x.size());
    ax_ = norm_axis(func, axis_, r, "axis");
    if (!in[1].value) op_error(func, "input 'indices' must be known before the run");
    if (in[1].value->dtype != onnx::kInt64) op_error(func, "input 'indices' must be int64 or int32");
    idx_ = in[1].value->i;
    for (auto& v : idx_) {
      if (v < -x[ax_] || v >= x[ax_]) {
        op_error(func, "index " + std::to_string(v) + " is out of range for dim " +
                           std::to_string(x[ax_]));
      }
      if (v < 0) v += x[ax_];
    }
    Shape o(x.begin(), x.begin() + ax_);
    o.insert(o.end(), in[1].value->shape.begin(), in[1].value->shape.end());
    o.insert(o.end(), x.begin() + ax_ + 1, x.end());
    outer_ = 1;
    for (int64_t d = 0; d < ax_; ++d) outer_ *= x[d];
    inner_ = 1;
    for (int64_t d = ax_ + 1; d < r; ++d) inner_ *= x[d];
    len_ = x[ax_];
    out[0] = PlanOut{in[0].dtype, o};
    return 0;
  }

 protected:
  void move(const float* const* in, char* out, size_t es) const override {
    const int64_t e = static_cast<int64_t>(es), n = static_cast<int64_t>(idx_.size());
    for (int64_t o = 0; o < outer_; ++o) {
      for (int64_t j = 0; j < n; ++j) {
        std::memcpy(out + ((o * n + j) * inner_) * e, bytes(in[0]) + ((o * len_ + idx_[j]) * inner_) * e,
                    static_cast<size_t>(inner_ * e));
      }
    }
  }

 private:
  int64_t axis_, ax_ = 0, outer_ = 0, inner_ = 0, len_ = 0;
  std::vector<int64_t> idx_;
};

class ShapeOp : public Op {
 public:
  ShapeOp(int64_t start, int64_t end, bool has_end) : start_(start), end_(end), has_end_(has_end) {}
  bool shape_only() const override { return true; }
  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    range(*in[0].shape);
    out[0] = PlanOut{onnx::kInt64, {e_ - s_}};
    return 0;
  }
  void run(const float* const*, float* const*, float*, size_t) const override {}
  void eval(const std::vector<const HostTensor*>& in, std::vector<HostTensor>& out) override {
    range(in[0]->shape);
    out[0].dtype = onnx::kInt64;
    out[0].shape = {e_ - s_};
    out[0].i.assign(in[0]->shape.begin() + s_, in[0]->shape.begin() + e_);
  }

 private:
  void range(const Shape& x) {
    const int64_t r = static_cast<int64_t>(x.size());
    auto clamp = [&](int64_t v) { return std::min(std::max(v < 0 ? v + r : v, int64_t{0}), r); };
    s_ = clamp(start_);
    e_ = has_end_ ? clamp(end_) : r;
    if (e_ < s_) e_ = s_;
  }
  int64_t start_, end_;
  bool has_end_;
  int64_t s_ = 0, e_ = 0;
};

// Constant: the value is made at load; the node is always folded.
class ConstantOp : public Op {
 public:
  explicit ConstantOp(HostTensor t) : t_(std::move(t)) {}
  size_t plan(const std::vector<PlanIn>&, std::vector<PlanOut>& out, int) override {
    out[0] = PlanOut{t_.dtype, t_.shape};
    return 0;
  }
  void run(const float* const*, float* const*, float*, size_t) const override {}
  void eval(const std::vector<const HostTensor*>&, std::vector<HostTensor>& out) override {
    out[0] = t_;
  }

 private:
  HostTensor t_;
};

// ConstantOfShape: a tensor of the given shape filled with one value; its
// 'input' must be known at plan time, so it is always evaluated then.
class ConstantOfShapeOp : public Op {
 public:
  explicit ConstantOfShapeOp(HostTensor v) : v_(std::move(v)) {}
  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    out[0] = PlanOut{v_.dtype, known_ints(func, in[0], "input")};
    checked_count(func, out[0].shape);
    return 0;
  }
  void run(const float* const*, float* const*, float*, size_t) const override {}
  void eval(const std::vector<const HostTensor*>& in, std::vector<HostTensor>& out) override {
    PlanIn p{in[0]->dtype, &in[0]->shape, in[0]};
    std::vector<PlanOut> po(1);
    plan({p}, po, 1);
    out[0].dtype = v_.dtype;
    out[0].shape = po[0].shape;
    const size_t n = static_cast<size_t>(out[0].count());
    if (v_.dtype == onnx::kInt64) {
      out[0].i.assign(n, v_.i[0]);
    } else {
      out[0].f.assign(n, v_.f[0]);
    }
  }

 private:
  HostTensor v_;
};

std::vector<int64_t> axes_attr(const Graph& g, const GraphNode& n, bool* from_attr) {
  Attrs a{n};
  bool present = false;
  auto axes = a.get_ints("axes", &present);
  if (present && g.opset >= 13) a.bad("axes", "is an input since opset 13");
  *from_attr = g.opset < 13;
  return axes;
}

}  // namespace

std::unique_ptr<Op> make_identity(const Graph& g, const GraphNode& n) {
  if (n.op_type == "Dropout") {
    // ratio and is_test were attributes before opset 12 / 7; seed does not
    // matter for inference
    Attrs{n}.allow({"ratio", "is_test", "seed"});
    const HostTensor* tm = const_input(g, n, 2);
    if (n.inputs.size() > 2 && n.inputs[2] >= 0 && (!tm || (tm->count() == 1 && !tm->i.empty() && tm->i[0]))) {
      node_error(n, "input 'training_mode' must be a constant false");
    }
  } else {
    Attrs{n}.allow({});
  }
  return std::make_unique<ReshapeLike>(ReshapeLike::kIdentity, 0, std::vector<int64_t>{}, true,
                                       false);
}
std::unique_ptr<Op> make_flatten(const Graph& g, const GraphNode& n) {
  Attrs{n}.allow({"axis"});
  const int64_t axis = Attrs{n}.get_int("axis", 1);
  // negative axes arrived with Flatten-11; before that axis is in [0, rank]
  if (g.opset < 11 && axis < 0) Attrs{n}.bad("axis", "must be >= 0 before opset 11");
  return std::make_unique<ReshapeLike>(ReshapeLike::kFlatten, axis, std::vector<int64_t>{}, true,
                                       false);
}
std::unique_ptr<Op> make_reshape(const Graph&, const GraphNode& n) {
  if (n.inputs.size() < 2 || n.inputs[1] < 0) node_error(n, "input 'shape' is required");
  Attrs{n}.allow({"allowzero"});
  const int64_t allowzero_attr = Attrs{n}.get_int("allowzero", 0);
  if (allowzero_attr != 0 && allowzero_attr != 1) Attrs{n}.bad("allowzero", "must be 0 or 1");
  const bool allowzero = allowzero_attr != 0;
  return std::make_unique<ReshapeLike>(ReshapeLike::kReshape, 0, std::vector<int64_t>{}, true,
                                       allowzero);
}
std::unique_ptr<Op> make_squeeze(const Graph& g, const GraphNode& n) {
  Attrs{n}.allow({"axes"});
  bool from_attr = false;
  auto axes = axes_attr(g, n, &from_attr);
  return std::make_unique<ReshapeLike>(ReshapeLike::kSqueeze, 0, axes, from_attr, false);
}
std::unique_ptr<Op> make_unsqueeze(const Graph& g, const GraphNode& n) {
  Attrs{n}.allow({"axes"});
  bool from_attr = false;
  auto axes = axes_attr(g, n, &from_attr);
  if (from_attr && axes.empty()) Attrs{n}.bad("axes", "required");
  return std::make_unique<ReshapeLike>(ReshapeLike::kUnsqueeze, 0, axes, from_attr, false);
}
std::unique_ptr<Op> make_transpose(const Graph&, const GraphNode& n) {
  Attrs{n}.allow({"perm"});
  bool given = false;
  auto perm = Attrs{n}.get_ints("perm", &given);
  return std::make_unique<TransposeOp>(perm, given);
}
std::unique_ptr<Op> make_concat(const Graph&, const GraphNode& n) {
  Attrs a{n};
  a.allow({"axis"});
  if (!a.find("axis")) a.bad("axis", "required");
  return std::make_unique<ConcatOp>(a.get_int("axis", 0));
}
std::unique_ptr<Op> make_gather(const Graph&, const GraphNode& n) {
  if (n.inputs.size() != 2) node_error(n, "expected inputs 'data' and 'indices'");
  Attrs{n}.allow({"axis"});
  return std::make_unique<GatherOp>(Attrs{n}.get_int("axis", 0));
}
std::unique_ptr<Op> make_shape(const Graph&, const GraphNode& n) {
  Attrs a{n};
  a.allow({"start", "end"});
  return std::make_unique<ShapeOp>(a.get_int("start", 0), a.get_int("end", 0),
                                   a.find("end") != nullptr);
}
std::unique_ptr<Op> make_constant_of_shape(const Graph&, const GraphNode& n) {
  Attrs a{n};
  a.allow({"value"});
  HostTensor v;
  v.f = {0.0f};
  if (const auto* at = a.find("value")) {
    if (at->type != onnx::kAttrTensor || at->tensors.size() != 1) a.bad("value", "expected TENSOR");
    v = host_tensor(at->tensors[0]);
    if (v.count() != 1 || (v.f.empty() && v.i.empty())) {
      a.bad("value", "expected one float32, int32 or int64 element");
    }
  }
  return std::make_unique<ConstantOfShapeOp>(std::move(v));
}

std::unique_ptr<Op> make_constant(const Graph&, const GraphNode& n) {
  Attrs a{n};
  if (n.proto->attributes.size() != 1) node_error(n, "expected exactly one value attribute");
  const auto& at = n.proto->attributes[0];
  HostTensor t;
  if (at.name == "value") {
    if (at.type != onnx::kAttrTensor || at.tensors.size() != 1) a.bad("value", "expected TENSOR");
    t = host_tensor(at.tensors[0]);
  } else if (at.name == "value_float") {
    t.f = {a.get_float("value_float", 0.0f)};
  } else if (at.name == "value_floats") {
    if (at.type != onnx::kAttrFloats) a.bad("value_floats", "expected FLOATS");
    t.f = at.floats;
    t.shape = {static_cast<int64_t>(t.f.size())};
  } else if (at.name == "value_int") {
    t.dtype = onnx::kInt64;
    t.i = {a.get_int("value_int", 0)};
  } else if (at.name == "value_ints") {
    t.dtype = onnx::kInt64;
    t.i = a.get_ints("value_ints");
    t.shape = {static_cast<int64_t>(t.i.size())};
  } else {
    a.bad(at.name.c_str(), "is not supported (value, value_float(s), value_int(s))");
  }
  return std::make_unique<ConstantOp>(std::move(t));
}

}  // namespace vc::dnn
