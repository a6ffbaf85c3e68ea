// ONNX model decoder: ModelProto and everything under it, straight from the
// protobuf wire format (field numbers from onnx.proto). Untrusted input:
// every count and size is checked before anything is sized from it.
//
// stage 1: the wire reader (protobuf_wire.hpp) splits each message into
//          fields, checking lengths and varints;
// stage 2: one decode function per message maps field numbers to struct
//          members, checking wire types;
// stage 3: tensors are checked (type, dims, which payload field, payload
//          size against dims) before their payload is decoded, so a tensor
//          never allocates more than its own bytes in the file imply.
// Errors carry the path of the element being decoded ("graph 'main' > node
// 3 'conv1' (Conv) > attribute 'value' > tensor 'w'") and, for wire errors,
// the byte offset.
#include <exception>
#include <fstream>
#include <filesystem>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "onnx_internal.hpp"
#include "protobuf_wire.hpp"
#include "visioncore/dnn/onnx.hpp"

namespace vc::dnn::onnx {

namespace {

struct TypeDesc {
  const char* name;
  int bits;
};

// Indexed by TensorProto.DataType.
constexpr TypeDesc kTypes[] = {
    {"undefined", 0},      {"float32", 32},        {"uint8", 8},           {"int8", 8},
    {"uint16", 16},        {"int16", 16},          {"int32", 32},          {"int64", 64},
    {"string", 0},         {"bool", 8},            {"float16", 16},        {"float64", 64},
    {"uint32", 32},        {"uint64", 64},         {"complex64", 64},      {"complex128", 128},
    {"bfloat16", 16},      {"float8e4m3fn", 8},    {"float8e4m3fnuz", 8},  {"float8e5m2", 8},
    {"float8e5m2fnuz", 8}, {"uint4", 4},           {"int4", 4},            {"float4e2m1", 4},
    {"float8e8m0", 8},     {"uint2", 2},           {"int2", 2},            {"float6e2m3", 6},
    {"float6e3m2", 6},
};
constexpr int32_t kTypeCount = static_cast<int32_t>(sizeof(kTypes) / sizeof(kTypes[0]));

constexpr const char* kAttrTypeNames[] = {
    "UNDEFINED", "FLOAT",  "INT",     "STRING",        "TENSOR",         "GRAPH",
    "FLOATS",    "INTS",   "STRINGS", "TENSORS",       "GRAPHS",         "SPARSE_TENSOR",
    "SPARSE_TENSORS",      "TYPE_PROTO",               "TYPE_PROTOS",
};

}  // namespace

const char* data_type_name(int32_t type) {
  return type >= 0 && type < kTypeCount ? kTypes[type].name : nullptr;
}

int data_type_bits(int32_t type) {
  return type >= 0 && type < kTypeCount ? kTypes[type].bits : 0;
}

int64_t data_type_bytes(int32_t type, int64_t count) {
  const int bits = data_type_bits(type);
  if (bits == 0) return -1;
  if (count < 0 || count > (std::numeric_limits<int64_t>::max() - 7) / bits) {
    throw LimitExceeded("data_type_bytes: " + std::to_string(count) + " elements of " +
                        data_type_name(type) + " overflow a 64-bit byte count");
  }
  return (count * bits + 7) / 8;
}

const char* attribute_type_name(int32_t type) {
  return type >= 0 && type <= kAttrTypeProtos ? kAttrTypeNames[type] : nullptr;
}

int64_t Tensor::element_count() const {
  int64_t n = 1;
  for (int64_t d : dims) {
    if (d < 0) return -1;
    if (d != 0 && n > std::numeric_limits<int64_t>::max() / d) return -1;
    n *= d;
  }
  return n;
}

namespace detail {

// A name from the file, quoted for a message: printable ASCII kept, other
// bytes as \xNN, at most 80 characters.
std::string clean_name(const std::string& name) {
  static const char* kHex = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < name.size(); ++i) {
    if (s.size() > 80) {
      s += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(name[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      s += static_cast<char>(c);
    } else {
      s += "\\x";
      s += kHex[c >> 4];
      s += kHex[c & 15];
    }
  }
  return s;
}

std::string quote_name(const std::string& name) { return "'" + clean_name(name) + "'"; }

}  // namespace detail

namespace {

using pb::Field;
using pb::WireReader;
using pb::WireType;

// A semantic error; the path is taken from the decoder's frames.
struct DecodeError {
  std::string message;
};

using detail::clean_name;
using detail::quote_name;

std::string dims_string(const std::vector<int64_t>& dims) {
  std::string s = "[";
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(dims[i]);
  }
  return s + "]";
}

// Which typed payload field a data type uses (onnx.proto, TensorProto).
enum class Payload { kNone, kFloat, kInt32, kString, kInt64, kDouble, kUint64 };

Payload payload_for(int32_t type) {
  switch (type) {
    case kFloat:
    case kComplex64: return Payload::kFloat;
    case kInt64: return Payload::kInt64;
    case kString: return Payload::kString;
    case kDouble:
    case kComplex128: return Payload::kDouble;
    case kUint32:
    case kUint64: return Payload::kUint64;
    case kUndefined: return Payload::kNone;
    default: return Payload::kInt32;
  }
}

const char* payload_field_name(Payload p) {
  switch (p) {
    case Payload::kFloat: return "float_data";
    case Payload::kInt32: return "int32_data";
    case Payload::kString: return "string_data";
    case Payload::kInt64: return "int64_data";
    case Payload::kDouble: return "double_data";
    case Payload::kUint64: return "uint64_data";
    case Payload::kNone: break;
  }
  return "none";
}

uint32_t payload_field_number(Payload p) {
  switch (p) {
    case Payload::kFloat: return 4;
    case Payload::kInt32: return 5;
    case Payload::kString: return 6;
    case Payload::kInt64: return 7;
    case Payload::kDouble: return 10;
    case Payload::kUint64: return 11;
    case Payload::kNone: break;
  }
  return 0;
}

class Decoder {
 public:
  Decoder(const uint8_t* begin, bool allow_external)
      : begin_(begin), allow_external_(allow_external) {}

