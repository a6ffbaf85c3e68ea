// Split: part sizes from the 'split' attribute (opset < 13) or input
// (opset >= 13, known at plan time), from 'num_outputs' (opset 18: parts of
// ceil(dim / n), the last one smaller), or equal parts, one per output.
// Each output is a slice along the axis, copied with IndexCopy (whole inner
// rows become one memcpy per outer index); int64 when folded.
#include <algorithm>

#include "dnn/index_copy.hpp"
#include "dnn/op_util.hpp"
#include "dnn/ops_decl.hpp"

namespace vc::dnn {

namespace {

class SplitOp : public ElementMover {
 public:
  // sizes: the attribute form's sizes (when given); num_outputs: > 0 when set
  SplitOp(int64_t axis, std::vector<int64_t> sizes, bool has_sizes, int64_t num_outputs,
          size_t outputs)
      : axis_(axis), sizes_(std::move(sizes)), has_sizes_(has_sizes),
        num_outputs_(num_outputs), copies_(outputs) {}

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    check_movable(in[0].dtype, "input");
    const Shape& x = *in[0].shape;
    const int64_t r = static_cast<int64_t>(x.size());
    const int64_t ax = normalize_axis(func, axis_, r, "axis");
    const int64_t dim = x[ax];
    const int64_t k = static_cast<int64_t>(out.size());
    std::vector<int64_t> sizes = sizes_;
    bool given = has_sizes_;
    if (in.size() > 1 && in[1].shape) {
      sizes = known_int_input(func, in[1], "split");
      given = true;
    }
    if (given) {
      if (static_cast<int64_t>(sizes.size()) != k) {
        op_error(func, "'split' has " + std::to_string(sizes.size()) + " sizes for " +
                           std::to_string(k) + " outputs");
      }
      int64_t sum = 0;
      for (int64_t s : sizes) {
        if (s < 0 || s > dim) op_error(func, "'split' size " + std::to_string(s) + " is out of range");
        sum += s;
      }
      if (sum != dim) {
        op_error(func, "'split' sizes add up to " + std::to_string(sum) + "; axis " +
                           std::to_string(ax) + " has " + std::to_string(dim));
      }
    } else if (num_outputs_ > 0) {
      const int64_t chunk = (dim + k - 1) / k;
      if (chunk * (k - 1) > dim) {
        op_error(func, "'num_outputs' " + std::to_string(k) + " parts of " +
                           std::to_string(chunk) + " leave a negative last part for axis " +
                           std::to_string(ax) + " of " + std::to_string(dim));
      }
      sizes.assign(static_cast<size_t>(k), chunk);
      sizes.back() = dim - chunk * (k - 1);
    } else {
      if (dim % k != 0) {
        op_error(func, "axis " + std::to_string(ax) + " of " + std::to_string(dim) +
                           " does not split into " + std::to_string(k) + " equal parts");
      }
      sizes.assign(static_cast<size_t>(k), dim / k);
    }
    int64_t at = 0;
    for (int64_t i = 0; i < k; ++i) {
      std::vector<DimMap> dims;
      Shape o = x;
      for (int64_t d = 0; d < r; ++d) {
        dims.push_back(d == ax ? affine_dim(sizes[i], at, 1) : affine_dim(x[d], 0, 1));
      }
      o[ax] = sizes[i];
      copies_[i].plan(x, std::move(dims));
      out[i] = PlanOut{in[0].dtype, o};
      at += sizes[i];
    }
    return 0;
  }

 protected:
  void move(const float* const* in, float* const* out, size_t es) const override {
    for (size_t i = 0; i < copies_.size(); ++i) {
      if (out[i]) copies_[i].run(in[0], out[i], es, 0.0f, 0);
    }
  }

 private:
  int64_t axis_;
  std::vector<int64_t> sizes_;
  bool has_sizes_;
  int64_t num_outputs_;
  std::vector<IndexCopy> copies_;
};

}  // namespace

std::unique_ptr<Op> make_split(const Graph& g, const GraphNode& n) {
  Attrs a{n};
  const int64_t outputs = static_cast<int64_t>(n.outputs.size());
  const int64_t axis = a.get_int("axis", 0);
  if (g.opset < 13) {
    reject_other_attrs(g, a, {"axis", "split"});
    if (n.inputs.size() > 1) {
      node_error(n, "input 'split' is not supported before opset 13; use the 'split' attribute");
    }
    bool has = false;
    auto sizes = a.get_ints("split", &has);
    if (has && static_cast<int64_t>(sizes.size()) != outputs) {
      a.bad("split", "has " + std::to_string(sizes.size()) + " sizes for " +
                         std::to_string(outputs) + " outputs");
    }
    for (int64_t s : sizes) {
      if (s < 0) a.bad("split", "sizes must be >= 0; got " + std::to_string(s));
    }
    return std::make_unique<SplitOp>(axis, sizes, has, 0, n.outputs.size());
  }
  if (a.find("split")) a.bad("split", "is an input since opset 13, not an attribute");
  int64_t num_outputs = 0;
  if (g.opset >= 18) {
    reject_other_attrs(g, a, {"axis", "num_outputs"});
    if (a.find("num_outputs")) {
      num_outputs = a.get_int("num_outputs", 0);
      if (num_outputs != outputs) {
        a.bad("num_outputs", std::to_string(num_outputs) + " differs from the node's " +
                                 std::to_string(outputs) + " outputs");
      }
      if (has_input(n, 1)) a.bad("num_outputs", "not allowed together with input 'split'");
    } else if (!has_input(n, 1)) {
      node_error(n, "needs input 'split' or attribute 'num_outputs' (opset 18)");
    }
  } else {
    reject_other_attrs(g, a, {"axis"});
  }
  if (const HostTensor* s = const_input(g, n, 1)) {
    if (s->dtype != onnx::kInt64 || s->shape.size() > 1) {
      node_error(n, "input 'split' must be a 1-D int64 tensor");
    }
    if (static_cast<int64_t>(s->i.size()) != outputs) {
      node_error(n, "input 'split' has " + std::to_string(s->i.size()) + " sizes for " +
                        std::to_string(outputs) + " outputs");
    }
    for (int64_t v : s->i) {
      if (v < 0) node_error(n, "input 'split' sizes must be >= 0; got " + std::to_string(v));
    }
  }
  return std::make_unique<SplitOp>(axis, std::vector<int64_t>{}, false, num_outputs,
                                   n.outputs.size());
}

}  // namespace vc::dnn
