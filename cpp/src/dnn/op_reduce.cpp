// Reductions: ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd,
// ReduceL1, ReduceL2, ReduceSumSquare, ReduceLogSum, ReduceLogSumExp.
// float32 at run time; int64 when evaluated at plan time (Sum, Mean, Max,
// Min, Prod, L1, SumSquare; int64 arithmetic wraps, Mean truncates toward
// zero).
//
// Attribute / input forms: 'axes' is an attribute before opset 18 (before
// 13 for ReduceSum) and an optional input since, together with
// 'noop_with_empty_axes'. No axes (or an empty list) reduces every axis,
// unless noop_with_empty_axes = 1, which makes the op an identity. Axes may
// be negative; repeated axes are rejected. As the spec says, the no-op
// still applies the element-wise part: ReduceSumSquare squares, ReduceL1
// takes |x|, ReduceLogSum the log (each output "reduces" one element). An axes input must be known
// at plan time (a constant, a folded shape value or an int64 graph input).
//
// Results of empty reductions (a reduced dim of size 0): Sum, L1, L2,
// SumSquare 0; Prod 1; Max -inf; Min +inf; LogSum and LogSumExp -inf;
// Mean NaN (0 / 0, as numpy and the ONNX reference; onnxruntime gives 0).
// NaN propagates through every reduction, Max and Min included (numpy's
// maximum.reduce, the ONNX reference; onnxruntime may skip NaNs).
//
// Kernels. The input is viewed as groups of adjacent dims that are all
// kept or all reduced (size-1 dims dropped). When the innermost group is
// reduced ("row" mode) each output reduces contiguous runs into 16
// independent accumulators, which the compiler vectorises; when it is kept
// ("column" mode) each row of outputs is updated elementwise from
// contiguous input rows. Max and Min (and LogSumExp's shift) use the plain
// select (one maxps / minps) with a check sum of x - x beside it, which is
// non-zero once a NaN or an infinity was seen: such outputs are redone with
// the exact NaN-propagating rule (rare). Each output's summation order is
// fixed, so the results do not depend on the thread count.
#include <algorithm>
#include <cmath>
#include <limits>

#include "dnn/ops_decl.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

enum class Kind { Sum, Mean, Max, Min, Prod, L1, L2, SumSquare, LogSum, LogSumExp };

constexpr int64_t kGrain = 1 << 15;  // elements of work per parallel chunk
constexpr int kLanes = 16;
// Groups of non-1 dims: a tensor under the size limit (2^32 elements) has
// at most 32 dims of size >= 2.
constexpr int kMaxGroups = 32;
constexpr int64_t kColumnBlock = 1024;
// Lanes of the row-mode max / min (see extreme_lanes).
constexpr int kExtremeLanes = 64;

// Element-wise map and combine of one reduction kind over type T.
template <typename T>
struct Reducer {
  Kind kind;

  T init() const {
    switch (kind) {
      case Kind::Max:
        return std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity()
                                                    : std::numeric_limits<T>::lowest();
      case Kind::Min:
        return std::numeric_limits<T>::has_infinity ? std::numeric_limits<T>::infinity()
                                                    : std::numeric_limits<T>::max();
      case Kind::Prod:
        return T(1);
      default:
        return T(0);
    }
  }
};

// Integer sums and products wrap instead of overflowing (no UB on
// hostile plan-time values).
inline int64_t wrap_add(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
inline int64_t wrap_mul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}
inline float wrap_add(float a, float b) { return a + b; }
inline float wrap_mul(float a, float b) { return a * b; }

// Max / min that propagate NaN: a NaN x replaces a, and a NaN a stays
// (no x compares greater). Bitwise | keeps the select branch-free, so that
// it vectorises.
template <typename T>
inline T max_nan(T a, T x) {
  return ((x > a) | (x != x)) ? x : a;
}
template <typename T>
inline T min_nan(T a, T x) {
  return ((x < a) | (x != x)) ? x : a;
}
inline float abs_val(float x) { return std::fabs(x); }
inline int64_t abs_val(int64_t x) {
  return x < 0 ? static_cast<int64_t>(uint64_t{0} - static_cast<uint64_t>(x)) : x;
}

