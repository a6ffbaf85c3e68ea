// BatchNormalization folded into the Conv that feeds it.
#include "dnn/passes.hpp"

namespace vc::dnn {

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

}  // namespace vc::dnn
