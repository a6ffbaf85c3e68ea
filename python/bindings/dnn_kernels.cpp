// Direct access to the inference kernels (GEMM, convolution), for tests and benchmarks.
#include <pybind11/pybind11.h>

#include "binders.hpp"

namespace py = pybind11;

namespace vc::bind {

void bind_dnn_kernels(py::module_& dnn) {}

}  // namespace vc::bind
