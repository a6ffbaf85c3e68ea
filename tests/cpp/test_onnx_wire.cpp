// The protobuf wire reader and the ONNX reader from C++: varint limits,
// zigzag, wire types, lengths, and a minimal model decoded from bytes.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "check.hpp"
#include "dnn/protobuf_wire.hpp"
#include "visioncore/dnn/onnx.hpp"

using namespace vc::dnn;

namespace {

std::vector<uint8_t> bytes(std::initializer_list<int> v) {
  std::vector<uint8_t> out;
  for (int b : v) out.push_back(static_cast<uint8_t>(b));
  return out;
}

void put_varint(std::vector<uint8_t>& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<uint8_t>(v));
}

void put_len(std::vector<uint8_t>& out, uint32_t number, const std::vector<uint8_t>& payload) {
  put_varint(out, (uint64_t{number} << 3) | 2);
  put_varint(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
}

std::vector<uint8_t> str(const std::string& s) { return std::vector<uint8_t>(s.begin(), s.end()); }

}  // namespace

VC_TEST(varints_and_zigzag) {
  auto ten = bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01});
  pb::WireReader r(ten.data(), ten.size());
  VC_CHECK_EQ(r.read_varint(), ~uint64_t{0});
  VC_CHECK(r.at_end());
  auto overflow = bytes({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02});
  pb::WireReader r2(overflow.data(), overflow.size());
  VC_CHECK_THROWS_MSG(r2.read_varint(), pb::WireError, "overflows");
  auto eleven = bytes({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00});
  pb::WireReader r3(eleven.data(), eleven.size());
  VC_CHECK_THROWS(r3.read_varint(), pb::WireError);
  auto cut = bytes({0x80});
  pb::WireReader r4(cut.data(), cut.size());
  VC_CHECK_THROWS_MSG(r4.read_varint(), pb::WireError, "truncated");
  VC_CHECK_EQ(pb::zigzag_decode64(0), int64_t{0});
  VC_CHECK_EQ(pb::zigzag_decode64(1), int64_t{-1});
  VC_CHECK_EQ(pb::zigzag_decode64(4294967294u), int64_t{2147483647});
  VC_CHECK_EQ(pb::zigzag_decode64(~uint64_t{0}), INT64_MIN);
  VC_CHECK_EQ(pb::zigzag_decode32(3), int32_t{-2});
}

VC_TEST(fields_and_wire_types) {
  // field 1 varint 150, field 2 fixed64, field 3 "hi", field 4 fixed32
  auto m = bytes({0x08, 0x96, 0x01, 0x11, 1, 0, 0, 0, 0, 0, 0, 0, 0x1a, 0x02, 'h', 'i',
                  0x25, 2, 0, 0, 0});
  pb::WireReader r(m.data(), m.size());
  pb::Field f;
  VC_CHECK(r.next(f) && f.number == 1 && f.value == 150);
  VC_CHECK(r.next(f) && f.number == 2 && f.type == pb::WireType::kFixed64 && f.value == 1);
  VC_CHECK(r.next(f) && f.number == 3 && pb::field_as_string(f) == "hi");
  VC_CHECK(r.next(f) && f.number == 4 && f.type == pb::WireType::kFixed32 && f.value == 2);
  VC_CHECK(!r.next(f));
  for (int t : {3, 4, 6, 7}) {
    auto g = bytes({0x08 | t, 0});
    pb::WireReader rg(g.data(), g.size());
    VC_CHECK_THROWS(rg.next(f), pb::WireError);
  }
  auto long_len = bytes({0x0a, 0x05, 'a'});
  pb::WireReader rl(long_len.data(), long_len.size());
  VC_CHECK_THROWS_MSG(rl.next(f), pb::WireError, "exceeds");
  auto zero = bytes({0x00, 0x00});
  pb::WireReader rz(zero.data(), zero.size());
  VC_CHECK_THROWS_MSG(rz.next(f), pb::WireError, "field number 0");
  auto packed = bytes({0x01, 0x96, 0x01, 0x7f});
  VC_CHECK_EQ(pb::count_packed_varints(packed.data(), packed.size(), 0), size_t{3});
  auto bad_packed = bytes({0x01, 0x96});
  VC_CHECK_THROWS(pb::count_packed_varints(bad_packed.data(), bad_packed.size(), 0), pb::WireError);
}

VC_TEST(minimal_model_from_bytes) {
  std::vector<uint8_t> tensor;
  put_varint(tensor, 0x08);  // dims 2
  put_varint(tensor, 2);
  put_varint(tensor, 0x10);  // data_type float
  put_varint(tensor, 1);
  put_len(tensor, 8, str("w"));
  put_len(tensor, 9, bytes({0, 0, 0x80, 0x3f, 0, 0, 0, 0x40}));
  std::vector<uint8_t> node;
  put_len(node, 1, str("x"));
  put_len(node, 1, str("w"));
  put_len(node, 2, str("y"));
  put_len(node, 4, str("Add"));
  std::vector<uint8_t> graph;
  put_len(graph, 1, node);
  put_len(graph, 2, str("main"));
  put_len(graph, 5, tensor);
  std::vector<uint8_t> opset;
  put_varint(opset, 0x10);
  put_varint(opset, 17);
  std::vector<uint8_t> model;
  put_varint(model, 0x08);
  put_varint(model, 8);
  put_len(model, 7, graph);
  put_len(model, 8, opset);

  const onnx::Model m = onnx::read_onnx_bytes(model.data(), model.size());
  VC_CHECK_EQ(m.ir_version, int64_t{8});
  VC_CHECK_EQ(m.opset_import.at(0).version, int64_t{17});
  VC_CHECK_EQ(m.graph.name, std::string("main"));
  VC_CHECK_EQ(m.graph.nodes.at(0).op_type, std::string("Add"));
  VC_CHECK_EQ(m.graph.nodes.at(0).inputs.size(), size_t{2});
  const onnx::Tensor& w = m.graph.initializers.at(0);
  VC_CHECK_EQ(w.element_count(), int64_t{2});
  VC_CHECK_EQ(w.data.size(), size_t{8});
  float v[2];
  std::memcpy(v, w.data.data(), 8);
  VC_CHECK(v[0] == 1.0f && v[1] == 2.0f);

  for (size_t n = 0; n < model.size(); ++n) {
    VC_CHECK_THROWS(onnx::read_onnx_bytes(model.data(), n), ModelError);
  }
  VC_CHECK_THROWS_MSG(onnx::read_onnx_file("/nonexistent/model.onnx"), ModelError, "cannot open");
}

VC_TEST(data_type_table) {
  VC_CHECK_EQ(std::string(onnx::data_type_name(onnx::kFloat)), std::string("float32"));
  VC_CHECK(onnx::data_type_name(99) == nullptr);
  VC_CHECK_EQ(onnx::data_type_bytes(onnx::kInt4, 5), int64_t{3});
  VC_CHECK_EQ(onnx::data_type_bytes(onnx::kFloat6E2M3, 5), int64_t{4});
  VC_CHECK_EQ(onnx::data_type_bytes(onnx::kString, 5), int64_t{-1});
  VC_CHECK_THROWS(onnx::data_type_bytes(onnx::kComplex128, INT64_MAX / 8), vc::LimitExceeded);
}

int main() { return vc_test::run_all(); }
