// Image -> CNN input tensor (`blob_from_image`) and the private FMA peak
// probe the DNN benchmarks use, on the `dnn` submodule.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "binders.hpp"
#include "dnn/peak.hpp"
#include "ndarray.hpp"
#include "nogil.hpp"
#include "visioncore/cpu.hpp"
#include "visioncore/dnn/blob.hpp"
#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace vc::bind {
namespace {

std::string type_of(const py::handle& obj) {
  return py::str(py::type::handle_of(obj).attr("__name__")).cast<std::string>();
}

bool is_number(const py::handle& h) {
  if (py::isinstance<py::bool_>(h)) return false;
  return py::isinstance<py::int_>(h) || py::isinstance<py::float_>(h) ||
         py::isinstance(h, py::module_::import("numpy").attr("number"));
}

bool bool_arg(const char* func, const char* param, const py::handle& obj) {
  if (py::isinstance<py::bool_>(obj) ||
      py::isinstance(obj, py::module_::import("numpy").attr("bool_"))) {
    return obj.cast<bool>();
  }
  throw_type(func, param, "a bool", type_of(obj));
}

// A number, or one number per channel (a sequence of length 1 or `channels`).
void per_channel_arg(const char* func, const char* param, const py::handle& obj, int channels,
                     double out[4]) {
  const std::string allowed =
      "a number or a sequence of " +
      (channels == 1 ? std::string("1 number") : "1 or " + std::to_string(channels) + " numbers");
  if (is_number(obj)) {
    for (int k = 0; k < 4; ++k) out[k] = obj.cast<double>();
    return;
  }
  if (py::isinstance<py::str>(obj) || py::isinstance<py::bytes>(obj) ||
      !py::isinstance<py::sequence>(obj)) {
    throw_type(func, param, allowed, type_of(obj));
  }
  const py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
  const size_t n = seq.size();
  if (n != 1 && n != static_cast<size_t>(channels)) {
    throw_invalid(func, param, allowed + " (the image has " + std::to_string(channels) +
                                   " channels)",
                  "a sequence of length " + std::to_string(n));
  }
  for (size_t k = 0; k < 4; ++k) {
    const py::handle v = seq[n == 1 ? 0 : std::min(k, n - 1)];
    if (!is_number(v)) throw_type(func, param, allowed, "a sequence holding " + type_of(v));
    out[k] = v.cast<double>();
  }
}

void size_pair(const char* func, const py::handle& obj, int* w, int* h) {
  const char* allowed = "None or a (width, height) pair of positive ints";
  if (py::isinstance<py::str>(obj) || !py::isinstance<py::sequence>(obj)) {
    throw_type(func, "size", allowed, type_of(obj));
  }
  const py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
  if (seq.size() != 2) {
    throw_invalid(func, "size", allowed, "a sequence of length " + std::to_string(seq.size()));
  }
  int64_t v[2];
  for (size_t k = 0; k < 2; ++k) {
    const py::handle e = seq[k];
    if (py::isinstance<py::bool_>(e) ||
        !(py::isinstance<py::int_>(e) ||
          py::isinstance(e, py::module_::import("numpy").attr("integer")))) {
      throw_type(func, "size", allowed, "a pair holding " + type_of(e));
    }
    try {
      v[k] = e.cast<int64_t>();
    } catch (const py::cast_error&) {
      v[k] = -1;  // out of int64 range: reported below
    }
  }
  if (v[0] < 1 || v[1] < 1 || v[0] > kMaxSide || v[1] > kMaxSide) {
    throw_invalid(func, "size", "a (width, height) pair in 1.." + std::to_string(kMaxSide),
                  py::str(obj).cast<std::string>());
  }
  *w = static_cast<int>(v[0]);
  *h = static_cast<int>(v[1]);
}

py::array blob_from_image(const py::object& img, const py::object& size, const py::object& mean,
                          const py::object& std_obj, const py::object& swap_rb,
                          const py::object& crop, const std::string& layout,
                          const py::object& scale) {
  const char* func = "blob_from_image";
  // the images: one HxW / HxWxC array, an NxHxWxC array, or a list / tuple
  std::vector<py::object> items;
  if (py::isinstance<py::array>(img)) {
    const py::array a = py::reinterpret_borrow<py::array>(img);
    if (a.ndim() == 4) {
      if (a.shape(0) < 1) throw_invalid(func, "img", "at least one image", "an empty batch");
      for (py::ssize_t i = 0; i < a.shape(0); ++i) items.push_back(img[py::int_(i)]);
    } else {
      items.push_back(img);
    }
  } else if (py::isinstance<py::list>(img) || py::isinstance<py::tuple>(img)) {
    for (const py::handle h : img) items.push_back(py::reinterpret_borrow<py::object>(h));
    if (items.empty()) throw_invalid(func, "img", "at least one image", "an empty sequence");
  } else {
    throw_type(func, "img",
               "a numpy array (H, W), (H, W, C) or (N, H, W, C), or a list of images",
               type_of(img));
  }
  std::vector<InputImage> inputs;
  std::vector<ConstImageView> views;
  inputs.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string param = items.size() == 1 && !py::isinstance<py::list>(img) &&
                                      !py::isinstance<py::tuple>(img)
                                  ? std::string("img")
                                  : "img[" + std::to_string(i) + "]";
    inputs.push_back(image_arg(func, param.c_str(), items[i], kU8 | kF32, kAnyChannels));
    views.push_back(inputs.back().view);
  }
  const int channels = views[0].channels;
  dnn::BlobParams p;
  if (!size.is_none()) size_pair(func, size, &p.width, &p.height);
  per_channel_arg(func, "mean", mean, channels, p.mean);
  per_channel_arg(func, "std", std_obj, channels, p.std);
  p.swap_rb = bool_arg(func, "swap_rb", swap_rb);
  p.crop = bool_arg(func, "crop", crop);
  p.layout = choice_arg(func, "layout", layout, {"NCHW", "NHWC"}) == 0 ? dnn::BlobLayout::NCHW
                                                                       : dnn::BlobLayout::NHWC;
  if (scale.is_none()) {
    p.scale = views[0].type == PixelType::U8 ? 1.0 / 255.0 : 1.0;
  } else {
    if (!is_number(scale)) throw_type(func, "scale", "None or a number", type_of(scale));
    p.scale = scale.cast<double>();
  }
  if (p.crop && size.is_none()) throw_invalid(func, "crop", "False when size is None", "True");
  int64_t shape[4];
  dnn::blob_shape(func, views.data(), static_cast<int64_t>(views.size()), p, shape);
  py::array_t<float> out({shape[0], shape[1], shape[2], shape[3]});
  float* dst = out.mutable_data();
  const int64_t count = shape[0] * shape[1] * shape[2] * shape[3];
  run_nogil([&] {
    dnn::blob_from_images(func, views.data(), static_cast<int64_t>(views.size()), p, dst, count);
  });
  return std::move(out);
}

