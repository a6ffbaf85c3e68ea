// vc::dnn::Net's C++ tensor API: float32 callers written before int64
// existed (TensorView{float*, shape}, run_into with float* buffers) and the
// int64 forms (int64 graph inputs, OutputBuffer, plan with TensorViews).
// The models are tiny ONNX files serialised by onnx.helper:
//   kReluModel:          y = Relu(x), x float32 [N, 3]
//   kArgMaxReshapeModel: am = ArgMax(x, axis=1, keepdims=0) (int64 [N]),
//                        r = Reshape(x, s), s an int64 graph input [2]
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "check.hpp"
#include "visioncore/dnn/net.hpp"

using namespace vc::dnn;

namespace {

const unsigned char kReluModel[] = {
    0x08, 0x08, 0x12, 0x00, 0x3a, 0x3d, 0x0a, 0x0c, 0x0a, 0x01, 0x78, 0x12, 0x01, 0x79, 0x22,
    0x04, 0x52, 0x65, 0x6c, 0x75, 0x12, 0x01, 0x67, 0x5a, 0x14, 0x0a, 0x01, 0x78, 0x12, 0x0f,
    0x0a, 0x0d, 0x08, 0x01, 0x12, 0x09, 0x0a, 0x03, 0x12, 0x01, 0x4e, 0x0a, 0x02, 0x08, 0x03,
    0x62, 0x14, 0x0a, 0x01, 0x79, 0x12, 0x0f, 0x0a, 0x0d, 0x08, 0x01, 0x12, 0x09, 0x0a, 0x03,
    0x12, 0x01, 0x4e, 0x0a, 0x02, 0x08, 0x03, 0x42, 0x04, 0x0a, 0x00, 0x10, 0x12};
const unsigned char kArgMaxReshapeModel[] = {
    0x08, 0x08, 0x12, 0x00, 0x3a, 0x8b, 0x01, 0x0a, 0x2d, 0x0a, 0x01, 0x78, 0x12, 0x02, 0x61, 0x6d,
    0x22, 0x06, 0x41, 0x72, 0x67, 0x4d, 0x61, 0x78, 0x2a, 0x0b, 0x0a, 0x04, 0x61, 0x78, 0x69, 0x73,
    0x18, 0x01, 0xa0, 0x01, 0x02, 0x2a, 0x0f, 0x0a, 0x08, 0x6b, 0x65, 0x65, 0x70, 0x64, 0x69, 0x6d,
    0x73, 0x18, 0x00, 0xa0, 0x01, 0x02, 0x0a, 0x12, 0x0a, 0x01, 0x78, 0x0a, 0x01, 0x73, 0x12, 0x01,
    0x72, 0x22, 0x07, 0x52, 0x65, 0x73, 0x68, 0x61, 0x70, 0x65, 0x12, 0x01, 0x67, 0x5a, 0x14, 0x0a,
    0x01, 0x78, 0x12, 0x0f, 0x0a, 0x0d, 0x08, 0x01, 0x12, 0x09, 0x0a, 0x03, 0x12, 0x01, 0x4e, 0x0a,
    0x02, 0x08, 0x03, 0x5a, 0x0f, 0x0a, 0x01, 0x73, 0x12, 0x0a, 0x0a, 0x08, 0x08, 0x07, 0x12, 0x04,
    0x0a, 0x02, 0x08, 0x02, 0x62, 0x11, 0x0a, 0x02, 0x61, 0x6d, 0x12, 0x0b, 0x0a, 0x09, 0x08, 0x07,
    0x12, 0x05, 0x0a, 0x03, 0x12, 0x01, 0x4e, 0x62, 0x09, 0x0a, 0x01, 0x72, 0x12, 0x04, 0x0a, 0x02,
    0x08, 0x01, 0x42, 0x04, 0x0a, 0x00, 0x10, 0x12};

Net load(const unsigned char* bytes, size_t n) { return Net::load_bytes(bytes, n, 1); }

}  // namespace

VC_TEST(float_callers_unchanged) {
  Net net = load(kReluModel, sizeof(kReluModel));
  VC_CHECK_EQ(net.inputs()[0].dtype, std::string("float32"));
  VC_CHECK_EQ(net.outputs()[0].dtype, std::string("float32"));
  const std::vector<float> x = {-1.0f, 2.0f, -3.0f, 4.0f, 0.5f, -0.5f};
  std::vector<float> y(6, 9.0f);
  const auto shapes = net.plan({{2, 3}});
  VC_CHECK(shapes.size() == 1 && shapes[0] == std::vector<int64_t>({2, 3}));
  std::vector<float*> outs = {y.data()};
  net.run_into({TensorView{x.data(), {2, 3}}}, outs);
  const std::vector<float> want = {0.0f, 2.0f, 0.0f, 4.0f, 0.5f, 0.0f};
  VC_CHECK(y == want);
  // run() by name: an owning float32 Tensor
  Tensor t{{2, 3}, x};
  const auto r = net.run({{"x", t.view()}});
  VC_CHECK(r.at("y").dtype == DType::Float32 && r.at("y").data == want &&
           r.at("y").int64_data.empty());
  // an int64 view for the float32 input is a type error naming it
  const std::vector<int64_t> xi(6, 1);
  VC_CHECK_THROWS_MSG(net.run_into({TensorView{xi.data(), {2, 3}}}, outs), vc::TypeMismatch,
                      "input 'x': expected float32; got int64");
}

