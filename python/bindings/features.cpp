#include "binders.hpp"

namespace vc::bind {

void bind_features(pybind11::module_& m) {
  bind_edges(m);
  bind_shapes(m);
  bind_keypoints(m);
  bind_templ(m);
}

}  // namespace vc::bind
