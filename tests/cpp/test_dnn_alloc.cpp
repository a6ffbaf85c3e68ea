// vc::dnn::Net from C++ without Python: a small CNN built as ONNX bytes,
// loaded, planned and run; a steady-state run_into (same input shapes as the
// previous run) must make no heap allocation on any thread. The global
// operator new is replaced to count allocations.
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "check.hpp"
#include "visioncore/dnn/net.hpp"
#include "visioncore/error.hpp"
#include "visioncore/parallel.hpp"

namespace {
std::atomic<long> g_allocs{0};
}

// The replacements pair malloc/aligned_alloc with free, which is correct;
// GCC cannot see through the replaced operators and warns.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

void* operator new(std::size_t n) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void* operator new(std::size_t n, std::align_val_t a) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  const std::size_t al = static_cast<std::size_t>(a);
  void* p = std::aligned_alloc(al, (n + al - 1) / al * al);
  if (!p) throw std::bad_alloc();
  return p;
}
void* operator new[](std::size_t n, std::align_val_t a) { return operator new(n, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace {

// ---- a minimal protobuf writer for the ONNX messages the model needs ----
using Bytes = std::vector<uint8_t>;

void varint(Bytes& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}
void field_varint(Bytes& out, uint32_t num, uint64_t v) {
  varint(out, (uint64_t{num} << 3) | 0);
  varint(out, v);
}
void field_bytes(Bytes& out, uint32_t num, const void* data, size_t n) {
  varint(out, (uint64_t{num} << 3) | 2);
  varint(out, n);
  const auto* b = static_cast<const uint8_t*>(data);
  out.insert(out.end(), b, b + n);
}
void field_msg(Bytes& out, uint32_t num, const Bytes& m) { field_bytes(out, num, m.data(), m.size()); }
void field_str(Bytes& out, uint32_t num, const std::string& s) { field_bytes(out, num, s.data(), s.size()); }

// TensorProto: dims 1, data_type 2, name 8, raw_data 9
Bytes tensor(const std::string& name, const std::vector<int64_t>& dims, const std::vector<float>& f) {
  Bytes t;
  for (int64_t d : dims) field_varint(t, 1, static_cast<uint64_t>(d));
  field_varint(t, 2, 1);  // FLOAT
  field_str(t, 8, name);
  field_bytes(t, 9, f.data(), f.size() * sizeof(float));
  return t;
}
Bytes tensor_i64(const std::string& name, const std::vector<int64_t>& dims, const std::vector<int64_t>& v) {
  Bytes t;
  for (int64_t d : dims) field_varint(t, 1, static_cast<uint64_t>(d));
  field_varint(t, 2, 7);  // INT64
  field_str(t, 8, name);
  field_bytes(t, 9, v.data(), v.size() * sizeof(int64_t));
  return t;
}

// AttributeProto: name 1, i 3, ints 8, type 20 (INT 2, INTS 7)
Bytes attr_ints(const std::string& name, const std::vector<int64_t>& v) {
  Bytes a;
  field_str(a, 1, name);
  for (int64_t x : v) field_varint(a, 8, static_cast<uint64_t>(x));
  field_varint(a, 20, 7);
  return a;
}
Bytes attr_int(const std::string& name, int64_t v) {
  Bytes a;
  field_str(a, 1, name);
  field_varint(a, 3, static_cast<uint64_t>(v));
  field_varint(a, 20, 2);
  return a;
}

// NodeProto: input 1, output 2, name 3, op_type 4, attribute 5
Bytes node(const std::string& op, const std::vector<std::string>& in, const std::string& out,
           const std::vector<Bytes>& attrs = {}) {
  Bytes n;
  for (const auto& s : in) field_str(n, 1, s);
  field_str(n, 2, out);
  field_str(n, 3, out + "_node");
  field_str(n, 4, op);
  for (const auto& a : attrs) field_msg(n, 5, a);
  return n;
}

// ValueInfoProto name 1, type 2; TypeProto tensor_type 1; Tensor elem_type 1,
// shape 2; TensorShapeProto dim 1; Dimension dim_value 1, dim_param 2
Bytes value_info(const std::string& name, const std::vector<int64_t>& dims, const char* batch_param) {
  Bytes shape;
  for (size_t i = 0; i < dims.size(); ++i) {
    Bytes d;
    if (i == 0 && batch_param) field_str(d, 2, batch_param);
    else field_varint(d, 1, static_cast<uint64_t>(dims[i]));
    field_msg(shape, 1, d);
  }
  Bytes tt;
  field_varint(tt, 1, 1);
  field_msg(tt, 2, shape);
  Bytes type;
  field_msg(type, 1, tt);
  Bytes vi;
  field_str(vi, 1, name);
  field_msg(vi, 2, type);
  return vi;
}

std::vector<float> seeded(size_t n, uint32_t seed, float scale) {
  std::vector<float> v(n);
  uint32_t s = seed;
  for (auto& x : v) {
    s = s * 1664525u + 1013904223u;
    x = (static_cast<float>(s >> 8) / 16777216.0f - 0.5f) * 2.0f * scale;
  }
  return v;
}

// x[N,3,32,32] -> Conv3x3(8)+Relu -> MaxPool2 -> Conv1x1(16) -> Add(bias[16,1,1])
// -> Sigmoid -> GlobalAveragePool -> Reshape([-1,16]) -> Gemm(10) -> Softmax
Bytes small_cnn() {
  Bytes g;
  field_msg(g, 1, node("Conv", {"x", "w1", "b1"}, "c1",
                       {attr_ints("pads", {1, 1, 1, 1}), attr_ints("kernel_shape", {3, 3})}));
  field_msg(g, 1, node("Relu", {"c1"}, "r1"));
  field_msg(g, 1, node("MaxPool", {"r1"}, "p1",
                       {attr_ints("kernel_shape", {2, 2}), attr_ints("strides", {2, 2})}));
  field_msg(g, 1, node("Conv", {"p1", "w2"}, "c2"));
  field_msg(g, 1, node("Add", {"c2", "bias2"}, "a2"));
  field_msg(g, 1, node("Sigmoid", {"a2"}, "s2"));
  field_msg(g, 1, node("GlobalAveragePool", {"s2"}, "gap"));
  field_msg(g, 1, node("Reshape", {"gap", "shape"}, "flat"));
  field_msg(g, 1, node("Gemm", {"flat", "wf", "bf"}, "logits", {attr_int("transB", 1)}));
  field_msg(g, 1, node("Softmax", {"logits"}, "prob", {attr_int("axis", 1)}));
  field_str(g, 2, "small_cnn");
  field_msg(g, 5, tensor("w1", {8, 3, 3, 3}, seeded(8 * 27, 1, 0.3f)));
  field_msg(g, 5, tensor("b1", {8}, seeded(8, 2, 0.1f)));
  field_msg(g, 5, tensor("w2", {16, 8, 1, 1}, seeded(16 * 8, 3, 0.4f)));
  field_msg(g, 5, tensor("bias2", {16, 1, 1}, seeded(16, 4, 0.1f)));
  field_msg(g, 5, tensor_i64("shape", {2}, {-1, 16}));
  field_msg(g, 5, tensor("wf", {10, 16}, seeded(160, 5, 0.5f)));
  field_msg(g, 5, tensor("bf", {10}, seeded(10, 6, 0.1f)));
  field_msg(g, 11, value_info("x", {0, 3, 32, 32}, "N"));
  field_msg(g, 12, value_info("prob", {0, 10}, "N"));
  Bytes opset;
  field_varint(opset, 2, 17);
  Bytes m;
  field_varint(m, 1, 8);  // ir_version
  field_msg(m, 8, opset);
  field_msg(m, 7, g);
  return m;
}

}  // namespace

VC_TEST(steady_state_run_into_allocates_nothing) {
  const Bytes model = small_cnn();
  for (int threads : {1, 2, 4}) {
    vc::dnn::Net net = vc::dnn::Net::load_bytes(model.data(), model.size(), threads);
    VC_CHECK_EQ(net.inputs().size(), size_t{1});
    VC_CHECK_EQ(net.outputs().size(), size_t{1});
    VC_CHECK_EQ(net.inputs()[0].shape[0].param, std::string("N"));
    for (int64_t batch : {1, 3}) {
      std::vector<float> x = seeded(static_cast<size_t>(batch) * 3 * 32 * 32, 7, 1.0f);
      const auto out_shapes = net.plan({{batch, 3, 32, 32}});
      VC_CHECK_EQ(out_shapes.size(), size_t{1});
      VC_CHECK(out_shapes[0] == (std::vector<int64_t>{batch, 10}));
      std::vector<float> y(static_cast<size_t>(batch) * 10);
      std::vector<vc::dnn::TensorView> in{vc::dnn::TensorView{x.data(), {batch, 3, 32, 32}}};
      std::vector<float*> out{y.data()};
      net.run_into(in, out);  // warm-up: the thread pool and first-touch
      const long before = g_allocs.load();
      for (int rep = 0; rep < 10; ++rep) net.run_into(in, out);
      const long during = g_allocs.load() - before;
      VC_CHECK_EQ(during, 0L);
      // the output is a softmax: each row sums to 1 and values are in (0, 1)
      for (int64_t b = 0; b < batch; ++b) {
        double s = 0;
        for (int k = 0; k < 10; ++k) {
          const float v = y[static_cast<size_t>(b * 10 + k)];
          VC_CHECK(v > 0.0f && v < 1.0f);
          s += v;
        }
        VC_CHECK(std::fabs(s - 1.0) < 1e-5);
      }
    }
  }
}

VC_TEST(run_by_name_matches_run_into) {
  const Bytes model = small_cnn();
  vc::dnn::Net net = vc::dnn::Net::load_bytes(model.data(), model.size(), 1);
  std::vector<float> x = seeded(2 * 3 * 32 * 32, 11, 1.0f);
  const auto r = net.run({{"x", vc::dnn::TensorView{x.data(), {2, 3, 32, 32}}}});
  VC_CHECK_EQ(r.size(), size_t{1});
  const vc::dnn::Tensor& t = r.at("prob");
  VC_CHECK(t.shape == (std::vector<int64_t>{2, 10}));
  std::vector<float> y(20);
  std::vector<vc::dnn::TensorView> in{vc::dnn::TensorView{x.data(), {2, 3, 32, 32}}};
  std::vector<float*> out{y.data()};
  net.run_into(in, out);
  for (size_t i = 0; i < 20; ++i) VC_CHECK_EQ(t.data[i], y[i]);
  VC_CHECK_THROWS(net.run({{"y", vc::dnn::TensorView{x.data(), {2, 3, 32, 32}}}}), vc::InvalidArgument);
}

int main() { return vc_test::run_all(); }
