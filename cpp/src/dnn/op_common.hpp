// Small helpers shared by the elementwise operator files (op_eltwise.cpp,
// op_unary.cpp, op_softmax.cpp, op_lrn.cpp); internal.
#pragma once

#include <cstring>
#include <initializer_list>
#include <string>

#include "dnn/graph.hpp"

namespace vc::dnn {

// Rejects any attribute of the node not in `known` (Attrs::allow). Legacy
// attributes of old opsets (consumed_inputs, broadcast, ...) land here too.
inline void only_attributes(const GraphNode& n, std::initializer_list<const char*> known) {
  Attrs{n}.allow(known);
}

// A float32 input's shape; ModelError naming the input otherwise.
inline const Shape& float_input(const char* func, const PlanIn& x, const char* what) {
  if (x.dtype != onnx::kFloat) op_error(func, std::string("input '") + what + "' must be float32");
  return *x.shape;
}

// Elements per parallel_for grain for cheap elementwise loops.
constexpr int64_t kEltwiseGrain = 1 << 14;

}  // namespace vc::dnn
