// Declarations of the operator factories listed in ops.inc (internal).
#pragma once

#include "dnn/graph.hpp"

namespace vc::dnn {

#define VC_DNN_OP(name, factory, min_in, max_in, max_out) std::unique_ptr<Op> factory(const Graph& g, const GraphNode& n);
#include "dnn/ops.inc"
#undef VC_DNN_OP

}  // namespace vc::dnn
