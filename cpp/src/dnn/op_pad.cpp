// Pad: opset 2-10 (pads / value attributes) and opset >= 11 (pads,
// constant_value and, since opset 18, axes inputs known at plan time);
// modes constant, reflect, edge and, since opset 19, wrap. Negative pads
// crop; like onnxruntime, the border modes then read the cropped tensor
// (reflect mirrors its first and last elements, edge repeats them, wrap
// tiles it). Reflect needs pads below the cropped size, as the spec's
// numpy.pad model without repetition.
#include <algorithm>
#include <cmath>

#include "dnn/index_copy.hpp"
#include "dnn/op_util.hpp"
#include "dnn/ops_decl.hpp"

namespace vc::dnn {

namespace {

enum class PadMode { kConstant, kReflect, kEdge, kWrap };

const char* mode_name(PadMode m) {
  switch (m) {
    case PadMode::kConstant: return "constant";
    case PadMode::kReflect: return "reflect";
    case PadMode::kEdge: return "edge";
    case PadMode::kWrap: return "wrap";
  }
  return "?";
}

// A pad larger than any tensor can be is an error, not an overflow.
constexpr int64_t kMaxPad = kMaxTensorBytes;

void check_pads(const char* func, const std::vector<int64_t>& pads) {
  if (pads.size() % 2 != 0) {
    op_error(func, "'pads' must have an even number of values (all begins, then all ends); got " +
                       std::to_string(pads.size()));
  }
  for (int64_t p : pads) {
    if (p < -kMaxPad || p > kMaxPad) {
      op_error(func, "'pads' value " + std::to_string(p) + " is out of range");
    }
  }
}

class PadOp : public ElementMover {
 public:
  PadOp(PadMode mode, bool attr_form, std::vector<int64_t> pads, float value)
      : mode_(mode), attr_form_(attr_form), pads_(std::move(pads)), value_(value) {}

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    check_movable(in[0].dtype, "data");
    const Shape& x = *in[0].shape;
    const int64_t r = static_cast<int64_t>(x.size());
    std::vector<int64_t> pads = pads_;
    fill_f_ = value_;
    // the float 'value' attribute on int64 data (folded shape vectors)
    fill_i_ = std::fabs(value_) < 9.0e18f ? static_cast<int64_t>(value_) : 0;
    std::vector<int64_t> axes;
    if (!attr_form_) {
      pads = known_int_input(func, in[1], "pads");
      if (in.size() > 2 && in[2].shape) read_constant_value(in[0].dtype, in[2]);
      if (in.size() > 3 && in[3].shape) axes = known_int_input(func, in[3], "axes");
    }
    check_pads(func, pads);
    const bool has_axes = !attr_form_ && in.size() > 3 && in[3].shape;
    if (!has_axes) {
      for (int64_t d = 0; d < r; ++d) axes.push_back(d);
    }
    const size_t na = axes.size();
    if (pads.size() != 2 * na) {
      op_error(func, "'pads' has " + std::to_string(pads.size()) + " values; " +
                         (has_axes ? "'axes' lists " + std::to_string(na) + " axes"
                                   : "the input has rank " + std::to_string(r)) +
                         ", so it needs " + std::to_string(2 * na));
    }
    std::vector<int64_t> lo(static_cast<size_t>(r), 0), hi(static_cast<size_t>(r), 0);
    std::vector<bool> seen(static_cast<size_t>(r), false);
    for (size_t i = 0; i < na; ++i) {
      const int64_t ax = normalize_axis(func, axes[i], r, "axes");
      if (seen[ax]) op_error(func, "'axes' repeats axis " + std::to_string(ax));
      seen[ax] = true;
      lo[ax] = pads[i];
      hi[ax] = pads[i + na];
    }
    // stage 1: per dim, the cropped input range [c0, c0 + m) and the output size
    Shape o(static_cast<size_t>(r));
    std::vector<int64_t> c0(static_cast<size_t>(r)), m(static_cast<size_t>(r));
    for (int64_t d = 0; d < r; ++d) {
      c0[d] = std::max<int64_t>(0, -lo[d]);
      m[d] = x[d] - c0[d] - std::max<int64_t>(0, -hi[d]);
      if (m[d] < 0) {
        op_error(func, "'pads' " + std::to_string(lo[d]) + ", " + std::to_string(hi[d]) +
                           " crop more than the " + std::to_string(x[d]) + " elements of axis " +
                           std::to_string(d));
      }
      const int64_t plo = std::max<int64_t>(0, lo[d]), phi = std::max<int64_t>(0, hi[d]);
      if (mode_ != PadMode::kConstant && (plo > 0 || phi > 0)) {
        if (m[d] == 0) {
          op_error(func, std::string("mode '") + mode_name(mode_) + "' cannot pad axis " +
                             std::to_string(d) + ": it has no elements");
        }
        if (mode_ == PadMode::kReflect && (plo >= m[d] || phi >= m[d])) {
          op_error(func, "mode 'reflect' needs pads below the axis size: axis " +
                             std::to_string(d) + " has " + std::to_string(m[d]) +
                             " elements, pads are " + std::to_string(plo) + " and " +
                             std::to_string(phi));
        }
      }
      o[d] = m[d] + plo + phi;
    }
    checked_count(func, o);
    // stage 2: per dim, the input index each output index reads
    std::vector<DimMap> dims(static_cast<size_t>(r));
    for (int64_t d = 0; d < r; ++d) {
      const int64_t plo = std::max<int64_t>(0, lo[d]), md = m[d], cd = c0[d];
      if (o[d] == md) {  // cropped at most
        dims[d] = affine_dim(md, cd, 1);
        continue;
      }
      dims[d].len = o[d];
      const PadMode mode = mode_;
      dims[d].segs = segments_of(o[d], [=](int64_t j) -> int64_t {
        int64_t k = j - plo;
        if (k >= 0 && k < md) return cd + k;
        switch (mode) {
          case PadMode::kConstant: return -1;
          case PadMode::kEdge: k = k < 0 ? 0 : md - 1; break;
          case PadMode::kReflect: k = k < 0 ? -k : 2 * (md - 1) - k; break;
          case PadMode::kWrap: k = ((k % md) + md) % md; break;
        }
        return cd + k;
      });
    }
    copy_.plan(x, std::move(dims));
    out[0] = PlanOut{in[0].dtype, o};
    return 0;
  }

