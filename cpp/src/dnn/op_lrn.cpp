// LRN (local response normalization across channels, AlexNet / GoogLeNet):
//   y[n,c,p] = x[n,c,p] / (bias + alpha / size * sum_{c' in W(c)} x[n,c',p]^2)^beta
// with W(c) = [c - floor((size-1)/2), c + ceil((size-1)/2)] clipped to the
// channels. Jobs are blocks of one (n, c) plane; each sums its window's
// squares straight into the output block and transforms it in place, so no
// workspace is needed and results do not depend on the thread count. The
// power is a division by t^beta: sqrt forms for beta 0.5 / 0.75 / 1, else
// e^(-beta log t) with the f32_vlog / f32_vexp kernels.
#include <algorithm>
#include <cmath>

#include "dnn/op_common.hpp"
#include "dnn/ops_decl.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

constexpr int64_t kBlock = 4096;

class LrnOp : public Op {
 public:
  explicit LrnOp(const GraphNode& n) {
    only_attributes(n, {"alpha", "beta", "bias", "size"});
    const Attrs a{n};
    alpha_ = a.get_float("alpha", 1e-4f);
    beta_ = a.get_float("beta", 0.75f);
    bias_ = a.get_float("bias", 1.0f);
    if (!std::isfinite(alpha_)) a.bad("alpha", "must be finite");
    if (!std::isfinite(beta_)) a.bad("beta", "must be finite");
    if (!std::isfinite(bias_)) a.bad("bias", "must be finite");
    if (!a.find("size")) a.bad("size", "is required (an odd or even count of channels >= 1)");
    size_ = a.get_int("size", 0);
    if (size_ < 1 || size_ > (1 << 20)) a.bad("size", "must be in [1, 1048576]");
  }

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    const Shape& x = float_input(func, in[0], "X");
    if (x.size() < 2) op_error(func, "input 'X' must be N x C x ...; got " + shape_str(x));
    batch_ = x[0];
    c_ = x[1];
    area_ = 1;
    for (size_t i = 2; i < x.size(); ++i) area_ *= x[i];
    const auto& k = kernels::active_kernels();
    vexp_ = k.f32_vexp;
    vlog_ = k.f32_vlog;
    out[0] = PlanOut{onnx::kFloat, x};
    return 0;
  }

  void run(const float* const* in, float* const* out, float*, size_t) const override {
    const int64_t blocks = (area_ + kBlock - 1) / kBlock;
    const int64_t jobs = batch_ * c_ * blocks;
    if (jobs == 0) return;
    const float* x = in[0];
    float* y = out[0];
    parallel_for(0, jobs, std::max<int64_t>(1, kEltwiseGrain / (kBlock * size_)),
                 [&](int64_t j0, int64_t j1) {
      for (int64_t j = j0; j < j1; ++j) {
        const int64_t plane = j / blocks;  // n * C + c
        const int64_t p0 = (j % blocks) * kBlock, w = std::min(kBlock, area_ - p0);
        const int64_t c = plane % c_, n = plane / c_;
        block(x + n * c_ * area_ + p0, c, y + plane * area_ + p0, x + plane * area_ + p0, w);
      }
    });
  }

 private:
  // xn: channel 0 of this image at the block's first position; xc: channel c.
  void block(const float* xn, int64_t c, float* y, const float* xc, int64_t w) const {
    const int64_t lo = std::max<int64_t>(0, c - (size_ - 1) / 2);
    const int64_t hi = std::min<int64_t>(c_ - 1, c + size_ / 2);
    std::fill(y, y + w, 0.0f);
    for (int64_t cc = lo; cc <= hi; ++cc) {
      const float* xs = xn + cc * area_;
      for (int64_t i = 0; i < w; ++i) y[i] += xs[i] * xs[i];
    }
    const float scale = alpha_ / static_cast<float>(size_);
    for (int64_t i = 0; i < w; ++i) y[i] = bias_ + scale * y[i];
    if (beta_ == 0.75f) {
      for (int64_t i = 0; i < w; ++i) {
        const float r = std::sqrt(y[i]);
        y[i] = xc[i] / (r * std::sqrt(r));
      }
    } else if (beta_ == 0.5f) {
      for (int64_t i = 0; i < w; ++i) y[i] = xc[i] / std::sqrt(y[i]);
    } else if (beta_ == 1.0f) {
      for (int64_t i = 0; i < w; ++i) y[i] = xc[i] / y[i];
    } else {
      vlog_(static_cast<size_t>(w), y, y);
      const float nb = -beta_;
      for (int64_t i = 0; i < w; ++i) y[i] *= nb;
      vexp_(static_cast<size_t>(w), y, y);
      for (int64_t i = 0; i < w; ++i) y[i] *= xc[i];
    }
  }

  float alpha_, beta_, bias_;
  int64_t size_;
  int64_t batch_ = 0, c_ = 0, area_ = 0;
  void (*vexp_)(size_t, const float*, float*) = nullptr;
  void (*vlog_)(size_t, const float*, float*) = nullptr;
};

}  // namespace

std::unique_ptr<Op> make_lrn(const Graph&, const GraphNode& n) { return std::make_unique<LrnOp>(n); }

}  // namespace vc::dnn
