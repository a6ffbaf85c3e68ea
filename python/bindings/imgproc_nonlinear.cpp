// Nonlinear filter bindings: median, bilateral.
#include <pybind11/pybind11.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "binders.hpp"
#include "ndarray.hpp"
#include "nogil.hpp"
#include "visioncore/error.hpp"
#include "visioncore/nonlinear.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace vc::bind {
namespace {

std::string type_name_of(const py::handle& obj) {
  return py::str(py::type::handle_of(obj).attr("__name__")).cast<std::string>();
}

// A Python (or numpy) integer; TypeError for other types, ValueError outside
// [lo, hi] (also for ints beyond 64 bits).
int int_in(const char* func, const char* param, const py::handle& obj, int64_t lo, int64_t hi,
           const std::string& allowed) {
  if (py::isinstance<py::bool_>(obj) ||
      (!py::isinstance<py::int_>(obj) &&
       !py::isinstance(obj, py::module_::import("numpy").attr("integer")))) {
    throw_type(func, param, allowed, type_name_of(obj));
  }
  const py::int_ v = py::reinterpret_borrow<py::object>(obj);
  if (v < py::int_(lo) || v > py::int_(hi)) {
    throw_invalid(func, param, allowed, py::str(obj).cast<std::string>());
  }
  return static_cast<int>(v.cast<int64_t>());
}

double number_arg(const char* func, const char* param, const py::handle& obj) {
  if (py::isinstance<py::bool_>(obj) ||
      (!py::isinstance<py::int_>(obj) && !py::isinstance<py::float_>(obj) &&
       !py::isinstance(obj, py::module_::import("numpy").attr("number")))) {
    throw_type(func, param, "a number", type_name_of(obj));
  }
  const double v = py::cast<double>(obj);
  if (!std::isfinite(v)) throw_invalid(func, param, "a finite number", py::str(obj).cast<std::string>());
  return v;
}

}  // namespace

void bind_nonlinear(py::module_& m) {
  m.def(
      "median_blur",
      [](const py::object& img, const py::object& ksize, const py::object& out) {
        const char* func = "median_blur";
        InputImage src = image_arg(func, "img", img, kU8 | kU16 | kF32);
        const int k = int_in(func, "ksize", ksize, 1, kMaxMedianKsize,
                             "an odd size in 1.." + std::to_string(kMaxMedianKsize));
        OutputImage dst = output_arg(func, out, src.view.height, src.view.width,
                                     src.view.channels, src.is_3d, src.view.type);
        check_no_overlap(func, dst, {&src});
        run_nogil([&] { vc::median_blur(src.view, dst.view, k); });
        return dst.array;
      },
      "img"_a, "ksize"_a, py::kw_only(), "out"_a = py::none(),
      R"doc(Median of the ksize x ksize window around each pixel (cv2.medianBlur).

Per channel, with the replicate border. ksize 3 and 5 use sorting networks
(uint8, uint16, float32); larger odd sizes (uint8 only, up to 255) use
Perreault & Hebert's constant-time histogram median, so the cost does not
grow with ksize. Identical to OpenCV.

Args:
    img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16 or float32.
    ksize: odd window side: 1 (copy), 3 or 5 for every dtype, 7..255 for uint8.
    out: optional array of the input's shape and dtype to write into (must
        not overlap ``img``).

Returns:
    Array of the input's shape and dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype, non-array input, non-int ksize.
    ValueError: even or out-of-range ksize, ksize > 5 for uint16/float32,
        empty image, or a bad ``out``.

Example:
    >>> clean = vc.median_blur(noisy, 5)
)doc");

  m.def(
      "bilateral_filter",
      [](const py::object& img, const py::object& d, const py::object& sigma_color,
         const py::object& sigma_space, const std::string& border, const py::object& border_value,
         const py::object& out) {
        const char* func = "bilateral_filter";
        InputImage src = image_arg(func, "img", img, kU8 | kF32, ChannelSpec{1, 3, true});
        if (src.view.channels == 2) {
          throw_invalid(func, "img", "an array of shape (H, W), (H, W, 1) or (H, W, 3)",
                        "2 channels");
        }
        const int dd = int_in(func, "d", d, INT32_MIN, INT32_MAX, "an int");
        const double sc = number_arg(func, "sigma_color", sigma_color);
        const double ss = number_arg(func, "sigma_space", sigma_space);
        const BorderMode mode = border_arg(func, border);
        double value[4] = {0, 0, 0, 0};
        if (!border_value.is_none()) {
          const Scalar4 v = scalar_arg(func, "border_value", border_value, src.view.channels);
          for (int c = 0; c < 4; ++c) value[c] = v.v[c];
        }
        OutputImage dst = output_arg(func, out, src.view.height, src.view.width,
                                     src.view.channels, src.is_3d, src.view.type);
        check_no_overlap(func, dst, {&src});
        run_nogil([&] { vc::bilateral_filter(src.view, dst.view, dd, sc, ss, mode, value); });
        return dst.array;
      },
      "img"_a, "d"_a, "sigma_color"_a, "sigma_space"_a, py::kw_only(), "border"_a = "reflect101",
      "border_value"_a = py::none(), "out"_a = py::none(),
      R"doc(Edge-preserving bilateral filter (cv2.bilateralFilter numerics).

out(p) = sum_q w(p, q) img(q) / sum_q w(p, q) over the disc |q - p| <= r, with
w = exp(-|q - p|^2 / (2 sigma_space^2)) * exp(-c^2 / (2 sigma_color^2)) and
c = the sum over channels of |img(q) - img(p)|. r = d // 2 for d > 0, else
round(1.5 * sigma_space); at least 1, at most 255. uint8 reads the color
factor from a table of integer distances and rounds half to even (within 1
of OpenCV); float32 interpolates a table over the image's value range like
OpenCV (within 1e-5 relative), skips NaN neighbours, and a NaN pixel weighs
its neighbours by distance only.

Args:
    img: (H, W), (H, W, 1) or (H, W, 3) array, uint8 or float32 (float32
        without +-Inf; NaN allowed).
    d: window diameter; <= 0 derives it from sigma_space.
    sigma_color: range sigma (> 0, finite), in pixel units.
    sigma_space: spatial sigma (> 0, finite), in pixels. As in OpenCV,
        sigmas <= 1e-6 return a copy.
    border: "reflect101" (default), "replicate", "reflect", "wrap" or "constant".
    border_value: for "constant": a number or one per channel (default 0).
    out: optional array of the input's shape and dtype to write into (must
        not overlap ``img``).

Returns:
    Array of the input's shape and dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype, non-array input, non-number parameters.
    ValueError: 2 or 4 channels, sigma <= 0 or not finite, a window radius
        above 255, Inf in a float32 image, unknown border, empty image, or a
        bad ``out``.

Example:
    >>> smooth = vc.bilateral_filter(photo, 9, 75, 75)
)doc");
}

}  // namespace vc::bind
