// ONNX model loading bindings.
#include <pybind11/pybind11.h>

#include "binders.hpp"

namespace py = pybind11;

namespace vc::bind {

void bind_dnn(py::module_& dnn) {}

}  // namespace vc::bind