  std::string path() const {
    std::string s;
    for (size_t i = 0; i < path_.size(); ++i) {
      if (i) s += " > ";
      s += path_[i];
    }
    return s;
  }

  void model(const uint8_t* data, size_t size, Model& m);

 private:
  // Names the element being decoded. On an exception the frame stays, so the
  // caller that reports the error sees the full path.
  class Frame {
   public:
    Frame(Decoder& d, std::string label) : d_(d), uncaught_(std::uncaught_exceptions()) {
      d_.path_.push_back(std::move(label));
    }
    ~Frame() {
      if (std::uncaught_exceptions() == uncaught_) d_.path_.pop_back();
    }
    void relabel(std::string label) { d_.path_.back() = std::move(label); }
    Frame(const Frame&) = delete;
    Frame& operator=(const Frame&) = delete;

   private:
    Decoder& d_;
    int uncaught_;
  };

  [[noreturn]] static void fail(std::string message) { throw DecodeError{std::move(message)}; }

  WireReader sub(const Field& f) const {
    return WireReader(f.data, f.size, static_cast<size_t>(f.data - begin_));
  }

  void count(int64_t n) {
    elements_ += n;
    if (elements_ > kMaxModelElements) {
      fail("model has more than " + std::to_string(kMaxModelElements) +
           " elements (nodes, attributes, tensors, dims, list entries)");
    }
  }

  static void expect(const Field& f, WireType t, const char* name) {
    if (f.type != t) {
      fail(std::string("field ") + name + " (" + std::to_string(f.number) + ") has wire type " +
           pb::wire_type_name(f.type) + "; expected " + pb::wire_type_name(t));
    }
  }
  static std::string str(const Field& f, const char* name) {
    expect(f, WireType::kLen, name);
    return pb::field_as_string(f);
  }
  static int64_t i64(const Field& f, const char* name) {
    expect(f, WireType::kVarint, name);
    return static_cast<int64_t>(f.value);
  }
  // protobuf int32: the varint holds the sign-extended value; keep the low
  // 32 bits as protobuf does.
  static int32_t i32(const Field& f, const char* name) {
    expect(f, WireType::kVarint, name);
    return static_cast<int32_t>(static_cast<uint32_t>(f.value));
  }

  // Repeated int64, packed or not.
  void varints(const Field& f, std::vector<int64_t>& out, const char* name) {
    if (f.type == WireType::kVarint) {
      count(1);
      out.push_back(static_cast<int64_t>(f.value));
      return;
    }
    expect(f, WireType::kLen, name);
    const size_t n = pb::count_packed_varints(f.data, f.size, f.data - begin_);
    count(static_cast<int64_t>(n));
    out.reserve(out.size() + n);
    WireReader r = sub(f);
    while (!r.at_end()) out.push_back(static_cast<int64_t>(r.read_varint()));
  }

  // Repeated float, packed or not.
  void floats(const Field& f, std::vector<float>& out, const char* name) {
    if (f.type == WireType::kFixed32) {
      count(1);
      out.push_back(pb::field_as_float(f));
      return;
    }
    expect(f, WireType::kLen, name);
    if (f.size % 4 != 0) fail(std::string("packed ") + name + " has " + std::to_string(f.size) +
                              " bytes, not a multiple of 4");
    count(static_cast<int64_t>(f.size / 4));
    WireReader r = sub(f);
    out.reserve(out.size() + f.size / 4);
    while (!r.at_end()) {
      Field v;
      v.value = r.read_fixed32();
      out.push_back(pb::field_as_float(v));
    }
  }

