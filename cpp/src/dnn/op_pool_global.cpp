// GlobalMaxPool: the maximum over all spatial positions of each (n, c)
// plane, for inputs [N, C, D1, ..., Dk] with k >= 1; the output keeps the
// rank with every spatial dim 1. NaN propagates (like MaxPool here and
// numpy's max; onnxruntime skips NaN).
#include <algorithm>
#include <limits>

#include "dnn/op_util.hpp"
#include "dnn/ops_decl.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

// Elements per parallel chunk (small layers stay on one thread).
constexpr int64_t kChunkElems = 1 << 15;

// Max of n floats (-inf for none; NaN when any is NaN). The plane is read
// as rows of kLanes: the per-lane update is a plain elementwise loop, which
// the compiler turns into maxps / vmaxps plus an unordered-compare mask for
// NaN. (A 16-lane block gets fully unrolled before vectorisation and stays
// scalar with GCC 12; 32 lanes keep the accumulators in registers.) Lane
// order cannot change a maximum, so every split gives the same result.
float plane_max(const float* p, int64_t n) {
  constexpr int64_t kLanes = 32;
  alignas(64) float m[kLanes];
  alignas(64) int32_t nan[kLanes];
  for (int64_t k = 0; k < kLanes; ++k) {
    m[k] = -std::numeric_limits<float>::infinity();
    nan[k] = 0;
  }
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    const float* q = p + i;
    for (int64_t k = 0; k < kLanes; ++k) {
      const float v = q[k];
      m[k] = v > m[k] ? v : m[k];
      nan[k] |= v != v;
    }
  }
  float r = -std::numeric_limits<float>::infinity();
  int32_t any_nan = 0;
  for (; i < n; ++i) {
    const float v = p[i];
    r = v > r ? v : r;
    any_nan |= v != v;
  }
  for (int64_t k = 0; k < kLanes; ++k) {
    r = m[k] > r ? m[k] : r;
    any_nan |= nan[k];
  }
  return any_nan ? std::numeric_limits<float>::quiet_NaN() : r;
}

class GlobalMaxPoolOp : public Op {
 public:
  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    const Shape& x = *in[0].shape;
    if (in[0].dtype != onnx::kFloat || x.size() < 3) {
      op_error(func, "input 'X' must be float32 [N, C, D1, ...] with at least one spatial dim; "
                     "got shape " + shape_str(x));
    }
    planes_ = x[0] * x[1];
    area_ = 1;
    Shape o = x;
    for (size_t d = 2; d < x.size(); ++d) {
      area_ *= x[d];
      o[d] = 1;
    }
    if (area_ == 0 && planes_ > 0) {
      op_error(func, "input 'X' of shape " + shape_str(x) + " has no spatial elements to pool");
    }
    out[0] = PlanOut{onnx::kFloat, o};
    return 0;
  }

  void run(const float* const* in, float* const* out, float*, size_t) const override {
    struct Job {
      const float* src;
      float* dst;
      int64_t area;
      void operator()(int64_t p0, int64_t p1) const {
        for (int64_t p = p0; p < p1; ++p) dst[p] = plane_max(src + p * area, area);
      }
    };
    const Job job{in[0], out[0], area_};
    parallel_for(0, planes_, std::max<int64_t>(1, kChunkElems / std::max<int64_t>(area_, 1)),
                 [&job](int64_t p0, int64_t p1) { job(p0, p1); });
  }

 private:
  int64_t planes_ = 0, area_ = 0;
};

}  // namespace

std::unique_ptr<Op> make_global_max_pool(const Graph& g, const GraphNode& n) {
  reject_other_attrs(g, Attrs{n}, {});
  return std::make_unique<GlobalMaxPoolOp>();
}

}  // namespace vc::dnn
