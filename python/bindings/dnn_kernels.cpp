// Direct access to the inference kernels (GEMM, convolution), for tests and
// benchmarks: private entry points `_gemm` and `_conv2d` on the `dnn`
// submodule. Each call packs its constant operand, sizes the workspace for
// the current thread count and runs without the GIL.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "binders.hpp"
// The kernels' internal API (cpp/src is not on this target's include path;
// these headers include only their siblings and public headers).
#include "dnn/activation.hpp"
#include "dnn/conv.hpp"
#include "dnn/gemm.hpp"
#include "dnn/pack.hpp"
#include "ndarray.hpp"
#include "nogil.hpp"
#include "visioncore/cpu.hpp"
#include "visioncore/error.hpp"
#include "visioncore/parallel.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace vc::bind {
namespace {

std::string shape_str(const py::array& a) {
  std::string s = "(";
  for (py::ssize_t i = 0; i < a.ndim(); ++i) s += (i ? ", " : "") + std::to_string(a.shape(i));
  return s + (a.ndim() == 1 ? ",)" : ")");
}

// A float32 array of the given rank, C-contiguous except that a 2-D array
// may keep a positive row stride (the GEMM's lda); other layouts are copied.
struct FloatArg {
  py::array arr;
  const float* data = nullptr;
  int64_t ld = 0;  // row stride in floats (2-D)
};

FloatArg float_arg(const char* func, const char* param, const py::handle& obj, int ndim) {
  if (!py::isinstance<py::array>(obj)) {
    throw_type(func, param, "a float32 numpy array",
               py::str(py::type::handle_of(obj).attr("__name__")).cast<std::string>());
  }
  py::array a = py::reinterpret_borrow<py::array>(obj);
  if (!a.dtype().is(py::dtype::of<float>())) {
    throw_type(func, param, "float32", py::str(a.dtype()).cast<std::string>());
  }
  if (a.ndim() != ndim) {
    throw_invalid(func, param, std::to_string(ndim) + "-D array", shape_str(a));
  }
  for (py::ssize_t i = 0; i < a.ndim(); ++i) {
    if (a.shape(i) == 0) throw_invalid(func, param, "a non-empty array", shape_str(a));
  }
  FloatArg r;
  const bool row_strided = ndim == 2 && a.strides(1) == 4 && a.strides(0) >= 4 * a.shape(1) &&
                           a.strides(0) % 4 == 0 &&
                           reinterpret_cast<uintptr_t>(a.data()) % 4 == 0;
  if (!row_strided && !(a.flags() & py::array::c_style)) {
    a = py::array_t<float, py::array::c_style | py::array::forcecast>::ensure(a);
  }
  r.arr = a;
  r.data = static_cast<const float*>(a.data());
  r.ld = ndim == 2 ? a.strides(0) / 4 : 0;
  return r;
}

dnn::Epilogue epilogue_arg(const char* func, const std::string& activation, double alpha,
                           const py::object& clip) {
  dnn::Epilogue ep;
  ep.act = dnn::parse_activation(func, activation);
  ep.alpha = static_cast<float>(alpha);
  if (ep.act == dnn::Activation::Clip) {
    if (clip.is_none()) throw_invalid(func, "clip", "a (min, max) pair", "None");
    const auto mm = clip.cast<std::array<double, 2>>();
    ep.min = static_cast<float>(mm[0]);
    ep.max = static_cast<float>(mm[1]);
  }
  dnn::check_epilogue(func, ep);
  return ep;
}

template <size_t N>
std::array<int64_t, N> ints_arg(const char* func, const char* param, const py::object& obj) {
  std::vector<int64_t> v;
  try {
    v = obj.cast<std::vector<int64_t>>();
  } catch (const py::cast_error&) {
    throw_type(func, param, "a sequence of " + std::to_string(N) + " ints",
               py::str(obj).cast<std::string>());
  }
  if (v.size() != N) {
    throw_invalid(func, param, std::to_string(N) + " ints", std::to_string(v.size()) + " values");
  }
  std::array<int64_t, N> r{};
  for (size_t i = 0; i < N; ++i) r[i] = v[i];
  return r;
}

py::array gemm(const py::object& a_obj, const py::object& b_obj, const py::object& bias_obj,
               const std::string& bias_axis, const std::string& activation, double alpha,
               const py::object& clip, const std::string& packed) {
  const char* func = "_gemm";
  const FloatArg a = float_arg(func, "a", a_obj, 2);
  const FloatArg b = float_arg(func, "b", b_obj, 2);
  const int64_t m = a.arr.shape(0), k = a.arr.shape(1), n = b.arr.shape(1);
  if (b.arr.shape(0) != k) {
    throw_invalid(func, "b", "shape (" + std::to_string(k) + ", N) to match a",
                  shape_str(b.arr));
  }
  const int axis = choice_arg(func, "bias_axis", bias_axis, {"column", "row"});
  const int side = choice_arg(func, "packed", packed, {"b", "a"});
  const dnn::Epilogue act = epilogue_arg(func, activation, alpha, clip);
  dnn::GemmEpilogue ep;
  ep.act = act;
  FloatArg bias;
  if (!bias_obj.is_none()) {
    bias = float_arg(func, "bias", bias_obj, 1);
    const int64_t want = axis == 0 ? n : m;
    if (bias.arr.shape(0) != want) {
      throw_invalid(func, "bias", std::to_string(want) + " values", shape_str(bias.arr));
    }
    ep.bias = bias.data;
    ep.bias_mode = axis == 0 ? dnn::BiasMode::PerColumn : dnn::BiasMode::PerRow;
  }
  py::array_t<float> c({m, n});
  float* cp = c.mutable_data();
  run_nogil([&] {
    const dnn::GemmTile tile = dnn::gemm_tile_for(active_isa());
    if (side == 0) {
      const dnn::PackedMatrix pb = dnn::pack_b(func, b.data, k, n, b.ld, tile);
      dnn::AlignedFloats ws(dnn::gemm_packed_b_workspace(m, pb, get_num_threads()));
      dnn::gemm_packed_b(func, a.data, m, a.ld, pb, cp, n, ep, ws.data(), ws.size());
    } else {
      const dnn::PackedMatrix pa = dnn::pack_a(func, a.data, m, k, a.ld, tile);
      dnn::AlignedFloats ws(dnn::gemm_packed_a_workspace(pa, n, get_num_threads()));
      const float* bp = b.data;
      const int64_t ldb = b.ld;
      dnn::gemm_packed_a(
          func, pa, n,
          [&](int64_t k0, int64_t kc, int64_t n0, int64_t nc, int nr, float* dst) {
            dnn::pack_b_block(bp + k0 * ldb + n0, ldb, kc, nc, nr, dst);
          },
          cp, n, ep, ws.data(), ws.size());
    }
  });
  return std::move(c);
}

dnn::Conv2d make_conv(const char* func, const FloatArg& w, const float* bias, int64_t cin,
                      const py::object& strides, const py::object& pads,
                      const py::object& dilations, int64_t group, const dnn::Epilogue& act,
                      const dnn::Conv2dHint& hint) {
  const auto s = ints_arg<2>(func, "strides", strides);
  const auto p = ints_arg<4>(func, "pads", pads);
  const auto d = ints_arg<2>(func, "dilations", dilations);
  dnn::Conv2dParams cp;
  cp.kernel_h = w.arr.shape(2);
  cp.kernel_w = w.arr.shape(3);
  cp.stride_h = s[0];
  cp.stride_w = s[1];
  cp.pad_top = p[0];
  cp.pad_left = p[1];
  cp.pad_bottom = p[2];
  cp.pad_right = p[3];
  cp.dilation_h = d[0];
  cp.dilation_w = d[1];
  cp.group = group;
  if (group < 1 || group > dnn::kMaxConvParam || w.arr.shape(1) * group != cin) {
    throw_invalid(func, "w", "shape (Cout, Cin / group, kh, kw) with Cin = " +
                                 std::to_string(cin) + ", group = " + std::to_string(group),
                  shape_str(w.arr));
  }
  return dnn::Conv2d::create(func, w.data, w.arr.shape(0), cin, bias, cp, act, hint);
}

// The `winograd` option of the convolution entry points: None (by cost at
// the input size), True (wherever it applies) or False (never).
dnn::Conv2dHint::Winograd winograd_arg(const py::object& v) {
  if (v.is_none()) return dnn::Conv2dHint::Winograd::Auto;
  return v.cast<bool>() ? dnn::Conv2dHint::Winograd::On : dnn::Conv2dHint::Winograd::Off;
}

py::array conv2d(const py::object& x_obj, const py::object& w_obj, const py::object& bias_obj,
                 const py::object& strides, const py::object& pads, const py::object& dilations,
                 int64_t group, const std::string& activation, double alpha,
                 const py::object& clip, const py::object& winograd) {
  const char* func = "_conv2d";
  const FloatArg x = float_arg(func, "x", x_obj, 4);
  FloatArg w = float_arg(func, "w", w_obj, 4);
  const dnn::Epilogue act = epilogue_arg(func, activation, alpha, clip);
  const int64_t batch = x.arr.shape(0), cin = x.arr.shape(1), h = x.arr.shape(2),
                wd = x.arr.shape(3);
  FloatArg bias;
  if (!bias_obj.is_none()) {
    bias = float_arg(func, "bias", bias_obj, 1);
    if (bias.arr.shape(0) != w.arr.shape(0)) {
      throw_invalid(func, "bias", std::to_string(w.arr.shape(0)) + " values",
                    shape_str(bias.arr));
    }
  }
  dnn::Conv2dHint hint;
  hint.in_h = h;
  hint.in_w = wd;
  hint.winograd = winograd_arg(winograd);
  const dnn::Conv2d conv =
      make_conv(func, w, bias.data, cin, strides, pads, dilations, group, act, hint);
  const int64_t oh = conv.out_h(func, h), ow = conv.out_w(func, wd);
  py::array_t<float> y({batch, conv.out_channels(), oh, ow});
  float* yp = y.mutable_data();
  run_nogil([&] {
    dnn::AlignedFloats ws(conv.workspace_floats(h, wd, get_num_threads()));
    conv.run(func, x.data, batch, h, wd, yp, ws.data(), ws.size());
  });
  return std::move(y);
}

std::string conv2d_path(const py::object& w_obj, int64_t in_channels, const py::object& strides,
                        const py::object& pads, const py::object& dilations, int64_t group,
                        const py::object& in_size, const py::object& winograd) {
  const char* func = "_conv2d_path";
  const FloatArg w = float_arg(func, "w", w_obj, 4);
  dnn::Conv2dHint hint;
  if (!in_size.is_none()) {
    const auto hw = ints_arg<2>(func, "in_size", in_size);
    hint.in_h = hw[0];
    hint.in_w = hw[1];
  }
  hint.winograd = winograd_arg(winograd);
  const dnn::Conv2d conv = make_conv(func, w, nullptr, in_channels, strides, pads, dilations,
                                     group, dnn::Epilogue{}, hint);
  switch (conv.path()) {
    case dnn::Conv2d::Path::Gemm1x1: return "gemm1x1";
    case dnn::Conv2d::Path::Depthwise3x3: return "depthwise3x3";
    case dnn::Conv2d::Path::Direct: return "direct";
    case dnn::Conv2d::Path::Winograd: return "winograd";
    default: return "im2col";
  }
}

// Prepacked convolution for benchmarks: weights packed once, workspace
// kept for the thread count of the last call.
struct ConvHandle {
  dnn::Conv2d conv;
  dnn::AlignedFloats ws;
  int64_t cin = 0;
  py::array call(const py::object& x_obj) {
    const char* func = "_Conv2dKernel";
    const FloatArg x = float_arg(func, "x", x_obj, 4);
    if (x.arr.shape(1) != cin) {
      throw_invalid(func, "x", std::to_string(cin) + " channels", shape_str(x.arr));
    }
    const int64_t batch = x.arr.shape(0), h = x.arr.shape(2), wd = x.arr.shape(3);
    const int64_t oh = conv.out_h(func, h), ow = conv.out_w(func, wd);
    py::array_t<float> y({batch, conv.out_channels(), oh, ow});
    float* yp = y.mutable_data();
    const size_t need = conv.workspace_floats(h, wd, get_num_threads());
    if (ws.size() < need) ws = dnn::AlignedFloats(need);
    run_nogil([&] { conv.run(func, x.data, batch, h, wd, yp, ws.data(), ws.size()); });
    return std::move(y);
  }
};

}  // namespace