// The per-kind accumulate step: acc = combine(acc, map(x)). LogSumExp's
// max pass uses kMaxPass, its sum pass kExpPass with the shift m.
enum Step { kPlain, kMaxPass, kExpPass };

template <typename T, Kind K, Step S>
inline T step(T a, T x, T m) {
  if constexpr (S == kMaxPass) {
    return max_nan(a, x);
  } else if constexpr (S == kExpPass) {
    return a + static_cast<T>(std::exp(static_cast<float>(x - m)));
  } else if constexpr (K == Kind::Max) {
    return max_nan(a, x);
  } else if constexpr (K == Kind::Min) {
    return min_nan(a, x);
  } else if constexpr (K == Kind::Prod) {
    return wrap_mul(a, x);
  } else if constexpr (K == Kind::L1) {
    return wrap_add(a, abs_val(x));
  } else if constexpr (K == Kind::L2 || K == Kind::SumSquare) {
    return wrap_add(a, wrap_mul(x, x));
  } else {  // Sum, Mean, LogSum
    return wrap_add(a, x);
  }
}

// Combines two partial results of the same step.
template <typename T, Kind K, Step S>
inline T merge(T a, T b) {
  if constexpr (S == kMaxPass || (S == kPlain && K == Kind::Max)) {
    return max_nan(a, b);
  } else if constexpr (S == kPlain && K == Kind::Min) {
    return min_nan(a, b);
  } else if constexpr (S == kPlain && K == Kind::Prod) {
    return wrap_mul(a, b);
  } else {
    return wrap_add(a, b);
  }
}

// Walks the offsets of a multi-index over groups (size, stride), the last
// group fastest.
struct Odometer {
  int n = 0;
  const int64_t* size = nullptr;
  const int64_t* stride = nullptr;
  int64_t idx[kMaxGroups] = {};
  int64_t off = 0;

  Odometer(int n_, const int64_t* size_, const int64_t* stride_)
      : n(n_), size(size_), stride(stride_) {}
  void seek(int64_t p) {
    off = 0;
    for (int d = n - 1; d >= 0; --d) {
      idx[d] = p % size[d];
      p /= size[d];
      off += idx[d] * stride[d];
    }
  }
  void next() {
    for (int d = n - 1; d >= 0; --d) {
      if (++idx[d] < size[d]) {
        off += stride[d];
        return;
      }
      off -= (size[d] - 1) * stride[d];
      idx[d] = 0;
    }
  }
};

// The planned geometry of one reduction.
struct Geometry {
  bool row = true;      // innermost group reduced
  int64_t outputs = 0;  // K
  int64_t reduced = 1;  // R: elements per output
  int64_t inner = 1;    // row: run length; column: output row length
  // kept groups (column mode: without the innermost) and reduced groups
  // (row mode: without the innermost), sizes and input strides
  std::vector<int64_t> ksize, kstride, rsize, rstride;
  int64_t positions = 1;  // product of rsize
};

template <typename T, Kind K>
class Kernel {
 public:
  Kernel(const Geometry& g, const T* x, T* y, T* ws) : g_(g), x_(x), y_(y), ws_(ws) {}

  void operator()() const {
    if (g_.outputs == 0) return;
    if (g_.reduced == 0) {
      std::fill(y_, y_ + g_.outputs, empty_result());
      return;
    }
    if (g_.row)
      rows();
    else
      columns();
  }

 private:
  static T empty_result() {
    if constexpr (K == Kind::Mean) {
      return std::numeric_limits<T>::has_quiet_NaN ? std::numeric_limits<T>::quiet_NaN() : T(0);
    } else if constexpr (K == Kind::LogSum || K == Kind::LogSumExp) {
      return -std::numeric_limits<T>::infinity();
    } else {
      return Reducer<T>{K}.init();
    }
  }

  // The reduced value from the accumulated one (and LogSumExp's shift).
  T finish(T acc, T m) const {
    if constexpr (K == Kind::Mean) {
      return acc / static_cast<T>(g_.reduced);
    } else if constexpr (K == Kind::L2) {
      return static_cast<T>(std::sqrt(acc));
    } else if constexpr (K == Kind::LogSum) {
      return static_cast<T>(std::log(acc));
    } else if constexpr (K == Kind::LogSumExp) {
      return std::isfinite(m) ? m + static_cast<T>(std::log(acc)) : m;
    } else {
      return acc;
    }
  }

