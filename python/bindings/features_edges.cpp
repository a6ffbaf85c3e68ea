// Feature extraction bindings: edges.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "binders.hpp"
#include "ndarray.hpp"
#include "nogil.hpp"
#include "visioncore/edges.hpp"
#include "visioncore/error.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace vc::bind {
namespace {

std::string type_name_of(const py::handle& obj) {
  return py::str(py::type::handle_of(obj).attr("__name__")).cast<std::string>();
}

bool is_int(const py::handle& obj) {
  return !py::isinstance<py::bool_>(obj) &&
         (py::isinstance<py::int_>(obj) ||
          py::isinstance(obj, py::module_::import("numpy").attr("integer")));
}

// A Python (or numpy) integer within [lo, hi]; TypeError for other types,
// ValueError outside the range (also for ints beyond 64 bits).
int int_in(const char* func, const char* param, const py::handle& obj, int64_t lo, int64_t hi,
           const std::string& allowed) {
  if (!is_int(obj)) throw_type(func, param, allowed, type_name_of(obj));
  const py::int_ v = py::reinterpret_borrow<py::object>(obj);
  if (v < py::int_(lo) || v > py::int_(hi)) {
    throw_invalid(func, param, allowed, py::str(obj).cast<std::string>());
  }
  return static_cast<int>(v.cast<int64_t>());
}

// A real number (Python or numpy); TypeError otherwise. Range checks are the
// C++ function's.
double real_arg(const char* func, const char* param, const py::handle& obj) {
  if (py::isinstance<py::bool_>(obj) ||
      (!py::isinstance<py::int_>(obj) && !py::isinstance<py::float_>(obj) &&
       !py::isinstance(obj, py::module_::import("numpy").attr("integer")) &&
       !py::isinstance(obj, py::module_::import("numpy").attr("floating")))) {
    throw_type(func, param, "a number", type_name_of(obj));
  }
  return py::cast<double>(obj);
}

// (w, h) pair of ints within [lo, hi].
void pair_arg(const char* func, const char* param, const py::handle& obj, int64_t lo, int64_t hi,
              int* a, int* b) {
  const std::string allowed = "a pair of ints in " + std::to_string(lo) + ".." + std::to_string(hi);
  if (!py::isinstance<py::tuple>(obj) && !py::isinstance<py::list>(obj)) {
    throw_type(func, param, allowed, type_name_of(obj));
  }
  const py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
  if (seq.size() != 2) {
    throw_invalid(func, param, allowed, "a sequence of length " + std::to_string(seq.size()));
  }
  *a = int_in(func, param, seq[0], lo, hi, allowed);
  *b = int_in(func, param, seq[1], lo, hi, allowed);
}

// An (N, 2) float32 array of points (N may be 0), copied into a fresh
// contiguous (N, 2) float32 array that the caller owns.
py::array_t<float> points_arg(const char* func, const char* param, const py::handle& obj) {
  const std::string allowed = "a float32 array of shape (N, 2)";
  if (!py::isinstance<py::array>(obj)) throw_type(func, param, allowed, type_name_of(obj));
  const py::array a = py::reinterpret_borrow<py::array>(obj);
  if (!a.dtype().is(py::dtype::of<float>())) {
    throw_type(func, param, allowed, py::str(a.dtype()).cast<std::string>());
  }
  std::string shape = "shape (";
  for (py::ssize_t i = 0; i < a.ndim(); ++i) shape += (i ? ", " : "") + std::to_string(a.shape(i));
  shape += a.ndim() == 1 ? ",)" : ")";
  if (a.ndim() != 2 || a.shape(1) != 2) throw_invalid(func, param, allowed, shape);
  if (a.shape(0) > (int64_t{1} << 26)) {
    throw LimitExceeded(format_arg_error(func, param, "at most 2**26 points", shape));
  }
  py::array_t<float> copy({a.shape(0), py::ssize_t{2}});
  const auto src = a.unchecked<float, 2>();
  float* d = copy.mutable_data();
  for (py::ssize_t i = 0; i < a.shape(0); ++i) {
    d[2 * i] = src(i, 0);
    d[2 * i + 1] = src(i, 1);
  }
  return copy;
}

}  // namespace

