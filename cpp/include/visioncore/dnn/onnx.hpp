// Reading ONNX models: the decoded model structs and the reader.
//
// The reader decodes the protobuf wire format of onnx.proto (ModelProto and
// everything under it) without a protobuf library. It is meant for untrusted
// files: every length, count and size is checked before it is used, and
// anything malformed or unsafe throws vc::dnn::ModelError naming the element
// (graph, node, attribute, tensor) and the problem. Nothing is allocated
// beyond what the input's own bytes justify (plus a bounded overhead per
// decoded element), and the limits below bound the rest.
//
// What is decoded: ir_version, opset_import, producer, domain, model_version,
// doc strings, metadata_props; the main graph with nodes, initializers,
// inputs, outputs and value_info; node attributes of every type (FLOAT, INT,
// STRING, TENSOR, GRAPH, TYPE_PROTO and their lists); subgraphs in attributes
// (nested at most kMaxGraphDepth deep); model-local functions. Rejected with a
// ModelError: sparse tensors (sparse_initializer, SPARSE_TENSOR attributes),
// segmented tensors, protobuf groups. Skipped: training_info, device
// configurations, quantization annotations, fields unknown to this reader.
//
// Tensor payloads are normalised to `Tensor::data`: the dense little-endian
// bytes that `raw_data` would hold (sub-byte types packed as ONNX specifies),
// whichever field the file used (raw_data, float_data, int32_data, int64_data,
// double_data, uint64_data). STRING tensors fill `Tensor::strings`. External
// data (data_location = EXTERNAL) is read from files next to the model; the
// `location` must resolve, after following symlinks, to a regular file inside
// the model's folder (absolute paths and `..` components are rejected), and
// offset/length must lie inside that file and match the declared shape. A
// model read from bytes has no folder and may not reference external data.
//
// Host byte order is assumed little-endian (x86-64, aarch64).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "visioncore/dnn/model_error.hpp"

namespace vc::dnn {

// Largest model file read in one piece (the protobuf limit for one message;
// larger models keep their weights in external data).
constexpr int64_t kMaxModelFileBytes = int64_t{1} << 31;
// Largest payload of one tensor, in the file or in external data.
constexpr int64_t kMaxTensorBytes = int64_t{1} << 34;  // 16 GiB
// Largest tensor rank.
constexpr int64_t kMaxTensorRank = 64;
// Deepest nesting of subgraphs (If / Loop / Scan bodies inside each other).
constexpr int kMaxGraphDepth = 32;
// Most decoded elements (nodes, attributes, tensors, value infos, dims,
// list entries) in one model.
constexpr int64_t kMaxModelElements = int64_t{1} << 24;

namespace onnx {

// TensorProto.DataType values.
enum DataType : int32_t {
  kUndefined = 0,
  kFloat = 1,
  kUint8 = 2,
  kInt8 = 3,
  kUint16 = 4,
  kInt16 = 5,
  kInt32 = 6,
  kInt64 = 7,
  kString = 8,
  kBool = 9,
  kFloat16 = 10,
  kDouble = 11,
  kUint32 = 12,
  kUint64 = 13,
  kComplex64 = 14,
  kComplex128 = 15,
  kBfloat16 = 16,
  kFloat8E4M3FN = 17,
  kFloat8E4M3FNUZ = 18,
  kFloat8E5M2 = 19,
  kFloat8E5M2FNUZ = 20,
  kUint4 = 21,
  kInt4 = 22,
  kFloat4E2M1 = 23,
  kFloat8E8M0 = 24,
  kUint2 = 25,
  kInt2 = 26,
  kFloat6E2M3 = 27,
  kFloat6E3M2 = 28,
};

// "float32", "uint8", ... for a known data type; "undefined" for 0; nullptr
// for a value outside the enum.
const char* data_type_name(int32_t type);
// Bits per element (4 for int4, 128 for complex128); 0 for STRING,
// UNDEFINED and unknown values.
int data_type_bits(int32_t type);

// Bytes of `count` dense elements of `type` (sub-byte types packed), or -1 if
// the type has no fixed width. Throws LimitExceeded on overflow.
int64_t data_type_bytes(int32_t type, int64_t count);

using StringPairs = std::vector<std::pair<std::string, std::string>>;

struct Tensor {
  std::string name;
  std::string doc_string;
  int32_t data_type = kUndefined;
  std::vector<int64_t> dims;
  // Dense little-endian element bytes; empty for STRING tensors.
  std::vector<uint8_t> data;
  // STRING tensors: one entry per element (bytes as stored).
  std::vector<std::string> strings;
  // data_location = EXTERNAL: the external_data key/value entries as stored.
  // After a file read they have been resolved and `data` is filled.
  bool external = false;
  StringPairs external_data;

