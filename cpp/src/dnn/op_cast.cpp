// Cast and CastLike between float32 and int64, the two element types the
// engine holds. At plan time they convert known values (shape chains that
// cast to float and back); at run time they convert float32 <-> int64
// buffers (ArgMax indices cast to float, float scores cast to int64).
//
// float32 -> int64 truncates toward zero, as the spec says. NaN and values
// outside [-2^63, 2^63) (infinities included) become INT64_MIN: the spec
// leaves them undefined, and INT64_MIN is what x86's cvttss2si gives, so
// results match onnxruntime and numpy on x86, on every platform.
// int64 -> float32 rounds to nearest even (|v| > 2^24 loses low bits).
// The 'saturate' (opset 19) and 'round_mode' (opset 24) attributes only
// change conversions to the 8-bit float types; for float32 and int64 they
// are validated and have no effect.
#include <cstring>
#include <limits>

#include "dnn/ops_decl.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

constexpr int64_t kGrain = 1 << 15;

bool castable(int32_t t) { return t == onnx::kFloat || t == onnx::kInt64; }

std::string type_str(int32_t t) {
  const char* n = onnx::data_type_name(t);
  return n ? n : "type " + std::to_string(t);
}

inline int64_t f32_to_i64(float x) {
  // 2^63 is exact in float32; NaN fails both comparisons
  const bool in_range = x >= -9223372036854775808.0f && x < 9223372036854775808.0f;
  return in_range ? static_cast<int64_t>(x) : std::numeric_limits<int64_t>::min();
}

class CastOp : public Op {
 public:
  // to: the target type, or -1 for CastLike (the type of input 1).
  explicit CastOp(int32_t to) : to_(to) {}
  bool runs_int64() const override { return true; }

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int) override {
    from_ = in[0].dtype;
    if (!castable(from_)) {
      op_error(func, "input 'input' has element type " + type_str(from_) +
                         ", which is not supported (float32, int64)");
    }
    dst_ = to_;
    if (dst_ < 0) {
      dst_ = in[1].dtype;
      if (!castable(dst_)) {
        op_error(func, "input 'target_type' has element type " + type_str(dst_) +
                           ", which is not supported (float32, int64)");
      }
    }
    out[0] = PlanOut{dst_, *in[0].shape};
    n_ = element_count(*in[0].shape);
    return 0;
  }

  void run(const float* const* in, float* const* out, float*, size_t) const override {
    if (n_ == 0) return;
    if (from_ == dst_) {
      const size_t bytes = static_cast<size_t>(n_) * (from_ == onnx::kInt64 ? 8 : 4);
      if (in[0] != out[0]) std::memcpy(out[0], in[0], bytes);
      return;
    }
    if (from_ == onnx::kFloat) {
      const float* x = in[0];
      int64_t* y = as_i64(out[0]);
      parallel_for(0, n_, kGrain, [&](int64_t i0, int64_t i1) {
        for (int64_t i = i0; i < i1; ++i) y[i] = f32_to_i64(x[i]);
      });
    } else {
      const int64_t* x = as_i64(in[0]);
      float* y = out[0];
      parallel_for(0, n_, kGrain, [&](int64_t i0, int64_t i1) {
        for (int64_t i = i0; i < i1; ++i) y[i] = static_cast<float>(x[i]);
      });
    }
  }

 private:
  int32_t to_;
  int32_t from_ = onnx::kFloat, dst_ = onnx::kFloat;
  int64_t n_ = 0;
};

// 'saturate' and 'round_mode': accepted in the opsets that define them.
void check_float8_attrs(const Graph& g, const Attrs& a) {
  if (a.find("saturate")) {
    if (g.opset < 19) a.bad("saturate", "is an attribute only since opset 19");
    a.get_bool("saturate", true);
  }
  if (a.find("round_mode")) {
    if (g.opset < 24) a.bad("round_mode", "is an attribute only since opset 24");
    const std::string m = a.get_string("round_mode", "up");
    if (m != "up" && m != "down" && m != "nearest") {
      a.bad("round_mode", "expected 'up', 'down' or 'nearest'; got '" + m + "'");
    }
  }
}

}  // namespace

std::unique_ptr<Op> make_cast(const Graph& g, const GraphNode& n) {
  Attrs a{n};
  a.allow({"to", "saturate", "round_mode"});
  if (!a.find("to")) a.bad("to", "required");
  const int64_t to = a.get_int("to", 0);
  if (to != onnx::kFloat && to != onnx::kInt64) {
    const std::string given = to >= 0 && to <= std::numeric_limits<int32_t>::max()
                                  ? type_str(static_cast<int32_t>(to))
                                  : "type " + std::to_string(to);
    a.bad("to", given + " is not supported; allowed: FLOAT (1, float32), INT64 (7, int64)");
  }
  check_float8_attrs(g, a);
  return std::make_unique<CastOp>(static_cast<int32_t>(to));
}

std::unique_ptr<Op> make_cast_like(const Graph& g, const GraphNode& n) {
  if (g.opset < 15)
    node_error(n, "CastLike needs opset 15 or later (the model imports opset " +
                      std::to_string(g.opset) + ")");
  Attrs a{n};
  a.allow({"saturate", "round_mode"});
  check_float8_attrs(g, a);
  // a constant target tells its type now; otherwise plan() checks it
  const int v = n.inputs[1];
  if (g.values[v].is_const && !castable(g.values[v].dtype)) {
    node_error(n, "input 'target_type' has element type " + type_str(g.values[v].dtype) +
                      ", which is not supported (float32, int64)");
  }
  return std::make_unique<CastOp>(-1);
}

}  // namespace vc::dnn
