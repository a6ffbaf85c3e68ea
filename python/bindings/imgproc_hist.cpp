// Histogram, equalization, CLAHE, integral image and Otsu/triangle bindings.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "binders.hpp"
#include "ndarray.hpp"
#include "nogil.hpp"
#include "visioncore/error.hpp"
#include "visioncore/histogram.hpp"
#include "visioncore/limits.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace vc::bind {
namespace {

std::string py_type_name(const py::handle& obj) {
  return py::str(py::type::handle_of(obj).attr("__name__")).cast<std::string>();
}

bool is_number(const py::handle& obj) {
  return py::isinstance<py::int_>(obj) || py::isinstance<py::float_>(obj) ||
         py::isinstance(obj, py::module_::import("numpy").attr("number"));
}

bool is_int(const py::handle& obj) {
  return !py::isinstance<py::bool_>(obj) &&
         (py::isinstance<py::int_>(obj) ||
          py::isinstance(obj, py::module_::import("numpy").attr("integer")));
}

// A Python int in [lo, hi]: TypeError for non-integers, ValueError outside.
int int_in(const char* func, const char* param, const py::handle& obj, int64_t lo, int64_t hi,
           const std::string& allowed) {
  if (!is_int(obj)) throw_type(func, param, allowed, py_type_name(obj));
  const py::int_ v = py::reinterpret_borrow<py::object>(obj);
  if (v < py::int_(lo) || v > py::int_(hi)) {
    throw_invalid(func, param, allowed, py::str(obj).cast<std::string>());
  }
  return static_cast<int>(v.cast<int64_t>());
}

// A pair of numbers (lo, hi), or a pair of ints.
py::sequence pair_arg(const char* func, const char* param, const py::handle& obj,
                      const std::string& allowed) {
  if (!(py::isinstance<py::tuple>(obj) || py::isinstance<py::list>(obj))) {
    throw_type(func, param, allowed, py_type_name(obj));
  }
  const py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
  if (seq.size() != 2) {
    throw_invalid(func, param, allowed, "a sequence of length " + std::to_string(seq.size()));
  }
  return seq;
}

// The optional mask: None or a uint8 (H, W) array of the image's size.
InputImage mask_arg(const char* func, const py::object& mask) {
  if (mask.is_none()) return InputImage{};
  return image_arg(func, "mask", mask, kU8, kGrayOnly);
}

py::dtype integral_dtype(IntegralType t) {
  switch (t) {
    case IntegralType::S32:
      return py::dtype::of<int32_t>();
    case IntegralType::S64:
      return py::dtype::of<int64_t>();
    default:
      return py::dtype::of<double>();
  }
}

// An integral output plane of shape (h, w[, c]) and dtype of `type`: a new
// array, or the caller's checked `out` (dtype, shape, writeable, row layout).
struct PlaneOut {
  IntegralPlane plane;
  py::object array;
};

PlaneOut plane_arg(const char* func, const char* param, const py::object& out, int64_t h,
                   int64_t w, int c, bool three_d, IntegralType type) {
  const py::dtype dt = integral_dtype(type);
  const int64_t esize = type == IntegralType::S32 ? 4 : 8;
  std::vector<py::ssize_t> shape{static_cast<py::ssize_t>(h), static_cast<py::ssize_t>(w)};
  if (three_d) shape.push_back(c);
  std::string expected = py::str(dt).cast<std::string>() + " array of shape (" +
                         std::to_string(h) + ", " + std::to_string(w) +
                         (three_d ? ", " + std::to_string(c) : std::string()) + ")";
  PlaneOut r;
  r.plane.type = type;
  if (out.is_none()) {
    py::array a(dt, shape);
    r.plane.data = a.mutable_data();
    r.plane.stride = static_cast<ptrdiff_t>(w * c * esize);
    r.array = std::move(a);
    return r;
  }
  if (!py::isinstance<py::array>(out)) throw_type(func, param, "None or a " + expected, py_type_name(out));
  py::array a = py::reinterpret_borrow<py::array>(out);
  if (!a.dtype().equal(dt) || a.dtype().byteorder() == '>') {
    throw_type(func, param, "a " + expected, py::str(a.dtype()).cast<std::string>());
  }
  bool shape_ok = a.ndim() == static_cast<py::ssize_t>(shape.size());
  for (size_t i = 0; shape_ok && i < shape.size(); ++i) shape_ok = a.shape(i) == shape[i];
  if (!shape_ok) {
    std::string got = "shape (";
    for (py::ssize_t i = 0; i < a.ndim(); ++i) got += (i ? ", " : "") + std::to_string(a.shape(i));
    throw_invalid(func, param, "a " + expected, got + ")");
  }
  if (!a.writeable()) throw_invalid(func, param, "a writeable array", "a read-only array");
  const py::ssize_t* st = a.strides();
  const int64_t row_bytes = w * c * esize;
  const bool packed = three_d ? (st[2] == esize && st[1] == c * esize) : st[1] == esize;
  const int64_t row_stride = st[0];
  const auto addr = reinterpret_cast<uintptr_t>(a.data());
  if (!packed || row_stride < row_bytes || row_stride % esize != 0 ||
      addr % static_cast<uintptr_t>(esize) != 0) {
    throw_invalid(func, param, "a C-contiguous (or row-strided, aligned) array",
                  "a non-contiguous array");
  }
  r.plane.data = a.mutable_data();
  r.plane.stride = static_cast<ptrdiff_t>(row_stride);
  r.array = out;
  return r;
}

bool overlaps(const InputImage& in, const PlaneOut& p, int64_t h, int64_t w, int c) {
  const int64_t esize = p.plane.type == IntegralType::S32 ? 4 : 8;
  const auto* b = static_cast<const uint8_t*>(p.plane.data);
  const uint8_t* e = b + (h - 1) * p.plane.stride + w * c * esize;
  const auto* ib = static_cast<const uint8_t*>(in.view.data);
  return ib < e && b < in.view.end_byte();
}

}  // namespace

