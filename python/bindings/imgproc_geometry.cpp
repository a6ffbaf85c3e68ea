// Geometry: resize, warps, remap, undistort, flips, padding bindings.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <climits>
#include <string>
#include <vector>

#include "binders.hpp"
#include "ndarray.hpp"
#include "nogil.hpp"
#include "visioncore/error.hpp"
#include "visioncore/geometry.hpp"
#include "visioncore/limits.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace vc::bind {
namespace {

constexpr unsigned kGeoTypes = kU8 | kU16 | kF32;

std::string type_name_of(const py::handle& obj) {
  return py::str(py::type::handle_of(obj).attr("__name__")).cast<std::string>();
}

Interpolation interp_arg(const char* func, const std::string& name, bool allow_area) {
  if (allow_area) {
    return static_cast<Interpolation>(
        choice_arg(func, "interpolation", name, {"nearest", "linear", "area", "cubic"}));
  }
  const int i = choice_arg(func, "interpolation", name, {"nearest", "linear", "cubic"});
  return i == 0 ? Interpolation::Nearest : (i == 1 ? Interpolation::Linear : Interpolation::Cubic);
}

// A Python integer as int64; ValueError when it does not fit, TypeError when
// it is not an integer (bool included).
int64_t int_arg(const char* func, const char* param, const py::handle& obj) {
  if (py::isinstance<py::bool_>(obj) ||
      !(py::isinstance<py::int_>(obj) ||
        py::isinstance(obj, py::module_::import("numpy").attr("integer")))) {
    throw_type(func, param, "an integer", type_name_of(obj));
  }
  const py::int_ v = py::reinterpret_borrow<py::object>(obj);
  int overflow = 0;
  const long long r = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
  if (overflow != 0) throw_invalid(func, param, "an integer within 64 bits", py::str(obj).cast<std::string>());
  return static_cast<int64_t>(r);
}

// (width, height) as a pair of positive integers.
void size_arg(const char* func, const char* param, const py::handle& obj, int* w, int* h) {
  if (py::isinstance<py::str>(obj) || !py::isinstance<py::sequence>(obj)) {
    throw_type(func, param, "a (width, height) pair of integers", type_name_of(obj));
  }
  const py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
  if (seq.size() != 2) {
    throw_invalid(func, param, "a (width, height) pair", "a sequence of length " + std::to_string(seq.size()));
  }
  const int64_t vw = int_arg(func, param, seq[0]);
  const int64_t vh = int_arg(func, param, seq[1]);
  if (vw <= 0 || vh <= 0) {
    throw_invalid(func, param, "a positive width and height",
                  "(" + std::to_string(vw) + ", " + std::to_string(vh) + ")");
  }
  if (vw > kMaxSide || vh > kMaxSide || vw * vh > kMaxPixels) {
    throw LimitExceeded(std::string(func) + ": parameter '" + param + "': (" + std::to_string(vw) +
                        ", " + std::to_string(vh) + ") is above the size limits (" +
                        std::to_string(kMaxSide) + " pixels a side, " + std::to_string(kMaxPixels) +
                        " pixels)");
  }
  *w = static_cast<int>(vw);
  *h = static_cast<int>(vh);
}

// (fx, fy) as two finite positive numbers (a single number counts for both).
void scale_arg(const char* func, const py::handle& obj, double* fx, double* fy) {
  auto num = [&](const py::handle& h) {
    if (py::isinstance<py::bool_>(h) ||
        !(py::isinstance<py::int_>(h) || py::isinstance<py::float_>(h) ||
          py::isinstance(h, py::module_::import("numpy").attr("number")))) {
      throw_type(func, "scale", "a number or an (fx, fy) pair of numbers", type_name_of(h));
    }
    return py::cast<double>(h);
  };
  if (py::isinstance<py::str>(obj)) {
    throw_type(func, "scale", "a number or an (fx, fy) pair of numbers", type_name_of(obj));
  }
  if (py::isinstance<py::sequence>(obj)) {
    const py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
    if (seq.size() != 2) {
      throw_invalid(func, "scale", "an (fx, fy) pair", "a sequence of length " + std::to_string(seq.size()));
    }
    *fx = num(seq[0]);
    *fy = num(seq[1]);
    return;
  }
  *fx = *fy = num(obj);
}

// A float64 matrix of `rows` x `cols` from any array-like.
void matrix_arg(const char* func, const char* param, const py::handle& obj, int rows, int cols,
                double* out) {
  const std::string shape = "(" + std::to_string(rows) + ", " + std::to_string(cols) + ")";
  if (obj.is_none() || py::isinstance<py::str>(obj) || py::isinstance<py::bytes>(obj)) {
    throw_type(func, param, "a " + shape + " array of numbers", type_name_of(obj));
  }
  py::array a;
  try {
    a = py::module_::import("numpy").attr("asarray")(obj, "dtype"_a = "float64");
  } catch (const py::error_already_set&) {
    throw_type(func, param, "a " + shape + " array of numbers", type_name_of(obj));
  }
  if (a.ndim() != 2 || a.shape(0) != rows || a.shape(1) != cols) {
    std::string got = "shape (";
    for (py::ssize_t i = 0; i < a.ndim(); ++i) got += (i ? ", " : "") + std::to_string(a.shape(i));
    throw_invalid(func, param, "a " + shape + " matrix", got + ")");
  }
  py::array_t<double, py::array::c_style | py::array::forcecast> c(a);
  for (int i = 0; i < rows * cols; ++i) out[i] = c.data()[i];
}

// Distortion coefficients: 4 or 5 numbers in any 1-D or single-row/column shape.
std::vector<double> dist_arg(const char* func, const py::handle& obj) {
  if (obj.is_none() || py::isinstance<py::str>(obj)) {
    throw_type(func, "dist", "4 or 5 numbers (k1, k2, p1, p2[, k3])", type_name_of(obj));
  }
  py::array a;
  try {
    a = py::module_::import("numpy").attr("asarray")(obj, "dtype"_a = "float64");
  } catch (const py::error_already_set&) {
    throw_type(func, "dist", "4 or 5 numbers (k1, k2, p1, p2[, k3])", type_name_of(obj));
  }
  const py::ssize_t n = a.size();
  bool vector_like = a.ndim() == 1 || (a.ndim() == 2 && (a.shape(0) == 1 || a.shape(1) == 1));
  if (!vector_like || (n != 4 && n != 5)) {
    throw_invalid(func, "dist", "4 or 5 coefficients (k1, k2, p1, p2[, k3])",
                  std::to_string(n) + " values in " + std::to_string(a.ndim()) + " dimensions");
  }
  py::array_t<double, py::array::c_style | py::array::forcecast> c(a);
  return std::vector<double>(c.data(), c.data() + n);
}

BorderMode border_mode_arg(const char* func, const std::string& name) { return border_arg(func, name); }

py::object resize(const py::object& img, const py::object& size, const py::object& scale,
                  const std::string& interpolation, const py::object& out) {
  const char* f = "resize";
  const Interpolation interp = interp_arg(f, interpolation, true);
  InputImage src = image_arg(f, "img", img, kGeoTypes);
  if (size.is_none() == scale.is_none()) {
    throw_invalid(f, "size/scale", "exactly one of size=(w, h) and scale=(fx, fy)",
                  size.is_none() ? "neither" : "both");
  }
  int w = 0, h = 0;
  double fx = 0.0, fy = 0.0;
  if (!size.is_none()) {
    size_arg(f, "size", size, &w, &h);
  } else {
    scale_arg(f, scale, &fx, &fy);
    resize_output_size(f, src.view.width, src.view.height, fx, fy, &w, &h);
  }
  OutputImage dst = output_arg(f, out, h, w, src.view.channels, src.is_3d, src.view.type);
  check_no_overlap(f, dst, {&src});
  run_nogil([&] { vc::resize(src.view, dst.view, interp, fx, fy); });
  return dst.array;
}

struct WarpOptions {
  Interpolation interp;
  BorderMode border;
  Scalar4 value;
};

WarpOptions warp_options(const char* f, const InputImage& src, const std::string& interpolation,
                         const std::string& border, const py::object& border_value) {
  WarpOptions o;
  o.interp = interp_arg(f, interpolation, false);
  o.border = border_mode_arg(f, border);
  o.value = scalar_arg(f, "border_value", border_value, src.view.channels);
  return o;
}

py::object warp_affine(const py::object& img, const py::object& M, const py::object& size,
                       const std::string& interpolation, const std::string& border,
                       const py::object& border_value, bool inverse_map, const py::object& out) {
  const char* f = "warp_affine";
  InputImage src = image_arg(f, "img", img, kGeoTypes);
  double m[6];
  matrix_arg(f, "M", M, 2, 3, m);
  int w = 0, h = 0;
  size_arg(f, "size", size, &w, &h);
  const WarpOptions o = warp_options(f, src, interpolation, border, border_value);
  OutputImage dst = output_arg(f, out, h, w, src.view.channels, src.is_3d, src.view.type);
  check_no_overlap(f, dst, {&src});
  run_nogil([&] { vc::warp_affine(src.view, dst.view, m, o.interp, o.border, o.value.v, inverse_map); });
  return dst.array;
}

py::object warp_perspective(const py::object& img, const py::object& H, const py::object& size,
                            const std::string& interpolation, const std::string& border,
                            const py::object& border_value, bool inverse_map,
                            const py::object& out) {
  const char* f = "warp_perspective";
  InputImage src = image_arg(f, "img", img, kGeoTypes);
  double m[9];
  matrix_arg(f, "H", H, 3, 3, m);
  int w = 0, h = 0;
  size_arg(f, "size", size, &w, &h);
  const WarpOptions o = warp_options(f, src, interpolation, border, border_value);
  OutputImage dst = output_arg(f, out, h, w, src.view.channels, src.is_3d, src.view.type);
  check_no_overlap(f, dst, {&src});
  run_nogil([&] { vc::warp_perspective(src.view, dst.view, m, o.interp, o.border, o.value.v, inverse_map); });
  return dst.array;
}

py::object remap(const py::object& img, const py::object& map_x, const py::object& map_y,
                 const std::string& interpolation, const std::string& border,
                 const py::object& border_value, const py::object& out) {
  const char* f = "remap";
  InputImage src = image_arg(f, "img", img, kGeoTypes);
  InputImage mx = image_arg(f, "map_x", map_x, kF32, ChannelSpec{1, 1, true});
  InputImage my = image_arg(f, "map_y", map_y, kF32, ChannelSpec{1, 1, true});
  if (mx.is_3d || my.is_3d) {
    throw_invalid(f, mx.is_3d ? "map_x" : "map_y", "a 2-D float32 array of shape (H, W)", "a 3-D array");
  }
  if (mx.view.width != my.view.width || mx.view.height != my.view.height) {
    throw_invalid(f, "map_y", "the shape of map_x (" + std::to_string(mx.view.height) + ", " +
                                  std::to_string(mx.view.width) + ")",
                  "(" + std::to_string(my.view.height) + ", " + std::to_string(my.view.width) + ")");
  }
  const WarpOptions o = warp_options(f, src, interpolation, border, border_value);
  OutputImage dst = output_arg(f, out, mx.view.height, mx.view.width, src.view.channels, src.is_3d,
                               src.view.type);
  check_no_overlap(f, dst, {&src, &mx, &my});
  run_nogil([&] { vc::remap(src.view, dst.view, mx.view, my.view, o.interp, o.border, o.value.v); });
  return dst.array;
}

py::tuple init_undistort_map(const py::object& K, const py::object& dist, const py::object& size,
                             const py::object& new_K) {
  const char* f = "init_undistort_map";
  double k[9], nk[9];
  matrix_arg(f, "K", K, 3, 3, k);
  const std::vector<double> d = dist_arg(f, dist);
  if (!new_K.is_none()) matrix_arg(f, "new_K", new_K, 3, 3, nk);
  int w = 0, h = 0;
  size_arg(f, "size", size, &w, &h);
  OutputImage mx = output_arg(f, py::none(), h, w, 1, false, PixelType::F32);
  OutputImage my = output_arg(f, py::none(), h, w, 1, false, PixelType::F32);
  run_nogil([&] {
    vc::init_undistort_map(k, d.data(), static_cast<int>(d.size()), new_K.is_none() ? nullptr : nk,
                           mx.view, my.view);
  });
  return py::make_tuple(mx.array, my.array);
}

py::object undistort(const py::object& img, const py::object& K, const py::object& dist,
                     const py::object& new_K, const std::string& interpolation,
                     const py::object& out) {
  const char* f = "undistort";
  const Interpolation interp = interp_arg(f, interpolation, false);
  InputImage src = image_arg(f, "img", img, kGeoTypes);
  double k[9], nk[9];
  matrix_arg(f, "K", K, 3, 3, k);
  const std::vector<double> d = dist_arg(f, dist);
  if (!new_K.is_none()) matrix_arg(f, "new_K", new_K, 3, 3, nk);
  OutputImage dst = output_arg(f, out, src.view.height, src.view.width, src.view.channels,
                               src.is_3d, src.view.type);
  check_no_overlap(f, dst, {&src});
  run_nogil([&] {
    vc::undistort(src.view, dst.view, k, d.data(), static_cast<int>(d.size()),
                  new_K.is_none() ? nullptr : nk, interp);
  });
  return dst.array;
}

FlipAxis flip_axis_arg(const py::handle& axis) {
  const char* f = "flip";
  if (!py::isinstance<py::str>(axis)) {
    throw_type(f, "axis", "one of 'horizontal', 'vertical', 'both'", type_name_of(axis));
  }
  static const FlipAxis axes[] = {FlipAxis::Horizontal, FlipAxis::Vertical, FlipAxis::Both};
  return axes[choice_arg(f, "axis", axis.cast<std::string>(), {"horizontal", "vertical", "both"})];
}

py::object flip(const py::object& img, const py::object& axis, const py::object& out) {
  const char* f = "flip";
  const FlipAxis a = flip_axis_arg(axis);
  InputImage src = image_arg(f, "img", img, kU8 | kU16 | kS16 | kF32);
  OutputImage dst = output_arg(f, out, src.view.height, src.view.width, src.view.channels,
                               src.is_3d, src.view.type);
  check_no_overlap(f, dst, {&src});
  run_nogil([&] { vc::flip(src.view, dst.view, a); });
  return dst.array;
}

py::object rotate90(const py::object& img, const py::object& k, const py::object& out) {
  const char* f = "rotate90";
  const int64_t kk = int_arg(f, "k", k);
  const int q = static_cast<int>(((kk % 4) + 4) % 4);
  InputImage src = image_arg(f, "img", img, kU8 | kU16 | kS16 | kF32);
  const bool odd = q % 2 == 1;
  OutputImage dst = output_arg(f, out, odd ? src.view.width : src.view.height,
                               odd ? src.view.height : src.view.width, src.view.channels, src.is_3d,
                               src.view.type);
  check_no_overlap(f, dst, {&src});
  run_nogil([&] { vc::rotate90(src.view, dst.view, q); });
  return dst.array;
}

py::object pad(const py::object& img, const py::object& top, const py::object& bottom,
               const py::object& left, const py::object& right, const std::string& border,
               const py::object& border_value, const py::object& out) {
  const char* f = "pad";
  const BorderMode mode = border_mode_arg(f, border);
  InputImage src = image_arg(f, "img", img, kU8 | kU16 | kS16 | kF32);
  const int64_t t = int_arg(f, "top", top), b = int_arg(f, "bottom", bottom);
  const int64_t l = int_arg(f, "left", left), r = int_arg(f, "right", right);
  const std::pair<const char*, int64_t> sides[] = {{"top", t}, {"bottom", b}, {"left", l}, {"right", r}};
  for (const auto& s : sides) {
    if (s.second < 0) throw_invalid(f, s.first, "a size >= 0", std::to_string(s.second));
    if (s.second > kMaxSide) {
      throw LimitExceeded(std::string(f) + ": parameter '" + s.first + "' = " +
                          std::to_string(s.second) + " is above the limit of " +
                          std::to_string(kMaxSide) + " pixels");
    }
  }
  const Scalar4 value = scalar_arg(f, "border_value", border_value, src.view.channels);
  const int64_t h = src.view.height + t + b, w = src.view.width + l + r;
  checked_image_bytes(f, w, h, src.view.channels, static_cast<int64_t>(elem_size(src.view.type)));
  OutputImage dst = output_arg(f, out, static_cast<int>(h), static_cast<int>(w), src.view.channels,
                               src.is_3d, src.view.type);
  check_no_overlap(f, dst, {&src});
  run_nogil([&] {
    vc::pad(src.view, dst.view, static_cast<int>(t), static_cast<int>(b), static_cast<int>(l),
            static_cast<int>(r), mode, value.v);
  });
  return dst.array;
}

py::object crop(const py::object& img, const py::object& x, const py::object& y,
                const py::object& w, const py::object& h, bool copy) {
  const char* f = "crop";
  if (!py::isinstance<py::array>(img)) {
    throw_type(f, "img", "a numpy array of shape (H, W) or (H, W, C)", type_name_of(img));
  }
  const py::array a = py::reinterpret_borrow<py::array>(img);
  if (a.ndim() != 2 && a.ndim() != 3) {
    throw_invalid(f, "img", "an array of shape (H, W) or (H, W, C)",
                  std::to_string(a.ndim()) + " dimensions");
  }
  const int64_t xi = int_arg(f, "x", x), yi = int_arg(f, "y", y);
  const int64_t wi = int_arg(f, "w", w), hi = int_arg(f, "h", h);
  const int64_t H = a.shape(0), W = a.shape(1);
  // The same checks as vc::crop, on the array's own shape (any dtype).
  if (wi < 1 || hi < 1) {
    throw_invalid(f, "w/h", "a size of at least 1x1", std::to_string(wi) + "x" + std::to_string(hi));
  }
  if (xi < 0 || yi < 0 || wi > W || hi > H || xi > W - wi || yi > H - hi) {
    throw_invalid(f, "x/y/w/h",
                  "a rectangle inside the " + std::to_string(W) + "x" + std::to_string(H) + " image",
                  "x=" + std::to_string(xi) + ", y=" + std::to_string(yi) + ", w=" +
                      std::to_string(wi) + ", h=" + std::to_string(hi));
  }
  py::object view = a[py::make_tuple(py::slice(yi, yi + hi, 1), py::slice(xi, xi + wi, 1))];
  if (copy) return py::module_::import("numpy").attr("ascontiguousarray")(view).attr("copy")();
  return view;
}

}  // namespace