  // Row mode: one output reduces `positions` contiguous runs of `inner`.
  template <Step S>
  T reduce_runs(int64_t base, T init, T m) const {
    T acc[kLanes];
    for (T& a : acc) a = init;
    Odometer od(static_cast<int>(g_.rsize.size()), g_.rsize.data(), g_.rstride.data());
    od.seek(0);
    const int64_t n = g_.inner;
    for (int64_t p = 0; p < g_.positions; ++p, od.next()) {
      const T* x = x_ + base + od.off;
      int64_t i = 0;
      for (; i + kLanes <= n; i += kLanes) {
        for (int j = 0; j < kLanes; ++j) acc[j] = step<T, K, S>(acc[j], x[i + j], m);
      }
      const int rem = static_cast<int>(n - i);
      for (int j = 0; j < rem && j < kLanes; ++j) acc[j] = step<T, K, S>(acc[j], x[i + j], m);
    }
    for (int w = kLanes / 2; w > 0; w /= 2) {
      for (int j = 0; j < w; ++j) acc[j] = merge<T, K, S>(acc[j], acc[j + w]);
    }
    return acc[0];
  }

  // The plain select of max / min (one maxps / minps; the NaN-aware one
  // costs 4x as much without SSE4.1 blends).
  template <bool IsMax>
  static T pick(T a, T v) {
    return (IsMax ? v > a : v < a) ? v : a;
  }
  static constexpr T extreme_init(bool is_max) {
    if constexpr (std::numeric_limits<T>::has_infinity) {
      return is_max ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
    } else {
      return is_max ? std::numeric_limits<T>::lowest() : std::numeric_limits<T>::max();
    }
  }
  // The exact NaN-propagating max / min of one output (row mode).
  template <bool IsMax>
  T exact_extreme_runs(int64_t base) const {
    if constexpr (K == Kind::LogSumExp)
      return reduce_runs<kMaxPass>(base, extreme_init(true), T(0));
    else
      return reduce_runs<kPlain>(base, extreme_init(IsMax), T(0));
  }

  // One run into the lanes (kExtremeLanes of them). The lane count is a run-time value: with the
  // constant the compiler unrolls the lane loop and then keeps the selects scalar (maxss); this way
  // the lane loop is vectorised (maxps).
  template <bool IsMax>
  static void extreme_lanes(const T* __restrict x, int64_t n, T* __restrict acc,
                            T* __restrict chk) {
    if (n <= 0) return;
    const int64_t w = std::min<int64_t>(n, kExtremeLanes);
    const int64_t full = n / w * w;
    for (int64_t i = 0; i < full; i += w) {
      for (int64_t j = 0; j < w; ++j) {
        acc[j] = pick<IsMax>(acc[j], x[i + j]);
        chk[j] += x[i + j] - x[i + j];
      }
    }
    for (int64_t j = 0; full + j < n; ++j) {
      acc[j] = pick<IsMax>(acc[j], x[full + j]);
      chk[j] += x[full + j] - x[full + j];
    }
  }

  // Max / min of one output's runs (row mode; Max, Min and LogSumExp's
  // shift). Floats take the plain select plus a check sum of x - x, which
  // is non-zero once a NaN or an infinity was seen: then the exact pass
  // runs instead (rare).
  template <bool IsMax>
  T extreme_runs(int64_t base) const {
    if constexpr (!std::is_floating_point<T>::value) {
      return exact_extreme_runs<IsMax>(base);
    } else {
      T acc[kExtremeLanes], chk[kExtremeLanes];
      for (T& a : acc) a = extreme_init(IsMax);
      for (T& c : chk) c = T(0);
      Odometer od(static_cast<int>(g_.rsize.size()), g_.rsize.data(), g_.rstride.data());
      od.seek(0);
      const int64_t n = g_.inner;
      for (int64_t p = 0; p < g_.positions; ++p, od.next()) {
        extreme_lanes<IsMax>(x_ + base + od.off, n, acc, chk);
      }
      for (int w = kExtremeLanes / 2; w > 0; w /= 2) {
        for (int j = 0; j < w; ++j) {
          acc[j] = pick<IsMax>(acc[j], acc[j + w]);
          chk[j] += chk[j + w];
        }
      }
      return chk[0] == T(0) ? acc[0] : exact_extreme_runs<IsMax>(base);
    }
  }

