#include "binders.hpp"

namespace vc::bind {

void bind_imgproc(pybind11::module_& m) {
  bind_color(m);
  bind_camera(m);
  bind_geometry(m);
  bind_filter(m);
  bind_morph(m);
  bind_nonlinear(m);
  bind_hist(m);
  bind_arith(m);
  bind_draw(m);
}

}  // namespace vc::bind
