// The CNN engine's graph IR (internal API, vc::dnn).
//
// A Graph holds values (tensors by id) and nodes in topological order. A
// value is either constant (data known at load: initializers, Constant
// nodes, folded subgraphs), a graph input, or produced by a node. Each node
// owns an Op created from its ONNX NodeProto by the factory in ops.inc; the
// factory validates attributes and constant weights at load.
//
// Op lifecycle (STYLE section 6): create (validate attributes) -> finalize
// (after the passes: pack weights) -> plan (input dtypes, shapes and known
// values -> output dtypes and shapes, workspace floats) -> run (buffers of
// the planned dtypes, no allocation, no shape logic). Nodes whose inputs
// are all known at plan time (constants, int64 graph inputs, or Shape of a
// planned value) are evaluated then with eval() and never run: this is how
// int64 shape chains disappear.
//
// Run-time values are float32, or int64 where an op produces them (ArgMax,
// Cast). run() receives every buffer as float*; an int64 buffer holds
// int64_t elements (8-byte aligned, 2 floats each in the arena and the
// workspace sizes) and is read through as_i64(). Only ops that say
// runs_int64() see int64 at run time; the executor rejects int64 run-time
// values at the inputs and outputs of the others, except that it copies
// the bytes itself for aliases_input() ops.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "dnn/activation.hpp"
#include "visioncore/dnn/model_error.hpp"
#include "visioncore/dnn/onnx.hpp"
#include "visioncore/dnn/tensor.hpp"

namespace vc::dnn {

using Shape = std::vector<int64_t>;

// A tensor with data held on the host: float32 (f) or int64 (i).
struct HostTensor {
  int32_t dtype = onnx::kFloat;
  Shape shape;
  std::vector<float> f;
  std::vector<int64_t> i;
  int64_t count() const;
};

// What plan() sees of one input: dtype, shape, and the data when known.
struct PlanIn {
  int32_t dtype = onnx::kFloat;
  const Shape* shape = nullptr;
  const HostTensor* value = nullptr;  // null: only known at run time
};
struct PlanOut {
  int32_t dtype = onnx::kFloat;
  Shape shape;
};

struct Graph;
struct GraphNode;

class Op {
 public:
  virtual ~Op() = default;
  // Output dtypes and shapes; the workspace floats run() needs. Throws
  // ModelError (via node_error) for inconsistent shapes.
  virtual size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int threads) = 0;
  // Run. in/out: one pointer per node input/output (null for an omitted
  // input or output, or a plan-time value of another element type); int64
  // buffers through as_i64().
  virtual void run(const float* const* in, float* const* out, float* ws, size_t ws_n) const = 0;
  // Evaluates with all inputs known. The default plans and runs (float32
  // outputs, and int64 outputs for runs_int64() ops); ops that compute
  // int64 values otherwise override it.
  virtual void eval(const std::vector<const HostTensor*>& in, std::vector<HostTensor>& out);
  // run() handles the int64 inputs and outputs its plan() accepted or
  // produced (ArgMax's indices, Cast). False: float32 only at run time.
  virtual bool runs_int64() const { return false; }
  // Output 0 holds exactly the bytes of input 0 (Reshape, Flatten,
  // Identity, ...): the memory plan lets them share one buffer, and run()
  // then has nothing to do.
  virtual bool aliases_input() const { return false; }
  // Output known from input shapes alone (Shape).
  virtual bool shape_only() const { return false; }
  // After the passes, before the first plan (weight packing).
  virtual void finalize(const Graph&, const GraphNode&) {}
  // Activation fusion: true when the op accepted the epilogue.
  virtual bool fuse_activation(const Epilogue&) { return false; }
  // The op as a fusable activation (Relu, Clip with constant bounds,
  // LeakyRelu): true and *e set.
  virtual bool as_activation(Epilogue* /*e*/) const { return false; }
  // The op as a per-channel affine y = scale[c] * x + shift[c] over axis 1
  // (BatchNormalization): true and the vectors set.
  virtual bool as_channel_affine(std::vector<float>* /*scale*/,
                                 std::vector<float>* /*shift*/) const {
    return false;
  }
  // BatchNormalization folding: y = scale[c] * op(x)[c] + shift[c] applied
  // to the weights; true when the op accepted it.
  virtual bool fold_channel_affine(const std::vector<float>& /*scale*/,
                                   const std::vector<float>& /*shift*/) {
    return false;
  }

