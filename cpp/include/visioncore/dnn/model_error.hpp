// The error every model reader and loader in vc::dnn throws for a model it
// cannot accept: a file that is not a well-formed ONNX protobuf, a field with
// an impossible value (negative dims, payload size that disagrees with the
// declared shape), an unsafe external-data path, or a size above a limit.
// It is an InvalidArgument, so Python sees a ValueError (vc.dnn.ModelError).
// The message names the element (graph, node, attribute, tensor) and the
// problem.
#pragma once

#include "visioncore/error.hpp"

namespace vc::dnn {

class ModelError : public InvalidArgument {
 public:
  using InvalidArgument::InvalidArgument;
};

}  // namespace vc::dnn
