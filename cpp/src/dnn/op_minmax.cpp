// Max, Min and Mean: elementwise over any number of inputs with numpy
// broadcasting. float32 at run time; Max and Min also evaluate int64 at plan
// time (shape chains). A NaN in any input gives NaN, as numpy and
// onnxruntime do (std::max / std::min would drop it depending on the
// operand order).
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "dnn/op_common.hpp"
#include "dnn/ops_decl.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

// Broadcast geometry of n inputs against their common output shape. Output
// dims of extent 1 are dropped and neighbouring dims with the same pattern
// of (input present / broadcast) over all inputs are merged, so equal shapes
// run as one row and [N,C,H,W] with [C,1,1] as N*C rows of H*W. strides[k]
// holds input k's stride per merged dim (0 where it is broadcast).
struct MultiBroadcast {
  Shape out;
  std::vector<int64_t> dims;
  std::vector<std::vector<int64_t>> strides;

  void plan(const char* func, const std::vector<const Shape*>& in) {
    out = *in[0];
    for (size_t k = 1; k < in.size(); ++k) {
      Shape t;
      if (!broadcast_shape(out, *in[k], &t)) {
        op_error(func, "input " + std::to_string(k) + " of shape " + shape_str(*in[k]) +
                           " does not broadcast with " + shape_str(out));
      }
      out = t;
    }
    const size_t r = out.size(), n = in.size();
    dims.clear();
    std::vector<std::vector<bool>> pat;  // per merged dim: input k present
    for (size_t d = 0; d < r; ++d) {
      if (out[d] == 1) continue;
      std::vector<bool> p(n);
      for (size_t k = 0; k < n; ++k) {
        const Shape& s = *in[k];
        p[k] = d + s.size() >= r && s[d + s.size() - r] != 1;
      }
      if (!dims.empty() && pat.back() == p) {
        dims.back() *= out[d];
      } else {
        dims.push_back(out[d]);
        pat.push_back(std::move(p));
      }
    }
    if (dims.empty()) {  // one element
      dims.push_back(1);
      pat.emplace_back(n, false);
    }
    strides.assign(n, std::vector<int64_t>(dims.size(), 0));
    for (size_t k = 0; k < n; ++k) {
      int64_t acc = 1;
      for (size_t i = dims.size(); i-- > 0;) {
        if (pat[i][k]) {
          strides[k][i] = acc;
          acc *= dims[i];
        }
      }
    }
  }

  // y = f(...f(f(x0, x1), x2)..., xn-1) elementwise, then y = fin(y). Jobs
  // are blocks of at most kBlock elements of one merged row; no output
  // depends on the split (each element is folded in input order).
  template <typename T, typename F, typename G>
  void apply(const T* const* x, T* y, F f, G fin) const {
    constexpr int64_t kBlock = 1 << 14;
    const int64_t total = element_count(out);
    if (total == 0) return;
    const size_t m = dims.size(), n = strides.size();
    const int64_t inner = dims[m - 1];
    const int64_t rows = total / inner;
    const int64_t per_row = (inner + kBlock - 1) / kBlock;
    const int64_t block = (inner + per_row - 1) / per_row;
    parallel_for(0, rows * per_row, std::max<int64_t>(1, kEltwiseGrain / block),
                 [&](int64_t j0, int64_t j1) {
      for (int64_t j = j0; j < j1; ++j) {
        const int64_t row = j / per_row;
        const int64_t i0 = (j % per_row) * block, i1 = std::min(inner, i0 + block);
        T* yr = y + row * inner;
        for (size_t k = 0; k < n; ++k) {
          int64_t off = 0, rem = row;
          for (size_t d = m - 1; d-- > 0;) {
            off += (rem % dims[d]) * strides[k][d];
            rem /= dims[d];
          }
          const T* xr = x[k] + off;
          const bool whole = strides[k][m - 1] == 1;
          if (k == 0) {
            if (whole) {
              std::copy(xr + i0, xr + i1, yr + i0);
            } else {
              std::fill(yr + i0, yr + i1, xr[0]);
            }
          } else if (whole) {
            for (int64_t i = i0; i < i1; ++i) yr[i] = f(yr[i], xr[i]);
          } else {
            const T v = xr[0];
            for (int64_t i = i0; i < i1; ++i) yr[i] = f(yr[i], v);
          }
        }
        for (int64_t i = i0; i < i1; ++i) yr[i] = fin(yr[i]);
      }
    });
  }
};

class MinMaxMeanOp : public Op {
 public:
  enum Kind { kMax, kMin, kMean };
  explicit MinMaxMeanOp(Kind k) : kind_(k) {}

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    std::vector<const Shape*> shapes;
    for (size_t k = 0; k < in.size(); ++k) {
      if (!in[k].shape) op_error(func, "omitted inputs are not allowed");
      if (in[k].dtype != onnx::kFloat) {
        op_error(func, "input " + std::to_string(k) + " must be float32" +
                           (kind_ == kMean ? "" : " (int64 only when known at plan time)"));
      }
      shapes.push_back(in[k].shape);
    }
    bc_.plan(func, shapes);
    out[0] = PlanOut{onnx::kFloat, bc_.out};
    return 0;
  }

  void run(const float* const* in, float* const* out, float*, size_t) const override {
    apply(in, out[0]);
  }

  void eval(const std::vector<const HostTensor*>& in, std::vector<HostTensor>& out) override {
    if (in[0]->dtype == onnx::kFloat || kind_ == kMean) return Op::eval(in, out);
    std::vector<const Shape*> shapes;
    std::vector<const int64_t*> x;
    for (const HostTensor* t : in) {
      if (!t || t->dtype != onnx::kInt64) op_error(func, "inputs must all be float32 or all int64");
      shapes.push_back(&t->shape);
      x.push_back(t->i.data());
    }
    bc_.plan(func, shapes);
    out[0].dtype = onnx::kInt64;
    out[0].shape = bc_.out;
    out[0].i.assign(static_cast<size_t>(checked_count(func, bc_.out, 8)), 0);
    apply(x.data(), out[0].i.data());
  }

 private:
  template <typename T>
  void apply(const T* const* x, T* y) const {
    const auto same = [](T v) { return v; };
    switch (kind_) {
      // v != v: a NaN operand wins (never true for int64)
      case kMax:
        bc_.apply(x, y, [](T a, T b) { return a > b || a != a ? a : b; }, same);
        break;
      case kMin:
        bc_.apply(x, y, [](T a, T b) { return a < b || a != a ? a : b; }, same);
        break;
      case kMean: {
        const T n = static_cast<T>(bc_.strides.size());
        bc_.apply(x, y, [](T a, T b) { return a + b; }, [n](T v) { return v / n; });
        break;
      }
    }
  }

  Kind kind_;
  MultiBroadcast bc_;
};

}  // namespace

std::unique_ptr<Op> make_max(const Graph&, const GraphNode& n) {
  only_attributes(n, {});  // Max-1's 'consumed_inputs' lands here
  return std::make_unique<MinMaxMeanOp>(MinMaxMeanOp::kMax);
}
std::unique_ptr<Op> make_min(const Graph&, const GraphNode& n) {
  only_attributes(n, {});
  return std::make_unique<MinMaxMeanOp>(MinMaxMeanOp::kMin);
}
std::unique_ptr<Op> make_mean(const Graph&, const GraphNode& n) {
  only_attributes(n, {});
  return std::make_unique<MinMaxMeanOp>(MinMaxMeanOp::kMean);
}

}  // namespace vc::dnn