VC_TEST(int64_inputs_and_outputs) {
  Net net = load(kArgMaxReshapeModel, sizeof(kArgMaxReshapeModel));
  VC_CHECK_EQ(net.inputs()[1].dtype, std::string("int64"));
  VC_CHECK_EQ(net.outputs()[0].dtype, std::string("int64"));
  const std::vector<float> x = {1.0f, 5.0f, 2.0f, 7.0f, -1.0f, 7.0f};
  const std::vector<int64_t> s = {3, -1};
  const std::vector<TensorView> in = {TensorView{x.data(), {2, 3}}, TensorView{s.data(), {2}}};
  // shapes alone cannot plan: the int64 contents are part of the plan
  VC_CHECK_THROWS_MSG(net.plan({{2, 3}, {2}}), vc::InvalidArgument, "input 's' is int64");
  const std::vector<TensorSpec> specs = net.plan(in);
  VC_CHECK(specs.size() == 2);
  VC_CHECK(specs[0].dtype == DType::Int64 && specs[0].shape == std::vector<int64_t>({2}));
  VC_CHECK(specs[1].dtype == DType::Float32 && specs[1].shape == std::vector<int64_t>({3, 2}));
  std::vector<int64_t> am(2, -1);
  std::vector<float> r(6);
  net.run_into(in, {OutputBuffer(am.data()), OutputBuffer(r.data())});
  VC_CHECK(am == std::vector<int64_t>({1, 0}));
  VC_CHECK(r == x);
  const size_t plans = net.plan_count();
  net.run_into(in, {am.data(), r.data()});  // steady state: no new plan
  VC_CHECK_EQ(net.plan_count(), plans);
  // float* buffers only fit float32 outputs
  std::vector<float*> float_outs = {r.data(), r.data()};
  VC_CHECK_THROWS_MSG(net.run_into(in, float_outs), vc::TypeMismatch, "output 'am'");
  // new int64 contents re-plan
  const std::vector<int64_t> s2 = {-1, 6};
  const auto out =
      net.run({{"x", TensorView{x.data(), {2, 3}}}, {"s", TensorView{s2.data(), {2}}}});
  VC_CHECK_EQ(net.plan_count(), plans + 1);
  VC_CHECK(out.at("r").shape == std::vector<int64_t>({1, 6}));
  VC_CHECK(out.at("am").dtype == DType::Int64 &&
           out.at("am").int64_data == std::vector<int64_t>({1, 0}));
  // the wrong dtype for the int64 input
  VC_CHECK_THROWS_MSG(net.plan({TensorView{x.data(), {2, 3}}, TensorView{x.data(), {2}}}),
                      vc::TypeMismatch, "input 's': expected int64; got float32");
}

int main() { return vc_test::run_all(); }

VC_TEST(per_node_profile) {
  Net net = load(kReluModel, sizeof(kReluModel));
  VC_CHECK(!net.profiling());
  VC_CHECK(net.profile().empty());  // no plan yet
  const std::vector<float> x = {-1.0f, 2.0f, -3.0f, 4.0f, 0.5f, -0.5f};
  std::vector<float> y(6);
  std::vector<float*> outs = {y.data()};
  net.run_into({TensorView{x.data(), {2, 3}}}, outs);
  auto p = net.profile();
  VC_CHECK(p.size() == 1 && p[0].runs == 0 && p[0].median_us == 0.0);  // off: nothing recorded
  net.set_profiling(true);
  for (int i = 0; i < 3; ++i) net.run_into({TensorView{x.data(), {2, 3}}}, outs);
  p = net.profile();
  VC_CHECK(p.size() == 1);
  VC_CHECK_EQ(p[0].node, 0);
  VC_CHECK_EQ(p[0].op_type, std::string("Relu"));
  VC_CHECK(p[0].output_shape == std::vector<int64_t>({2, 3}));
  VC_CHECK(p[0].runs == 3 && p[0].median_us >= 0.0);
  VC_CHECK(net.planned_ops() == std::vector<std::string>({"Relu"}));
  net.set_profiling(false);
  net.run_into({TensorView{x.data(), {2, 3}}}, outs);
  VC_CHECK(net.profile()[0].runs == 3);  // off again: the record stays
}