  void string_pair(const Field& f, StringPairs& out, const char* name) {
    expect(f, WireType::kLen, name);
    count(1);
    std::pair<std::string, std::string> kv;
    WireReader r = sub(f);
    Field g;
    while (r.next(g)) {
      if (g.number == 1) kv.first = str(g, "key");
      else if (g.number == 2) kv.second = str(g, "value");
    }
    out.push_back(std::move(kv));
  }

  void opset(const Field& f, std::vector<OpsetId>& out) {
    expect(f, WireType::kLen, "opset_import");
    count(1);
    OpsetId o;
    WireReader r = sub(f);
    Field g;
    while (r.next(g)) {
      if (g.number == 1) o.domain = str(g, "domain");
      else if (g.number == 2) o.version = i64(g, "version");
    }
    out.push_back(std::move(o));
  }

  void graph(const Field& f, Graph& g, int depth);
  void node(const Field& f, Node& n, int depth, size_t index);
  void attribute(const Field& f, Attribute& a, int depth, size_t index);
  void tensor(const Field& f, Tensor& t, const std::string& label);
  void tensor_payload(const Field& f, Tensor& t, Payload p, uint8_t*& out, uint8_t* end,
                      int64_t& index);
  void value_info(const Field& f, ValueInfo& v, const char* what, size_t index);
  void type_proto(const Field& f, TypeInfo& t);
  void tensor_type(const Field& f, TypeInfo& t);
  void function(const Field& f, Function& fn, size_t index);

