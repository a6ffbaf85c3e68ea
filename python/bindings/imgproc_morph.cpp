// Morphology bindings: structuring_element, erode, dilate, morphology.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "binders.hpp"
#include "ndarray.hpp"
#include "nogil.hpp"
#include "visioncore/error.hpp"
#include "visioncore/morphology.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace vc::bind {
namespace {

constexpr unsigned kMorphTypes = kU8 | kU16 | kS16 | kF32;

std::string type_name_of(const py::handle& obj) {
  return py::str(py::type::handle_of(obj).attr("__name__")).cast<std::string>();
}

// A Python (or numpy) integer within [lo, hi]; TypeError for other types,
// ValueError outside the range (also for ints beyond 64 bits).
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

// ksize: k (k x k) or (width, height).
void ksize_arg(const char* func, const py::handle& obj, int* kw, int* kh) {
  const std::string allowed =
      "an int or a (width, height) pair in 1.." + std::to_string(kMaxMorphKernelSide);
  if (py::isinstance<py::tuple>(obj) || py::isinstance<py::list>(obj)) {
    const py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
    if (seq.size() != 2) {
      throw_invalid(func, "ksize", allowed, "a sequence of length " + std::to_string(seq.size()));
    }
    *kw = int_in(func, "ksize", seq[0], 1, kMaxMorphKernelSide, allowed);
    *kh = int_in(func, "ksize", seq[1], 1, kMaxMorphKernelSide, allowed);
    return;
  }
  *kw = *kh = int_in(func, "ksize", obj, 1, kMaxMorphKernelSide, allowed);
}

// anchor: None (center) or (x, y).
void anchor_arg(const char* func, const py::handle& obj, int* ax, int* ay) {
  *ax = *ay = -1;
  if (obj.is_none()) return;
  const std::string allowed = "None or an (x, y) pair of ints inside the kernel";
  if (!py::isinstance<py::tuple>(obj) && !py::isinstance<py::list>(obj)) {
    throw_type(func, "anchor", allowed, type_name_of(obj));
  }
  const py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
  if (seq.size() != 2) {
    throw_invalid(func, "anchor", allowed, "a sequence of length " + std::to_string(seq.size()));
  }
  *ax = int_in(func, "anchor", seq[0], -1, kMaxMorphKernelSide, allowed);
  *ay = int_in(func, "anchor", seq[1], -1, kMaxMorphKernelSide, allowed);
}

MorphShape shape_arg(const char* func, const std::string& shape) {
  static const MorphShape shapes[] = {MorphShape::Rect, MorphShape::Ellipse, MorphShape::Cross};
  return shapes[choice_arg(func, "shape", shape, {"rect", "ellipse", "cross"})];
}

// A structuring element: a 2-D numpy array of any numeric or bool dtype
// (nonzero = member) turned into a contiguous uint8 0/1 mask, or None for
// the (ksize, shape) element.
struct KernelMask {
  py::array_t<uint8_t, py::array::c_style> mask;
  Image built;
  ConstImageView view;
};

KernelMask kernel_arg(const char* func, const py::handle& kernel, const py::handle& ksize,
                      const std::string& shape, int ax, int ay) {
  KernelMask k;
  if (kernel.is_none()) {
    int kw = 0, kh = 0;
    ksize_arg(func, ksize, &kw, &kh);
    const MorphShape s = shape_arg(func, shape);
    // the anchor only shapes a cross; a bad one is reported by the operation
    const bool anchor_ok = ax >= -1 && ax < kw && ay >= -1 && ay < kh;
    k.built = structuring_element(s, kw, kh, anchor_ok ? ax : -1, anchor_ok ? ay : -1);
    k.view = k.built.view();
    return k;
  }
  const std::string allowed = "None or a 2-D numeric or bool array (nonzero = member)";
  if (!py::isinstance<py::array>(kernel)) throw_type(func, "kernel", allowed, type_name_of(kernel));
  const py::array a = py::reinterpret_borrow<py::array>(kernel);
  const char kind = a.dtype().kind();
  if (kind != 'b' && kind != 'i' && kind != 'u' && kind != 'f') {
    throw_type(func, "kernel", allowed, py::str(a.dtype()).cast<std::string>());
  }
  std::string shape_s = "shape (";
  for (py::ssize_t i = 0; i < a.ndim(); ++i) shape_s += (i ? ", " : "") + std::to_string(a.shape(i));
  shape_s += a.ndim() == 1 ? ",)" : ")";
  if (a.ndim() != 2 || a.size() == 0) throw_invalid(func, "kernel", allowed + ", non-empty", shape_s);
  if (a.shape(0) > kMaxMorphKernelSide || a.shape(1) > kMaxMorphKernelSide) {
    throw_invalid(func, "kernel", "sides of at most " + std::to_string(kMaxMorphKernelSide),
                  shape_s);
  }
  if (kind == 'u' && a.itemsize() == 1 && (a.flags() & py::array::c_style)) {
    // uint8 C-contiguous: used as is (nonzero = member)
    k.mask = py::reinterpret_borrow<py::array_t<uint8_t, py::array::c_style>>(a);
  } else {
    const py::module_ np = py::module_::import("numpy");
    if (kind == 'f' && !np.attr("isfinite")(a).attr("all")().cast<bool>()) {
      throw_invalid(func, "kernel", "finite values", "NaN or Inf");
    }
    k.mask = py::array_t<uint8_t, py::array::c_style>::ensure(
        np.attr("not_equal")(a, 0).attr("astype")(np.attr("uint8")));
    if (!k.mask) throw py::error_already_set();
  }
  k.view.data = k.mask.data();
  k.view.width = static_cast<int>(a.shape(1));
  k.view.height = static_cast<int>(a.shape(0));
  k.view.channels = 1;
  k.view.stride = static_cast<ptrdiff_t>(a.shape(1));
  k.view.type = PixelType::U8;
  return k;
}

MorphOptions options_arg(const char* func, int ax, int ay, const py::handle& iterations,
                         const std::string& border, const py::handle& border_value,
                         int channels) {
  MorphOptions o;
  o.anchor_x = ax;
  o.anchor_y = ay;
  o.iterations = int_in(func, "iterations", iterations, 0, 1 << 20, "an int >= 0");
  static const BorderMode modes[] = {BorderMode::Constant, BorderMode::Reflect101,
                                     BorderMode::Replicate, BorderMode::Reflect,
                                     BorderMode::Wrap, BorderMode::Constant};
  o.border = modes[choice_arg(func, "border", border,
                              {"default", "reflect101", "replicate", "reflect", "wrap",
                               "constant"})];
  if (o.border == BorderMode::Constant && border != "default" && !border_value.is_none()) {
    const Scalar4 v = scalar_arg(func, "border_value", border_value, channels);
    o.has_border_value = true;
    for (int c = 0; c < 4; ++c) o.border_value[c] = v.v[c];
  }
  return o;
}

// One binding body for erode, dilate (op Erode / Dilate, their own C++
// entry points, so errors name them) and morphology (any op).
py::object morph_call(const char* func, const py::object& img, MorphOp op, bool generic,
                      const py::object& kernel,
                      const py::object& ksize, const std::string& shape, const py::object& anchor,
                      const py::object& iterations, const std::string& border,
                      const py::object& border_value, const py::object& out) {
  InputImage src = image_arg(func, "img", img, kMorphTypes);
  int ax = -1, ay = -1;
  anchor_arg(func, anchor, &ax, &ay);
  KernelMask k = kernel_arg(func, kernel, ksize, shape, ax, ay);
  const MorphOptions opt =
      options_arg(func, ax, ay, iterations, border, border_value, src.view.channels);
  OutputImage dst = output_arg(func, out, src.view.height, src.view.width, src.view.channels,
                               src.is_3d, src.view.type);
  check_no_overlap(func, dst, {&src});
  run_nogil([&] {
    if (generic) {
      vc::morphology(src.view, dst.view, op, k.view, opt);
    } else if (op == MorphOp::Erode) {
      vc::erode(src.view, dst.view, k.view, opt);
    } else {
      vc::dilate(src.view, dst.view, k.view, opt);
    }
  });
  return dst.array;
}

const char* kMorphArgsDoc = R"doc(    kernel: structuring element, a 2-D array of any numeric or bool dtype
        (nonzero = member, at least one), sides up to 1023; None builds one
        from ``ksize`` and ``shape``.
    ksize: for ``kernel=None``: k (a k x k element) or (width, height).
    shape: for ``kernel=None``: "rect" (default), "ellipse" or "cross".
    anchor: (x, y) inside the kernel; None = its center (width // 2, height // 2).
    iterations: passes (>= 0; 0 copies). As in OpenCV, an all-ones kernel
        applied n times is one rectangle of n * (k - 1) + 1 (the border is
        applied once); other kernels are applied n times.
    border: "default" (OpenCV's default: a constant that never wins, i.e.
        the dtype's maximum for erosion and minimum for dilation, float32
        +-FLT_MAX), "reflect101", "replicate", "reflect", "wrap" or
        "constant" (with ``border_value``; without one it equals "default").
    border_value: for "constant": a number or one per channel (saturated to
        the dtype).
    out: optional array of the input's shape and dtype to write into (must
        not overlap ``img``).
)doc";

}  // namespace