 protected:
  void move(const float* const* in, float* const* out, size_t es) const override {
    copy_.run(in[0], out[0], es, fill_f_, fill_i_);
  }

 private:
  void read_constant_value(int32_t data_type, const PlanIn& p) {
    if (!p.value) {
      op_error(func, "input 'constant_value' must be known before the run (a constant)");
    }
    if (p.value->count() != 1 || p.value->dtype != data_type) {
      op_error(func, "input 'constant_value' must be one element of the data's type");
    }
    if (data_type == onnx::kInt64) {
      fill_i_ = p.value->i[0];
    } else {
      fill_f_ = p.value->f[0];
    }
  }

  PadMode mode_;
  bool attr_form_;
  std::vector<int64_t> pads_;
  float value_;
  float fill_f_ = 0.0f;
  int64_t fill_i_ = 0;
  IndexCopy copy_;
};

PadMode read_mode(const Graph& g, const Attrs& a) {
  const std::string m = a.get_string("mode", "constant");
  if (m == "constant") return PadMode::kConstant;
  if (m == "reflect") return PadMode::kReflect;
  if (m == "edge") return PadMode::kEdge;
  if (m == "wrap" && g.opset >= 19) return PadMode::kWrap;
  a.bad("mode", std::string("expected 'constant', 'reflect' or 'edge'") +
                    (g.opset >= 19 ? " or 'wrap'" : " ('wrap' since opset 19)") + "; got '" + m +
                    "'");
}

}  // namespace

std::unique_ptr<Op> make_pad(const Graph& g, const GraphNode& n) {
  Attrs a{n};
  if (g.opset < 2) {
    node_error(n, "Pad before opset 2 (attribute 'paddings') is not supported; use opset 2 or later");
  }
  if (g.opset < 11) {
    reject_other_attrs(g, a, {"mode", "pads", "value"});
    if (n.inputs.size() != 1) {
      node_error(n, "has " + std::to_string(n.inputs.size()) +
                        " inputs; before opset 11 Pad takes only 'data' (pads and value are "
                        "attributes)");
    }
    const PadMode mode = read_mode(g, a);
    bool has_pads = false;
    auto pads = a.get_ints("pads", &has_pads);
    if (!has_pads) a.bad("pads", "required");
    check_pads(n.desc.c_str(), pads);
    return std::make_unique<PadOp>(mode, true, pads, a.get_float("value", 0.0f));
  }
  for (const char* name : {"pads", "value"}) {
    if (a.find(name)) a.bad(name, "is an input since opset 11, not an attribute");
  }
  reject_other_attrs(g, a, {"mode"});
  const PadMode mode = read_mode(g, a);
  if (!has_input(n, 1)) node_error(n, "input 'pads' is required");
  if (has_input(n, 3) && g.opset < 18) node_error(n, "input 'axes' is only allowed since opset 18");
  // parameters known at load are checked now, with the node named
  if (const HostTensor* p = const_input(g, n, 1)) {
    if (p->dtype != onnx::kInt64 || p->shape.size() > 1) {
      node_error(n, "input 'pads' must be a 1-D int64 tensor");
    }
    check_pads(n.desc.c_str(), p->i);
  }
  if (const HostTensor* v = const_input(g, n, 2)) {
    if (v->count() != 1 || (v->dtype != onnx::kFloat && v->dtype != onnx::kInt64)) {
      node_error(n, "input 'constant_value' must be one float32 or int64 element");
    }
  }
  if (const HostTensor* ax = const_input(g, n, 3)) {
    if (ax->dtype != onnx::kInt64 || ax->shape.size() > 1) {
      node_error(n, "input 'axes' must be a 1-D int64 or int32 tensor");
    }
    for (size_t i = 0; i < ax->i.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (ax->i[i] == ax->i[j]) node_error(n, "'axes' repeats axis " + std::to_string(ax->i[i]));
      }
    }
  }
  return std::make_unique<PadOp>(mode, false, std::vector<int64_t>{}, 0.0f);
}

}  // namespace vc::dnn