void bind_edges(py::module_& m) {
  m.def(
      "canny",
      [](const py::object& img, const py::object& low, const py::object& high,
         const py::object& aperture, bool l2_gradient, const py::object& out) {
        const char* func = "canny";
        const double lo = real_arg(func, "low", low), hi = real_arg(func, "high", high);
        const int ap = int_in(func, "aperture", aperture, 3, 7, "3, 5 or 7");
        InputImage src = image_arg(func, "img", img, kU8, kGrayOnly);
        OutputImage dst =
            output_arg(func, out, src.view.height, src.view.width, 1, src.is_3d, PixelType::U8);
        check_no_overlap(func, dst, {&src});
        run_nogil([&] { vc::canny(src.view, dst.view, lo, hi, ap, l2_gradient); });
        return dst.array;
      },
      "img"_a, "low"_a, "high"_a, py::kw_only(), "aperture"_a = 3, "l2_gradient"_a = false,
      "out"_a = py::none(),
      R"doc(Canny edge detector (cv2.Canny), same edge maps as OpenCV.

Sobel gradients with the given aperture (replicated border; aperture 7 is
scaled by 1/16 as in OpenCV), magnitude |dx| + |dy| or, with l2_gradient,
sqrt(dx^2 + dy^2), non-maximum suppression in 4 directions, then hysteresis:
pixels above ``high`` start edges that continue through 8-connected pixels
above ``low``. Unlike cv2.Canny, low > high is an error (OpenCV swaps them).

Args:
    img: (H, W) or (H, W, 1) uint8 array.
    low: lower hysteresis threshold (>= 0, finite).
    high: upper hysteresis threshold (>= low, finite).
    aperture: Sobel size: 3 (default), 5 or 7.
    l2_gradient: use the L2 norm of the gradient instead of L1.
    out: optional uint8 array of img's shape to write into.

Returns:
    uint8 array of img's shape: 255 on edges, 0 elsewhere (``out`` if given).

Raises:
    TypeError: non-uint8 input or non-numeric thresholds.
    ValueError: empty or multi-channel input, negative or non-finite
        thresholds, low > high, aperture not 3/5/7, or a bad ``out``.

Example:
    >>> edges = vc.canny(gray, 50, 150)
)doc");

  m.def(
      "canny_from_gradients",
      [](const py::object& dx, const py::object& dy, const py::object& low,
         const py::object& high, bool l2_gradient, const py::object& out) {
        const char* func = "canny_from_gradients";
        const double lo = real_arg(func, "low", low), hi = real_arg(func, "high", high);
        InputImage gx = image_arg(func, "dx", dx, kS16, kGrayOnly);
        InputImage gy = image_arg(func, "dy", dy, kS16, kGrayOnly);
        if (gx.view.width != gy.view.width || gx.view.height != gy.view.height) {
          throw_invalid(func, "dy", "the shape of dx", "a different shape");
        }
        OutputImage dst =
            output_arg(func, out, gx.view.height, gx.view.width, 1, gx.is_3d, PixelType::U8);
        check_no_overlap(func, dst, {&gx, &gy});
        run_nogil([&] { vc::canny_from_gradients(gx.view, gy.view, dst.view, lo, hi, l2_gradient); });
        return dst.array;
      },
      "dx"_a, "dy"_a, "low"_a, "high"_a, py::kw_only(), "l2_gradient"_a = false,
      "out"_a = py::none(),
      R"doc(Canny edges from precomputed gradients (cv2.Canny(dx, dy, ...)).

The same non-maximum suppression and hysteresis as ``canny``, on the given
int16 derivatives (for example ``vc.sobel(gray, 1, 0)`` and
``vc.sobel(gray, 0, 1)``).

Args:
    dx: (H, W) int16 x derivative.
    dy: (H, W) int16 y derivative, same shape as dx.
    low: lower hysteresis threshold (>= 0, finite).
    high: upper hysteresis threshold (>= low, finite).
    l2_gradient: use the L2 norm of the gradient instead of L1.
    out: optional uint8 array of dx's shape to write into.

Returns:
    uint8 array of dx's shape: 255 on edges, 0 elsewhere (``out`` if given).

Raises:
    TypeError: dx or dy not int16, or non-numeric thresholds.
    ValueError: empty or mismatched gradients, bad thresholds, or a bad ``out``.

Example:
    >>> edges = vc.canny_from_gradients(vc.sobel(g, 1, 0), vc.sobel(g, 0, 1), 50, 150)
)doc");

  m.def(
      "corner_harris",
      [](const py::object& img, const py::object& block_size, const py::object& ksize,
         const py::object& k, const std::string& border, const py::object& out) {
        const char* func = "corner_harris";
        const int bs = int_in(func, "block_size", block_size, 1, kMaxCornerBlockSize,
                              "an int in 1.." + std::to_string(kMaxCornerBlockSize));
        const int ks = int_in(func, "ksize", ksize, 1, 7, "1, 3, 5 or 7");
        const double kk = real_arg(func, "k", k);
        const BorderMode mode = border_arg(func, border);
        InputImage src = image_arg(func, "img", img, kU8 | kF32, kGrayOnly);
        OutputImage dst =
            output_arg(func, out, src.view.height, src.view.width, 1, src.is_3d, PixelType::F32);
        check_no_overlap(func, dst, {&src});
        run_nogil([&] { vc::corner_harris(src.view, dst.view, bs, ks, kk, mode); });
        return dst.array;
      },
      "img"_a, "block_size"_a, "ksize"_a, "k"_a, py::kw_only(), "border"_a = "reflect101",
      "out"_a = py::none(),
      R"doc(Harris corner response (cv2.cornerHarris).

With Sobel derivatives dx, dy (size ksize, scaled by 1 / (2**(ksize-1) *
block_size), and by 1/255 for uint8 input, as OpenCV) summed over a
block_size x block_size window: a = sum dx^2, b = sum dx*dy, c = sum dy^2,
the response is a*c - b^2 - k*(a + c)^2.

Args:
    img: (H, W) uint8 or float32 array.
    block_size: window side, 1..255.
    ksize: Sobel aperture 1, 3, 5 or 7.
    k: Harris free parameter (finite; typically 0.04..0.06).
    border: "reflect101" (default), "replicate", "reflect", "wrap" or
        "constant" (zeros).
    out: optional float32 array of img's shape to write into.

Returns:
    float32 array of img's shape (``out`` if given).

Raises:
    TypeError: input not uint8/float32, or non-numeric arguments.
    ValueError: empty or multi-channel input, bad block_size or ksize,
        non-finite k, unknown border, or a bad ``out``.

Example:
    >>> r = vc.corner_harris(gray, 2, 3, 0.04)
)doc");

  m.def(
      "corner_min_eigen",
      [](const py::object& img, const py::object& block_size, const py::object& ksize,
         const std::string& border, const py::object& out) {
        const char* func = "corner_min_eigen";
        const int bs = int_in(func, "block_size", block_size, 1, kMaxCornerBlockSize,
                              "an int in 1.." + std::to_string(kMaxCornerBlockSize));
        const int ks = int_in(func, "ksize", ksize, 1, 7, "1, 3, 5 or 7");
        const BorderMode mode = border_arg(func, border);
        InputImage src = image_arg(func, "img", img, kU8 | kF32, kGrayOnly);
        OutputImage dst =
            output_arg(func, out, src.view.height, src.view.width, 1, src.is_3d, PixelType::F32);
        check_no_overlap(func, dst, {&src});
        run_nogil([&] { vc::corner_min_eigen(src.view, dst.view, bs, ks, mode); });
        return dst.array;
      },
      "img"_a, "block_size"_a, py::kw_only(), "ksize"_a = 3, "border"_a = "reflect101",
      "out"_a = py::none(),
      R"doc(Minimal eigenvalue of the gradient covariance (cv2.cornerMinEigenVal).

With a, b, c as in ``corner_harris``: (a + c)/2 - sqrt(((a - c)/2)^2 + b^2).

Args:
    img: (H, W) uint8 or float32 array.
    block_size: window side, 1..255.
    ksize: Sobel aperture 1, 3 (default), 5 or 7.
    border: "reflect101" (default), "replicate", "reflect", "wrap" or
        "constant" (zeros).
    out: optional float32 array of img's shape to write into.

Returns:
    float32 array of img's shape (``out`` if given).

Raises:
    TypeError: input not uint8/float32, or non-integer sizes.
    ValueError: empty or multi-channel input, bad block_size or ksize,
        unknown border, or a bad ``out``.

Example:
    >>> r = vc.corner_min_eigen(gray, 3)
)doc");

  m.def(
      "good_features_to_track",
      [](const py::object& img, const py::object& max_corners, const py::object& quality_level,
         const py::object& min_distance, const py::object& mask, const py::object& block_size,
         bool use_harris, const py::object& k) {
        const char* func = "good_features_to_track";
        const int mc = int_in(func, "max_corners", max_corners, -(int64_t{1} << 31) + 1,
                              (int64_t{1} << 31) - 1, "an int >= 0 (0: no limit)");
        const double q = real_arg(func, "quality_level", quality_level);
        const double md = real_arg(func, "min_distance", min_distance);
        const int bs = int_in(func, "block_size", block_size, 1, kMaxCornerBlockSize,
                              "an int in 1.." + std::to_string(kMaxCornerBlockSize));
        const double kk = real_arg(func, "k", k);
        InputImage src = image_arg(func, "img", img, kU8 | kF32, kGrayOnly);
        InputImage msk;
        const bool has_mask = !mask.is_none();
        if (has_mask) msk = image_arg(func, "mask", mask, kU8, kGrayOnly);
        std::vector<CornerPoint> pts;
        run_nogil([&] {
          pts = vc::good_features_to_track(src.view, mc, q, md, has_mask ? &msk.view : nullptr,
                                           bs, use_harris, kk);
        });
        py::array_t<float> res({static_cast<py::ssize_t>(pts.size()), py::ssize_t{2}});
        if (!pts.empty()) std::memcpy(res.mutable_data(), pts.data(), pts.size() * 2 * sizeof(float));
        return res;
      },
      "img"_a, "max_corners"_a, "quality_level"_a, "min_distance"_a, py::kw_only(),
      "mask"_a = py::none(), "block_size"_a = 3, "use_harris"_a = false, "k"_a = 0.04,
      R"doc(Strongest corners (cv2.goodFeaturesToTrack, gradient size 3).

The min-eigenvalue (or Harris) response; values not above quality_level
times the maximum (over the mask) are dropped; the remaining 3x3 local maxima
(away from the outermost pixel ring, inside the mask) are taken strongest
first, skipping any closer than min_distance to one already taken, up to
max_corners.

Args:
    img: (H, W) uint8 or float32 array.
    max_corners: most corners returned; 0 means no limit.
    quality_level: fraction of the best response a corner needs, in (0, 1).
    min_distance: minimum Euclidean distance between corners (>= 0).
    mask: optional (H, W) uint8 array; corners only where it is non-zero.
    block_size: covariance window side, 1..255 (default 3).
    use_harris: use the Harris response instead of the min eigenvalue.
    k: Harris parameter (default 0.04).

Returns:
    (N, 2) float32 array of (x, y), strongest first.

Raises:
    TypeError: input not uint8/float32, mask not uint8, non-numeric arguments.
    ValueError: empty or multi-channel input, max_corners < 0,
        quality_level outside (0, 1), negative min_distance, bad block_size,
        non-finite k, or a mask of another shape.

Example:
    >>> pts = vc.good_features_to_track(gray, 500, 0.01, 10)
)doc");

  m.def(
      "corner_subpix",
      [](const py::object& img, const py::object& corners, const py::object& win,
         const py::object& zero_zone, const py::object& max_iter, const py::object& eps) {
        const char* func = "corner_subpix";
        int ww, wh, zw, zh;
        pair_arg(func, "win", win, 1, 1024, &ww, &wh);
        pair_arg(func, "zero_zone", zero_zone, -1, 1024, &zw, &zh);
        const int it = int_in(func, "max_iter", max_iter, 1, 1 << 20, "an int >= 1");
        const double e = real_arg(func, "eps", eps);
        InputImage src = image_arg(func, "img", img, kU8 | kF32, kGrayOnly);
        py::array_t<float> pts = points_arg(func, "corners", corners);
        auto* p = reinterpret_cast<CornerPoint*>(pts.mutable_data());
        const size_t n = static_cast<size_t>(pts.shape(0));
        run_nogil([&] { vc::corner_subpix(src.view, p, n, ww, wh, zw, zh, it, e); });
        return pts;
      },
      "img"_a, "corners"_a, py::kw_only(), "win"_a = py::make_tuple(5, 5),
      "zero_zone"_a = py::make_tuple(-1, -1), "max_iter"_a = 30, "eps"_a = 0.01,
      R"doc(Refine corner positions to sub-pixel accuracy (cv2.cornerSubPix).

Iterates, for each point, the least-squares intersection of the lines
through the window's pixels along their gradients, with Gaussian weights,
until a step is at most eps or after max_iter steps (at most 100, like
OpenCV's TermCriteria EPS + COUNT). A point whose result moves further than
the window from its start keeps its start.

Args:
    img: (H, W) uint8 or float32 array, at least 2 * win + 5 on each side.
    corners: (N, 2) float32 array of (x, y) inside the image (not modified).
    win: (w, h) half sizes of the search window; the window is
        (2w + 1) x (2h + 1). Default (5, 5).
    zero_zone: (w, h) half sizes of a central dead zone, or (-1, -1) (default)
        for none.
    max_iter: most iterations per point (>= 1; at most 100 are run).
    eps: stop when a step is at most this many pixels (>= 0).

Returns:
    (N, 2) float32 array of refined (x, y).

Raises:
    TypeError: input not uint8/float32, corners not a float32 array,
        non-numeric arguments.
    ValueError: empty or multi-channel input, corners not of shape (N, 2) or
        outside the image, bad win / zero_zone / max_iter / eps, or an image
        smaller than the window.

Example:
    >>> pts = vc.corner_subpix(gray, vc.good_features_to_track(gray, 100, 0.01, 10))
)doc");
}

}  // namespace vc::bind
