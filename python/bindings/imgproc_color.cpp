// Color conversion bindings.
#include <pybind11/pybind11.h>

#include <cmath>
#include <string>

#include "binders.hpp"
#include "ndarray.hpp"
#include "nogil.hpp"
#include "visioncore/color.hpp"
#include "visioncore/error.hpp"

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

// Binds a same-dtype conversion to `out_ch` channels (always HxWxC out).
template <void (*Op)(const ConstImageView&, const ImageView&)>
py::object convert(const char* func, const py::object& img, const py::object& out, unsigned dtypes,
                   ChannelSpec spec, int out_ch) {
  InputImage src = image_arg(func, "img", img, dtypes, spec);
  OutputImage dst =
      output_arg(func, out, src.view.height, src.view.width, out_ch, true, src.view.type);
  check_no_overlap(func, dst, {&src});
  run_nogil([&] { Op(src.view, dst.view); });
  return dst.array;
}

// rgb_to_bgr: like convert, but `out` may be the input itself (in place).
py::object swap_rb(const py::object& img, const py::object& out) {
  const char* func = "rgb_to_bgr";
  InputImage src = image_arg(func, "img", img, kU8 | kU16 | kF32, kColor34);
  OutputImage dst = output_arg(func, out, src.view.height, src.view.width, src.view.channels, true,
                               src.view.type);
  const bool in_place = dst.view.data == src.view.data && dst.view.stride == src.view.stride;
  if (!in_place && views_overlap(src.view, dst.view)) {
    throw_invalid(func, "out", "the input itself (in place) or an array not sharing memory with it",
                  "an array partially overlapping the input");
  }
  run_nogil([&] { vc::rgb_to_bgr(src.view, dst.view); });
  return dst.array;
}

// alpha: None, or a real number (Python or numpy int/float; not bool).
// Range checks are vc::rgb_to_rgba's (ValueError naming 'alpha').
bool alpha_arg(const char* func, const py::object& alpha, double* value) {
  if (alpha.is_none()) return false;
  PyObject* o = alpha.ptr();
  if (PyBool_Check(o)) throw_type(func, "alpha", "None or a number", "bool");
  if (PyIndex_Check(o)) {
    py::object i = py::reinterpret_steal<py::object>(PyNumber_Index(o));
    if (!i) throw py::error_already_set();
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(i.ptr(), &overflow);
    if (v == -1 && PyErr_Occurred()) throw py::error_already_set();
    *value = overflow > 0 ? HUGE_VAL : overflow < 0 ? -HUGE_VAL : static_cast<double>(v);
    return true;
  }
  // only real numbers (__float__); PyNumber_Float would also parse strings
  const PyNumberMethods* nb = Py_TYPE(o)->tp_as_number;
  py::object f;
  if (nb && nb->nb_float) f = py::reinterpret_steal<py::object>(PyNumber_Float(o));
  if (!f) {
    PyErr_Clear();
    throw_type(func, "alpha", "None or a number",
               py::str(py::type::handle_of(alpha).attr("__name__")).cast<std::string>());
  }
  *value = PyFloat_AsDouble(f.ptr());
  return true;
}

