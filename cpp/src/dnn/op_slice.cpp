// Slice: opset 1 (starts / ends / axes attributes) and opset >= 10
// (starts, ends, axes, steps inputs, known at plan time). Start and end
// are clamped exactly as the spec says, per step sign, so INT64_MAX /
// INT64_MIN sentinels and out-of-range values behave like numpy slicing.
// float32 at run time, int64 when folded (shape vectors in PyTorch exports).
#include <algorithm>
#include <limits>

#include "dnn/index_copy.hpp"
#include "dnn/op_util.hpp"
#include "dnn/ops_decl.hpp"

namespace vc::dnn {

namespace {

// The effective range of one sliced dim.
struct AxisRange {
  int64_t start = 0, step = 1, len = 0;
};

// Spec clamping for a dim of size n: negative start / end count from the
// end; then start is clamped to [0, n] (step > 0) or [0, n - 1] (step < 0)
// and end to [0, n] or [-1, n - 1]. Sizes are at most 2^62, so the sums
// below cannot overflow.
AxisRange clamp_range(int64_t start, int64_t end, int64_t step, int64_t n) {
  if (n == 0) return AxisRange{0, 1, 0};
  if (start < 0) start += n;
  if (end < 0) end += n;
  AxisRange r;
  r.step = step;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, n);
    end = std::clamp<int64_t>(end, 0, n);
  } else {
    start = std::clamp<int64_t>(start, 0, n - 1);
    end = std::clamp<int64_t>(end, -1, n - 1);
  }
  const int64_t span = step > 0 ? end - start : start - end;
  // |step| as unsigned: step may be INT64_MIN
  const uint64_t mag = step > 0 ? static_cast<uint64_t>(step) : uint64_t{0} - static_cast<uint64_t>(step);
  r.len = span <= 0 ? 0 : static_cast<int64_t>(1 + static_cast<uint64_t>(span - 1) / mag);
  r.start = r.len > 0 ? start : 0;
  if (r.len <= 1) r.step = 1;  // a lone element: the step never applies
  return r;
}

// Load-time checks of the parameter values that need no input shape.
void check_params(const char* func, const std::vector<int64_t>& starts,
                  const std::vector<int64_t>& ends, const std::vector<int64_t>* axes,
                  const std::vector<int64_t>* steps) {
  if (starts.size() != ends.size()) {
    op_error(func, "'starts' has " + std::to_string(starts.size()) + " values and 'ends' " +
                       std::to_string(ends.size()) + "; they must have the same length");
  }
  if (axes && axes->size() != starts.size()) {
    op_error(func, "'axes' has " + std::to_string(axes->size()) + " values; 'starts' has " +
                       std::to_string(starts.size()));
  }
  if (steps) {
    if (steps->size() != starts.size()) {
      op_error(func, "'steps' has " + std::to_string(steps->size()) + " values; 'starts' has " +
                         std::to_string(starts.size()));
    }
    for (int64_t s : *steps) {
      if (s == 0) op_error(func, "'steps' values must not be 0");
    }
  }
  if (axes) {
    for (size_t i = 0; i < axes->size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if ((*axes)[i] == (*axes)[j]) {
          op_error(func, "'axes' repeats axis " + std::to_string((*axes)[i]));
        }
      }
    }
  }
}

