// ArgMax and ArgMin: int64 indices of the largest / smallest element along
// one axis ('axis', default 0; 'keepdims', default 1), float32 input at run
// time (int64 input when evaluated at plan time). Ties give the first index,
// or the last with select_last_index = 1 (opset 12).
//
// NaN: a NaN counts as larger (ArgMax) and smaller (ArgMin) than every
// number, so the result is the index of the first NaN (the last with
// select_last_index), as numpy.argmax / argmin and the ONNX reference
// implementation do. onnxruntime skips NaNs instead (its comparisons are
// false for them); the ONNX spec does not say.
//
// Kernels: with the axis innermost ("row" mode) a first vectorised pass
// finds the extreme value of the row in 16 lanes and a second scan finds
// its first (or last) index; otherwise ("column" mode) a row of running
// best values and int32 indices (in the workspace) is updated from
// contiguous input rows, elementwise. Both use plain comparisons (one
// maxps / cmpps each) and a check sum of x - x, which is non-zero once a
// NaN or an infinity was seen; such rows / columns are then redone with
// the exact NaN rule, element by element (rare).
#include <algorithm>
#include <cmath>
#include <limits>

#include "dnn/ops_decl.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

constexpr int64_t kGrain = 1 << 15;
constexpr int kLanes = 16;
constexpr int64_t kColumnBlock = 1024;

template <typename T>
inline bool is_nan(T v) {
  return v != v;
}

// Whether v replaces the current best b (see the NaN rule above).
template <typename T, bool Max, bool Last>
inline bool better(T v, T b) {
  if constexpr (Last)
    return (Max ? v >= b : v <= b) || is_nan(v);
  else
    return (Max ? v > b : v < b) || (is_nan(v) && !is_nan(b));
}

struct ArgGeometry {
  int64_t outer = 0, len = 0, inner = 0;
};

// Column-mode scratch (floats only): best values, int32 indices, check sums.
template <typename T>
struct ArgScratch {
  T* best = nullptr;
  int32_t* idx = nullptr;
  T* chk = nullptr;
};

template <typename T, bool Max, bool Last>
class ArgKernel {
 public:
  ArgKernel(const ArgGeometry& g, const T* x, int64_t* y, ArgScratch<T> ws)
      : g_(g), x_(x), y_(y), ws_(ws) {}

  void operator()() const {
    if (g_.outer * g_.inner == 0) return;
    if (g_.inner == 1)
      rows();
    else
      columns();
  }

 private:
  // The extreme value of n contiguous elements, NaN if any is NaN.
  static T extreme(const T* x, int64_t n) {
    T acc[kLanes], chk[kLanes];
    for (T& a : acc) a = x[0];
    for (T& c : chk) c = T(0);
    int64_t i = 0;
    for (; i + kLanes <= n; i += kLanes) {
      for (int j = 0; j < kLanes; ++j) {
        acc[j] = pick(acc[j], x[i + j]);
        chk[j] += x[i + j] - x[i + j];
      }
    }
    const int rem = static_cast<int>(n - i);
    for (int j = 0; j < rem && j < kLanes; ++j) {
      acc[j] = pick(acc[j], x[i + j]);
      chk[j] += x[i + j] - x[i + j];
    }
    for (int w = kLanes / 2; w > 0; w /= 2) {
      for (int j = 0; j < w; ++j) {
        acc[j] = pick(acc[j], acc[j + w]);
        chk[j] += chk[j + w];
      }
    }
    if (chk[0] == T(0)) return acc[0];
    T m = x[0];  // a NaN or an infinity: the exact rule
    for (int64_t k = 1; k < n; ++k) m = ((Max ? x[k] > m : x[k] < m) || is_nan(x[k])) ? x[k] : m;
    return m;
  }
  static T pick(T a, T v) { return (Max ? v > a : v < a) ? v : a; }

