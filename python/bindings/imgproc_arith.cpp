// Threshold and per-pixel arithmetic bindings: threshold, convert_scale,
// normalize, add_weighted, absdiff.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>

#include "binders.hpp"
#include "ndarray.hpp"
#include "nogil.hpp"
#include "visioncore/arith.hpp"
#include "visioncore/error.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace vc::bind {
namespace {

constexpr unsigned kArithTypes = kU8 | kU16 | kS16 | kF32;
constexpr const char* kDtypeNames = "uint8, uint16, int16 or float32";

// A dtype argument (np.uint8, "float32", np.dtype(...)); None gives `dflt`.
// Anything numpy cannot read as a dtype, or a dtype outside the four
// image types, is a TypeError naming the parameter.
PixelType dtype_arg(const char* func, const char* param, const py::object& obj, PixelType dflt) {
  if (obj.is_none()) return dflt;
  py::dtype dt;
  try {
    dt = py::dtype::from_args(obj);
  } catch (const py::error_already_set&) {
    throw_type(func, param, std::string("None or a dtype: ") + kDtypeNames,
               py::str(py::repr(obj)).cast<std::string>());
  }
  for (PixelType t : {PixelType::U8, PixelType::U16, PixelType::S16, PixelType::F32}) {
    if (dt.is(dtype_of(t)) || dt.equal(dtype_of(t))) return t;
  }
  throw_type(func, param, std::string("None or a dtype: ") + kDtypeNames,
             py::str(dt).cast<std::string>());
}

// `out` may be one of the inputs itself (same memory and layout, in place)
// when allowed, and must not otherwise share memory with any of them.
void check_out_alias(const char* func, const OutputImage& out,
                     std::initializer_list<const InputImage*> inputs, bool allow_same) {
  for (const InputImage* in : inputs) {
    const bool same = in->view.data == out.view.data && in->view.stride == out.view.stride &&
                      in->view.type == out.view.type;
    if (same && allow_same) continue;
    if (views_overlap(in->view, out.view)) {
      throw_invalid(func, "out",
                    allow_same ? "an input itself (in place) or an array not sharing memory "
                                 "with the inputs"
                               : "an array not sharing memory with the input (in place needs "
                                 "the same dtype)",
                    "an array overlapping an input");
    }
  }
}

// b must match a: dtype (TypeError) then shape (ValueError), naming 'b'.
void check_same_shape(const char* func, const InputImage& a, const InputImage& b,
                      const py::object& a_obj, const py::object& b_obj) {
  const py::array aa = py::reinterpret_borrow<py::array>(a_obj);
  const py::array bb = py::reinterpret_borrow<py::array>(b_obj);
  auto shape_str = [](const py::array& x) {
    std::string s = "(";
    for (py::ssize_t i = 0; i < x.ndim(); ++i) s += (i ? ", " : "") + std::to_string(x.shape(i));
    return s + ")";
  };
  if (a.view.type != b.view.type) {
    throw_type(func, "b", std::string("the dtype of a (") + pixel_type_name(a.view.type) + ")",
               pixel_type_name(b.view.type));
  }
  if (aa.ndim() != bb.ndim() || a.view.width != b.view.width ||
      a.view.height != b.view.height || a.view.channels != b.view.channels) {
    throw_invalid(func, "b", "the shape of a " + shape_str(aa), shape_str(bb));
  }
}

}  // namespace