  // The node description used in messages ("node 3 'conv1' (Conv)").
  void set_desc(std::string d) {
    desc_ = std::move(d);
    func = desc_.c_str();
  }
  const char* func = "vc::dnn::Net";

 private:
  std::string desc_;
};

struct GraphValue {
  std::string name;
  int32_t dtype = onnx::kFloat;
  bool is_const = false;
  HostTensor data;  // when is_const
  int producer = -1;  // node index, -1 for inputs / constants
  bool is_input = false;
  bool is_output = false;
};

struct GraphNode {
  std::string name;
  std::string op_type;
  std::string desc;  // "node 3 'conv1' (Conv)" for messages
  std::vector<int> inputs;  // value ids, -1 for omitted optional inputs
  std::vector<int> outputs;
  const onnx::Node* proto = nullptr;  // valid during load only
  std::unique_ptr<Op> op;
  bool dead = false;
};

struct Graph {
  std::vector<GraphValue> values;
  std::vector<GraphNode> nodes;
  std::vector<int> inputs;   // non-constant graph inputs
  std::vector<int> outputs;
  int64_t opset = 13;  // default-domain opset version
  int add_const(const std::string& name, HostTensor t);
  // Number of live consumers of value v (graph outputs count as one).
  int uses(int v) const;
};

// Throws ModelError "<desc>: <what>".
[[noreturn]] void node_error(const GraphNode& n, const std::string& what);
[[noreturn]] void op_error(const char* func, const std::string& what);
std::string shape_str(const Shape& s);

// Attribute access with validation (ModelError naming node and attribute).
struct Attrs {
  const GraphNode& node;
  const onnx::Attribute* find(const char* name) const;
  int64_t get_int(const char* name, int64_t dflt) const;
  float get_float(const char* name, float dflt) const;
  std::string get_string(const char* name, const std::string& dflt) const;
  std::vector<int64_t> get_ints(const char* name, bool* present = nullptr) const;
  // A 0/1 INT attribute (ModelError otherwise).
  bool get_bool(const char* name, bool dflt) const;
  [[noreturn]] void bad(const char* name, const std::string& what) const;
  // Rejects any attribute not named here ("attribute 'x': is not an
  // attribute of <op> [at opset N] (allowed: a, b)" or "(it has none)").
  // opset > 0 names the opset, for ops whose attributes changed with it.
  void allow(std::initializer_list<const char*> names, int64_t opset = 0) const;
};

// int64 view of a run() buffer (see the Op lifecycle above).
inline const int64_t* as_i64(const float* p) { return reinterpret_cast<const int64_t*>(p); }
inline int64_t* as_i64(float* p) { return reinterpret_cast<int64_t*>(p); }

// A constant input of the node (value id input k), or null.
const HostTensor* const_input(const Graph& g, const GraphNode& n, size_t k);

using OpFactory = std::unique_ptr<Op> (*)(const Graph&, const GraphNode&);

// Concat / Sum: any number of inputs.
constexpr int kManyInputs = 1 << 24;

// The operator registry (ops.inc): entry by ONNX op type, or null.
struct OpEntry {
  const char* name;
  OpFactory make;
  int min_inputs, max_inputs, max_outputs;
};
const OpEntry* find_op(const std::string& op_type);
std::vector<std::string> op_names();

// Element count of a planned shape; ModelError for a negative dim and
// LimitExceeded when it overflows or exceeds kMaxTensorBytes of elements of
// elem_bytes bytes (4: float32, 8: int64).
int64_t checked_count(const char* func, const Shape& s, int64_t elem_bytes = 4);

// Broadcast helpers (numpy rules).
bool broadcast_shape(const Shape& a, const Shape& b, Shape* out);

}  // namespace vc::dnn