void bind_hist(py::module_& m) {
  m.def(
      "histogram",
      [](const py::object& img, const py::object& bins, const py::object& range,
         const py::object& mask) {
        const char* func = "histogram";
        InputImage src = image_arg(func, "img", img, kU8 | kU16 | kF32);
        const int nb = int_in(func, "bins", bins, 1, kMaxHistBins,
                              "an int in 1.." + std::to_string(kMaxHistBins));
        HistRange r;
        if (range.is_none()) {
          if (src.view.type == PixelType::F32) {
            throw_invalid(func, "range", "a (lo, hi) pair for float32 images", "None");
          }
          r.hi = src.view.type == PixelType::U8 ? 256.0 : 65536.0;
        } else {
          const std::string allowed = "None or a (lo, hi) pair of finite numbers with lo < hi";
          const py::sequence seq = pair_arg(func, "range", range, allowed);
          if (!is_number(seq[0]) || !is_number(seq[1])) {
            throw_type(func, "range", allowed, py_type_name(seq[0]));
          }
          r.lo = py::cast<double>(seq[0]);
          r.hi = py::cast<double>(seq[1]);
          if (!std::isfinite(r.lo) || !std::isfinite(r.hi) || !(r.lo < r.hi)) {
            throw_invalid(func, "range", allowed,
                          "(" + py::str(seq[0]).cast<std::string>() + ", " +
                              py::str(seq[1]).cast<std::string>() + ")");
          }
        }
        InputImage msk = mask_arg(func, mask);
        const int cn = src.view.channels;
        std::vector<py::ssize_t> shape;
        if (src.is_3d) shape.push_back(cn);
        shape.push_back(nb);
        py::array_t<int64_t> counts(shape);
        int64_t* p = counts.mutable_data();
        run_nogil([&] { vc::histogram(src.view, nb, r, msk.view, p); });
        return counts;
      },
      "img"_a, "bins"_a = 256, "range"_a = py::none(), "mask"_a = py::none(),
      R"doc(Per-channel histogram over uniform bins (cv2.calcHist, numpy.histogram).

Bins split the half-open range [lo, hi) evenly: a sample v with lo <= v < hi
counts in bin floor((v - lo) * bins / (hi - lo)) (computed as cv2.calcHist
does, clamped to the last bin); samples outside the range and NaN are not
counted. Counts are exact int64 (cv2.calcHist returns the same values as
float32).

Args:
    img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16 or float32.
    bins: number of bins, 1..1048576 (default 256).
    range: (lo, hi) pair of numbers, lo < hi. Default for uint8 (0, 256),
        for uint16 (0, 65536); required for float32 (a float image has no
        natural range).
    mask: optional (H, W) uint8 array; only pixels where it is nonzero count.

Returns:
    int64 array of shape (bins,) for an (H, W) image, (C, bins) for an
    (H, W, C) image (row c is channel c).

Raises:
    TypeError: non-array input, unsupported dtype, non-uint8 mask, or a
        non-integer ``bins``.
    ValueError: bad shape, bins outside 1..1048576, range not a finite
        (lo, hi) with lo < hi (or missing for float32), mask of another size.

Example:
    >>> h = vc.histogram(gray)                      # 256 counts
    >>> h = vc.histogram(img_f32, 64, range=(0, 1))
)doc");

  m.def(
      "equalize_hist",
      [](const py::object& img, const py::object& out) {
        const char* func = "equalize_hist";
        InputImage src = image_arg(func, "img", img, kU8, kGrayOnly);
        OutputImage dst = output_arg(func, out, src.view.height, src.view.width, 1, src.is_3d,
                                     PixelType::U8);
        check_no_overlap(func, dst, {&src});
        run_nogil([&] { vc::equalize_hist(src.view, dst.view); });
        return dst.array;
      },
      "img"_a, py::kw_only(), "out"_a = py::none(),
      R"doc(Histogram equalization of a gray image (cv2.equalizeHist), bit-identical.

The lowest occupied level maps to 0 and level v to
round(255 * (cdf(v) - cdf(lowest)) / (N - cdf(lowest))); an image of one
level is returned unchanged.

Args:
    img: (H, W) (or (H, W, 1)) uint8 array.
    out: optional uint8 array of img's shape to write into (must not
        overlap ``img``).

Returns:
    uint8 array of img's shape (``out`` if given).

Raises:
    TypeError: non-array or non-uint8 input, or an ``out`` of another dtype.
    ValueError: more than one channel, empty image, or a bad ``out``.

Example:
    >>> flat = vc.equalize_hist(gray)
)doc");

  m.def(
      "clahe",
      [](const py::object& img, const py::object& clip_limit, const py::object& tile_grid,
         const py::object& out) {
        const char* func = "clahe";
        InputImage src = image_arg(func, "img", img, kU8 | kU16, kGrayOnly);
        if (!is_number(clip_limit) || py::isinstance<py::bool_>(clip_limit)) {
          throw_type(func, "clip_limit", "a number > 0", py_type_name(clip_limit));
        }
        const double clip = py::cast<double>(clip_limit);
        const std::string allowed = "a (tiles_x, tiles_y) pair of positive ints";
        const py::sequence seq = pair_arg(func, "tile_grid", tile_grid, allowed);
        const int tx = int_in(func, "tile_grid", seq[0], 1, kMaxSide, allowed + " up to the image size");
        const int ty = int_in(func, "tile_grid", seq[1], 1, kMaxSide, allowed + " up to the image size");
        OutputImage dst = output_arg(func, out, src.view.height, src.view.width, 1, src.is_3d,
                                     src.view.type);
        check_no_overlap(func, dst, {&src});
        run_nogil([&] { vc::clahe(src.view, dst.view, clip, tx, ty); });
        return dst.array;
      },
      "img"_a, "clip_limit"_a = 40.0, "tile_grid"_a = py::make_tuple(8, 8), py::kw_only(),
      "out"_a = py::none(),
      R"doc(Contrast-limited adaptive histogram equalization (cv2.createCLAHE(...).apply).

Bit-identical to OpenCV: one clipped, equalized lookup table per tile (the
image is extended by reflect101 to a multiple of the grid for the tile
histograms, as OpenCV does), each pixel the bilinear blend of its four
nearest tiles' tables.

Args:
    img: (H, W) (or (H, W, 1)) uint8 or uint16 array.
    clip_limit: contrast limit relative to a flat histogram (OpenCV's
        clipLimit), finite and > 0; default 40.
    tile_grid: (tiles_x, tiles_y): tiles across and down (OpenCV's
        tileGridSize), each in 1..image width / height; default (8, 8).
    out: optional array of img's shape and dtype (must not overlap ``img``).

Returns:
    Array of img's shape and dtype (``out`` if given).

Raises:
    TypeError: non-array input, a dtype other than uint8/uint16, or a
        non-numeric clip_limit / non-integer tile_grid.
    ValueError: more than one channel, clip_limit <= 0 or not finite,
        tile_grid not a pair or outside 1..width / 1..height, or a bad ``out``.

Example:
    >>> enhanced = vc.clahe(gray, clip_limit=2.0, tile_grid=(8, 8))
)doc");

  m.def(
      "integral",
      [](const py::object& img, bool squared, const py::object& out) {
        const char* func = "integral";
        InputImage src = image_arg(func, "img", img, kU8 | kU16 | kF32);
        const ConstImageView& v = src.view;
        const int64_t h = int64_t{v.height} + 1, w = int64_t{v.width} + 1;
        checked_image_bytes(func, w, h, v.channels, 8);
        const IntegralType st = integral_sum_type(v);
        py::object out_sum = out, out_sq = py::none();
        if (squared && !out.is_none()) {
          if (!py::isinstance<py::tuple>(out) || py::len(out) != 2) {
            throw_type(func, "out", "None or a (sum, sqsum) tuple of arrays with squared=True",
                       py_type_name(out));
          }
          out_sum = py::reinterpret_borrow<py::tuple>(out)[0];
          out_sq = py::reinterpret_borrow<py::tuple>(out)[1];
        }
        PlaneOut sum = plane_arg(func, "out", out_sum, h, w, v.channels, src.is_3d, st);
        PlaneOut sq;
        if (squared) {
          sq = plane_arg(func, "out", out_sq, h, w, v.channels, src.is_3d, IntegralType::F64);
        }
        if (overlaps(src, sum, h, w, v.channels) ||
            (squared && overlaps(src, sq, h, w, v.channels))) {
          throw_invalid(func, "out", "an array that does not share memory with the input",
                        "an array overlapping the input");
        }
        if (squared && !out.is_none()) {
          const auto* a = static_cast<const uint8_t*>(sum.plane.data);
          const auto* b = static_cast<const uint8_t*>(sq.plane.data);
          const int64_t sum_esize = st == IntegralType::S32 ? 4 : 8;
          const int64_t span = (h - 1) * sum.plane.stride + w * v.channels * sum_esize;
          const int64_t span_sq = (h - 1) * sq.plane.stride + w * v.channels * 8;
          if (a < b + span_sq && b < a + span) {
            throw_invalid(func, "out", "two arrays that do not share memory",
                          "overlapping sum and sqsum arrays");
          }
        }
        run_nogil([&] { vc::integral(v, sum.plane, sq.plane); });
        if (squared) return py::object(py::make_tuple(sum.array, sq.array));
        return sum.array;
      },
      "img"_a, "squared"_a = false, py::kw_only(), "out"_a = py::none(),
      R"doc(Integral image (cv2.integral / cv2.integral2), identical values.

sum[y, x] is the sum of img[:y, :x] per channel (row 0 and column 0 are
zero); sqsum the same for the squared values. Sum dtype: int32 for uint8
when it cannot overflow (H * W <= 8,421,504, any image up to 3840x2160),
int64 for larger uint8 images and for uint16, float64 for float32 (summed
in OpenCV's order: identical bits). sqsum is float64.

Args:
    img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16 or float32.
    squared: also return the integral of the squared values.
    out: optional output: the sum array, or with squared=True a
        (sum, sqsum) tuple of arrays, of the returned shapes and dtypes.

Returns:
    The (H + 1, W + 1) (or (H + 1, W + 1, C)) sum array; with squared=True
    a (sum, sqsum) tuple.

Raises:
    TypeError: non-array input, unsupported dtype, or an ``out`` of the
        wrong type or dtype.
    ValueError: bad shape, empty image, or an ``out`` of the wrong shape,
        read-only, non-contiguous or overlapping the input.

Example:
    >>> s = vc.integral(gray)
    >>> box = s[y1, x1] - s[y0, x1] - s[y1, x0] + s[y0, x0]
)doc");

  m.def(
      "threshold_otsu",
      [](const py::object& img, const py::object& mask) {
        const char* func = "threshold_otsu";
        InputImage src = image_arg(func, "img", img, kU8 | kU16, kGrayOnly);
        InputImage msk = mask_arg(func, mask);
        double level = 0;
        run_nogil([&] { level = vc::threshold_otsu(src.view, msk.view); });
        return level;
      },
      "img"_a, "mask"_a = py::none(),
      R"doc(Otsu's threshold level (what cv2.threshold returns with THRESH_OTSU).

The level t maximising the between-class variance of {v <= t} and {v > t},
the lowest on ties; identical to OpenCV. Use it with vc.threshold.

Args:
    img: (H, W) (or (H, W, 1)) uint8 or uint16 array.
    mask: optional (H, W) uint8 array; only pixels where it is nonzero count.

Returns:
    The level as a float (an integer value).

Raises:
    TypeError: non-array input, a dtype other than uint8/uint16, or a
        non-uint8 mask.
    ValueError: more than one channel, empty image, or a mask of another
        size.

Example:
    >>> t = vc.threshold_otsu(gray)
)doc");

  m.def(
      "threshold_triangle",
      [](const py::object& img, const py::object& mask) {
        const char* func = "threshold_triangle";
        InputImage src = image_arg(func, "img", img, kU8, kGrayOnly);
        InputImage msk = mask_arg(func, mask);
        double level = 0;
        run_nogil([&] { level = vc::threshold_triangle(src.view, msk.view); });
        return level;
      },
      "img"_a, "mask"_a = py::none(),
      R"doc(Triangle threshold level (what cv2.threshold returns with THRESH_TRIANGLE).

Zack's method: the level farthest from the line joining the histogram peak
to the end of its longer tail, as OpenCV computes it (identical).

Args:
    img: (H, W) (or (H, W, 1)) uint8 array.
    mask: optional (H, W) uint8 array; only pixels where it is nonzero count.

Returns:
    The level as a float (an integer value).

Raises:
    TypeError: non-array or non-uint8 input, or a non-uint8 mask.
    ValueError: more than one channel, empty image, or a mask of another
        size.

Example:
    >>> t = vc.threshold_triangle(gray)
)doc");
}

}  // namespace vc::bind
