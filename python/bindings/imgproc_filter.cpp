// Linear filter bindings: filter2d, separable, box, Gaussian, derivatives, adaptive threshold.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "binders.hpp"
#include "ndarray.hpp"
#include "nogil.hpp"
#include "visioncore/error.hpp"
#include "visioncore/filter.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace vc::bind {
namespace {

constexpr unsigned kAllTypes = kU8 | kU16 | kS16 | kF32;

std::string py_type_name(const py::handle& obj) {
  return py::str(py::type::handle_of(obj).attr("__name__")).cast<std::string>();
}

// A Python int as int64; TypeError for non-integers, ValueError when it does
// not fit (Python ints are unbounded).
int64_t int_value(const char* func, const char* param, const py::handle& obj) {
  if (!py::isinstance<py::int_>(obj) &&
      !py::isinstance(obj, py::module_::import("numpy").attr("integer"))) {
    throw_type(func, param, "an int", py_type_name(obj));
  }
  const py::int_ v = py::reinterpret_borrow<py::object>(obj);
  const py::int_ lo(-(int64_t{1} << 40)), hi(int64_t{1} << 40);
  if (v < lo || v > hi) {
    throw_invalid(func, param, "a size in 0.." + std::to_string(kMaxFilterKernelSide),
                  py::str(obj).cast<std::string>());
  }
  return v.cast<int64_t>();
}

int int_arg(const char* func, const char* param, const py::handle& obj, int64_t lo, int64_t hi,
            const std::string& allowed) {
  const int64_t v = int_value(func, param, obj);
  if (v < lo || v > hi) throw_invalid(func, param, allowed, std::to_string(v));
  return static_cast<int>(v);
}

// ksize: an int k (k x k) or a pair (width, height).
void ksize_arg(const char* func, const py::handle& obj, int64_t lo, int* kw, int* kh) {
  const std::string allowed = "an int or a (width, height) pair of ints in " +
                              std::to_string(lo) + ".." + std::to_string(kMaxFilterKernelSide);
  auto one = [&](const py::handle& h) {
    return int_arg(func, "ksize", h, lo, kMaxFilterKernelSide, allowed);
  };
  if (py::isinstance<py::tuple>(obj) || py::isinstance<py::list>(obj)) {
    const py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
    if (seq.size() != 2) {
      throw_invalid(func, "ksize", allowed, "a sequence of length " + std::to_string(seq.size()));
    }
    *kw = one(seq[0]);
    *kh = one(seq[1]);
    return;
  }
  *kw = *kh = one(obj);
}

double float_arg(const char* func, const char* param, const py::handle& obj) {
  if (!py::isinstance<py::int_>(obj) && !py::isinstance<py::float_>(obj) &&
      !py::isinstance(obj, py::module_::import("numpy").attr("number"))) {
    throw_type(func, param, "a number", py_type_name(obj));
  }
  const double v = py::cast<double>(obj);
  if (!std::isfinite(v)) throw_invalid(func, param, "a finite number", py::str(obj).cast<std::string>());
  return v;
}

// A float32/float64 kernel array as contiguous float32 values, with its
// shape. Values must be finite once converted to float32.
struct KernelArg {
  std::vector<float> data;
  int rows = 0, cols = 0;
  size_t size() const { return data.size(); }
};

KernelArg kernel_arg(const char* func, const char* param, const py::handle& obj, bool vector) {
  const std::string allowed =
      vector ? "a 1-D float32 or float64 array (or an (n, 1) / (1, n) one)"
             : "a 2-D float32 or float64 array";
  if (!py::isinstance<py::array>(obj)) throw_type(func, param, allowed, py_type_name(obj));
  const py::array a = py::reinterpret_borrow<py::array>(obj);
  const char kind = a.dtype().kind();
  const auto item = a.dtype().itemsize();
  if (kind != 'f' || (item != 4 && item != 8)) {
    throw_type(func, param, allowed, py::str(a.dtype()).cast<std::string>());
  }
  KernelArg r;
  bool ok = false;
  if (vector) {
    ok = a.ndim() == 1 || (a.ndim() == 2 && (a.shape(0) == 1 || a.shape(1) == 1));
  } else {
    ok = a.ndim() == 2;
  }
  std::string shape = "shape (";
  for (py::ssize_t i = 0; i < a.ndim(); ++i) shape += (i ? ", " : "") + std::to_string(a.shape(i));
  shape += a.ndim() == 1 ? ",)" : ")";
  if (!ok || a.size() == 0) throw_invalid(func, param, allowed + ", non-empty", shape);
  for (py::ssize_t i = 0; i < a.ndim(); ++i) {
    if (a.shape(i) > kMaxFilterKernelSide) {
      throw_invalid(func, param, "sides of at most " + std::to_string(kMaxFilterKernelSide), shape);
    }
  }
  // float32 -> double is exact; the values are checked before narrowing.
  const auto d = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(a);
  if (!d) throw py::error_already_set();
  r.rows = a.ndim() == 2 ? static_cast<int>(a.shape(0)) : 1;
  r.cols = a.ndim() == 2 ? static_cast<int>(a.shape(1)) : static_cast<int>(a.shape(0));
  const double* p = d.data();
  r.data.resize(static_cast<size_t>(d.size()));
  for (py::ssize_t i = 0; i < d.size(); ++i) {
    if (!std::isfinite(p[i]) || std::abs(p[i]) > std::numeric_limits<float>::max()) {
      throw_invalid(func, param, "finite values (in float32 range)",
                    std::to_string(p[i]) + " at flat index " + std::to_string(i));
    }
    r.data[static_cast<size_t>(i)] = static_cast<float>(p[i]);
  }
  return r;
}

// anchor: None (centre) or an (x, y) pair.
void anchor_arg(const char* func, const py::object& obj, int* ax, int* ay) {
  *ax = *ay = -1;
  if (obj.is_none()) return;
  if (!(py::isinstance<py::tuple>(obj) || py::isinstance<py::list>(obj)) ||
      py::len(obj) != 2) {
    throw_type(func, "anchor", "None or an (x, y) pair of ints", py_type_name(obj));
  }
  const py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
  const std::string allowed = "None or an (x, y) pair inside the kernel";
  *ax = int_arg(func, "anchor", seq[0], -1, kMaxFilterKernelSide, allowed);
  *ay = int_arg(func, "anchor", seq[1], -1, kMaxFilterKernelSide, allowed);
}

FilterBorder border_spec(const char* func, const std::string& border, const py::handle& value,
                         int channels) {
  FilterBorder b;
  b.mode = border_arg(func, border);
  const Scalar4 v = scalar_arg(func, "border_value", value, channels);
  for (int c = 0; c < 4; ++c) b.value[c] = v.v[c];
  return b;
}

// dtype= of the derivative filters: None (per source type) or int16/float32.
PixelType deriv_dtype(const char* func, const py::object& dtype, PixelType src) {
  if (dtype.is_none()) {
    return (src == PixelType::U8 || src == PixelType::S16) ? PixelType::S16 : PixelType::F32;
  }
  py::dtype dt;
  try {
    dt = py::dtype::from_args(dtype);
  } catch (const py::error_already_set&) {
    throw_type(func, "dtype", "None, numpy.int16 or numpy.float32", py::repr(dtype).cast<std::string>());
  }
  if (dt.is(py::dtype::of<int16_t>()) || dt.equal(py::dtype::of<int16_t>())) return PixelType::S16;
  if (dt.equal(py::dtype::of<float>())) return PixelType::F32;
  throw_type(func, "dtype", "None, numpy.int16 or numpy.float32", py::str(dt).cast<std::string>());
}

struct Prepared {
  InputImage src;
  OutputImage dst;
};

Prepared prepare(const char* func, const py::object& img, const py::object& out, unsigned dtypes,
                 ChannelSpec spec, PixelType out_type, bool same_type) {
  Prepared p;
  p.src = image_arg(func, "img", img, dtypes, spec);
  const PixelType t = same_type ? p.src.view.type : out_type;
  p.dst = output_arg(func, out, p.src.view.height, p.src.view.width, p.src.view.channels,
                     p.src.is_3d, t);
  check_no_overlap(func, p.dst, {&p.src});
  return p;
}

}  // namespace

