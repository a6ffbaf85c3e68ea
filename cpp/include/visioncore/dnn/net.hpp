// vc::dnn::Net: CNN inference from an ONNX model on the CPU.
//
// load() decodes the model (onnx.hpp), builds a device-agnostic graph,
// validates every node's attributes and constant weights (ModelError naming
// the node and the attribute; all unsupported operators of a model are
// listed in one ModelError), then runs the graph passes: constant folding
// (including the Shape/Gather/Unsqueeze/Concat/Reshape chains PyTorch
// exports, which fold once the input shape is known), BatchNormalization
// folded into a preceding Conv, Relu/Clip/LeakyRelu fused into Conv/Gemm,
// and dead-node removal. Shapes are inferred at load with the symbolic
// input dims (e.g. a dynamic batch 'N') left open.
//
// run() plans on the first call and whenever an input shape changes: output
// shapes, kernel workspaces and one arena in which intermediates share
// memory by liveness. A run with the same input shapes as the previous one
// allocates nothing (run_into) or only the outputs (run).
//
// Element types (tensor.hpp): graph inputs are float32 or int64, outputs
// float32 or int64. int64 graph inputs (Slice 'starts', Reshape 'shape',
// Gather 'indices', Resize 'sizes', ...) are plan-time values: their
// contents are known when planning, like constants, so the nodes they feed
// fold exactly as with constant parameters, and the plan is keyed on their
// contents as well as on the input shapes (a run with other int64 contents
// re-plans). Because of that, the output shapes of a model with int64
// inputs are not probed at load: outputs() describes them as the model
// declares, and shape errors surface at the first run. int64 values may
// also be computed at run time (ArgMax / ArgMin, Cast / CastLike) and flow
// to outputs, to Cast, and through Identity / Reshape / Flatten / Squeeze /
// Unsqueeze; other operators run on float32 only and reject them (at load
// when the input shapes are fixed). Layout: NCHW. A Net may be called from several
// threads; calls are serialised. The thread count given at load is used for
// every run (0: the library's current setting at each run); it is applied
// by setting the library's thread count for the duration of the run.
// Weights are packed for the active ISA level; a run under another level
// re-plans and repacks.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "visioncore/dnn/model_error.hpp"
#include "visioncore/dnn/tensor.hpp"

namespace vc::dnn {

// One dimension of a graph input or output: fixed (value >= 0), symbolic
// (param non-empty) or unknown (value < 0 and param empty).
struct NetDim {
  int64_t value = -1;
  std::string param;
};

// The measured wall time of one executed node (see Net::set_profiling).
struct NodeProfile {
  int node = -1;         // the node's index in the model's graph (ONNX node order)
  std::string name;      // the node's name (empty when the model gives none)
  std::string op_type;   // ONNX op type; fused activations are part of their producer's time
  std::vector<int64_t> output_shape;  // shape of the node's first output
  double median_us = 0;  // median wall time of the node over the recorded runs, microseconds
  size_t runs = 0;       // runs recorded since profiling was switched on (or the last plan)
};

struct NetValueInfo {
  std::string name;
  std::vector<NetDim> shape;
  std::string dtype;  // "float32", "int64", or empty when the model does not say
  bool has_shape = true;  // false: rank unknown until the first run
};

class Net {
 public:
  Net();
  ~Net();
  Net(Net&&) noexcept;
  Net& operator=(Net&&) noexcept;

  // Loads a model file / serialized model. num_threads <= 0: use the
  // library's thread setting at each run. Throws ModelError.
  static Net load_file(const std::string& path, int num_threads = 0);
  static Net load_bytes(const void* data, size_t size, int num_threads = 0);

  const std::vector<NetValueInfo>& inputs() const;
  const std::vector<NetValueInfo>& outputs() const;

  // Output shapes for inputs of these shapes (graph input order); plans.
  // Throws InvalidArgument for a wrong rank or a fixed dim that differs,
  // and when the model has int64 inputs (their contents are needed: use
  // the overload below).
  std::vector<std::vector<int64_t>> plan(const std::vector<std::vector<int64_t>>& input_shapes);
  // Output dtypes and shapes for these inputs (graph input order; the
  // contents of float32 inputs are not read); plans. Throws InvalidArgument
  // also for an input of the wrong dtype.
  std::vector<TensorSpec> plan(const std::vector<TensorView>& inputs);

  // Runs with inputs in graph input order into caller buffers of the
  // planned output dtypes and shapes (graph output order). No allocation
  // when the input shapes (and int64 input contents) equal those of the
  // previous plan. Throws InvalidArgument for a wrong count, dtype or shape.
  void run_into(const std::vector<TensorView>& inputs, const std::vector<OutputBuffer>& outputs);
  // The same for models whose outputs are all float32.
  void run_into(const std::vector<TensorView>& inputs, const std::vector<float*>& outputs);

  // Runs with inputs by name (every graph input exactly once); returns the
  // outputs by name, each of its planned dtype. Throws InvalidArgument for
  // unknown or missing names, wrong dtypes and wrong shapes.
  std::map<std::string, Tensor> run(const std::map<std::string, TensorView>& inputs);

  // Operator names (default ONNX domain) the loader accepts, sorted.
  static std::vector<std::string> supported_ops();

  // Size in bytes of the intermediate arena of the current plan (0 before
  // the first plan) and the sum of all intermediate sizes without reuse.
  size_t arena_bytes() const;
  size_t unshared_bytes() const;
  // Node count after the passes, and the op types of those nodes.
  std::vector<std::string> node_ops() const;
  // The op types the current plan executes at run time (nodes evaluated at
  // plan time, such as shape chains, are not among them).
  std::vector<std::string> planned_ops() const;
  // Number of plans made since load (load-time probes excluded): a run
  // that reuses the current plan leaves it unchanged.
  size_t plan_count() const;

  // Per-node profiling, off by default. set_profiling(true) clears what was
  // recorded; while on, every run records the wall time of each executed
  // node (steady clock, around the node's kernel call, thread hand-offs
  // included). When off, a run pays one predictable branch; when on, the
  // record grows by one float per node and run (amortised allocation). A
  // new plan (a new input shape) clears the record.
  void set_profiling(bool on);
  bool profiling() const;
  // One entry per node the current plan executes (planned_ops() order) with
  // the median over the runs recorded since profiling was switched on or the
  // plan was made; median_us is 0 and runs 0 when none was. Empty before the
  // first plan.
  std::vector<NodeProfile> profile() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace vc::dnn
