// Dead-node removal: nodes none of whose outputs reach a graph output.
#include "dnn/passes.hpp"

namespace vc::dnn {

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