void bind_geometry(py::module_& m) {
  m.def("resize", &resize, "img"_a, "size"_a = py::none(), py::kw_only(), "scale"_a = py::none(),
        "interpolation"_a = "linear", "out"_a = py::none(),
        R"doc(Resize an image to ``size=(w, h)`` or by ``scale=(fx, fy)``.

Pixel centres use the half-pixel convention (as OpenCV, Pillow, PyTorch
``align_corners=False``). Numerics follow ``cv2.resize``:

- ``"nearest"``: source index ``floor(x / scale)`` (``cv2.INTER_NEAREST``,
  identical results).
- ``"linear"``: bilinear with edge clamping; uint8 uses OpenCV's 11-bit fixed
  point weights and rounding (identical to ``cv2.INTER_LINEAR``). Exactly 2x
  shrinking is the 2x2 box average, as in OpenCV.
- ``"area"``: when shrinking, the average over each destination pixel's
  footprint (integer factors: plain box averages); when enlarging, bilinear
  with area-style weights (``cv2.INTER_AREA``).
- ``"cubic"``: Keys bicubic with a = -0.75 and edge replication
  (``cv2.INTER_CUBIC``); uint8 within 1 of OpenCV.

Args:
    img: (H, W) or (H, W, C) array with C in 1..4; uint8, uint16 or float32.
    size: output ``(width, height)``, positive integers. Exactly one of
        ``size`` and ``scale`` must be given.
    scale: ``(fx, fy)`` factors (or one number for both) > 0; the output is
        ``round(W * fx) x round(H * fy)`` (ties to even) and the factors
        themselves map coordinates, as ``cv2.resize(img, None, fx=, fy=)``.
    interpolation: ``"nearest"``, ``"linear"`` (default), ``"area"`` or ``"cubic"``.
    out: optional array of the output shape and the input dtype.

Returns:
    The resized array (``out`` if given): (h, w) or (h, w, C), the input dtype.

Raises:
    TypeError: unsupported dtype, non-array input, non-numeric size/scale.
    ValueError: both or neither of size/scale, non-positive or non-finite
        factors, an empty result, unknown interpolation, a bad ``out``.
    LimitExceeded: an output above the size limits.

Example:
    >>> small = vc.resize(img, (320, 240), interpolation="area")
    >>> big = vc.resize(img, scale=2.0, interpolation="cubic")
)doc");

  m.def("warp_affine", &warp_affine, "img"_a, "M"_a, "size"_a, py::kw_only(),
        "interpolation"_a = "linear", "border"_a = "constant", "border_value"_a = 0,
        "inverse_map"_a = false, "out"_a = py::none(),
        R"doc(Apply an affine transform: like ``cv2.warpAffine``.

By default ``M`` maps source coordinates to destination coordinates and is
inverted here (OpenCV's behaviour without ``WARP_INVERSE_MAP``); with
``inverse_map=True`` it maps destination pixels to source coordinates:
``src = (M[0,0] x + M[0,1] y + M[0,2], M[1,0] x + M[1,1] y + M[1,2])``.
Coordinates and weights are float32 as in OpenCV 5 (uint8 within 1 of it,
nearest identical, float32 within 1e-4).

Args:
    img: (H, W) or (H, W, C) array with C in 1..4; uint8, uint16 or float32.
    M: 2x3 matrix (array-like of numbers, finite, invertible unless inverse_map).
    size: output ``(width, height)``.
    interpolation: ``"nearest"``, ``"linear"`` (default) or ``"cubic"``.
    border: ``"constant"`` (default), ``"replicate"``, ``"reflect"``, ``"wrap"``
        or ``"reflect101"``: how pixels outside the source are read.
    border_value: number or per-channel sequence used by ``"constant"``
        (converted to the dtype with rounding and saturation).
    inverse_map: ``M`` already maps destination to source.
    out: optional array of the output shape and the input dtype.

Returns:
    The warped (height, width[, C]) array of the input dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype, non-array input, non-numeric matrix.
    ValueError: wrong matrix shape, NaN/Inf entries, a singular matrix,
        unknown interpolation or border, a bad ``out``.

Example:
    >>> M = np.array([[0.96, -0.26, 40.0], [0.26, 0.96, -60.0]])
    >>> rotated = vc.warp_affine(img, M, (img.shape[1], img.shape[0]))
)doc");

  m.def("warp_perspective", &warp_perspective, "img"_a, "H"_a, "size"_a, py::kw_only(),
        "interpolation"_a = "linear", "border"_a = "constant", "border_value"_a = 0,
        "inverse_map"_a = false, "out"_a = py::none(),
        R"doc(Apply a perspective transform (homography): like ``cv2.warpPerspective``.

``H`` maps source to destination coordinates and is inverted here, unless
``inverse_map=True``, in which case a destination pixel (x, y) reads the
source at ``((H0 x + H1 y + H2) / w, (H3 x + H4 y + H5) / w)`` with
``w = H6 x + H7 y + H8`` (``w == 0`` reads as outside).

Args:
    img: (H, W) or (H, W, C) array with C in 1..4; uint8, uint16 or float32.
    H: 3x3 matrix (array-like of numbers, finite, invertible unless inverse_map).
    size: output ``(width, height)``.
    interpolation: ``"nearest"``, ``"linear"`` (default) or ``"cubic"``.
    border: ``"constant"`` (default), ``"replicate"``, ``"reflect"``, ``"wrap"``
        or ``"reflect101"``.
    border_value: number or per-channel sequence used by ``"constant"``.
    inverse_map: ``H`` already maps destination to source.
    out: optional array of the output shape and the input dtype.

Returns:
    The warped (height, width[, C]) array of the input dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype, non-array input, non-numeric matrix.
    ValueError: wrong matrix shape, NaN/Inf entries, a singular matrix,
        unknown interpolation or border, a bad ``out``.

Example:
    >>> H = np.array([[1.0, 0.1, 0.0], [0.0, 1.0, 0.0], [1e-4, 0.0, 1.0]])
    >>> warped = vc.warp_perspective(img, H, (640, 480))
)doc");

  m.def("remap", &remap, "img"_a, "map_x"_a, "map_y"_a, py::kw_only(),
        "interpolation"_a = "linear", "border"_a = "constant", "border_value"_a = 0,
        "out"_a = py::none(),
        R"doc(Sample an image at arbitrary coordinates: ``out[y, x] = img[map_y[y, x], map_x[y, x]]``.

Like ``cv2.remap`` with two CV_32FC1 maps (uint8 within 1, nearest identical,
float32 within 1e-4).

Args:
    img: (H, W) or (H, W, C) array with C in 1..4; uint8, uint16 or float32.
    map_x: (h, w) float32 array of source x coordinates (finite).
    map_y: (h, w) float32 array of source y coordinates (finite), same shape.
    interpolation: ``"nearest"``, ``"linear"`` (default) or ``"cubic"``.
    border: ``"constant"`` (default), ``"replicate"``, ``"reflect"``, ``"wrap"``
        or ``"reflect101"``.
    border_value: number or per-channel sequence used by ``"constant"``.
    out: optional (h, w[, C]) array of the input dtype.

Returns:
    The (h, w[, C]) result of the input dtype (``out`` if given).

Raises:
    TypeError: a map that is not float32, unsupported image dtype.
    ValueError: maps of different shapes, NaN/Inf in a map, unknown
        interpolation or border, a bad ``out``.

Example:
    >>> ys, xs = np.indices((480, 640), dtype=np.float32)
    >>> shifted = vc.remap(img, xs + 0.5, ys)
)doc");

  m.def("init_undistort_map", &init_undistort_map, "K"_a, "dist"_a, "size"_a, py::kw_only(),
        "new_K"_a = py::none(),
        R"doc(Lens-undistortion maps, as ``cv2.initUndistortRectifyMap(K, dist, None, new_K or K, size, cv2.CV_32FC1)``.

For each output pixel (u, v): (x, y, 1) ~ new_K^-1 (u, v, 1); with
r2 = x^2 + y^2 the distorted point is
``xd = x (1 + k1 r2 + k2 r2^2 + k3 r2^3) + 2 p1 x y + p2 (r2 + 2 x^2)`` and
``yd = y (1 + k1 r2 + k2 r2^2 + k3 r2^3) + p1 (r2 + 2 y^2) + 2 p2 x y``;
``map_x = fx xd + cx``, ``map_y = fy yd + cy``. Computed in float64, stored as
float32 (within 1e-3 pixel of OpenCV). Only fx, fy, cx, cy of ``K`` are used.

Args:
    K: 3x3 camera matrix ``[[fx, 0, cx], [0, fy, cy], [0, 0, 1]]``.
    dist: ``(k1, k2, p1, p2)`` or ``(k1, k2, p1, p2, k3)`` (OpenCV's order).
    size: output ``(width, height)``.
    new_K: 3x3 camera matrix of the undistorted image (default ``K``).

Returns:
    ``(map_x, map_y)``: two (height, width) float32 arrays for :func:`remap`.

Raises:
    TypeError: non-numeric arguments.
    ValueError: wrong shapes, a dist of another length, NaN/Inf, zero focal
        lengths or a singular ``new_K``.

Example:
    >>> mx, my = vc.init_undistort_map(K, dist, (640, 480))
    >>> fixed = vc.remap(img, mx, my)
)doc");

  m.def("undistort", &undistort, "img"_a, "K"_a, "dist"_a, py::kw_only(), "new_K"_a = py::none(),
        "interpolation"_a = "linear", "out"_a = py::none(),
        R"doc(Remove lens distortion: ``remap(img, *init_undistort_map(K, dist, size, new_K=new_K))``.

Pixels mapping outside the source become 0. The maps stay float32 (computed
block by block, never stored), so the result equals ``cv2.remap`` with
``cv2.initUndistortRectifyMap(..., cv2.CV_32FC1)`` maps; ``cv2.undistort``
quantizes its maps to 1/32 pixel and differs slightly at sharp edges.

Args:
    img: (H, W) or (H, W, C) array with C in 1..4; uint8, uint16 or float32.
    K: 3x3 camera matrix.
    dist: ``(k1, k2, p1, p2)`` or ``(k1, k2, p1, p2, k3)``.
    new_K: 3x3 camera matrix of the result (default ``K``).
    interpolation: ``"nearest"``, ``"linear"`` (default) or ``"cubic"``.
    out: optional array of the input's shape and dtype.

Returns:
    The undistorted image (``out`` if given).

Raises:
    TypeError: unsupported dtype or non-numeric arguments.
    ValueError: as :func:`init_undistort_map`, or a bad ``out``.

Example:
    >>> fixed = vc.undistort(img, K, (-0.3, 0.1, 0.0, 0.0))
)doc");

  m.def("flip", &flip, "img"_a, "axis"_a, py::kw_only(), "out"_a = py::none(),
        R"doc(Mirror an image.

``axis``: ``"horizontal"`` mirrors left-right (``cv2.flip(img, 1)``),
``"vertical"`` top-bottom (``cv2.flip(img, 0)``), ``"both"`` is a 180-degree
rotation (``cv2.flip(img, -1)``).

Args:
    img: (H, W) or (H, W, C) array with C in 1..4; uint8, uint16, int16 or float32.
    axis: ``"horizontal"``, ``"vertical"`` or ``"both"``.
    out: optional array of the input's shape and dtype (not overlapping it).

Returns:
    The mirrored array (``out`` if given).

Raises:
    TypeError: unsupported dtype, non-string axis.
    ValueError: unknown axis, a bad ``out``.

Example:
    >>> mirrored = vc.flip(img, "horizontal")
)doc");

  m.def("rotate90", &rotate90, "img"_a, "k"_a = 1, py::kw_only(), "out"_a = py::none(),
        R"doc(Rotate by ``k`` quarter turns counter-clockwise, like ``numpy.rot90(img, k)``.

``k = 1`` equals ``cv2.rotate(img, cv2.ROTATE_90_COUNTERCLOCKWISE)``, ``k = -1``
(or 3) ``cv2.ROTATE_90_CLOCKWISE``, ``k = 2`` ``cv2.ROTATE_180``. Any integer k
(taken modulo 4).

Args:
    img: (H, W) or (H, W, C) array with C in 1..4; uint8, uint16, int16 or float32.
    k: number of counter-clockwise quarter turns.
    out: optional array of the rotated shape ((W, H[, C]) for odd k).

Returns:
    The rotated array, C-contiguous (``out`` if given).

Raises:
    TypeError: unsupported dtype, non-integer k.
    ValueError: a bad ``out``.

Example:
    >>> portrait = vc.rotate90(img, -1)
)doc");

  m.def("pad", &pad, "img"_a, "top"_a, "bottom"_a, "left"_a, "right"_a, py::kw_only(),
        "border"_a = "constant", "border_value"_a = 0, "out"_a = py::none(),
        R"doc(Add borders around an image, like ``cv2.copyMakeBorder``.

Args:
    img: (H, W) or (H, W, C) array with C in 1..4; uint8, uint16, int16 or float32.
    top, bottom, left, right: border widths in pixels, >= 0 (any size, also
        larger than the image).
    border: ``"constant"`` (default), ``"replicate"``, ``"reflect"``, ``"wrap"``
        or ``"reflect101"``.
    border_value: number or per-channel sequence for ``"constant"``.
    out: optional (H + top + bottom, W + left + right[, C]) array.

Returns:
    The padded array of the input dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype, non-integer sizes.
    ValueError: negative sizes, unknown border, a bad ``out``.
    LimitExceeded: a result above the size limits.

Example:
    >>> framed = vc.pad(img, 8, 8, 8, 8, border="reflect101")
)doc");

  m.def("crop", &crop, "img"_a, "x"_a, "y"_a, "w"_a, "h"_a, py::kw_only(), "copy"_a = false,
        R"doc(The ``w x h`` rectangle at column ``x``, row ``y``: ``img[y:y+h, x:x+w]``.

Unlike plain slicing, a rectangle reaching outside the image is an error
rather than silently smaller. Bounds are checked with 64-bit integers.

Args:
    img: (H, W) or (H, W, C) numpy array of any dtype.
    x, y: top-left corner, >= 0.
    w, h: size, >= 1, with ``x + w <= W`` and ``y + h <= H``.
    copy: return a C-contiguous copy instead of a view.

Returns:
    A view sharing ``img``'s memory (or a copy when ``copy=True``).

Raises:
    TypeError: non-array input, non-integer coordinates.
    ValueError: a rectangle not inside the image, empty sizes.

Example:
    >>> roi = vc.crop(img, 10, 20, 64, 48)
)doc");
}

}  // namespace vc::bind