void bind_filter(py::module_& m) {
  m.def(
      "gaussian_kernel",
      [](const py::object& n, const py::object& sigma) {
        const char* func = "gaussian_kernel";
        const int in = int_arg(func, "n", n, 1, kMaxFilterKernelSide,
                               "a size in 1.." + std::to_string(kMaxFilterKernelSide));
        const double s = float_arg(func, "sigma", sigma);
        const std::vector<double> k = vc::gaussian_kernel(in, s);
        py::array_t<double> r(static_cast<py::ssize_t>(k.size()));
        std::copy(k.begin(), k.end(), r.mutable_data());
        return r;
      },
      "n"_a, "sigma"_a,
      R"doc(OpenCV's Gaussian kernel (cv2.getGaussianKernel) as float64 taps summing to 1.

sigma <= 0 derives sigma = 0.3 * ((n - 1) * 0.5 - 1) + 0.8; then sizes 1, 3,
5, 7 and 9 use OpenCV's fixed dyadic kernels. gaussian_blur uses exactly
these taps (rounded to fixed point for uint8/uint16, to float32 otherwise).

Args:
    n: number of taps, 1..4095.
    sigma: standard deviation (finite); <= 0 derives it from n.

Returns:
    (n,) float64 array.

Raises:
    TypeError: non-numeric arguments.
    ValueError: n out of range, NaN/Inf sigma.

Example:
    >>> vc.gaussian_kernel(5, 0)
    array([0.0625, 0.25  , 0.375 , 0.25  , 0.0625])
)doc");

  m.def(
      "gaussian_kernel_size",
      [](const py::object& sigma, const py::object& dtype) {
        const char* func = "gaussian_kernel_size";
        const double s = float_arg(func, "sigma", sigma);
        py::dtype dt;
        try {
          dt = py::dtype::from_args(dtype);
        } catch (const py::error_already_set&) {
          throw_type(func, "dtype", "a numpy dtype", py::repr(dtype).cast<std::string>());
        }
        return vc::gaussian_kernel_size(s, dt.equal(py::dtype::of<uint8_t>()) ? PixelType::U8
                                                                              : PixelType::F32);
      },
      "sigma"_a, "dtype"_a,
      R"doc(The kernel size gaussian_blur derives from sigma when ksize is 0 (OpenCV's rule).

round(sigma * 3 * 2 + 1) | 1 for uint8 images, round(sigma * 4 * 2 + 1) | 1
for the other dtypes; 0 for sigma <= 0.

Args:
    sigma: standard deviation (finite).
    dtype: the image dtype (numpy dtype or type).

Returns:
    int, odd (or 0).

Raises:
    TypeError: a non-numeric sigma or an unknown dtype.
    ValueError: NaN/Inf sigma, or a size above 4095.

Example:
    >>> vc.gaussian_kernel_size(1.0, np.uint8)
    7
)doc");

  m.def(
      "deriv_kernels",
      [](const py::object& dx, const py::object& dy, const py::object& ksize) {
        const char* func = "deriv_kernels";
        const int ix = int_arg(func, "dx", dx, 0, 31, "an order in 0..30");
        const int iy = int_arg(func, "dy", dy, 0, 31, "an order in 0..30");
        const int k = int_arg(func, "ksize", ksize, -1, 31, "-1 (Scharr) or an odd size in 1..31");
        std::vector<float> kx, ky;
        vc::deriv_kernels(ix, iy, k, &kx, &ky);
        auto arr = [](const std::vector<float>& v) {
          py::array_t<float> r(static_cast<py::ssize_t>(v.size()));
          std::copy(v.begin(), v.end(), r.mutable_data());
          return r;
        };
        return py::make_tuple(arr(kx), arr(ky));
      },
      "dx"_a, "dy"_a, "ksize"_a = 3,
      R"doc(The separable kernels of sobel / scharr (cv2.getDerivKernels, unnormalized).

Args:
    dx: order of the x derivative.
    dy: order of the y derivative (dx + dy > 0).
    ksize: 1, 3, 5 ... 31, or -1 for Scharr.

Returns:
    (kx, ky): two 1-D float32 arrays; the filter is sep_filter2d(img, kx, ky).

Raises:
    TypeError: non-integer arguments.
    ValueError: bad orders or ksize.

Example:
    >>> vc.deriv_kernels(1, 0, 3)
    (array([-1.,  0.,  1.], dtype=float32), array([1., 2., 1.], dtype=float32))
)doc");

  m.def(
      "filter2d",
      [](const py::object& img, const py::object& kernel, const py::object& anchor, double delta,
         const std::string& border, const py::object& border_value, const py::object& out) {
        const char* func = "filter2d";
        KernelArg k = kernel_arg(func, "kernel", kernel, false);
        if (int64_t{k.rows} * k.cols > kMaxFilterKernelArea) {
          throw_invalid(func, "kernel",
                        "at most " + std::to_string(kMaxFilterKernelArea) + " coefficients",
                        std::to_string(k.rows) + "x" + std::to_string(k.cols));
        }
        int ax, ay;
        anchor_arg(func, anchor, &ax, &ay);
        Prepared p = prepare(func, img, out, kAllTypes, kAnyChannels, PixelType::U8, true);
        const FilterBorder b = border_spec(func, border, border_value, p.src.view.channels);
        run_nogil([&] {
          vc::filter2d(p.src.view, p.dst.view, k.data.data(), k.cols, k.rows, ax, ay, delta, b);
        });
        return p.dst.array;
      },
      "img"_a, "kernel"_a, py::kw_only(), "anchor"_a = py::none(), "delta"_a = 0.0,
      "border"_a = "reflect101", "border_value"_a = 0, "out"_a = py::none(),
      R"doc(Correlate an image with a 2-D kernel (like cv2.filter2D with ddepth=-1).

dst(x, y) = saturate(delta + sum over (i, j) of kernel[j, i] * img(x + i - ax, y + j - ay)),
summed in float32 over the non-zero coefficients. This is correlation, as in
OpenCV: flip the kernel for a convolution. Any kernel size works (direct
summation; OpenCV uses a DFT for large kernels, so results there may differ
by rounding).

Args:
    img: (H, W) or (H, W, C) array, C in 1..4; uint8, uint16, int16 or float32.
    kernel: 2-D float32 or float64 array (kh, kw), sides up to 4095, at most
        2**20 coefficients, finite values.
    anchor: (x, y) position of the output pixel inside the kernel; None
        (default) is the centre (kw // 2, kh // 2).
    delta: added to every result.
    border: "reflect101" (default), "replicate", "reflect", "wrap" or "constant".
    border_value: for "constant": a number or one per channel.
    out: optional array of img's shape and dtype to write into.

Returns:
    Array of img's shape and dtype (``out`` if given); integer results round
    half to even and saturate.

Raises:
    TypeError: unsupported dtype of img or kernel, or non-array input.
    ValueError: empty image, bad kernel shape or non-finite values, anchor
        outside the kernel, unknown border, or a bad ``out``.

Example:
    >>> sharp = vc.filter2d(img, np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], np.float32))
)doc");

  m.def(
      "sep_filter2d",
      [](const py::object& img, const py::object& kx, const py::object& ky,
         const py::object& anchor, double delta, const std::string& border,
         const py::object& border_value, const py::object& out) {
        const char* func = "sep_filter2d";
        KernelArg kxa = kernel_arg(func, "kx", kx, true);
        KernelArg kya = kernel_arg(func, "ky", ky, true);
        int ax, ay;
        anchor_arg(func, anchor, &ax, &ay);
        Prepared p = prepare(func, img, out, kAllTypes, kAnyChannels, PixelType::U8, true);
        const FilterBorder b = border_spec(func, border, border_value, p.src.view.channels);
        const int nx = static_cast<int>(kxa.size()), ny = static_cast<int>(kya.size());
        run_nogil([&] {
          vc::sep_filter2d(p.src.view, p.dst.view, kxa.data.data(), nx, kya.data.data(), ny, ax,
                           ay, delta, b);
        });
        return p.dst.array;
      },
      "img"_a, "kx"_a, "ky"_a, py::kw_only(), "anchor"_a = py::none(), "delta"_a = 0.0,
      "border"_a = "reflect101", "border_value"_a = 0, "out"_a = py::none(),
      R"doc(Separable correlation: each row with ``kx``, then each column with ``ky``
(like cv2.sepFilter2D with ddepth=-1), summed in float32.

Coefficients that are exactly zero are skipped (an Inf pixel never meets a
zero tap). uint8 images with small integer kernels, or with dyadic kernels
such as [1, 4, 6, 4, 1] / 16, take exact integer paths that give the same
numbers as the float32 sums.

Args:
    img: (H, W) or (H, W, C) array, C in 1..4; uint8, uint16, int16 or float32.
    kx: row kernel, 1-D float32 or float64 array of up to 4095 taps (an (n, 1)
        or (1, n) array is accepted too, e.g. from cv2.getGaussianKernel).
    ky: column kernel, same rules.
    anchor: (x, y) inside the (len(kx), len(ky)) kernel; None is the centre.
    delta: added to every result.
    border: "reflect101" (default), "replicate", "reflect", "wrap" or "constant".
    border_value: for "constant": a number or one per channel.
    out: optional array of img's shape and dtype to write into.

Returns:
    Array of img's shape and dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype of img or of a kernel, or non-array input.
    ValueError: empty image, bad kernel shape or non-finite values, anchor
        outside the kernel, unknown border, or a bad ``out``.

Example:
    >>> k = np.array([1, 2, 1], np.float32) / 4
    >>> smooth = vc.sep_filter2d(img, k, k)
)doc");

  m.def(
      "box_filter",
      [](const py::object& img, const py::object& ksize, bool normalize,
         const std::string& border, const py::object& out) {
        const char* func = "box_filter";
        int kw, kh;
        ksize_arg(func, ksize, 1, &kw, &kh);
        const BorderMode mode = border_arg(func, border);
        Prepared p = prepare(func, img, out, kAllTypes, kAnyChannels, PixelType::U8, true);
        run_nogil([&] { vc::box_filter(p.src.view, p.dst.view, kw, kh, normalize, mode); });
        return p.dst.array;
      },
      "img"_a, "ksize"_a, py::kw_only(), "normalize"_a = true, "border"_a = "reflect101",
      "out"_a = py::none(),
      R"doc(Box filter: the mean (or, with normalize=False, the sum) over a window
(like cv2.boxFilter with ddepth=-1; cv2.blur when normalized).

Running sums make the cost per pixel independent of the window size. uint8
means are bit-identical to OpenCV; uint16/int16 means round like OpenCV's
(within 1); float32 windows up to 7x7 are summed directly in float32, larger
ones with running sums in double.

Args:
    img: (H, W) or (H, W, C) array, C in 1..4; uint8, uint16, int16 or float32.
    ksize: window size, an int or a (width, height) pair, each 1..4095 (even
        sizes are allowed; the anchor is at ksize // 2).
    normalize: divide by the window area (default) or return sums
        (saturated for integer dtypes).
    border: "reflect101" (default), "replicate", "reflect", "wrap" or
        "constant" (zeros).
    out: optional array of img's shape and dtype to write into.

Returns:
    Array of img's shape and dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype, or a non-int ksize.
    ValueError: empty image, ksize out of range, unknown border, or a bad ``out``.

Example:
    >>> mean = vc.box_filter(gray, 5)
)doc");

  m.def(
      "gaussian_blur",
      [](const py::object& img, const py::object& ksize, const py::object& sigma,
         const py::object& sigma_y, const std::string& border, const py::object& out) {
        const char* func = "gaussian_blur";
        int kw, kh;
        ksize_arg(func, ksize, 0, &kw, &kh);
        const double sx = float_arg(func, "sigma", sigma);
        const double sy = sigma_y.is_none() ? 0.0 : float_arg(func, "sigma_y", sigma_y);
        const BorderMode mode = border_arg(func, border);
        Prepared p = prepare(func, img, out, kAllTypes, kAnyChannels, PixelType::U8, true);
        run_nogil([&] { vc::gaussian_blur(p.src.view, p.dst.view, kw, kh, sx, sy, mode); });
        return p.dst.array;
      },
      "img"_a, "ksize"_a, "sigma"_a, py::kw_only(), "sigma_y"_a = py::none(),
      "border"_a = "reflect101", "out"_a = py::none(),
      R"doc(Gaussian blur with OpenCV's rules (cv2.GaussianBlur).

ksize 0 (or a 0 side) derives the size from sigma: round(sigma * 3 * 2 + 1) | 1
for uint8, round(sigma * 4 * 2 + 1) | 1 otherwise. sigma <= 0 with a size
derives sigma = 0.3 * ((ksize - 1) * 0.5 - 1) + 0.8 (sizes 3..9 then use
OpenCV's fixed dyadic kernels). uint8 and uint16 results are bit-identical
to OpenCV (its fixed-point path, 8 resp. 16 fraction bits); int16 and
float32 filter in float32.

Args:
    img: (H, W) or (H, W, C) array, C in 1..4; uint8, uint16, int16 or float32.
    ksize: an int or a (width, height) pair: odd sizes 1..4095, or 0 to derive
        from sigma.
    sigma: standard deviation along x (finite); <= 0 derives it from ksize.
    sigma_y: along y; None or <= 0 means the same as sigma.
    border: "reflect101" (default), "replicate", "reflect", "wrap" or
        "constant" (zeros).
    out: optional array of img's shape and dtype to write into.

Returns:
    Array of img's shape and dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype, or non-numeric ksize/sigma.
    ValueError: even or negative ksize, ksize 0 with sigma <= 0, NaN/Inf sigma,
        a sigma whose kernel would exceed 4095, unknown border, or a bad ``out``.

Example:
    >>> blur = vc.gaussian_blur(img, 5, 1.2)
)doc");

  m.def(
      "sobel",
      [](const py::object& img, const py::object& dx, const py::object& dy,
         const py::object& ksize, double scale, double delta, const py::object& dtype,
         const std::string& border, const py::object& out) {
        const char* func = "sobel";
        const int ix = int_arg(func, "dx", dx, 0, 31, "an order in 0..30");
        const int iy = int_arg(func, "dy", dy, 0, 31, "an order in 0..30");
        const int k = int_arg(func, "ksize", ksize, -1, 31, "-1 (Scharr) or an odd size in 1..31");
        const BorderMode mode = border_arg(func, border);
        InputImage src = image_arg(func, "img", img, kAllTypes);
        const PixelType t = deriv_dtype(func, dtype, src.view.type);
        OutputImage dst = output_arg(func, out, src.view.height, src.view.width,
                                     src.view.channels, src.is_3d, t);
        check_no_overlap(func, dst, {&src});
        run_nogil([&] { vc::sobel(src.view, dst.view, ix, iy, k, scale, delta, mode); });
        return dst.array;
      },
      "img"_a, "dx"_a, "dy"_a, py::kw_only(), "ksize"_a = 3, "scale"_a = 1.0, "delta"_a = 0.0,
      "dtype"_a = py::none(), "border"_a = "reflect101", "out"_a = py::none(),
      R"doc(Sobel derivative of order (dx, dy) (cv2.Sobel).

dst = saturate(scale * derivative + delta), the derivative being the
separable Sobel kernel of size ksize (binomial smoothing, finite
differences); ksize=1 uses a 3-tap difference without smoothing (dx, dy
<= 2) and ksize=-1 the 3x3 Scharr kernel. Integer inputs with the default
scale give exactly OpenCV's integers.

Args:
    img: (H, W) or (H, W, C) array, C in 1..4; uint8, uint16, int16 or float32.
    dx: order of the x derivative (>= 0).
    dy: order of the y derivative (>= 0); dx + dy > 0 and each below ksize.
    ksize: 1, 3 (default), 5, 7 ... 31, or -1 for Scharr.
    scale: factor applied to the derivative.
    delta: added to the result.
    dtype: output dtype: None (int16 for uint8/int16 input, float32 otherwise),
        numpy.int16 (uint8/int16 input only) or numpy.float32.
    border: "reflect101" (default), "replicate", "reflect", "wrap" or
        "constant" (zeros).
    out: optional array of img's shape and the output dtype.

Returns:
    Array of img's shape in the output dtype (``out`` if given).

Raises:
    TypeError: unsupported input dtype or dtype/input combination.
    ValueError: bad orders or ksize, NaN/Inf scale or delta, unknown
        border, or a bad ``out``.

Example:
    >>> gx = vc.sobel(gray, 1, 0)              # int16
    >>> gy = vc.sobel(gray, 0, 1, dtype=np.float32)
)doc");

  m.def(
      "scharr",
      [](const py::object& img, const py::object& dx, const py::object& dy, double scale,
         double delta, const py::object& dtype, const std::string& border,
         const py::object& out) {
        const char* func = "scharr";
        const int ix = int_arg(func, "dx", dx, 0, 1, "0 or 1");
        const int iy = int_arg(func, "dy", dy, 0, 1, "0 or 1");
        const BorderMode mode = border_arg(func, border);
        InputImage src = image_arg(func, "img", img, kAllTypes);
        const PixelType t = deriv_dtype(func, dtype, src.view.type);
        OutputImage dst = output_arg(func, out, src.view.height, src.view.width,
                                     src.view.channels, src.is_3d, t);
        check_no_overlap(func, dst, {&src});
        run_nogil([&] { vc::scharr(src.view, dst.view, ix, iy, scale, delta, mode); });
        return dst.array;
      },
      "img"_a, "dx"_a, "dy"_a, py::kw_only(), "scale"_a = 1.0, "delta"_a = 0.0,
      "dtype"_a = py::none(), "border"_a = "reflect101", "out"_a = py::none(),
      R"doc(Scharr 3x3 first derivative (cv2.Scharr): kernels [-1, 0, 1] and [3, 10, 3].

Args:
    img: (H, W) or (H, W, C) array, C in 1..4; uint8, uint16, int16 or float32.
    dx: 1 for d/dx (then dy = 0).
    dy: 1 for d/dy (then dx = 0).
    scale: factor applied to the derivative.
    delta: added to the result.
    dtype: None (int16 for uint8/int16 input, float32 otherwise), numpy.int16
        or numpy.float32.
    border: "reflect101" (default), "replicate", "reflect", "wrap" or
        "constant" (zeros).
    out: optional array of img's shape and the output dtype.

Returns:
    Array of img's shape in the output dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype or dtype/input combination.
    ValueError: (dx, dy) not (1, 0) or (0, 1), NaN/Inf scale or delta,
        unknown border, or a bad ``out``.

Example:
    >>> gx = vc.scharr(gray, 1, 0)
)doc");

  m.def(
      "laplacian",
      [](const py::object& img, const py::object& ksize, double scale, double delta,
         const py::object& dtype, const std::string& border, const py::object& out) {
        const char* func = "laplacian";
        const int k = int_arg(func, "ksize", ksize, 1, 31, "an odd size in 1..31");
        const BorderMode mode = border_arg(func, border);
        InputImage src = image_arg(func, "img", img, kAllTypes);
        const PixelType t = deriv_dtype(func, dtype, src.view.type);
        OutputImage dst = output_arg(func, out, src.view.height, src.view.width,
                                     src.view.channels, src.is_3d, t);
        check_no_overlap(func, dst, {&src});
        run_nogil([&] { vc::laplacian(src.view, dst.view, k, scale, delta, mode); });
        return dst.array;
      },
      "img"_a, py::kw_only(), "ksize"_a = 1, "scale"_a = 1.0, "delta"_a = 0.0,
      "dtype"_a = py::none(), "border"_a = "reflect101", "out"_a = py::none(),
      R"doc(Laplacian d2/dx2 + d2/dy2 (cv2.Laplacian).

ksize=1 uses the 3x3 kernel [[0, 1, 0], [1, -4, 1], [0, 1, 0]], ksize=3
[[2, 0, 2], [0, -8, 0], [2, 0, 2]]; larger odd sizes sum two Sobel
second derivatives. dst = saturate(scale * laplacian + delta).

Args:
    img: (H, W) or (H, W, C) array, C in 1..4; uint8, uint16, int16 or float32.
    ksize: odd size in 1..31 (default 1).
    scale: factor applied to the result.
    delta: added to the result.
    dtype: None (int16 for uint8/int16 input, float32 otherwise), numpy.int16
        or numpy.float32.
    border: "reflect101" (default), "replicate", "reflect", "wrap" or
        "constant" (zeros).
    out: optional array of img's shape and the output dtype.

Returns:
    Array of img's shape in the output dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype or dtype/input combination.
    ValueError: even or out-of-range ksize, NaN/Inf scale or delta, unknown
        border, or a bad ``out``.

Example:
    >>> lap = vc.laplacian(gray, ksize=3)
)doc");

  m.def(
      "adaptive_threshold",
      [](const py::object& img, double max_value, const std::string& method,
         const py::object& block_size, double c, const std::string& mode,
         const py::object& out) {
        const char* func = "adaptive_threshold";
        const int meth = choice_arg(func, "method", method, {"mean", "gaussian"});
        const int inv = choice_arg(func, "mode", mode, {"binary", "binary_inv"});
        const int b = int_arg(func, "block_size", block_size, 3, kMaxFilterKernelSide,
                              "an odd size in 3.." + std::to_string(kMaxFilterKernelSide));
        if (b % 2 == 0) {
          throw_invalid(func, "block_size",
                        "an odd size in 3.." + std::to_string(kMaxFilterKernelSide),
                        std::to_string(b));
        }
        Prepared p = prepare(func, img, out, kU8, kGrayOnly, PixelType::U8, true);
        run_nogil([&] {
          vc::adaptive_threshold(p.src.view, p.dst.view, max_value,
                                 meth == 0 ? AdaptiveMethod::Mean : AdaptiveMethod::Gaussian,
                                 inv == 1, b, c);
        });
        return p.dst.array;
      },
      "img"_a, "max_value"_a, "method"_a, "block_size"_a, "c"_a, py::kw_only(),
      "mode"_a = "binary", "out"_a = py::none(),
      R"doc(Adaptive threshold against the local mean (cv2.adaptiveThreshold), bit-identical.

The local mean over block_size x block_size pixels (replicated border) is
the box mean ("mean") or the Gaussian-weighted mean ("gaussian", sigma
derived from block_size), rounded to uint8 as OpenCV does. Then
"binary": dst = max_value where img - mean > -ceil(c), else 0;
"binary_inv": dst = max_value where img - mean <= -floor(c), else 0.

Args:
    img: (H, W) uint8 array (or (H, W, 1)).
    max_value: value of the set pixels (rounded, saturated to 0..255; a
        negative value gives an all-zero image).
    method: "mean" or "gaussian".
    block_size: odd window size >= 3.
    c: constant subtracted from the mean.
    mode: "binary" (default) or "binary_inv".
    out: optional uint8 array of img's shape to write into.

Returns:
    uint8 array of img's shape (``out`` if given).

Raises:
    TypeError: non-uint8 or non-array input.
    ValueError: not one channel, even or too small block_size, NaN/Inf
        max_value or c, unknown method or mode, or a bad ``out``.

Example:
    >>> binary = vc.adaptive_threshold(gray, 255, "gaussian", 11, 2)
)doc");
}

}  // namespace vc::bind