class SliceOp : public ElementMover {
 public:
  // attrs: the opset 1 form with its values; else they come from inputs 1-4
  SliceOp(bool attrs, std::vector<int64_t> starts, std::vector<int64_t> ends,
          std::vector<int64_t> axes, bool has_axes)
      : attrs_(attrs), starts_(std::move(starts)), ends_(std::move(ends)),
        axes_(std::move(axes)), has_axes_(has_axes) {}

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    check_movable(in[0].dtype, "data");
    const Shape& x = *in[0].shape;
    const int64_t r = static_cast<int64_t>(x.size());
    std::vector<int64_t> starts = starts_, ends = ends_, axes = axes_, steps;
    bool has_axes = has_axes_, has_steps = false;
    if (!attrs_) {
      starts = known_int_input(func, in[1], "starts");
      ends = known_int_input(func, in[2], "ends");
      if (in.size() > 3 && in[3].shape) {
        axes = known_int_input(func, in[3], "axes");
        has_axes = true;
      }
      if (in.size() > 4 && in[4].shape) {
        steps = known_int_input(func, in[4], "steps");
        has_steps = true;
      }
    }
    check_params(func, starts, ends, has_axes ? &axes : nullptr, has_steps ? &steps : nullptr);
    // every dim starts as the whole dim; the listed axes narrow it
    std::vector<AxisRange> ranges(static_cast<size_t>(r));
    for (int64_t d = 0; d < r; ++d) ranges[d] = AxisRange{0, 1, x[d]};
    std::vector<bool> seen(static_cast<size_t>(r), false);
    for (size_t i = 0; i < starts.size(); ++i) {
      const int64_t ax = has_axes ? normalize_axis(func, axes[i], r, "axes")
                                  : static_cast<int64_t>(i);
      if (ax >= r) {
        op_error(func, "'starts' has " + std::to_string(starts.size()) +
                           " values without 'axes'; the input has rank " + std::to_string(r));
      }
      if (seen[ax]) op_error(func, "'axes' repeats axis " + std::to_string(ax));
      seen[ax] = true;
      ranges[ax] = clamp_range(starts[i], ends[i], has_steps ? steps[i] : 1, x[ax]);
    }
    Shape o(static_cast<size_t>(r));
    std::vector<DimMap> dims;
    for (int64_t d = 0; d < r; ++d) {
      o[d] = ranges[d].len;
      dims.push_back(affine_dim(ranges[d].len, ranges[d].start, ranges[d].step));
    }
    checked_count(func, o);
    copy_.plan(x, std::move(dims));
    out[0] = PlanOut{in[0].dtype, o};
    return 0;
  }

 protected:
  void move(const float* const* in, float* const* out, size_t es) const override {
    copy_.run(in[0], out[0], es, 0.0f, 0);
  }

 private:
  bool attrs_;
  std::vector<int64_t> starts_, ends_, axes_;
  bool has_axes_;
  IndexCopy copy_;
};

}  // namespace

std::unique_ptr<Op> make_slice(const Graph& g, const GraphNode& n) {
  Attrs a{n};
  if (g.opset < 10) {
    reject_other_attrs(g, a, {"starts", "ends", "axes"});
    if (n.inputs.size() != 1) {
      node_error(n, "has " + std::to_string(n.inputs.size()) +
                        " inputs; before opset 10 Slice takes only 'data' (starts, ends and axes "
                        "are attributes)");
    }
    bool has_starts = false, has_ends = false, has_axes = false;
    auto starts = a.get_ints("starts", &has_starts);
    auto ends = a.get_ints("ends", &has_ends);
    auto axes = a.get_ints("axes", &has_axes);
    if (!has_starts) a.bad("starts", "required");
    if (!has_ends) a.bad("ends", "required");
    check_params(n.desc.c_str(), starts, ends, has_axes ? &axes : nullptr, nullptr);
    return std::make_unique<SliceOp>(true, starts, ends, axes, has_axes);
  }
  for (const char* name : {"starts", "ends", "axes"}) {
    if (a.find(name)) a.bad(name, "is an input since opset 10, not an attribute");
  }
  reject_other_attrs(g, a, {});
  if (!has_input(n, 1) || !has_input(n, 2)) node_error(n, "inputs 'starts' and 'ends' are required");
  // parameters known at load are checked now, with the node named
  std::vector<int64_t> vals[5];
  bool known[5] = {false, false, false, false, false};
  for (size_t k = 1; k < 5; ++k) {
    const HostTensor* t = const_input(g, n, k);
    if (!t) continue;
    static const char* const names[] = {"data", "starts", "ends", "axes", "steps"};
    if (t->dtype != onnx::kInt64 || t->shape.size() > 1) {
      node_error(n, std::string("input '") + names[k] + "' must be a 1-D int64 or int32 tensor");
    }
    vals[k] = t->i;
    known[k] = true;
  }
  if (known[1] && known[2]) {
    check_params(n.desc.c_str(), vals[1], vals[2], known[3] ? &vals[3] : nullptr,
                 known[4] ? &vals[4] : nullptr);
  } else {
    if (known[4]) {
      for (int64_t s : vals[4]) {
        if (s == 0) node_error(n, "'steps' values must not be 0");
      }
    }
  }
  return std::make_unique<SliceOp>(false, std::vector<int64_t>{}, std::vector<int64_t>{},
                                   std::vector<int64_t>{}, false);
}

}  // namespace vc::dnn
