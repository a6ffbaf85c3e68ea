// Activation fusion. First x * Sigmoid(x) (SiLU / Swish, either operand
// order, the Sigmoid used only by that Mul) becomes one Swish node; then
// every activation (Relu, Clip with constant bounds, LeakyRelu, Sigmoid,
// Tanh, HardSigmoid, HardSwish, Swish) moves into the node that feeds it
// when that op accepts the epilogue (Conv, Gemm, MatMul take all of them;
// Add/Sub/Mul/Div and Sum the clamp-like ones).
#include "dnn/op_unary.hpp"
#include "dnn/passes.hpp"

namespace vc::dnn {

namespace {

// Mul node m computing x * Sigmoid(x): rewritten in place as Swish(x), the
// Sigmoid retired. True when rewritten.
bool fuse_swish(Graph& g, GraphNode& m) {
  if (m.op_type != "Mul" || m.inputs.size() != 2) return false;
  for (int k = 0; k < 2; ++k) {
    const int s = m.inputs[k], x = m.inputs[1 - k];
    if (s < 0 || x < 0 || s == x) continue;
    GraphNode* sig = sole_producer(g, s);
    if (!sig || sig->op_type != "Sigmoid" || sig->inputs.size() != 1 || sig->inputs[0] != x) {
      continue;
    }
    Epilogue e;
    e.act = Activation::Swish;
    std::unique_ptr<Op> op = make_activation_op(e);
    op->set_desc(m.desc + " (x * Sigmoid(x) fused)");
    m.op = std::move(op);
    m.op_type = "Swish";
    m.inputs = {x};
    sig->dead = true;
    return true;
  }
  return false;
}

}  // namespace

int fuse_activations(Graph& g) {
  int fused = 0;
  for (auto& n : g.nodes) {
    if (!n.dead && fuse_swish(g, n)) ++fused;
  }
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