  // Column mode max / min of n columns into y; chk (floats: a row of the
  // workspace) as in extreme_runs, the exact pass per flagged column.
  template <bool IsMax>
  void extreme_columns(T* y, T* chk, const T* xb, int64_t n) const {
    std::fill(y, y + n, extreme_init(IsMax));
    constexpr bool kFloat = std::is_floating_point<T>::value;
    if (kFloat) std::fill(chk, chk + n, T(0));
    Odometer rd(static_cast<int>(g_.rsize.size()), g_.rsize.data(), g_.rstride.data());
    rd.seek(0);
    for (int64_t p = 0; p < g_.positions; ++p, rd.next()) {
      const T* x = xb + rd.off;
      if constexpr (kFloat) {
        for (int64_t i = 0; i < n; ++i) {
          y[i] = pick<IsMax>(y[i], x[i]);
          chk[i] += x[i] - x[i];
        }
      } else {
        for (int64_t i = 0; i < n; ++i) y[i] = pick<IsMax>(y[i], x[i]);
      }
    }
    if constexpr (kFloat) {
      for (int64_t i = 0; i < n; ++i) {
        if (chk[i] == T(0)) continue;
        T a = extreme_init(IsMax);
        rd.seek(0);
        for (int64_t p = 0; p < g_.positions; ++p, rd.next()) {
          a = IsMax ? max_nan(a, xb[rd.off + i]) : min_nan(a, xb[rd.off + i]);
        }
        y[i] = a;
      }
    }
  }

  void rows() const {
    const int64_t grain = std::max<int64_t>(1, kGrain / std::max<int64_t>(g_.reduced, 1));
    parallel_for(0, g_.outputs, grain, [&](int64_t o0, int64_t o1) {
      Odometer ko(static_cast<int>(g_.ksize.size()), g_.ksize.data(), g_.kstride.data());
      ko.seek(o0);
      for (int64_t o = o0; o < o1; ++o, ko.next()) {
        if constexpr (K == Kind::LogSumExp) {
          const T m = extreme_runs<true>(ko.off);
          const T s = std::isfinite(m) ? reduce_runs<kExpPass>(ko.off, T(0), m) : T(1);
          y_[o] = finish(s, m);
        } else if constexpr (K == Kind::Max || K == Kind::Min) {
          y_[o] = extreme_runs<K == Kind::Max>(ko.off);
        } else {
          y_[o] = finish(reduce_runs<kPlain>(ko.off, Reducer<T>{K}.init(), T(0)), T(0));
        }
      }
    });
  }

  // Column mode: y[j] = combine over positions of x rows, `inner` wide,
  // processed in blocks of kColumnBlock columns.
  template <Step S>
  static void update_rows(T* y, const T* x, int64_t n, const T* m) {
    for (int64_t i = 0; i < n; ++i) y[i] = step<T, K, S>(y[i], x[i], m ? m[i] : T(0));
  }

