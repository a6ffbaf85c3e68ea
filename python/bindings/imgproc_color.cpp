// Color conversion bindings.
#include <pybind11/pybind11.h>

#include "binders.hpp"
#include "ndarray.hpp"
#include "nogil.hpp"
#include "visioncore/color.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace vc::bind {
namespace {

// Binds a "3/4-channel color image -> gray" conversion.
template <void (*Op)(const ConstImageView&, const ImageView&)>
py::object to_gray(const char* func, const py::object& img, const py::object& out) {
  InputImage src = image_arg(func, "img", img, kU8 | kU16 | kF32, kColor34);
  OutputImage dst = output_arg(func, out, src.view.height, src.view.width, 1, false, src.view.type);
  check_no_overlap(func, dst, {&src});
  run_nogil([&] { Op(src.view, dst.view); });
  return dst.array;
}

}  // namespace

void bind_color(py::module_& m) {
  m.def(
      "rgb_to_gray",
      [](const py::object& img, const py::object& out) {
        return to_gray<vc::rgb_to_gray>("rgb_to_gray", img, out);
      },
      "img"_a, py::kw_only(), "out"_a = py::none(),
      R"doc(Convert an RGB (or RGBA) image to gray: Y = 0.299 R + 0.587 G + 0.114 B.

Bit-identical to OpenCV's COLOR_RGB2GRAY for uint8 and uint16 (15-bit fixed
point with rounding); float32 within one float ulp.

Args:
    img: (H, W, 3) or (H, W, 4) array, uint8, uint16 or float32. Alpha is ignored.
    out: optional (H, W) array of the same dtype to write into.

Returns:
    (H, W) array of the input dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype or non-array input.
    ValueError: wrong shape, empty image, or a bad ``out``.

Example:
    >>> gray = vc.rgb_to_gray(np.zeros((480, 640, 3), np.uint8))
)doc");
  m.def(
      "bgr_to_gray",
      [](const py::object& img, const py::object& out) {
        return to_gray<vc::bgr_to_gray>("bgr_to_gray", img, out);
      },
      "img"_a, py::kw_only(), "out"_a = py::none(),
      R"doc(Convert a BGR (or BGRA) image to gray: Y = 0.299 R + 0.587 G + 0.114 B.

Bit-identical to OpenCV's COLOR_BGR2GRAY for uint8 and uint16.

Args:
    img: (H, W, 3) or (H, W, 4) array in B, G, R(, A) order; uint8, uint16 or float32.
    out: optional (H, W) array of the same dtype to write into.

Returns:
    (H, W) array of the input dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype or non-array input.
    ValueError: wrong shape, empty image, or a bad ``out``.
)doc");
}

}  // namespace vc::bind