void bind_arith(py::module_& m) {
  m.def(
      "threshold",
      [](const py::object& img, double thresh, double max_value, const std::string& mode,
         const py::object& out) {
        const char* func = "threshold";
        const int md = choice_arg(func, "mode", mode,
                                  {"binary", "binary_inv", "trunc", "tozero", "tozero_inv"});
        InputImage src = image_arg(func, "img", img, kArithTypes);
        OutputImage dst = output_arg(func, out, src.view.height, src.view.width,
                                     src.view.channels, src.is_3d, src.view.type);
        check_out_alias(func, dst, {&src}, true);
        run_nogil([&] {
          vc::threshold(src.view, dst.view, thresh, max_value, static_cast<ThresholdMode>(md));
        });
        return dst.array;
      },
      "img"_a, "thresh"_a, "max_value"_a = 255.0, "mode"_a = "binary", py::kw_only(),
      "out"_a = py::none(),
      R"doc(Fixed-level threshold, identical to cv2.threshold(img, thresh, max_value, type)[1].

Per sample (channels alike), with t the threshold:
"binary": max_value if img > t else 0; "binary_inv": 0 if img > t else
max_value; "trunc": t if img > t else img; "tozero": img if img > t else 0;
"tozero_inv": 0 if img > t else img.
For integer dtypes t = floor(thresh) and max_value is rounded (half to
even) and saturated to the dtype ("trunc" ignores it); a t below the
dtype's range or at / above its maximum gives OpenCV's constant or copied
image (so +-inf is fine). float32: t = float32(thresh); a NaN sample
gives 0 in "binary" and "binary_inv" and stays NaN in the other modes,
and "tozero" with t = +inf keeps +inf samples, as in OpenCV. Returns the image only (cv2 returns a (t, image) pair).

Args:
    img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16, int16 or float32.
    thresh: the threshold (not NaN).
    max_value: value of the set samples in "binary" / "binary_inv"
        (finite; default 255).
    mode: "binary" (default), "binary_inv", "trunc", "tozero" or "tozero_inv".
    out: optional array of img's shape and dtype to write into; it may be
        ``img`` itself (in place), any other overlap is an error.

Returns:
    Array of img's shape and dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype, non-array input, non-number thresh or
        max_value.
    ValueError: unknown mode, NaN thresh, non-finite max_value, empty
        image, or a bad ``out``.

Example:
    >>> mask = vc.threshold(gray, 127, 255, "binary")
)doc");

  m.def(
      "convert_scale",
      [](const py::object& img, const py::object& dtype, double alpha, double beta,
         const py::object& out) {
        const char* func = "convert_scale";
        InputImage src = image_arg(func, "img", img, kArithTypes);
        const PixelType dt = dtype_arg(func, "dtype", dtype, src.view.type);
        OutputImage dst = output_arg(func, out, src.view.height, src.view.width,
                                     src.view.channels, src.is_3d, dt);
        check_out_alias(func, dst, {&src}, dt == src.view.type);
        run_nogil([&] { vc::convert_scale(src.view, dst.view, alpha, beta); });
        return dst.array;
      },
      "img"_a, "dtype"_a, "alpha"_a = 1.0, "beta"_a = 0.0, py::kw_only(), "out"_a = py::none(),
      R"doc(Scale, shift and convert: img * alpha + beta as ``dtype``, like OpenCV's convertTo.

dst = saturate(fma(float32(img), float32(alpha), float32(beta))): one
fused multiply-add in float32, exactly as OpenCV's
``src.convertTo(dst, type, alpha, beta)`` for these dtypes. Integer
results are clamped to the dtype's range (NaN gives its minimum: 0 or
-32768) and rounded half to even. Unlike OpenCV, results beyond +-2^31
saturate (OpenCV's int overflow maps e.g. 3e9 to 0 in uint8). Same
dtype with alpha = 1, beta = 0 is a copy. Not cv2.convertScaleAbs (no
absolute value here).

Args:
    img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16, int16 or float32.
    dtype: the result dtype (np.uint8, "float32", ...): uint8, uint16,
        int16 or float32; None keeps img's dtype.
    alpha: scale factor (finite).
    beta: offset added after scaling (finite).
    out: optional array of img's shape and ``dtype`` to write into; it may
        be ``img`` itself when the dtypes match.

Returns:
    Array of img's shape with dtype ``dtype`` (``out`` if given).

Raises:
    TypeError: unsupported img dtype or ``dtype``, non-array input.
    ValueError: NaN or infinite alpha / beta, empty image, or a bad ``out``.

Example:
    >>> f = vc.convert_scale(img, np.float32, 1 / 255)
)doc");

  m.def(
      "normalize",
      [](const py::object& img, double alpha, double beta, const std::string& norm,
         const py::object& dtype, const py::object& out) {
        const char* func = "normalize";
        const int nk = choice_arg(func, "norm", norm, {"minmax", "l1", "l2", "inf"});
        InputImage src = image_arg(func, "img", img, kArithTypes);
        const PixelType dt = dtype_arg(func, "dtype", dtype, src.view.type);
        OutputImage dst = output_arg(func, out, src.view.height, src.view.width,
                                     src.view.channels, src.is_3d, dt);
        check_out_alias(func, dst, {&src}, dt == src.view.type);
        static const NormKind kinds[] = {NormKind::MinMax, NormKind::L1, NormKind::L2,
                                         NormKind::Inf};
        run_nogil([&] { vc::normalize(src.view, dst.view, alpha, beta, kinds[nk]); });
        return dst.array;
      },
      "img"_a, "alpha"_a = 0.0, "beta"_a = 255.0, "norm"_a = "minmax", "dtype"_a = py::none(),
      py::kw_only(), "out"_a = py::none(),
      R"doc(Normalize the value range or the norm, identical to cv2.normalize (no mask).

"minmax": maps [min(img), max(img)] onto [min(alpha, beta), max(alpha,
beta)] over all samples: scale = (hi - lo) / (max - min) (0 for a
constant image, which gives lo), shift = lo - min * scale. "l1", "l2",
"inf": scale = alpha / norm(img) (0 for a zero image), shift = 0 (beta
unused), so that the result's norm is alpha. Scale and shift are
computed in double as OpenCV does, then applied like ``convert_scale``
(float32 fused multiply-add, saturation, round half to even). float32 NaN
samples are ignored by "minmax" / "inf" (OpenCV ignores them too,
except where one starts a vector block) and stay NaN; they make "l1" /
"l2" norms NaN, which gives scale 0 as in OpenCV.

Args:
    img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16, int16 or float32.
    alpha: lower range bound ("minmax") or the target norm (finite).
    beta: upper range bound ("minmax"; finite).
    norm: "minmax" (default), "l1", "l2" or "inf".
    dtype: result dtype: uint8, uint16, int16 or float32; None keeps img's.
    out: optional array of img's shape and ``dtype`` to write into; it may
        be ``img`` itself when the dtypes match.

Returns:
    Array of img's shape with dtype ``dtype`` (``out`` if given).

Raises:
    TypeError: unsupported img dtype or ``dtype``, non-array input.
    ValueError: unknown norm, NaN or infinite alpha / beta, empty image,
        or a bad ``out``.

Example:
    >>> u8 = vc.normalize(depth, 0, 255, dtype=np.uint8)
)doc");

  m.def(
      "add_weighted",
      [](const py::object& a, double alpha, const py::object& b, double beta, double gamma,
         const py::object& dtype, const py::object& out) {
        const char* func = "add_weighted";
        InputImage ia = image_arg(func, "a", a, kArithTypes);
        InputImage ib = image_arg(func, "b", b, kArithTypes);
        check_same_shape(func, ia, ib, ia.owner, ib.owner);
        const PixelType dt = dtype_arg(func, "dtype", dtype, ia.view.type);
        OutputImage dst = output_arg(func, out, ia.view.height, ia.view.width, ia.view.channels,
                                     ia.is_3d, dt);
        check_out_alias(func, dst, {&ia, &ib}, dt == ia.view.type);
        run_nogil([&] { vc::add_weighted(ia.view, alpha, ib.view, beta, gamma, dst.view); });
        return dst.array;
      },
      "a"_a, "alpha"_a, "b"_a, "beta"_a, "gamma"_a = 0.0, "dtype"_a = py::none(), py::kw_only(),
      "out"_a = py::none(),
      R"doc(Weighted sum a * alpha + b * beta + gamma, identical to cv2.addWeighted.

dst = saturate(fma(a, alpha, fma(b, beta, gamma))) in float32, OpenCV's
vector loop for every dtype (its scalar loop, which it uses only for
arrays of fewer samples than one vector, e.g. < 8 on AVX2, can differ
by one unit at exact ties). Integer results are clamped to the dtype's
range (NaN gives its minimum) and rounded half to even; results beyond
+-2^31 saturate (OpenCV overflows them).

Args:
    a: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16, int16 or float32.
    alpha: weight of ``a`` (finite).
    b: array of a's shape and dtype.
    beta: weight of ``b`` (finite).
    gamma: offset (finite; default 0).
    dtype: result dtype: uint8, uint16, int16 or float32; None keeps a's.
    out: optional array of a's shape and ``dtype`` to write into; it may be
        ``a`` or ``b`` itself when the dtypes match.

Returns:
    Array of a's shape with dtype ``dtype`` (``out`` if given).

Raises:
    TypeError: unsupported dtype, b's dtype differs from a's, non-array input.
    ValueError: b's shape differs from a's, NaN or infinite weights, empty
        image, or a bad ``out``.

Example:
    >>> blend = vc.add_weighted(img1, 0.7, img2, 0.3)
)doc");

  m.def(
      "absdiff",
      [](const py::object& a, const py::object& b, const py::object& out) {
        const char* func = "absdiff";
        InputImage ia = image_arg(func, "a", a, kArithTypes);
        InputImage ib = image_arg(func, "b", b, kArithTypes);
        check_same_shape(func, ia, ib, ia.owner, ib.owner);
        OutputImage dst = output_arg(func, out, ia.view.height, ia.view.width, ia.view.channels,
                                     ia.is_3d, ia.view.type);
        check_out_alias(func, dst, {&ia, &ib}, true);
        run_nogil([&] { vc::absdiff(ia.view, ib.view, dst.view); });
        return dst.array;
      },
      "a"_a, "b"_a, py::kw_only(), "out"_a = py::none(),
      R"doc(Absolute difference |a - b|, identical to cv2.absdiff.

Exact for every dtype: int16 saturates to 32767, float32 NaN stays NaN.

Args:
    a: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16, int16 or float32.
    b: array of a's shape and dtype.
    out: optional array of a's shape and dtype to write into; it may be
        ``a`` or ``b`` itself.

Returns:
    Array of a's shape and dtype (``out`` if given).

Raises:
    TypeError: unsupported dtype, b's dtype differs from a's, non-array input.
    ValueError: b's shape differs from a's, empty image, or a bad ``out``.

Example:
    >>> motion = vc.absdiff(frame, previous)
)doc");
}

}  // namespace vc::bind
