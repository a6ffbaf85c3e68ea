// Helpers shared by the data-movement operators (Slice, Pad, Split, Expand,
// Tile): attribute screening, axis normalisation, reading parameter inputs
// that must be known at plan time, and ElementMover, the base of ops that
// move elements without arithmetic and therefore run on float32 and
// evaluate int64 (shape chains) with the same code.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "dnn/graph.hpp"

namespace vc::dnn {

// Rejects every attribute of the node not named in `allowed` (an attribute
// of another opset's form, or one the spec does not have): Attrs::allow.
inline void reject_other_attrs(const Graph& g, const Attrs& a,
                               std::initializer_list<const char*> allowed) {
  a.allow(allowed, g.opset);
}

// Axis in [-rank, rank) made non-negative; ModelError naming `what` else.
inline int64_t normalize_axis(const char* func, int64_t axis, int64_t rank, const char* what) {
  const int64_t a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) {
    op_error(func, std::string("'") + what + "' value " + std::to_string(axis) +
                       " is out of range for rank " + std::to_string(rank));
  }
  return a;
}

// Whether optional input k of the node is present.
inline bool has_input(const GraphNode& n, size_t k) {
  return k < n.inputs.size() && n.inputs[k] >= 0;
}

// The values of a 1-D (or scalar) int64 parameter input that must be known
// at plan time: constants, folded values or values computed from shapes.
inline std::vector<int64_t> known_int_input(const char* func, const PlanIn& p, const char* what) {
  if (!p.value) {
    op_error(func, std::string("input '") + what +
                       "' must be known before the run (a constant, or computed from shapes)");
  }
  if (p.value->dtype != onnx::kInt64 || p.value->shape.size() > 1) {
    op_error(func, std::string("input '") + what + "' must be a 1-D int64 or int32 tensor; got " +
                       (p.value->dtype == onnx::kInt64 ? "shape " + shape_str(p.value->shape)
                                                       : std::string("another element type")));
  }
  return p.value->i;
}

// Base of the element movers. plan() checks nothing about the dtype; call
// check_movable() there. run() moves float32; eval() plans on the known
// inputs and moves their elements (float32 or int64) into fresh outputs.
class ElementMover : public Op {
 public:
  void run(const float* const* in, float* const* out, float*, size_t) const override {
    move(in, out, sizeof(float));
  }

  void eval(const std::vector<const HostTensor*>& in, std::vector<HostTensor>& out) override {
    std::vector<PlanIn> pin(in.size());
    for (size_t k = 0; k < in.size(); ++k) {
      if (in[k]) pin[k] = PlanIn{in[k]->dtype, &in[k]->shape, in[k]};
    }
    std::vector<PlanOut> pout(out.size());
    plan(pin, pout, 1);
    // int64 buffers travel as float pointers and are only read as int64
    std::vector<const float*> ip(in.size(), nullptr);
    for (size_t k = 0; k < in.size(); ++k) {
      if (!in[k]) continue;
      ip[k] = in[k]->dtype == onnx::kInt64 ? reinterpret_cast<const float*>(in[k]->i.data())
                                           : in[k]->f.data();
    }
    std::vector<float*> op(out.size(), nullptr);
    size_t es = sizeof(float);
    for (size_t k = 0; k < out.size(); ++k) {
      out[k].dtype = pout[k].dtype;
      out[k].shape = pout[k].shape;
      const size_t n = static_cast<size_t>(checked_count(func, out[k].shape));
      if (out[k].dtype == onnx::kInt64) {
        out[k].i.assign(n, 0);
        op[k] = reinterpret_cast<float*>(out[k].i.data());
        es = sizeof(int64_t);
      } else {
        out[k].f.assign(n, 0.0f);
        op[k] = out[k].f.data();
      }
    }
    move(ip.data(), op.data(), es);
  }

 protected:
  // Moves elements of es bytes (4: float32, 8: int64 behind the float
  // pointers) from the node inputs to its outputs (null pointers: omitted or
  // plan-time inputs).
  virtual void move(const float* const* in, float* const* out, size_t es) const = 0;

  // The element types the movers accept.
  void check_movable(int32_t dtype, const char* what) const {
    if (dtype != onnx::kFloat && dtype != onnx::kInt64) {
      const char* tn = onnx::data_type_name(dtype);
      op_error(func, std::string("input '") + what + "': element type " + (tn ? tn : "?") +
                         " is not supported (float32, int64)");
    }
  }
};

}  // namespace vc::dnn
