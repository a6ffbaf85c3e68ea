// Expand (bidirectional broadcast to the 'shape' input) and Tile (the
// 'repeats' input): both read the input through per-dim index maps, so
// they are IndexCopy plans (a broadcast dim is a step-0 segment; a tiled
// dim is a broadcast unit dim followed by the dim itself). Parameter inputs must be known at plan
// time; int64 when folded (PyTorch exports expand shape vectors).
#include "dnn/index_copy.hpp"
#include "dnn/op_util.hpp"
#include "dnn/ops_decl.hpp"

namespace vc::dnn {

namespace {

class ExpandOp : public ElementMover {
 public:
  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    check_movable(in[0].dtype, "input");
    const Shape& x = *in[0].shape;
    const std::vector<int64_t> s = known_int_input(func, in[1], "shape");
    for (int64_t v : s) {
      if (v < 0) op_error(func, "input 'shape' " + shape_str(s) + " has a negative dim");
    }
    Shape o;
    if (!broadcast_shape(x, s, &o)) {
      op_error(func, "input shape " + shape_str(x) + " does not broadcast to 'shape' " +
                         shape_str(s));
    }
    checked_count(func, o);
    // the input seen with the output's rank: leading dims of 1
    Shape xr(o.size() - x.size(), 1);
    xr.insert(xr.end(), x.begin(), x.end());
    std::vector<DimMap> dims;
    for (size_t d = 0; d < o.size(); ++d) {
      dims.push_back(affine_dim(o[d], 0, xr[d] == 1 ? 0 : 1));
    }
    copy_.plan(xr, std::move(dims));
    out[0] = PlanOut{in[0].dtype, o};
    return 0;
  }

 protected:
  void move(const float* const* in, float* const* out, size_t es) const override {
    copy_.run(in[0], out[0], es, 0.0f, 0);
  }

 private:
  IndexCopy copy_;
};

class TileOp : public ElementMover {
 public:
  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    check_movable(in[0].dtype, "input");
    const Shape& x = *in[0].shape;
    const std::vector<int64_t> rep = known_int_input(func, in[1], "repeats");
    if (rep.size() != x.size()) {
      op_error(func, "input 'repeats' has " + std::to_string(rep.size()) +
                         " values; the input has rank " + std::to_string(x.size()));
    }
    Shape o(x.size());
    for (size_t d = 0; d < x.size(); ++d) {
      if (rep[d] < 0) op_error(func, "input 'repeats' " + shape_str(rep) + " has a negative value");
      if (x[d] != 0 && rep[d] > kMaxTensorBytes / x[d]) {
        throw LimitExceeded(std::string(func) + ": repeats " + shape_str(rep) + " of shape " +
                            shape_str(x) + " are over the tensor size limit");
      }
      o[d] = x[d] * rep[d];
    }
    checked_count(func, o);
    // each tiled dim d as two: [repeats, x[d]] reading [1, x[d]] (an expand
    // of an inserted unit dim), so the plan holds no per-repeat state
    Shape xi;
    std::vector<DimMap> dims;
    for (size_t d = 0; d < x.size(); ++d) {
      xi.push_back(1);
      dims.push_back(affine_dim(rep[d], 0, 0));
      xi.push_back(x[d]);
      dims.push_back(affine_dim(x[d], 0, 1));
    }
    copy_.plan(xi, std::move(dims));
    out[0] = PlanOut{in[0].dtype, o};
    return 0;
  }

 protected:
  void move(const float* const* in, float* const* out, size_t es) const override {
    copy_.run(in[0], out[0], es, 0.0f, 0);
  }

 private:
  IndexCopy copy_;
};

// The int64 parameter input k when it is a constant: checked at load.
const HostTensor* const_ints(const Graph& g, const GraphNode& n, size_t k, const char* what) {
  const HostTensor* t = const_input(g, n, k);
  if (t && (t->dtype != onnx::kInt64 || t->shape.size() > 1)) {
    node_error(n, std::string("input '") + what + "' must be a 1-D int64 tensor");
  }
  return t;
}

}  // namespace

std::unique_ptr<Op> make_expand(const Graph& g, const GraphNode& n) {
  reject_other_attrs(g, Attrs{n}, {});
  if (const HostTensor* s = const_ints(g, n, 1, "shape")) {
    for (int64_t v : s->i) {
      if (v < 0) node_error(n, "input 'shape' " + shape_str(s->i) + " has a negative dim");
    }
  }
  return std::make_unique<ExpandOp>();
}

std::unique_ptr<Op> make_tile(const Graph& g, const GraphNode& n) {
  if (g.opset < 6) {
    node_error(n, "Tile before opset 6 (inputs 'tiles' and 'axis') is not supported; use opset 6 "
                  "or later");
  }
  reject_other_attrs(g, Attrs{n}, {});
  if (n.inputs.size() != 2) {
    node_error(n, "has " + std::to_string(n.inputs.size()) +
                      " inputs; since opset 6 Tile takes 'input' and 'repeats'");
  }
  if (const HostTensor* r = const_ints(g, n, 1, "repeats")) {
    for (int64_t v : r->i) {
      if (v < 0) node_error(n, "input 'repeats' " + shape_str(r->i) + " has a negative value");
    }
  }
  return std::make_unique<TileOp>();
}

}  // namespace vc::dnn