void bind_dnn_kernels(py::module_& dnn) {
  dnn.def("_gemm", &gemm, "a"_a, "b"_a, "bias"_a = py::none(), "bias_axis"_a = "column",
          "activation"_a = "none", "alpha"_a = 0.01, "clip"_a = py::none(), "packed"_a = "b",
          R"doc(Packed SGEMM C = act(A @ B + bias) (test and benchmark entry point).

Args:
    a: float32 array (M, K); a positive row stride is used as is.
    b: float32 array (K, N).
    bias: None or float32 (N,) for bias_axis "column", (M,) for "row".
    bias_axis: "column" (default) or "row".
    activation: "none", "relu", "relu6", "clip", "leaky_relu", "sigmoid", "hardswish".
    alpha: leaky_relu slope.
    clip: (min, max) for activation "clip".
    packed: which operand is packed whole up front: "b" (default, A packed per
        block) or "a" (B packed per block, as convolution does).

Returns:
    float32 array (M, N).

Raises:
    TypeError: non-float32 or non-array operands.
    ValueError: mismatched shapes, empty operands, unknown options.
)doc");
  dnn.def("_conv2d", &conv2d, "x"_a, "w"_a, "bias"_a = py::none(), "strides"_a = py::make_tuple(1, 1),
          "pads"_a = py::make_tuple(0, 0, 0, 0), "dilations"_a = py::make_tuple(1, 1),
          "group"_a = 1, "activation"_a = "none", "alpha"_a = 0.01, "clip"_a = py::none(),
          "winograd"_a = py::none(),
          R"doc(2-D convolution, NCHW float32, ONNX Conv semantics (test and benchmark entry point).

Args:
    x: float32 array (N, C, H, W).
    w: float32 array (Cout, C / group, kh, kw).
    bias: None or float32 (Cout,).
    strides: (sh, sw).
    pads: (top, left, bottom, right).
    dilations: (dh, dw).
    group: number of groups (C and Cout divisible by it).
    activation: "none", "relu", "relu6", "clip", "leaky_relu", "sigmoid", "hardswish".
    alpha: leaky_relu slope.
    clip: (min, max) for activation "clip".
    winograd: None (take the Winograd path where it is cheaper at this input
        size), True (wherever it applies: 3x3, stride 1, no dilation, group 1,
        at least 32 channels in and out) or False (never).

Returns:
    float32 array (N, Cout, OH, OW).

Raises:
    TypeError: non-float32 or non-array operands.
    ValueError: inconsistent shapes, group, strides, pads, dilations or options.
)doc");
  py::class_<ConvHandle>(dnn, "_Conv2dKernel",
                         "A convolution with prepacked weights (benchmark entry point).")
      .def(py::init([](const py::object& w_obj, const py::object& bias_obj, int64_t in_channels,
                       const py::object& strides, const py::object& pads,
                       const py::object& dilations, int64_t group, const std::string& activation,
                       double alpha, const py::object& clip, const py::object& in_size,
                       const py::object& winograd) {
             const char* func = "_Conv2dKernel";
             const FloatArg w = float_arg(func, "w", w_obj, 4);
             FloatArg bias;
             if (!bias_obj.is_none()) bias = float_arg(func, "bias", bias_obj, 1);
             if (bias.data && bias.arr.shape(0) != w.arr.shape(0)) {
               throw_invalid(func, "bias", std::to_string(w.arr.shape(0)) + " values",
                             shape_str(bias.arr));
             }
             const dnn::Epilogue act = epilogue_arg(func, activation, alpha, clip);
             dnn::Conv2dHint hint;
             if (!in_size.is_none()) {
               const auto hw = ints_arg<2>(func, "in_size", in_size);
               hint.in_h = hw[0];
               hint.in_w = hw[1];
             }
             hint.winograd = winograd_arg(winograd);
             auto* h = new ConvHandle{make_conv(func, w, bias.data, in_channels, strides, pads,
                                                dilations, group, act, hint),
                                      dnn::AlignedFloats(), in_channels};
             return h;
           }),
           "w"_a, "bias"_a, "in_channels"_a, "strides"_a = py::make_tuple(1, 1),
           "pads"_a = py::make_tuple(0, 0, 0, 0), "dilations"_a = py::make_tuple(1, 1),
           "group"_a = 1, "activation"_a = "none", "alpha"_a = 0.01, "clip"_a = py::none(),
           "in_size"_a = py::none(), "winograd"_a = py::none(),
           R"doc(Packs the weights of a convolution once (arguments as _conv2d).

Args:
    w: float32 array (Cout, C / group, kh, kw).
    bias: None or float32 (Cout,).
    in_channels: C.
    strides: (sh, sw).
    pads: (top, left, bottom, right).
    dilations: (dh, dw).
    group: number of groups.
    activation: as _conv2d.
    alpha: leaky_relu slope.
    clip: (min, max) for activation "clip".
    in_size: None or the (H, W) the path is chosen for (None: unknown).
    winograd: as _conv2d.

Returns:
    A callable: kernel(x) -> y as _conv2d(x, w, bias, ...).

Raises:
    TypeError: non-float32 operands.
    ValueError: inconsistent shapes or attributes.
)doc")
      .def("__call__", &ConvHandle::call, "x"_a);
  dnn.def("_conv2d_path", &conv2d_path, "w"_a, "in_channels"_a,
          "strides"_a = py::make_tuple(1, 1), "pads"_a = py::make_tuple(0, 0, 0, 0),
          "dilations"_a = py::make_tuple(1, 1), "group"_a = 1, "in_size"_a = py::none(),
          "winograd"_a = py::none(),
          R"doc(The path _conv2d takes for these weights and attributes.

Args:
    w: float32 array (Cout, C / group, kh, kw).
    in_channels: C.
    strides: (sh, sw).
    pads: (top, left, bottom, right).
    dilations: (dh, dw).
    group: number of groups.
    in_size: None or the input (H, W) the path is chosen for (None: unknown,
        taken as large).
    winograd: as _conv2d.

Returns:
    "gemm1x1", "direct", "winograd", "im2col" or "depthwise3x3".

Raises:
    TypeError: a non-float32 w.
    ValueError: inconsistent attributes.
)doc");
}

}  // namespace vc::bind
