// One binder per area; module.cpp calls them in order.
#pragma once

#include <pybind11/pybind11.h>

namespace vc::bind {

void bind_core(pybind11::module_& m);
void bind_imgproc(pybind11::module_& m);
// Parts of imgproc, one file each.
void bind_color(pybind11::module_& m);
void bind_camera(pybind11::module_& m);
void bind_geometry(pybind11::module_& m);
void bind_filter(pybind11::module_& m);
void bind_morph(pybind11::module_& m);
void bind_nonlinear(pybind11::module_& m);
void bind_hist(pybind11::module_& m);
void bind_arith(pybind11::module_& m);
void bind_draw(pybind11::module_& m);
// Feature extraction, one file each.
void bind_features(pybind11::module_& m);
void bind_edges(pybind11::module_& m);
void bind_shapes(pybind11::module_& m);
// CNN inference: the `dnn` submodule, its parts one file each.
void bind_dnn_module(pybind11::module_& m);
void bind_dnn(pybind11::module_& dnn);
void bind_dnn_kernels(pybind11::module_& dnn);
void bind_dnn_blob(pybind11::module_& dnn);
void bind_keypoints(pybind11::module_& m);
void bind_templ(pybind11::module_& m);

}  // namespace vc::bind
