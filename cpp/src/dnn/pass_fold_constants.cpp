// Constant folding: nodes whose inputs are all constant are evaluated at
// load, and initializers are decoded into host tensors.
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
  } else if (t.data_type == onnx::kFloat || t.data_type == onnx::kInt64 ||
             t.data_type == onnx::kInt32) {
    h.dtype = onnx::kUndefined;  // payload disagrees with the dims: never used
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

}  // namespace vc::dnn