double fma_peak(int threads, double seconds, const py::object& isa) {
  const char* func = "_fma_peak_gflops";
  const Isa level = isa.is_none() ? active_isa() : parse_isa(isa.cast<std::string>(), func);
  double r = 0.0;
  run_nogil([&] { r = dnn::fma_peak_gflops(threads, seconds, level); });
  return r;
}

}  // namespace

void bind_dnn_blob(py::module_& dnn) {
  dnn.def("blob_from_image", &blob_from_image, "img"_a, "size"_a = py::none(), "mean"_a = 0.0,
          "std"_a = 1.0, "swap_rb"_a = false, "crop"_a = false, "layout"_a = "NCHW",
          "scale"_a = py::none(),
          R"doc(Images -> a float32 CNN input tensor, in one pass (cf. cv2.dnn.blobFromImage).

For each image: if ``size`` differs from the image's size it is resized
(bilinear, half-pixel centres: ``vc.resize``; uint8 bit-identical to
``cv2.resize`` INTER_LINEAR), or with ``crop=True`` scaled by
``max(W / w, H / h)`` keeping the aspect ratio and centre-cropped to W x H
(as OpenCV does). Then, per output channel c (after the optional R <-> B
swap of channels 0 and 2)::

    out = (x * scale - mean[c]) / std[c]

computed as ``x * (scale / std[c]) + (-mean[c] / std[c])`` in float32, and
laid out as NCHW (or NHWC). ``mean`` and ``std`` are in output channel order.
ImageNet preprocessing of an RGB uint8 image::

    blob = vc.dnn.blob_from_image(img, (224, 224), mean=(0.485, 0.456, 0.406),
                                  std=(0.229, 0.224, 0.225))

``cv2.dnn.blobFromImage(img, s, size, m, swapRB)``, which computes
``(x - m) * s``, is ``blob_from_image(img, size, mean=m * s, scale=s, swap_rb=swapRB)``.

Args:
    img: uint8 or float32 image (H, W) or (H, W, C) with C = 1, 3 or 4, a
        batch (N, H, W, C), or a list / tuple of images (same dtype and
        channel count; sizes may differ when ``size`` is given).
    size: (width, height) of the output, or None for the images' own size
        (then all images must have one size).
    mean: a number or one per channel (output order), subtracted after scaling.
    std: a number or one per channel, non-zero; the divisor.
    swap_rb: swap channels 0 and 2 (RGB <-> BGR); needs 3 or 4 channels.
    crop: keep the aspect ratio and centre-crop to ``size`` (needs ``size``).
    layout: "NCHW" (default) or "NHWC".
    scale: multiplies the pixel values first; None: 1/255 for uint8 (to
        [0, 1]), 1 for float32 (taken as already scaled).

Returns:
    float32 array (N, C, H, W), or (N, H, W, C) for layout "NHWC"; N = 1
    for a single image.

Raises:
    TypeError: ``img`` is not an array or a list of arrays, a dtype other
        than uint8 / float32, or a parameter of the wrong type.
    ValueError: 2 channels, images that differ in dtype, channels or (without
        ``size``) size, a bad ``size``, ``mean`` / ``std`` of the wrong length,
        non-finite values, ``std`` or ``scale`` 0, ``swap_rb`` on 1 channel,
        ``crop`` without ``size``, an unknown ``layout``, or a result above
        the size limits.

Example:
    >>> blob = vc.dnn.blob_from_image(img, (224, 224))  # doctest: +SKIP
    >>> probs = net(blob)  # doctest: +SKIP
)doc");
  dnn.def("_fma_peak_gflops", &fma_peak, "threads"_a = 1, "seconds"_a = 0.2,
          "isa"_a = py::none(),
          R"doc(Measured peak float32 multiply-add rate (benchmark entry point).

Each of ``threads`` threads runs independent register-resident FMA chains
for about ``seconds`` at the vector width of ``isa`` (None: the active level;
"avx512": 16 lanes, "avx2": 8 lanes with FMA, otherwise 4-lane multiply and
add). One FMA counts as 2 flops.

Args:
    threads: 1..256 threads, started together (not the pool).
    seconds: duration of the timed run, in (0, 10].
    isa: None or a level name of ``vc.available_isas()``.

Returns:
    float: GFLOP/s of all threads together.

Raises:
    ValueError: threads or seconds out of range, an unknown or unavailable level.
)doc");
}

}  // namespace vc::bind