  void columns() const {
    const int64_t blocks = (g_.inner + kColumnBlock - 1) / kColumnBlock;
    const int64_t rows = g_.outputs / g_.inner;
    const int64_t work = g_.positions * std::min(g_.inner, kColumnBlock);
    const int64_t grain = std::max<int64_t>(1, kGrain / std::max<int64_t>(work, 1));
    parallel_for(0, rows * blocks, grain, [&](int64_t t0, int64_t t1) {
      for (int64_t t = t0; t < t1; ++t) {
        const int64_t r = t / blocks, c0 = (t % blocks) * kColumnBlock;
        const int64_t n = std::min(kColumnBlock, g_.inner - c0);
        Odometer ko(static_cast<int>(g_.ksize.size()), g_.ksize.data(), g_.kstride.data());
        ko.seek(r);
        T* y = y_ + r * g_.inner + c0;
        const T* xb = x_ + ko.off + c0;
        // a workspace row: the max / min check sums, then LogSumExp's sums
        T* s = ws_ ? ws_ + r * g_.inner + c0 : nullptr;
        if constexpr (K == Kind::Max || K == Kind::Min) {
          extreme_columns<K == Kind::Max>(y, s, xb, n);
        } else if constexpr (K == Kind::LogSumExp) {
          extreme_columns<true>(y, s, xb, n);
          std::fill(s, s + n, T(0));
          Odometer rd(static_cast<int>(g_.rsize.size()), g_.rsize.data(), g_.rstride.data());
          rd.seek(0);
          for (int64_t p = 0; p < g_.positions; ++p, rd.next()) {
            for (int64_t i = 0; i < n; ++i) {
              if (std::isfinite(y[i])) s[i] = step<T, K, kExpPass>(s[i], xb[rd.off + i], y[i]);
            }
          }
          for (int64_t i = 0; i < n; ++i) y[i] = finish(std::isfinite(y[i]) ? s[i] : T(1), y[i]);
        } else {
          std::fill(y, y + n, Reducer<T>{K}.init());
          Odometer rd(static_cast<int>(g_.rsize.size()), g_.rsize.data(), g_.rstride.data());
          rd.seek(0);
          for (int64_t p = 0; p < g_.positions; ++p, rd.next()) {
            update_rows<kPlain>(y, xb + rd.off, n, nullptr);
          }
          if constexpr (K == Kind::Mean || K == Kind::L2 || K == Kind::LogSum) {
            for (int64_t i = 0; i < n; ++i) y[i] = finish(y[i], T(0));
          }
        }
      }
    });
  }

  const Geometry& g_;
  const T* x_;
  T* y_;
  T* ws_;
};

template <typename T>
void reduce(Kind k, const Geometry& g, const T* x, T* y, T* ws) {
  switch (k) {
    case Kind::Sum:
      Kernel<T, Kind::Sum>(g, x, y, ws)();
      break;
    case Kind::Mean:
      Kernel<T, Kind::Mean>(g, x, y, ws)();
      break;
    case Kind::Max:
      Kernel<T, Kind::Max>(g, x, y, ws)();
      break;
    case Kind::Min:
      Kernel<T, Kind::Min>(g, x, y, ws)();
      break;
    case Kind::Prod:
      Kernel<T, Kind::Prod>(g, x, y, ws)();
      break;
    case Kind::L1:
      Kernel<T, Kind::L1>(g, x, y, ws)();
      break;
    case Kind::SumSquare:
      Kernel<T, Kind::SumSquare>(g, x, y, ws)();
      break;
    case Kind::L2:
    case Kind::LogSum:
    case Kind::LogSumExp:
      if constexpr (std::is_floating_point<T>::value) {
        if (k == Kind::L2)
          Kernel<T, Kind::L2>(g, x, y, ws)();
        else if (k == Kind::LogSum)
          Kernel<T, Kind::LogSum>(g, x, y, ws)();
        else
          Kernel<T, Kind::LogSumExp>(g, x, y, ws)();
      }
      break;
  }
}

// The axes list: normalised, range-checked, without repeats.
std::vector<int64_t> norm_axes(const char* func, const std::vector<int64_t>& axes, int64_t rank) {
  std::vector<int64_t> r;
  for (int64_t a : axes) {
    const int64_t n = a < 0 ? a + rank : a;
    if (n < 0 || n >= rank) {
      op_error(func,
               "axis " + std::to_string(a) + " is out of range for rank " + std::to_string(rank));
    }
    if (std::find(r.begin(), r.end(), n) != r.end()) {
      op_error(func, "'axes' repeats axis " + std::to_string(a));
    }
    r.push_back(n);
  }
  return r;
}