void bind_morph(py::module_& m) {
  m.def(
      "structuring_element",
      [](const std::string& shape, const py::object& ksize, const py::object& anchor) {
        const char* func = "structuring_element";
        int kw = 0, kh = 0, ax = -1, ay = -1;
        ksize_arg(func, ksize, &kw, &kh);
        anchor_arg(func, anchor, &ax, &ay);
        const MorphShape s = shape_arg(func, shape);
        const Image k = vc::structuring_element(s, kw, kh, ax, ay);
        py::array_t<uint8_t> r({static_cast<py::ssize_t>(kh), static_cast<py::ssize_t>(kw)});
        for (int y = 0; y < kh; ++y) {
          std::memcpy(r.mutable_data(y, 0), k.row(y), static_cast<size_t>(kw));
        }
        return r;
      },
      "shape"_a, "ksize"_a, "anchor"_a = py::none(),
      R"doc(Structuring element for morphology, identical to cv2.getStructuringElement.

Args:
    shape: "rect" (all ones), "ellipse" (the ellipse inscribed in the box)
        or "cross" (the anchor's row and column).
    ksize: k (a k x k element) or (width, height); sides in 1..1023.
    anchor: (x, y) for "cross"; None = the center (width // 2, height // 2).

Returns:
    (height, width) uint8 array of 0 and 1.

Raises:
    TypeError: ksize or anchor not ints.
    ValueError: unknown shape, size outside 1..1023, anchor outside the element.

Example:
    >>> vc.structuring_element("ellipse", 5)
)doc");

  const std::string erode_doc = std::string(R"doc(Erode: the minimum over the structuring element around each pixel.

dst(x, y) = min over kernel(i, j) != 0 of img(x + j - ax, y + i - ay), per
channel (cv2.erode). Rectangles cost O(1) per pixel in their height (van
Herk/Gil-Werman) and O(log width); other shapes are cut into row runs.
Identical to OpenCV for every dtype (min is exact).

Args:
    img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16, int16 or float32.
)doc") + kMorphArgsDoc + R"doc(
Returns:
    Array of the input's shape and dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype, non-array input or kernel, non-int sizes.
    ValueError: empty image, bad kernel (empty, all zero, too large, NaN),
        anchor outside the kernel, negative iterations, unknown shape or
        border, or a bad ``out``.

Example:
    >>> thin = vc.erode(mask, ksize=5, shape="ellipse")
)doc";
  const std::string dilate_doc = std::string(R"doc(Dilate: the maximum over the structuring element around each pixel.

dst(x, y) = max over kernel(i, j) != 0 of img(x + j - ax, y + i - ay), per
channel (cv2.dilate; the kernel is not reflected). Same costs and exactness
as ``erode``.

Args:
    img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16, int16 or float32.
)doc") + kMorphArgsDoc + R"doc(
Returns:
    Array of the input's shape and dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype, non-array input or kernel, non-int sizes.
    ValueError: empty image, bad kernel, anchor outside the kernel, negative
        iterations, unknown shape or border, or a bad ``out``.

Example:
    >>> grown = vc.dilate(mask, np.ones((3, 7), np.uint8))
)doc";
  const std::string morph_doc = std::string(R"doc(Morphological operation built from erosion and dilation (cv2.morphologyEx).

op: "erode", "dilate", "open" (dilate(erode(img))), "close"
(erode(dilate(img))), "gradient" (dilate - erode), "tophat" (img - open) or
"blackhat" (close - img). Differences saturate for integer dtypes.

Args:
    img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16, int16 or float32.
    op: the operation name.
)doc") + kMorphArgsDoc + R"doc(
Returns:
    Array of the input's shape and dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype, non-array input or kernel, non-int sizes.
    ValueError: unknown op, shape or border, empty image, bad kernel, anchor
        outside the kernel, negative iterations, or a bad ``out``.

Example:
    >>> clean = vc.morphology(mask, "open", ksize=3)
)doc";

  m.def(
      "erode",
      [](const py::object& img, const py::object& kernel, const py::object& ksize,
         const std::string& shape, const py::object& anchor, const py::object& iterations,
         const std::string& border, const py::object& border_value, const py::object& out) {
        return morph_call("erode", img, MorphOp::Erode, false, kernel, ksize, shape, anchor,
                          iterations, border, border_value, out);
      },
      "img"_a, "kernel"_a = py::none(), py::kw_only(), "ksize"_a = 3, "shape"_a = "rect",
      "anchor"_a = py::none(), "iterations"_a = 1, "border"_a = "default",
      "border_value"_a = py::none(), "out"_a = py::none(), erode_doc.c_str());
  m.def(
      "dilate",
      [](const py::object& img, const py::object& kernel, const py::object& ksize,
         const std::string& shape, const py::object& anchor, const py::object& iterations,
         const std::string& border, const py::object& border_value, const py::object& out) {
        return morph_call("dilate", img, MorphOp::Dilate, false, kernel, ksize, shape, anchor,
                          iterations, border, border_value, out);
      },
      "img"_a, "kernel"_a = py::none(), py::kw_only(), "ksize"_a = 3, "shape"_a = "rect",
      "anchor"_a = py::none(), "iterations"_a = 1, "border"_a = "default",
      "border_value"_a = py::none(), "out"_a = py::none(), dilate_doc.c_str());
  m.def(
      "morphology",
      [](const py::object& img, const std::string& op, const py::object& kernel,
         const py::object& ksize, const std::string& shape, const py::object& anchor,
         const py::object& iterations, const std::string& border, const py::object& border_value,
         const py::object& out) {
        const char* func = "morphology";
        const int o = choice_arg(func, "op", op,
                                 {"erode", "dilate", "open", "close", "gradient", "tophat",
                                  "blackhat"});
        return morph_call(func, img, static_cast<MorphOp>(o), true, kernel, ksize, shape,
                          anchor, iterations, border, border_value, out);
      },
      "img"_a, "op"_a, "kernel"_a = py::none(), py::kw_only(), "ksize"_a = 3, "shape"_a = "rect",
      "anchor"_a = py::none(), "iterations"_a = 1, "border"_a = "default",
      "border_value"_a = py::none(), "out"_a = py::none(), morph_doc.c_str());
}

}  // namespace vc::bind
