// Softmax and LogSoftmax. Opset < 13: the input is seen as 2-D at `axis`
// (default 1), rows of prod(dims[axis:]); opset >= 13: one axis (default
// -1), the others independent. Numerically stable: the row max is
// subtracted before exp (f32_vexp of the plan-time ISA level).
//
// Innermost axis: one job per block of rows. Other axes (e.g. NCHW over C):
// the reduction runs across rows of `inner` contiguous floats, a block of
// up to kCols columns at a time with per-column max and sum kept on the
// stack, so every loop is over contiguous memory. Each output is computed
// in the same order whatever the split: results are bit-identical for every
// thread count.
#include <algorithm>
#include <cmath>

#include "dnn/op_common.hpp"
#include "dnn/ops_decl.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

constexpr int64_t kCols = 256;

class SoftmaxOp : public Op {
 public:
  SoftmaxOp(const GraphNode& n, int64_t opset, bool log) : legacy_(opset < 13), log_(log) {
    only_attributes(n, {"axis"});
    axis_ = Attrs{n}.get_int("axis", legacy_ ? 1 : -1);
  }

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    const Shape& x = float_input(func, in[0], "input");
    const int64_t r = static_cast<int64_t>(x.size());
    const int64_t ax = axis_ < 0 ? axis_ + r : axis_;
    if (ax < 0 || ax >= std::max<int64_t>(r, 1)) {
      op_error(func, "attribute 'axis' " + std::to_string(axis_) + " is out of range for rank " +
                         std::to_string(r));
    }
    outer_ = 1;
    for (int64_t i = 0; i < ax && i < r; ++i) outer_ *= x[i];
    len_ = 1;
    inner_ = 1;
    for (int64_t i = ax; i < r; ++i) {
      if (legacy_ || i == ax) len_ *= x[i];
      else inner_ *= x[i];
    }
    const auto& k = kernels::active_kernels();
    vexp_ = k.f32_vexp;
    vlog_ = k.f32_vlog;
    out[0] = PlanOut{onnx::kFloat, x};
    return 0;
  }

  void run(const float* const* in, float* const* out, float*, size_t) const override {
    if (outer_ * len_ * inner_ == 0) return;
    if (inner_ == 1) {
      parallel_for(0, outer_, std::max<int64_t>(1, kEltwiseGrain / 4 / len_),
                   [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) row(in[0] + r * len_, out[0] + r * len_);
      });
      return;
    }
    const int64_t blocks = (inner_ + kCols - 1) / kCols;
    parallel_for(0, outer_ * blocks, std::max<int64_t>(1, kEltwiseGrain / 4 / (len_ * kCols)),
                 [&](int64_t j0, int64_t j1) {
      for (int64_t j = j0; j < j1; ++j) {
        const int64_t o = j / blocks, c0 = (j % blocks) * kCols;
        const int64_t w = std::min(kCols, inner_ - c0);
        const int64_t base = o * len_ * inner_ + c0;
        columns(in[0] + base, out[0] + base, w);
      }
    });
  }

 private:
  // One contiguous row of len_ floats.
  void row(const float* x, float* y) const {
    const int64_t n = len_;
    float m4[4] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
    int64_t k = 0;
    for (; k + 4 <= n; k += 4) {
      for (int t = 0; t < 4; ++t) m4[t] = x[k + t] > m4[t] ? x[k + t] : m4[t];
    }
    for (; k < n; ++k) m4[0] = x[k] > m4[0] ? x[k] : m4[0];
    const float m = std::max(std::max(m4[0], m4[1]), std::max(m4[2], m4[3]));
    for (k = 0; k < n; ++k) y[k] = x[k] - m;
    vexp_(static_cast<size_t>(n), y, y);
    float s8[8] = {};
    for (k = 0; k + 8 <= n; k += 8) {
      for (int t = 0; t < 8; ++t) s8[t] += y[k + t];
    }
    for (; k < n; ++k) s8[0] += y[k];
    const float s = ((s8[0] + s8[1]) + (s8[2] + s8[3])) + ((s8[4] + s8[5]) + (s8[6] + s8[7]));
    if (log_) {
      const float ls = std::log(s);
      for (k = 0; k < n; ++k) y[k] = (x[k] - m) - ls;
    } else {  // one reciprocal, then multiplies (1.5 ulp, vs a division per element)
      const float inv = 1.0f / s;
      for (k = 0; k < n; ++k) y[k] *= inv;
    }
  }

  // w <= kCols columns of len_ rows with row stride inner_.
  void columns(const float* x, float* y, int64_t w) const {
    float m[kCols], s[kCols];
    const int64_t st = inner_;
    std::fill(m, m + w, -INFINITY);
    std::fill(s, s + w, 0.0f);
    for (int64_t k = 0; k < len_; ++k) {
      const float* xk = x + k * st;
      for (int64_t i = 0; i < w; ++i) m[i] = xk[i] > m[i] ? xk[i] : m[i];
    }
    for (int64_t k = 0; k < len_; ++k) {
      const float* xk = x + k * st;
      float* yk = y + k * st;
      for (int64_t i = 0; i < w; ++i) yk[i] = xk[i] - m[i];
      vexp_(static_cast<size_t>(w), yk, yk);
      for (int64_t i = 0; i < w; ++i) s[i] += yk[i];
    }
    if (log_) {
      vlog_(static_cast<size_t>(w), s, s);
      for (int64_t k = 0; k < len_; ++k) {
        const float* xk = x + k * st;
        float* yk = y + k * st;
        for (int64_t i = 0; i < w; ++i) yk[i] = (xk[i] - m[i]) - s[i];
      }
    } else {
      for (int64_t i = 0; i < w; ++i) s[i] = 1.0f / s[i];
      for (int64_t k = 0; k < len_; ++k) {
        float* yk = y + k * st;
        for (int64_t i = 0; i < w; ++i) yk[i] *= s[i];
      }
    }
  }

  bool legacy_, log_;
  int64_t axis_;
  int64_t outer_ = 0, len_ = 0, inner_ = 0;
  void (*vexp_)(size_t, const float*, float*) = nullptr;
  void (*vlog_)(size_t, const float*, float*) = nullptr;
};

}  // namespace

std::unique_ptr<Op> make_softmax(const Graph& g, const GraphNode& n) {
  return std::make_unique<SoftmaxOp>(n, g.opset, false);
}
std::unique_ptr<Op> make_log_softmax(const Graph& g, const GraphNode& n) {
  return std::make_unique<SoftmaxOp>(n, g.opset, true);
}

}  // namespace vc::dnn
