// Graph passes (internal API, vc::dnn), one per file (pass_*.cpp). Each
// runs on a built graph whose nodes all have their Op, before finalize();
// each marks replaced nodes dead and keeps the node order topological.
#pragma once

#include "dnn/graph.hpp"

namespace vc::dnn {

// Evaluates every node whose inputs are all constant; its outputs become
// constants. Returns the number of nodes folded.
int fold_constants(Graph& g);
// Folds node ni if its inputs are all constant (the loader calls this as it
// creates each op, so later ops see folded weights). True when folded.
bool fold_node(Graph& g, size_t ni);
// Conv followed by BatchNormalization (Conv output used only there):
// the BN scale/shift go into the Conv weights and bias.
int fold_batch_norm(Graph& g);
// Conv / Gemm / MatMul / Add / Sub / Mul / Div / Sum followed by Relu,
// Clip (constant bounds) or LeakyRelu: the activation runs in the
// producer's epilogue.
int fuse_activations(Graph& g);
// Marks nodes none of whose outputs reach a graph output.
int remove_dead_nodes(Graph& g);

// Fusion helpers (pass_common.cpp): the live node producing value v when
// its only consumer is one node and v is not a graph output, else null;
// absorb() makes `into` produce `node`'s output and retires `node`.
GraphNode* sole_producer(Graph& g, int v);
void absorb(Graph& g, GraphNode& into, GraphNode& node);

// Decodes an initializer / Constant tensor: float32 as f, int64 and int32
// as int64 in i; other element types keep only dtype and shape.
HostTensor host_tensor(const onnx::Tensor& t);

}  // namespace vc::dnn
