// Graph passes: constant folding, BatchNormalization folding, activation
// fusion, dead-node removal.
#include "dnn/passes.hpp"

#include <cstring>

namespace vc::dnn {

HostTensor host_tensor(const onnx::Tensor& t) {
  HostTensor h;
  h.dtype = t.data_type;
  h.shape = t.dims;
  const size_t n = static_cast<size_t>(t.element_count());
  if (t.data_type == onnx::kFloat && t.data.size() == n * 4) {
    h.f.resize(n);
    if (n) std::memcpy(h.f.data(), t.data.data(), n * 4);
  } else if (t.data_type == onnx::kInt64 && t.data.size() == n * 8) {
    h.i.resize(n);
    if (n) std::memcpy(h.i.data(), t.data.data(), n * 8);
  } else if (t.data_type == onnx::kInt32 && t.data.size() == n * 4) {
    h.dtype = onnx::kInt64;
    h.i.resize(n);
    for (size_t k = 0; k < n; ++k) {
      int32_t v;
      std::memcpy(&v, t.data.data() + k * 4, 4);
      h.i[k] = v;
    }
  }
  return h;
}

bool fold_node(Graph& g, size_t ni) {
  GraphNode& n = g.nodes[ni];
  if (n.dead) return false;
  for (int v : n.inputs) {
    if (v >= 0 && !g.values[v].is_const) return false;
  }
  std::vector<const HostTensor*> in;
  for (int v : n.inputs) in.push_back(v < 0 ? nullptr : &g.values[v].data);
  std::vector<HostTensor> out(n.outputs.size());
  n.op->eval(in, out);
  for (size_t k = 0; k < n.outputs.size(); ++k) {
    if (n.outputs[k] < 0) continue;
    GraphValue& v = g.values[n.outputs[k]];
    v.is_const = true;
    v.dtype = out[k].dtype;
    v.data = std::move(out[k]);
    v.producer = -1;
  }
  n.dead = true;
  return true;
}

int fold_constants(Graph& g) {
  int folded = 0;
  for (size_t ni = 0; ni < g.nodes.size(); ++ni) folded += fold_node(g, ni);
  return folded;
}

namespace {

// The live node producing value v, if its only consumer is one node and it
// is not a graph output.
GraphNode* sole_producer(Graph& g, int v) {
  if (v < 0 || g.values[v].producer < 0 || g.values[v].is_output) return nullptr;
  if (g.uses(v) != 1) return nullptr;
  GraphNode& p = g.nodes[g.values[v].producer];
  if (p.dead || p.outputs.size() != 1) return nullptr;
  return &p;
}

// Makes `into` produce `node`'s first output and retires `node`.
void absorb(Graph& g, GraphNode& into, GraphNode& node) {
  const int out = node.outputs[0];
  into.outputs[0] = out;
  g.values[out].producer = g.values[node.inputs[0]].producer;
  node.dead = true;
}

}  // namespace

int fold_batch_norm(Graph& g) {
  int n_fold = 0;
  for (auto& n : g.nodes) {
    if (n.dead || n.op_type != "BatchNormalization") continue;
    std::vector<float> scale, shift;
    if (!n.op->as_channel_affine(&scale, &shift)) continue;
    GraphNode* conv = sole_producer(g, n.inputs[0]);
    if (!conv || conv->op_type != "Conv") continue;
    if (!conv->op->fold_channel_affine(scale, shift)) continue;
    absorb(g, *conv, n);
    ++n_fold;
  }
  return n_fold;
}

int fuse_activations(Graph& g) {
  int fused = 0;
  for (auto& n : g.nodes) {
    if (n.dead || n.inputs.empty()) continue;
    Epilogue e;
    if (!n.op->as_activation(&e)) continue;
    GraphNode* p = sole_producer(g, n.inputs[0]);
    if (!p || (p->op_type != "Conv" && p->op_type != "Gemm" && p->op_type != "MatMul")) continue;
    if (!p->op->fuse_activation(e)) continue;
    absorb(g, *p, n);
    ++fused;
  }
  return fused;
}

int remove_dead_nodes(Graph& g) {
  std::vector<bool> needed(g.values.size(), false);
  for (int v : g.outputs) needed[v] = true;
  int removed = 0;
  for (size_t i = g.nodes.size(); i-- > 0;) {
    GraphNode& n = g.nodes[i];
    if (n.dead) continue;
    bool any = false;
    for (int v : n.outputs) any = any || (v >= 0 && needed[v]);
    if (!any) {
      n.dead = true;
      ++removed;
      continue;
    }
    for (int v : n.inputs) {
      if (v >= 0) needed[v] = true;
    }
  }
  return removed;
}

}  // namespace vc::dnn
