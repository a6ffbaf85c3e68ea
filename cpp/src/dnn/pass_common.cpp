// Helpers shared by the fusion passes.
#include "dnn/passes.hpp"

namespace vc::dnn {

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

}  // namespace vc::dnn