  const uint8_t* begin_;
  bool allow_external_;
  std::vector<std::string> path_;
  int64_t elements_ = 0;
};

void Decoder::model(const uint8_t* data, size_t size, Model& m) {
  WireReader r(data, size, static_cast<size_t>(data - begin_));
  Field f;
  bool has_ir = false;
  while (r.next(f)) {
    switch (f.number) {
      case 1: m.ir_version = i64(f, "ir_version"); has_ir = true; break;
      case 2: m.producer_name = str(f, "producer_name"); break;
      case 3: m.producer_version = str(f, "producer_version"); break;
      case 4: m.domain = str(f, "domain"); break;
      case 5: m.model_version = i64(f, "model_version"); break;
      case 6: m.doc_string = str(f, "doc_string"); break;
      case 7:
        expect(f, WireType::kLen, "graph");
        m.graph = Graph();  // a repeated message field: the last one wins
        graph(f, m.graph, 1);
        m.has_graph = true;
        break;
      case 8: opset(f, m.opset_import); break;
      case 14: string_pair(f, m.metadata_props, "metadata_props"); break;
      case 25:
        m.functions.emplace_back();
        function(f, m.functions.back(), m.functions.size() - 1);
        break;
      default: break;  // training_info, configuration, unknown fields
    }
  }
  if (!has_ir || m.ir_version <= 0) fail("model has no ir_version");
  if (m.opset_import.empty()) fail("model has no opset_import");
  if (!m.has_graph) fail("model has no graph");
}

void Decoder::graph(const Field& f, Graph& g, int depth) {
  Frame frame(*this, "graph");
  if (depth > kMaxGraphDepth) {
    fail("subgraphs are nested more than " + std::to_string(kMaxGraphDepth) + " levels deep");
  }
  count(1);
  // The name (field 2) follows the nodes in the usual field order; find it
  // first so that errors inside nodes name the graph.
  {
    WireReader pre = sub(f);
    Field h;
    while (pre.next(h)) {
      if (h.number == 2) g.name = str(h, "name");
    }
    frame.relabel("graph " + quote_name(g.name));
  }
  WireReader r = sub(f);
  Field h;
  while (r.next(h)) {
    switch (h.number) {
      case 1:
        expect(h, WireType::kLen, "node");
        g.nodes.emplace_back();
        node(h, g.nodes.back(), depth, g.nodes.size() - 1);
        break;
      case 2:
        g.name = str(h, "name");
        frame.relabel("graph " + quote_name(g.name));
        break;
      case 5:
        expect(h, WireType::kLen, "initializer");
        g.initializers.emplace_back();
        tensor(h, g.initializers.back(),
               "initializer #" + std::to_string(g.initializers.size() - 1));
        break;
      case 10: g.doc_string = str(h, "doc_string"); break;
      case 11:
        g.inputs.emplace_back();
        value_info(h, g.inputs.back(), "input", g.inputs.size() - 1);
        break;
      case 12:
        g.outputs.emplace_back();
        value_info(h, g.outputs.back(), "output", g.outputs.size() - 1);
        break;
      case 13:
        g.value_info.emplace_back();
        value_info(h, g.value_info.back(), "value_info", g.value_info.size() - 1);
        break;
      case 15: fail("sparse initializers (GraphProto.sparse_initializer) are not supported");
      default: break;  // quantization_annotation, metadata_props, unknown
    }
  }
}

void Decoder::node(const Field& f, Node& n, int depth, size_t index) {
  const std::string base = "node " + std::to_string(index);
  Frame frame(*this, base);
  count(1);
  auto relabel = [&] {
    std::string label = base;
    if (!n.name.empty()) label += " " + quote_name(n.name);
    if (!n.op_type.empty()) label += " (" + clean_name(n.op_type) + ")";
    frame.relabel(label);
  };
  WireReader r = sub(f);
  Field h;
  while (r.next(h)) {
    switch (h.number) {
      case 1: count(1); n.inputs.push_back(str(h, "input")); break;
      case 2: count(1); n.outputs.push_back(str(h, "output")); break;
      case 3: n.name = str(h, "name"); relabel(); break;
      case 4: n.op_type = str(h, "op_type"); relabel(); break;
      case 5:
        expect(h, WireType::kLen, "attribute");
        n.attributes.emplace_back();
        attribute(h, n.attributes.back(), depth, n.attributes.size() - 1);
        break;
      case 6: n.doc_string = str(h, "doc_string"); break;
      case 7: n.domain = str(h, "domain"); break;
      case 8: n.overload = str(h, "overload"); break;
      default: break;  // metadata_props, device_configurations, unknown
    }
  }
}

void Decoder::attribute(const Field& f, Attribute& a, int depth, size_t index) {
  Frame frame(*this, "attribute " + std::to_string(index));
  count(1);
  bool has[24] = {};
  Tensor t_single;
  Graph g_single;
  TypeInfo tp_single;
  std::vector<Tensor> tensor_list;
  std::vector<Graph> graph_list;
  std::vector<TypeInfo> type_list;
  WireReader r = sub(f);
  Field h;
  while (r.next(h)) {
    if (h.number < 24) has[h.number] = true;
    switch (h.number) {
      case 1:
        a.name = str(h, "name");
        frame.relabel("attribute " + quote_name(a.name));
        break;
      case 21: a.ref_attr_name = str(h, "ref_attr_name"); break;
      case 13: a.doc_string = str(h, "doc_string"); break;
      case 20: a.type = i32(h, "type"); break;
      case 2:
        expect(h, WireType::kFixed32, "f");
        a.f = pb::field_as_float(h);
        break;
      case 3: a.i = i64(h, "i"); break;
      case 4: a.s = str(h, "s"); break;
      case 5:
        expect(h, WireType::kLen, "t");
        t_single = Tensor();
        tensor(h, t_single, "tensor");
        break;
      case 6:
        expect(h, WireType::kLen, "g");
        g_single = Graph();
        graph(h, g_single, depth + 1);
        break;
      case 14:
        expect(h, WireType::kLen, "tp");
        tp_single = TypeInfo();
        type_proto(h, tp_single);
        break;
      case 7: floats(h, a.floats, "floats"); break;
      case 8: varints(h, a.ints, "ints"); break;
      case 9: count(1); a.strings.push_back(str(h, "strings")); break;
      case 10:
        expect(h, WireType::kLen, "tensors");
        tensor_list.emplace_back();
        tensor(h, tensor_list.back(), "tensor #" + std::to_string(tensor_list.size() - 1));
        break;
      case 11:
        expect(h, WireType::kLen, "graphs");
        graph_list.emplace_back();
        graph(h, graph_list.back(), depth + 1);
        break;
      case 15:
        expect(h, WireType::kLen, "type_protos");
        type_list.emplace_back();
        type_proto(h, type_list.back());
        break;
      case 22:
      case 23: fail("sparse tensor attributes are not supported");
      default: break;
    }
  }
  if (a.type == kAttrUndefined) {
    // Files from before AttributeProto.type: the one value field present.
    if (has[2]) a.type = kAttrFloat;
    else if (has[3]) a.type = kAttrInt;
    else if (has[4]) a.type = kAttrString;
    else if (has[5]) a.type = kAttrTensor;
    else if (has[6]) a.type = kAttrGraph;
    else if (has[14]) a.type = kAttrTypeProto;
    else if (has[7]) a.type = kAttrFloats;
    else if (has[8]) a.type = kAttrInts;
    else if (has[9]) a.type = kAttrStrings;
    else if (has[10]) a.type = kAttrTensors;
    else if (has[11]) a.type = kAttrGraphs;
    else if (has[15]) a.type = kAttrTypeProtos;
    else fail("attribute has no type and no value");
  }
  const char* type_name = attribute_type_name(a.type);
  if (!type_name || a.type == kAttrUndefined) fail("unknown attribute type " + std::to_string(a.type));
  switch (a.type) {
    case kAttrTensor:
      if (!has[5]) fail("attribute of type TENSOR has no tensor (field t)");
      a.tensors.push_back(std::move(t_single));
      break;
    case kAttrGraph:
      if (!has[6]) fail("attribute of type GRAPH has no graph (field g)");
      a.graphs.push_back(std::move(g_single));
      break;
    case kAttrTypeProto:
      if (!has[14]) fail("attribute of type TYPE_PROTO has no type (field tp)");
      a.types.push_back(std::move(tp_single));
      break;
    case kAttrTensors: a.tensors = std::move(tensor_list); break;
    case kAttrGraphs: a.graphs = std::move(graph_list); break;
    case kAttrTypeProtos: a.types = std::move(type_list); break;
    case kAttrSparseTensor:
    case kAttrSparseTensors: fail("sparse tensor attributes are not supported");
    default: break;
  }
}

void Decoder::value_info(const Field& f, ValueInfo& v, const char* what, size_t index) {
  expect(f, WireType::kLen, what);
  Frame frame(*this, std::string(what) + " " + std::to_string(index));
  count(1);
  WireReader r = sub(f);
  Field h;
  while (r.next(h)) {
    switch (h.number) {
      case 1:
        v.name = str(h, "name");
        frame.relabel(std::string(what) + " " + quote_name(v.name));
        break;
      case 2:
        expect(h, WireType::kLen, "type");
        v.type = TypeInfo();
        type_proto(h, v.type);
        v.has_type = true;
        break;
      case 3: v.doc_string = str(h, "doc_string"); break;
      default: break;
    }
  }
}

void Decoder::type_proto(const Field& f, TypeInfo& t) {
  count(1);
  WireReader r = sub(f);
  Field h;
  while (r.next(h)) {
    switch (h.number) {
      case 1:
        expect(h, WireType::kLen, "tensor_type");
        t.kind = TypeInfo::kTensor;
        tensor_type(h, t);
        break;
      case 8:
        expect(h, WireType::kLen, "sparse_tensor_type");
        t.kind = TypeInfo::kSparseTensor;
        tensor_type(h, t);
        break;
      // Element types of these kinds are not decoded (no recursion).
      case 4: expect(h, WireType::kLen, "sequence_type"); t.kind = TypeInfo::kSequence; break;
      case 5: expect(h, WireType::kLen, "map_type"); t.kind = TypeInfo::kMap; break;
      case 9: expect(h, WireType::kLen, "optional_type"); t.kind = TypeInfo::kOptional; break;
      case 7: expect(h, WireType::kLen, "opaque_type"); t.kind = TypeInfo::kOpaque; break;
      case 6: t.denotation = str(h, "denotation"); break;
      default: break;
    }
  }
}

void Decoder::tensor_type(const Field& f, TypeInfo& t) {
  t.elem_type = kUndefined;
  t.has_shape = false;
  t.shape.clear();
  WireReader r = sub(f);
  Field h;
  while (r.next(h)) {
    if (h.number == 1) {
      t.elem_type = i32(h, "elem_type");
    } else if (h.number == 2) {
      expect(h, WireType::kLen, "shape");
      t.has_shape = true;
      t.shape.clear();
      WireReader s = sub(h);
      Field d;
      while (s.next(d)) {
        if (d.number != 1) continue;
        expect(d, WireType::kLen, "dim");
        if (static_cast<int64_t>(t.shape.size()) >= kMaxTensorRank) {
          fail("shape has more than " + std::to_string(kMaxTensorRank) + " dims");
        }
        count(1);
        Dim dim;
        WireReader dr = sub(d);
        Field e;
        while (dr.next(e)) {
          if (e.number == 1) {
            dim.value = i64(e, "dim_value");
            dim.has_value = true;
            dim.param.clear();
          } else if (e.number == 2) {
            dim.param = str(e, "dim_param");
            dim.has_value = false;
            dim.value = 0;
          } else if (e.number == 3) {
            dim.denotation = str(e, "denotation");
          }
        }
        t.shape.push_back(std::move(dim));
      }
    }
  }
}

void Decoder::function(const Field& f, Function& fn, size_t index) {
  expect(f, WireType::kLen, "functions");
  Frame frame(*this, "function " + std::to_string(index));
  count(1);
  WireReader r = sub(f);
  Field h;
  while (r.next(h)) {
    switch (h.number) {
      case 1:
        fn.name = str(h, "name");
        frame.relabel("function " + quote_name(fn.name));
        break;
      case 4: count(1); fn.inputs.push_back(str(h, "input")); break;
      case 5: count(1); fn.outputs.push_back(str(h, "output")); break;
      case 6: count(1); fn.attribute_names.push_back(str(h, "attribute")); break;
      case 11:
        expect(h, WireType::kLen, "attribute_proto");
        fn.attribute_defaults.emplace_back();
        attribute(h, fn.attribute_defaults.back(), 1, fn.attribute_defaults.size() - 1);
        break;
      case 7:
        expect(h, WireType::kLen, "node");
        fn.nodes.emplace_back();
        node(h, fn.nodes.back(), 1, fn.nodes.size() - 1);
        break;
      case 8: fn.doc_string = str(h, "doc_string"); break;
      case 9: opset(h, fn.opset_import); break;
      case 10: fn.domain = str(h, "domain"); break;
      case 13: fn.overload = str(h, "overload"); break;
      case 12:
        fn.value_info.emplace_back();
        value_info(h, fn.value_info.back(), "value_info", fn.value_info.size() - 1);
        break;
      default: break;
    }
  }
}

// stage 3: tensors. Pass one records dims, type, name, the raw_data span and
// how many values each typed field holds; the checks below size `data` from
// dims and type only once the payload in the file is known to match; pass two
// decodes the typed field into it.
void Decoder::tensor(const Field& f, Tensor& t, const std::string& label) {
  Frame frame(*this, label);
  count(1);
  int64_t n_values[12] = {};  // per typed field number
  bool present[12] = {};
  const uint8_t* raw = nullptr;
  size_t raw_size = 0;
  bool has_raw = false;
  int64_t location = 0;
  bool has_segment = false;
  WireReader r = sub(f);
  Field h;
  while (r.next(h)) {
    switch (h.number) {
      case 1:
        varints(h, t.dims, "dims");
        if (static_cast<int64_t>(t.dims.size()) > kMaxTensorRank) {
          fail("tensor has more than " + std::to_string(kMaxTensorRank) + " dims");
        }
        break;
      case 2: t.data_type = i32(h, "data_type"); break;
      case 3: has_segment = true; break;
      case 4:
      case 10: {
        const size_t width = h.number == 4 ? 4 : 8;
        const char* name = h.number == 4 ? "float_data" : "double_data";
        present[h.number] = true;
        if (h.type == (width == 4 ? WireType::kFixed32 : WireType::kFixed64)) {
          n_values[h.number] += 1;
        } else {
          expect(h, WireType::kLen, name);
          if (h.size % width != 0) {
            fail(std::string("packed ") + name + " has " + std::to_string(h.size) +
                 " bytes, not a multiple of " + std::to_string(width));
          }
          n_values[h.number] += static_cast<int64_t>(h.size / width);
        }
        break;
      }
      case 5:
      case 7:
      case 11: {
        present[h.number] = true;
        if (h.type == WireType::kVarint) {
          n_values[h.number] += 1;
        } else {
          expect(h, WireType::kLen, payload_field_name(h.number == 5   ? Payload::kInt32
                                                       : h.number == 7 ? Payload::kInt64
                                                                       : Payload::kUint64));
          n_values[h.number] +=
              static_cast<int64_t>(pb::count_packed_varints(h.data, h.size, h.data - begin_));
        }
        break;
      }
      case 6:
        expect(h, WireType::kLen, "string_data");
        present[6] = true;
        n_values[6] += 1;
        break;
      case 8:
        t.name = str(h, "name");
        frame.relabel("tensor " + quote_name(t.name));
        break;
      case 9:
        expect(h, WireType::kLen, "raw_data");
        raw = h.data;
        raw_size = h.size;
        has_raw = true;
        break;
      case 12: t.doc_string = str(h, "doc_string"); break;
      case 13: string_pair(h, t.external_data, "external_data"); break;
      case 14: location = i64(h, "data_location"); break;
      default: break;  // metadata_props, unknown
    }
  }

  if (has_segment) fail("segmented tensors (TensorProto.segment) are not supported");
  // Type and shape.
  const char* tname = data_type_name(t.data_type);
  if (t.data_type == kUndefined) fail("data_type is not set");
  if (!tname) fail("unknown data_type " + std::to_string(t.data_type));
  int64_t n = 1;
  for (size_t i = 0; i < t.dims.size(); ++i) {
    const int64_t d = t.dims[i];
    if (d < 0) fail("dims[" + std::to_string(i) + "] = " + std::to_string(d) + " is negative");
    if (d != 0 && n > std::numeric_limits<int64_t>::max() / d) {
      fail("dims " + dims_string(t.dims) + " overflow a 64-bit element count");
    }
    n *= d;
  }
  count(static_cast<int64_t>(t.dims.size()));
  const std::string shape_desc = "dims " + dims_string(t.dims) + " of " + tname;
  int64_t bytes = -1;
  if (t.data_type != kString) {
    const int bits = data_type_bits(t.data_type);
    if (n > (kMaxTensorBytes * 8) / bits) {
      fail(shape_desc + " need more than the limit of " + std::to_string(kMaxTensorBytes) +
           " bytes per tensor");
    }
    bytes = (n * bits + 7) / 8;
  }

  // Where the payload is.
  if (location != 0 && location != 1) fail("invalid data_location " + std::to_string(location));
  const Payload expected = payload_for(t.data_type);
  std::string sources;
  int n_sources = 0;
  auto note = [&](bool on, const char* name) {
    if (!on) return;
    sources += n_sources++ ? std::string(" and ") + name : std::string(name);
  };
  note(has_raw, "raw_data");
  for (Payload p : {Payload::kFloat, Payload::kInt32, Payload::kString, Payload::kInt64,
                    Payload::kDouble, Payload::kUint64}) {
    note(present[payload_field_number(p)] && n_values[payload_field_number(p)] > 0,
         payload_field_name(p));
  }
  if (n_sources > 1) fail("tensor has its data in both " + sources);

  if (location == 1) {
    if (n_sources) fail("tensor has external data and also " + sources);
    if (!allow_external_) {
      std::string where;
      for (const auto& kv : t.external_data) {
        if (kv.first == "location") where = " (" + quote_name(kv.second) + ")";
      }
      fail("tensor data is stored in an external file" + where +
           ", which a model read from bytes may not reference");
    }
    if (t.data_type == kString) fail("string tensors cannot use external data");
    t.external = true;
    return;
  }
  if (!t.external_data.empty()) fail("tensor has external_data entries but data_location is not EXTERNAL");

  if (has_raw) {
    if (t.data_type == kString) fail("string tensors cannot use raw_data (use string_data)");
    if (static_cast<int64_t>(raw_size) != bytes) {
      fail("raw_data has " + std::to_string(raw_size) + " bytes; " + shape_desc + " need " +
           std::to_string(bytes));
    }
    t.data.assign(raw, raw + raw_size);
    return;
  }
  if (n_sources == 0) {
    if (n != 0) fail("tensor has no data; " + shape_desc + " need " + std::to_string(n) + " elements");
    return;
  }
  // A typed field: it must be the one for this data type, with the right count.
  Payload used = Payload::kNone;
  for (Payload p : {Payload::kFloat, Payload::kInt32, Payload::kString, Payload::kInt64,
                    Payload::kDouble, Payload::kUint64}) {
    if (n_values[payload_field_number(p)] > 0) used = p;
  }
  if (used != expected) {
    fail(std::string(payload_field_name(used)) + " cannot hold " + tname + " elements (use " +
         payload_field_name(expected) + ")");
  }
  const int bits = data_type_bits(t.data_type);
  int64_t want = n;
  if (t.data_type == kComplex64 || t.data_type == kComplex128) want = n * 2;
  else if (used == Payload::kInt32 && (bits == 4 || bits == 2)) want = bytes;  // one byte per entry
  const int64_t have = n_values[payload_field_number(used)];
  if (have != want) {
    fail(std::string(payload_field_name(used)) + " has " + std::to_string(have) + " values; " +
         shape_desc + " need " + std::to_string(want));
  }
  if (used == Payload::kString) {
    count(n);
    t.strings.reserve(static_cast<size_t>(n));
  } else {
    t.data.assign(static_cast<size_t>(bytes), 0);
  }
  // Pass two.
  uint8_t* out = t.data.data();
  uint8_t* end = out + t.data.size();
  int64_t index = 0;
  WireReader r2 = sub(f);
  const uint32_t number = payload_field_number(used);
  while (r2.next(h)) {
    if (h.number == number) tensor_payload(h, t, used, out, end, index);
  }
}

void Decoder::tensor_payload(const Field& f, Tensor& t, Payload p, uint8_t*& out, uint8_t* end,
                             int64_t& index) {
  auto put = [&](uint64_t v, int width) {
    if (end - out < width) fail("internal: tensor payload overruns its size");
    for (int i = 0; i < width; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
    out += width;
  };
  if (p == Payload::kString) {
    t.strings.push_back(pb::field_as_string(f));
    return;
  }
  if (p == Payload::kFloat || p == Payload::kDouble) {
    const int width = p == Payload::kFloat ? 4 : 8;
    if (f.type != WireType::kLen) {
      put(f.value, width);
      return;
    }
    WireReader r = sub(f);
    while (!r.at_end()) put(width == 4 ? r.read_fixed32() : r.read_fixed64(), width);
    return;
  }
  const int bits = data_type_bits(t.data_type);
  auto one = [&](uint64_t raw) {
    const int64_t i = index++;
    if (p == Payload::kInt64) return put(raw, 8);
    if (p == Payload::kUint64) {
      if (t.data_type == kUint32 && raw > 0xffffffffu) {
        fail("uint64_data[" + std::to_string(i) + "] = " + std::to_string(raw) +
             " is out of range for uint32");
      }
      return put(raw, bits / 8);
    }
    // int32_data: the varint is a sign-extended int32.
    const int64_t v = static_cast<int32_t>(static_cast<uint32_t>(raw));
    if (bits == 32) return put(static_cast<uint32_t>(v), 4);
    if (t.data_type == kBool) return put(v != 0 ? 1 : 0, 1);
    if (bits == 6) {
      // FLOAT6: one 6-bit code per entry, packed into the 6-bit stream.
      if (v < 0 || v > 63) {
        fail("int32_data[" + std::to_string(i) + "] = " + std::to_string(v) +
             " is out of range for " + data_type_name(t.data_type));
      }
      const int64_t bit = i * 6;
      uint8_t* base = t.data.data();
      const int64_t size = static_cast<int64_t>(t.data.size());
      const int64_t byte = bit / 8;
      const int shift = static_cast<int>(bit % 8);
      if (byte >= size) fail("internal: tensor payload overruns its size");
      base[byte] |= static_cast<uint8_t>(v << shift);
      if (shift > 2 && byte + 1 < size) base[byte + 1] |= static_cast<uint8_t>(v >> (8 - shift));
      return;
    }
    const int width_bits = bits < 8 ? 8 : bits;  // sub-byte: one packed byte per entry
    const int64_t lo = -(int64_t{1} << (width_bits - 1));
    const int64_t hi = (int64_t{1} << width_bits) - 1;
    if (v < lo || v > hi) {
      fail("int32_data[" + std::to_string(i) + "] = " + std::to_string(v) +
           " is out of range for " + data_type_name(t.data_type));
    }
    return put(static_cast<uint64_t>(v), width_bits / 8);
  };
  if (f.type != WireType::kLen) {
    one(f.value);
    return;
  }
  WireReader r = sub(f);
  while (!r.at_end()) one(r.read_varint());
}

}  // namespace

namespace detail {

Model decode_model(const uint8_t* data, size_t size, bool allow_external) {
  static const uint8_t kEmpty = 0;
  if (size == 0) throw ModelError("read_onnx: failed to parse model: the input is empty (0 bytes)");
  if (!data) data = &kEmpty;
  if (static_cast<uint64_t>(size) > static_cast<uint64_t>(kMaxModelFileBytes)) {
    throw ModelError("read_onnx: model of " + std::to_string(size) +
                     " bytes exceeds the limit of " + std::to_string(kMaxModelFileBytes) +
                     " bytes (keep large weights in external data)");
  }
  Decoder d(data, allow_external);
  Model m;
  try {
    d.model(data, size, m);
  } catch (const pb::WireError& e) {
    const std::string where = d.path();
    throw ModelError("read_onnx: failed to parse model: " + (where.empty() ? "" : where + ": ") +
                     e.what() + " (at byte " + std::to_string(e.offset()) + ")");
  } catch (const DecodeError& e) {
    const std::string where = d.path();
    throw ModelError("read_onnx: invalid model: " + (where.empty() ? "" : where + ": ") +
                     e.message);
  }
  return m;
}

}  // namespace detail

Model read_onnx_bytes(const void* data, size_t size) {
  return detail::decode_model(static_cast<const uint8_t*>(data), size, false);
}

Model read_onnx_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path p(path);
  if (!fs::is_regular_file(p, ec)) {
    throw ModelError("read_onnx: cannot open model file '" + path + "': " +
                     (ec ? ec.message() : std::string("not a regular file")));
  }
  const uintmax_t size = fs::file_size(p, ec);
  if (ec) throw ModelError("read_onnx: cannot read model file '" + path + "': " + ec.message());
  if (size > static_cast<uintmax_t>(kMaxModelFileBytes)) {
    throw ModelError("read_onnx: model file '" + path + "' has " + std::to_string(size) +
                     " bytes, above the limit of " + std::to_string(kMaxModelFileBytes) +
                     " (keep large weights in external data)");
  }
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  std::ifstream in(p, std::ios::binary);
  if (!in) throw ModelError("read_onnx: cannot open model file '" + path + "'");
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
  if (static_cast<uintmax_t>(in.gcount()) != size) {
    throw ModelError("read_onnx: model file '" + path + "' changed size while being read");
  }
  Model m = detail::decode_model(bytes.data(), bytes.size(), true);
  fs::path dir = p.parent_path();
  if (dir.empty()) dir = ".";
  detail::load_external_data(m, dir.string());
  return m;
}

}  // namespace vc::dnn::onnx