py::object add_alpha(const py::object& img, const py::object& alpha, const py::object& out) {
  const char* func = "rgb_to_rgba";
  double a = 0;
  const bool given = alpha_arg(func, alpha, &a);
  InputImage src = image_arg(func, "img", img, kU8 | kU16 | kF32, kColor3);
  OutputImage dst = output_arg(func, out, src.view.height, src.view.width, 4, true, src.view.type);
  check_no_overlap(func, dst, {&src});
  if (given) {
    run_nogil([&] { vc::rgb_to_rgba(src.view, dst.view, a); });
  } else {
    run_nogil([&] { vc::rgb_to_rgba(src.view, dst.view); });
  }
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

  m.def(
      "gray_to_rgb",
      [](const py::object& img, const py::object& out) {
        return convert<vc::gray_to_rgb>("gray_to_rgb", img, out, kU8 | kU16 | kF32, kGrayOnly, 3);
      },
      "img"_a, py::kw_only(), "out"_a = py::none(),
      R"doc(Replicate a gray image into three equal channels (OpenCV COLOR_GRAY2RGB).

Args:
    img: (H, W) or (H, W, 1) array, uint8, uint16 or float32.
    out: optional (H, W, 3) array of the same dtype to write into.

Returns:
    (H, W, 3) array of the input dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype or non-array input.
    ValueError: wrong shape, empty image, or a bad ``out``.

Example:
    >>> rgb = vc.gray_to_rgb(np.zeros((480, 640), np.uint8))
)doc");

  m.def("rgb_to_bgr", &swap_rb, "img"_a, py::kw_only(), "out"_a = py::none(),
        R"doc(Swap the first and third channels: RGB <-> BGR, RGBA <-> BGRA.

The same function converts in both directions (OpenCV COLOR_RGB2BGR,
COLOR_RGBA2BGRA). A 4th channel is copied unchanged.

Args:
    img: (H, W, 3) or (H, W, 4) array, uint8, uint16 or float32.
    out: optional array of the same shape and dtype to write into. It may be
        ``img`` itself to convert in place (``vc.rgb_to_bgr(a, out=a)``);
        any other overlap with ``img`` is an error.

Returns:
    Array of the input shape and dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype or non-array input.
    ValueError: wrong shape, empty image, or a bad ``out`` (including one
        that partially overlaps ``img``).

Example:
    >>> bgr = vc.rgb_to_bgr(rgb)
    >>> _ = vc.rgb_to_bgr(rgb, out=rgb)  # in place
)doc");

  m.def(
      "rgba_to_rgb",
      [](const py::object& img, const py::object& out) {
        return convert<vc::rgba_to_rgb>("rgba_to_rgb", img, out, kU8 | kU16 | kF32, kColor4, 3);
      },
      "img"_a, py::kw_only(), "out"_a = py::none(),
      R"doc(Drop the alpha channel (OpenCV COLOR_RGBA2RGB; also BGRA -> BGR).

Args:
    img: (H, W, 4) array, uint8, uint16 or float32.
    out: optional (H, W, 3) array of the same dtype to write into.

Returns:
    (H, W, 3) array of the input dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype or non-array input.
    ValueError: wrong shape, empty image, or a bad ``out``.

Example:
    >>> rgb = vc.rgba_to_rgb(np.zeros((480, 640, 4), np.uint8))
)doc");

  m.def("rgb_to_rgba", &add_alpha, "img"_a, py::kw_only(), "alpha"_a = py::none(),
        "out"_a = py::none(),
        R"doc(Append an alpha channel (OpenCV COLOR_RGB2RGBA; also BGR -> BGRA).

Args:
    img: (H, W, 3) array, uint8, uint16 or float32.
    alpha: value of the new channel. Default: opaque, i.e. the dtype's
        maximum (255, 65535) or 1.0 for float32. Must be an integer in
        [0, 255] for uint8, in [0, 65535] for uint16, a finite value for
        float32.
    out: optional (H, W, 4) array of the same dtype to write into.

Returns:
    (H, W, 4) array of the input dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype, non-array input, or a non-numeric ``alpha``.
    ValueError: wrong shape, empty image, a bad ``out``, or ``alpha`` out of
        range for the dtype.

Example:
    >>> rgba = vc.rgb_to_rgba(np.zeros((480, 640, 3), np.uint8), alpha=128)
)doc");

  m.def(
      "rgb_to_hsv",
      [](const py::object& img, const py::object& out) {
        return convert<vc::rgb_to_hsv>("rgb_to_hsv", img, out, kU8 | kF32, kColor34, 3);
      },
      "img"_a, py::kw_only(), "out"_a = py::none(),
      R"doc(Convert RGB (or RGBA, alpha ignored) to HSV, as OpenCV COLOR_RGB2HSV.

uint8: H in [0, 180) (degrees / 2), S and V in [0, 255]; bit-identical to
OpenCV (12-bit fixed point). float32 (RGB in [0, 1]): H in degrees [0, 360)
(a hue just below 360 may round to 360.0), S and V in [0, 1]; bit-identical
to OpenCV's vectorized float path (its scalar tail may differ by one ulp).
uint16 is not supported (nor is it by OpenCV).

Args:
    img: (H, W, 3) or (H, W, 4) array, uint8 or float32.
    out: optional (H, W, 3) array of the same dtype to write into.

Returns:
    (H, W, 3) array of the input dtype: H, S, V (``out`` if given).

Raises:
    TypeError: unsupported dtype or non-array input.
    ValueError: wrong shape, empty image, or a bad ``out``.

Example:
    >>> hsv = vc.rgb_to_hsv(np.zeros((480, 640, 3), np.uint8))
)doc");

  m.def(
      "hsv_to_rgb",
      [](const py::object& img, const py::object& out) {
        return convert<vc::hsv_to_rgb>("hsv_to_rgb", img, out, kU8 | kF32, kColor3, 3);
      },
      "img"_a, py::kw_only(), "out"_a = py::none(),
      R"doc(Convert HSV to RGB, as OpenCV COLOR_HSV2RGB.

uint8: H in [0, 180) (values up to 255 wrap around), S and V in [0, 255];
the result is truncated to uint8, bit-identical to OpenCV's vectorized path
(OpenCV's scalar tail rounds instead, so cv2 itself differs by 1 on a few
pixels at the end of short rows). float32: H in degrees (H >= 360 wraps
around, negative H takes the 0-60 degree formula, NaN or infinite H gives
NaN), S and V in [0, 1]; bit-identical to OpenCV's vectorized float path.

Args:
    img: (H, W, 3) array of H, S, V; uint8 or float32.
    out: optional (H, W, 3) array of the same dtype to write into.

Returns:
    (H, W, 3) RGB array of the input dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype or non-array input.
    ValueError: wrong shape, empty image, or a bad ``out``.

Example:
    >>> rgb = vc.hsv_to_rgb(vc.rgb_to_hsv(img))
)doc");
}

}  // namespace vc::bind