  // Product of dims (1 for a scalar).
  int64_t element_count() const;
};

// One dimension of a value's shape: a fixed size, a symbolic name, or unknown.
struct Dim {
  bool has_value = false;
  int64_t value = 0;
  std::string param;  // symbolic name when !has_value (may be empty: unknown)
  std::string denotation;
};

// TypeProto. Tensor and sparse-tensor types carry elem_type and shape; the
// other kinds are recorded by name only.
struct TypeInfo {
  enum Kind : int32_t { kNone, kTensor, kSequence, kMap, kOptional, kSparseTensor, kOpaque };
  Kind kind = kNone;
  int32_t elem_type = kUndefined;
  bool has_shape = false;  // false: rank unknown
  std::vector<Dim> shape;
  std::string denotation;
};

struct ValueInfo {
  std::string name;
  std::string doc_string;
  bool has_type = false;
  TypeInfo type;
};

struct Graph;

// AttributeProto.AttributeType values.
enum AttributeType : int32_t {
  kAttrUndefined = 0,
  kAttrFloat = 1,
  kAttrInt = 2,
  kAttrString = 3,
  kAttrTensor = 4,
  kAttrGraph = 5,
  kAttrFloats = 6,
  kAttrInts = 7,
  kAttrStrings = 8,
  kAttrTensors = 9,
  kAttrGraphs = 10,
  kAttrSparseTensor = 11,
  kAttrSparseTensors = 12,
  kAttrTypeProto = 13,
  kAttrTypeProtos = 14,
};

// "FLOAT", "INTS", ... or nullptr for a value outside the enum.
const char* attribute_type_name(int32_t type);

struct Attribute {
  std::string name;
  std::string ref_attr_name;  // inside functions: refers to the caller's attribute
  std::string doc_string;
  // The declared type; when a file leaves it unset (very old IR versions) it
  // is inferred from the one value field present.
  int32_t type = kAttrUndefined;
  float f = 0.0f;
  int64_t i = 0;
  std::string s;
  std::vector<float> floats;
  std::vector<int64_t> ints;
  std::vector<std::string> strings;
  std::vector<Tensor> tensors;   // TENSOR: exactly one; TENSORS: the list
  std::vector<Graph> graphs;     // GRAPH: exactly one; GRAPHS: the list
  std::vector<TypeInfo> types;   // TYPE_PROTO: exactly one; TYPE_PROTOS: the list
};

struct Node {
  std::string name;
  std::string op_type;
  std::string domain;  // "" is the default ONNX domain
  std::string overload;
  std::string doc_string;
  std::vector<std::string> inputs;   // "" marks an omitted optional input
  std::vector<std::string> outputs;
  std::vector<Attribute> attributes;
};

struct Graph {
  std::string name;
  std::string doc_string;
  std::vector<Node> nodes;
  std::vector<Tensor> initializers;
  std::vector<ValueInfo> inputs;
  std::vector<ValueInfo> outputs;
  std::vector<ValueInfo> value_info;
};

struct OpsetId {
  std::string domain;  // "" and "ai.onnx" both mean the default domain
  int64_t version = 0;
};

// FunctionProto: a model-local function nodes may call by (domain, name).
struct Function {
  std::string name;
  std::string domain;
  std::string overload;
  std::string doc_string;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  std::vector<std::string> attribute_names;
  std::vector<Attribute> attribute_defaults;
  std::vector<Node> nodes;
  std::vector<OpsetId> opset_import;
  std::vector<ValueInfo> value_info;
};

struct Model {
  int64_t ir_version = 0;
  std::vector<OpsetId> opset_import;
  std::string producer_name;
  std::string producer_version;
  std::string domain;
  int64_t model_version = 0;
  std::string doc_string;
  StringPairs metadata_props;
  bool has_graph = false;
  Graph graph;
  std::vector<Function> functions;
};

// Reads an ONNX model file and the external data it references (resolved
// relative to the file's folder; see the rules above). The file is read in
// one bounded read after its size is checked against kMaxModelFileBytes.
// Throws ModelError for anything malformed, unsafe or over a limit.
Model read_onnx_file(const std::string& path);

// Decodes a serialized ModelProto held in memory. Throws ModelError for
// anything malformed or over a limit, and for any tensor with external data.
Model read_onnx_bytes(const void* data, size_t size);

}  // namespace onnx
}  // namespace vc::dnn
