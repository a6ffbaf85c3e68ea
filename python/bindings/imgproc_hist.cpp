// Histogram, equalization, CLAHE, integral image and Otsu/triangle bindings.
#include <pybind11/pybind11.h>

#include "binders.hpp"
#include "ndarray.hpp"
#include "nogil.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace vc::bind {

void bind_hist(py::module_& m) {}

}  // namespace vc::bind
