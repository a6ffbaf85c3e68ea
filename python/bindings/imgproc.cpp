#include "binders.hpp"

namespace vc::bind {

void bind_imgproc(pybind11::module_& m) {
  bind_color(m);
  bind_camera(m);
}

}  // namespace vc::bind
