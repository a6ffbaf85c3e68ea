// Relu / Clip / LeakyRelu fused into the node that feeds it when that op
// accepts an epilogue (Conv, Gemm, MatMul, Add/Sub/Mul/Div, Sum).
#include "dnn/passes.hpp"

namespace vc::dnn {

int fuse_activations(Graph& g) {
  int fused = 0;
  for (auto& n : g.nodes) {
    if (n.dead || n.inputs.empty()) continue;
    Epilogue e;
    if (!n.op->as_activation(&e)) continue;
    GraphNode* p = sole_producer(g, n.inputs[0]);
    if (!p) continue;
    if (!p->op->fuse_activation(e)) continue;
    absorb(g, *p, n);
    ++fused;
  }
  return fused;
}

}  // namespace vc::dnn
