// The unary elementwise op as a standalone node for a fused activation
// (internal): the fusion pass turns x * Sigmoid(x) into one Swish node.
#pragma once

#include <memory>

#include "dnn/graph.hpp"

namespace vc::dnn {

// An op computing y = act(x) for one float32 input. Supports Sigmoid, Tanh,
// HardSwish, HardSigmoid and Swish; its as_activation() reports `e`, so it
// can fuse into its producer in turn.
std::unique_ptr<Op> make_activation_op(const Epilogue& e);

}  // namespace vc::dnn
