#include "binders.hpp"

namespace vc::bind {

void bind_imgproc(pybind11::module_& m) { bind_color(m); }

}  // namespace vc::bind