class ReduceOp : public Op {
 public:
  ReduceOp(Kind k, bool keepdims, bool noop, std::vector<int64_t> axes, bool axes_input)
      : kind_(k),
        keepdims_(keepdims),
        noop_(noop),
        axes_(std::move(axes)),
        axes_input_(axes_input) {}

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    if (in[0].dtype != onnx::kFloat) {
      op_error(func,
               "input 'data' must be float32 at run time (int64 only when known at plan time)");
    }
    out[0] = PlanOut{onnx::kFloat, geometry(in)};
    const bool extreme = kind_ == Kind::Max || kind_ == Kind::Min || kind_ == Kind::LogSumExp;
    return extreme && !geo_.row ? static_cast<size_t>(geo_.outputs) : 0;
  }

  void run(const float* const* in, float* const* out, float* ws, size_t) const override {
    reduce<float>(kind_, geo_, in[0], out[0], ws);
  }

  void eval(const std::vector<const HostTensor*>& in, std::vector<HostTensor>& out) override {
    if (in[0]->dtype != onnx::kInt64) return Op::eval(in, out);
    if (kind_ == Kind::L2 || kind_ == Kind::LogSum || kind_ == Kind::LogSumExp) {
      op_error(func,
               "input 'data' must be float32 (int64 is supported by ReduceSum, ReduceMean, "
               "ReduceMax, ReduceMin, ReduceProd, ReduceL1, ReduceSumSquare)");
    }
    std::vector<PlanIn> pin(in.size());
    for (size_t k = 0; k < in.size(); ++k) {
      if (in[k]) pin[k] = PlanIn{in[k]->dtype, &in[k]->shape, in[k]};
    }
    out[0].dtype = onnx::kInt64;
    out[0].shape = geometry(pin);
    out[0].i.assign(static_cast<size_t>(out[0].count()), 0);
    reduce<int64_t>(kind_, geo_, in[0]->i.data(), out[0].i.data(), nullptr);
  }

 private:
  // Plans geo_ for the input; returns the output shape.
  Shape geometry(const std::vector<PlanIn>& in) {
    const Shape& x = *in[0].shape;
    const int64_t rank = static_cast<int64_t>(x.size());
    std::vector<int64_t> axes = axes_;
    if (axes_input_ && in.size() > 1 && in[1].shape) {
      const PlanIn& a = in[1];
      if (!a.value) {
        op_error(func,
                 "input 'axes' must be known before the run (a constant, computed from "
                 "shapes, or an int64 graph input)");
      }
      if (a.value->dtype != onnx::kInt64 || a.value->shape.size() > 1) {
        op_error(func, "input 'axes' must be a 1-D int64 tensor");
      }
      axes = a.value->i;
    }
    axes = norm_axes(func, axes, rank);
    Geometry g;
    checked_count(func, x);
    std::vector<bool> red(x.size(), false);
    if (axes.empty()) std::fill(red.begin(), red.end(), !noop_);
    for (int64_t a : axes) {
      if (rank > 0) red[a] = true;
    }
    Shape o;
    for (size_t d = 0; d < x.size(); ++d) {
      if (!red[d])
        o.push_back(x[d]);
      else if (keepdims_)
        o.push_back(1);
    }
    g.outputs = element_count(o);
    for (size_t d = 0; d < x.size(); ++d) {
      if (red[d]) g.reduced *= x[d];
    }
    // groups of adjacent non-1 dims with the same flag, with their strides
    std::vector<int64_t> size, stride;
    std::vector<bool> flag;
    int64_t acc = 1;
    for (size_t i = x.size(); i-- > 0;) {
      if (x[i] != 1) {
        if (!flag.empty() && flag.back() == red[i]) {  // size-1 dims between do not matter
          size.back() *= x[i];
        } else {
          size.push_back(x[i]);
          stride.push_back(acc);
          flag.push_back(red[i]);
        }
      }
      acc *= x[i];
    }
    // The groups run innermost first. Group 0 is the contiguous one: in row
    // mode (reduced) it is the run every output reduces, in column mode
    // (kept) the row of outputs updated together. The other groups go,
    // outermost first, to the kept and reduced odometers.
    g.row = flag.empty() || flag[0];
    g.inner = size.empty() ? 1 : size[0];
    for (size_t i = size.size(); i-- > 1;) {
      (flag[i] ? g.rsize : g.ksize).push_back(size[i]);
      (flag[i] ? g.rstride : g.kstride).push_back(stride[i]);
    }
    // empty tensors (never walked) may have more groups than the odometer holds
    if (size.size() > static_cast<size_t>(kMaxGroups) && g.outputs > 0 && g.reduced > 0) {
      op_error(func, "input 'data' of shape " + shape_str(x) + " has too many dims");
    }
    g.positions = 1;
    for (int64_t s : g.rsize) g.positions *= s;
    geo_ = std::move(g);
    return o;
  }

  Kind kind_;
  bool keepdims_, noop_;
  std::vector<int64_t> axes_;
  bool axes_input_;
  Geometry geo_;
};

