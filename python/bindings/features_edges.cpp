// Feature extraction bindings: edges.
#include <pybind11/pybind11.h>

#include "binders.hpp"
#include "ndarray.hpp"
#include "nogil.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace vc::bind {

void bind_edges(py::module_& m) {}

}  // namespace vc::bind