  void rows() const {
    const int64_t n = g_.len;
    parallel_for(0, g_.outer, std::max<int64_t>(1, kGrain / n), [&](int64_t r0, int64_t r1) {
      for (int64_t r = r0; r < r1; ++r) {
        const T* x = x_ + r * n;
        const T m = extreme(x, n);
        const bool nan = is_nan(m);
        int64_t k = Last ? n - 1 : 0;
        if (Last) {
          while (k > 0 && !(nan ? is_nan(x[k]) : x[k] == m)) --k;
        } else {
          while (k < n - 1 && !(nan ? is_nan(x[k]) : x[k] == m)) ++k;
        }
        y_[r] = k;
      }
    });
  }

  void columns() const {
    const int64_t blocks = (g_.inner + kColumnBlock - 1) / kColumnBlock;
    const int64_t work = g_.len * std::min(g_.inner, kColumnBlock);
    parallel_for(0, g_.outer * blocks, std::max<int64_t>(1, kGrain / work),
                 [&](int64_t t0, int64_t t1) {
                   for (int64_t t = t0; t < t1; ++t) {
                     const int64_t o = t / blocks, c0 = (t % blocks) * kColumnBlock;
                     const int64_t n = std::min(kColumnBlock, g_.inner - c0);
                     const T* x = x_ + o * g_.len * g_.inner + c0;
                     int64_t* y = y_ + o * g_.inner + c0;
                     if constexpr (std::is_floating_point<T>::value) {
                       columns_fast(x, y, o * g_.inner + c0, n);
                     } else {
                       columns_exact(x, y, n);
                     }
                   }
                 });
  }

  // One input row into the running best values and indices (restrict
  // pointers and branch-free selects: the loop vectorises).
  static void update_columns(const T* __restrict xr, T* __restrict b, int32_t* __restrict k32,
                             T* __restrict chk, int64_t n, int32_t k) {
    for (int64_t i = 0; i < n; ++i) {
      const T v = xr[i], bi = b[i];
      const int32_t ki = k32[i];
      bool u;
      if constexpr (Max && Last)
        u = v >= bi;
      else if constexpr (Max)
        u = v > bi;
      else if constexpr (Last)
        u = v <= bi;
      else
        u = v < bi;
      const int32_t m = -static_cast<int32_t>(u);  // all ones when u
      b[i] = u ? v : bi;
      k32[i] = (k & m) | (ki & ~m);
      chk[i] += v - v;
    }
  }

  // Plain comparisons on floats with int32 indices, then the exact rule
  // for flagged columns.
  void columns_fast(const T* x, int64_t* y, int64_t at, int64_t n) const {
    T* b = ws_.best + at;
    int32_t* k32 = ws_.idx + at;
    T* chk = ws_.chk + at;
    for (int64_t i = 0; i < n; ++i) {
      b[i] = x[i];
      k32[i] = 0;
      chk[i] = x[i] - x[i];
    }
    for (int64_t k = 1; k < g_.len; ++k) {
      update_columns(x + k * g_.inner, b, k32, chk, n, static_cast<int32_t>(k));
    }
    for (int64_t i = 0; i < n; ++i) y[i] = k32[i];
    for (int64_t i = 0; i < n; ++i) {
      if (chk[i] == T(0)) continue;
      T bi = x[i];
      int64_t yi = 0;
      for (int64_t k = 1; k < g_.len; ++k) {
        const T v = x[k * g_.inner + i];
        if (better<T, Max, Last>(v, bi)) {
          bi = v;
          yi = k;
        }
      }
      y[i] = yi;
    }
  }

  // The exact rule throughout (int64 at plan time), indices straight in y.
  void columns_exact(const T* x, int64_t* y, int64_t n) const {
    std::vector<T> b(x, x + n);  // plan time only: may allocate
    std::fill(y, y + n, 0);
    for (int64_t k = 1; k < g_.len; ++k) {
      const T* xr = x + k * g_.inner;
      for (int64_t i = 0; i < n; ++i) {
        if (better<T, Max, Last>(xr[i], b[i])) {
          b[i] = xr[i];
          y[i] = k;
        }
      }
    }
  }

  const ArgGeometry& g_;
  const T* x_;
  int64_t* y_;
  ArgScratch<T> ws_;
};