Kind kind_of(const std::string& op) {
  static const std::pair<const char*, Kind> kKinds[] = {
      {"ReduceSum", Kind::Sum},       {"ReduceMean", Kind::Mean},
      {"ReduceMax", Kind::Max},       {"ReduceMin", Kind::Min},
      {"ReduceProd", Kind::Prod},     {"ReduceL1", Kind::L1},
      {"ReduceL2", Kind::L2},         {"ReduceSumSquare", Kind::SumSquare},
      {"ReduceLogSum", Kind::LogSum}, {"ReduceLogSumExp", Kind::LogSumExp}};
  for (const auto& [name, k] : kKinds) {
    if (op == name) return k;
  }
  return Kind::Sum;
}

std::unique_ptr<Op> make_reduce(const Graph& g, const GraphNode& n) {
  Attrs a{n};
  // the opset that moved 'axes' to an input (and added noop_with_empty_axes)
  const int64_t input_opset = n.op_type == "ReduceSum" ? 13 : 18;
  const bool axes_input = g.opset >= input_opset;
  std::vector<int64_t> axes;
  if (axes_input) {
    a.allow({"keepdims", "noop_with_empty_axes"});
  } else {
    a.allow({"axes", "keepdims"});
    if (n.inputs.size() > 1) {
      node_error(n, "input 'axes' exists only since opset " + std::to_string(input_opset) +
                        " (the model imports opset " + std::to_string(g.opset) +
                        "; use the 'axes' attribute)");
    }
    axes = a.get_ints("axes");
    std::vector<int64_t> seen;
    for (int64_t v : axes) {
      if (std::find(seen.begin(), seen.end(), v) != seen.end()) {
        a.bad("axes", "repeats axis " + std::to_string(v) + "; each axis at most once");
      }
      seen.push_back(v);
    }
  }
  const bool keepdims = a.get_bool("keepdims", true);
  const bool noop = axes_input && a.get_bool("noop_with_empty_axes", false);
  if (axes_input) {
    if (const HostTensor* t = const_input(g, n, 1)) {
      if (t->dtype != onnx::kInt64 || t->shape.size() > 1) {
        node_error(n, "input 'axes' must be a 1-D int64 tensor");
      }
      std::vector<int64_t> seen;
      for (int64_t v : t->i) {
        if (std::find(seen.begin(), seen.end(), v) != seen.end()) {
          node_error(n,
                     "input 'axes' repeats axis " + std::to_string(v) + "; each axis at most once");
        }
        seen.push_back(v);
      }
    }
  }
  return std::make_unique<ReduceOp>(kind_of(n.op_type), keepdims, noop, axes, axes_input);
}

}  // namespace

std::unique_ptr<Op> make_reduce_l1(const Graph& g, const GraphNode& n) { return make_reduce(g, n); }
std::unique_ptr<Op> make_reduce_l2(const Graph& g, const GraphNode& n) { return make_reduce(g, n); }
std::unique_ptr<Op> make_reduce_log_sum(const Graph& g, const GraphNode& n) {
  return make_reduce(g, n);
}
std::unique_ptr<Op> make_reduce_log_sum_exp(const Graph& g, const GraphNode& n) {
  return make_reduce(g, n);
}
std::unique_ptr<Op> make_reduce_max(const Graph& g, const GraphNode& n) {
  return make_reduce(g, n);
}
std::unique_ptr<Op> make_reduce_mean(const Graph& g, const GraphNode& n) {
  return make_reduce(g, n);
}
std::unique_ptr<Op> make_reduce_min(const Graph& g, const GraphNode& n) {
  return make_reduce(g, n);
}
std::unique_ptr<Op> make_reduce_prod(const Graph& g, const GraphNode& n) {
  return make_reduce(g, n);
}
std::unique_ptr<Op> make_reduce_sum(const Graph& g, const GraphNode& n) {
  return make_reduce(g, n);
}
std::unique_ptr<Op> make_reduce_sum_square(const Graph& g, const GraphNode& n) {
  return make_reduce(g, n);
}

}  // namespace vc::dnn
