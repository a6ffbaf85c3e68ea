// The `dnn` submodule of _core: model loading and the inference engine.
#include "binders.hpp"

namespace vc::bind {

void bind_dnn_module(pybind11::module_& m) {
  auto dnn = m.def_submodule("dnn", "CNN inference from ONNX models.");
  bind_dnn(dnn);
  bind_dnn_kernels(dnn);
  bind_dnn_blob(dnn);
}

}  // namespace vc::bind