template <typename T>
void arg_reduce(bool max, bool last, const ArgGeometry& g, const T* x, int64_t* y,
                ArgScratch<T> ws) {
  if (max) {
    if (last)
      ArgKernel<T, true, true>(g, x, y, ws)();
    else
      ArgKernel<T, true, false>(g, x, y, ws)();
  } else {
    if (last)
      ArgKernel<T, false, true>(g, x, y, ws)();
    else
      ArgKernel<T, false, false>(g, x, y, ws)();
  }
}

class ArgOp : public Op {
 public:
  ArgOp(bool max, int64_t axis, bool keepdims, bool last)
      : max_(max), axis_(axis), keepdims_(keepdims), last_(last) {}
  bool runs_int64() const override { return true; }

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    if (in[0].dtype != onnx::kFloat) {
      op_error(func,
               "input 'data' must be float32 at run time (int64 only when known at plan time)");
    }
    out[0] = PlanOut{onnx::kInt64, geometry(*in[0].shape)};
    // column mode: best values, int32 indices, check sums
    return g_.inner > 1 ? static_cast<size_t>(3 * g_.outer * g_.inner) : 0;
  }

  void run(const float* const* in, float* const* out, float* ws, size_t) const override {
    ArgScratch<float> s;
    if (g_.inner > 1) {
      const int64_t k = g_.outer * g_.inner;
      s = ArgScratch<float>{ws, reinterpret_cast<int32_t*>(ws + k), ws + 2 * k};
    }
    arg_reduce<float>(max_, last_, g_, in[0], as_i64(out[0]), s);
  }

  void eval(const std::vector<const HostTensor*>& in, std::vector<HostTensor>& out) override {
    if (in[0]->dtype != onnx::kInt64) return Op::eval(in, out);
    out[0].dtype = onnx::kInt64;
    out[0].shape = geometry(in[0]->shape);
    out[0].i.assign(static_cast<size_t>(out[0].count()), 0);
    arg_reduce<int64_t>(max_, last_, g_, in[0]->i.data(), out[0].i.data(), ArgScratch<int64_t>{});
  }

 private:
  Shape geometry(const Shape& x) {
    const int64_t r = static_cast<int64_t>(x.size());
    const int64_t a = axis_ < 0 ? axis_ + r : axis_;
    if (a < 0 || a >= r) {
      op_error(func, "attribute 'axis' " + std::to_string(axis_) + " is out of range for rank " +
                         std::to_string(r) + " (allowed: -" + std::to_string(r) + " to " +
                         std::to_string(r - 1) + ")");
    }
    checked_count(func, x);
    if (x[a] == 0)
      op_error(func, "cannot take the index of an extreme over an empty axis " + shape_str(x));
    g_.outer = 1;
    for (int64_t d = 0; d < a; ++d) g_.outer *= x[d];
    g_.len = x[a];
    g_.inner = 1;
    for (int64_t d = a + 1; d < r; ++d) g_.inner *= x[d];
    Shape o;
    for (int64_t d = 0; d < r; ++d) {
      if (d != a)
        o.push_back(x[d]);
      else if (keepdims_)
        o.push_back(1);
    }
    return o;
  }

  bool max_;
  int64_t axis_;
  bool keepdims_, last_;
  ArgGeometry g_;
};

std::unique_ptr<Op> make_arg(const Graph& g, const GraphNode& n, bool max) {
  Attrs a{n};
  if (g.opset >= 12) {
    a.allow({"axis", "keepdims", "select_last_index"});
  } else {
    a.allow({"axis", "keepdims"});
  }
  return std::make_unique<ArgOp>(max, a.get_int("axis", 0), a.get_bool("keepdims", true),
                                 a.get_bool("select_last_index", false));
}

}  // namespace

std::unique_ptr<Op> make_arg_max(const Graph& g, const GraphNode& n) {
  return make_arg(g, n, true);
}
std::unique_ptr<Op> make_arg_min(const Graph& g, const GraphNode& n) {
  return make_arg(g, n, false);
}

}  // namespace vc::dnn
