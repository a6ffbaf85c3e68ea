"""vc.dnn elementwise operators, Softmax family, LRN and activation fusion,
against onnxruntime and float64 references; the f32_v* math kernels at
every ISA level against the scalar reference."""

import os

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper

OPSET = 18  # Mish needs 18
FLT_MIN = np.float32(1.1754943508222875e-38)


def _model(nodes, inits, inputs, outputs, opset=OPSET):
    g = helper.make_graph(nodes, "g", inputs, outputs,
                          [numpy_helper.from_array(v, k) for k, v in inits.items()])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m.SerializeToString()


def _vi(name, shape, dtype=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, dtype, shape)


def _ort(data, feeds):
    sess = ort.InferenceSession(data, providers=["CPUExecutionProvider"])
    return sess.run(None, feeds)[0]


def _close(got, want, rel=1e-5):
    """Within rel of the largest |want| (NaN where want is NaN)."""
    assert got.shape == want.shape and got.dtype == np.float32
    finite = np.isfinite(want)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_array_equal(got[~finite & ~np.isnan(want)], want[~finite & ~np.isnan(want)])
    if finite.any():
        scale = max(float(np.abs(want[finite]).max()), 1e-30)
        np.testing.assert_allclose(got[finite], want[finite], rtol=rel, atol=rel * scale)


def _run(data, feeds, threads=(1, 2)):
    """Runs at each thread count; the results agree within 1e-6 relative."""
    outs = []
    for t in threads:
        net = vc.dnn.Net.load(data, num_threads=t)
        outs.append(net.run(feeds)[net.outputs[0].name])
    for o in outs[1:]:
        _close(o, outs[0], rel=1e-6)
    return outs[0]


def _check(data, feeds, rel=1e-5):
    got = _run(data, feeds)
    _close(got, _ort(data, feeds), rel)
    return got


def _unary_model(op, shape, opset=OPSET, **attrs):
    return _model([helper.make_node(op, ["x"], ["y"], **attrs)], {}, [_vi("x", shape)],
                  [_vi("y", shape)], opset)


def _special_values():
    return np.array([0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1e-45, -1e-45, 1e-40, -3e-39, 1e-20, -1e-20,
                     3.0, -3.0, 10.0, -10.0, 20.5, -20.5, 88.0, 88.8, -87.0, -100.0, -104.5,
                     -150.0, 1e10, -1e10, 3e38, -3e38, np.inf, -np.inf, np.nan], np.float32)


# ---------------------------------------------------------------- unary operators

UNARY = [
    ("Relu", {}), ("Sigmoid", {}), ("Tanh", {}), ("Exp", {}), ("Log", {}), ("Sqrt", {}),
    ("Erf", {}), ("HardSigmoid", {}), ("HardSigmoid", {"alpha": 0.3, "beta": 0.4}),
    ("HardSwish", {}), ("Mish", {}), ("Softplus", {}), ("Abs", {}), ("Neg", {}),
    ("Reciprocal", {}), ("Floor", {}), ("Ceil", {}), ("Elu", {}), ("Elu", {"alpha": 0.5}),
    ("Selu", {}), ("Selu", {"alpha": 1.5, "gamma": 2.0}), ("Celu", {}), ("Celu", {"alpha": 2.0}),
    ("LeakyRelu", {"alpha": 0.2}),
]
POSITIVE_ONLY = {"Log", "Sqrt"}


@pytest.mark.parametrize("op,attrs", UNARY, ids=[f"{o}-{len(a)}" for o, a in UNARY])
@pytest.mark.parametrize("shape", [(1, 3, 5, 7), (4, 16, 33, 31)])
def test_unary_random_vs_onnxruntime(rng, op, attrs, shape):
    x = (rng.standard_normal(shape) * 4).astype(np.float32)
    if op in POSITIVE_ONLY:
        x = np.abs(x) + 1e-3
    _check(_unary_model(op, list(shape), **attrs), {"x": x})


@pytest.mark.parametrize("op,attrs", UNARY, ids=[f"{o}-{len(a)}" for o, a in UNARY])
def test_unary_special_values(op, attrs):
    x = _special_values()
    data = _unary_model(op, [x.size], **attrs)
    with np.errstate(all="ignore"):
        got = _run(data, {"x": x})
        want = _ort(data, {"x": x})
    if op in ("Mish",):  # onnxruntime loses precision in the far negative tail
        keep = x > -80
        got, want = got[keep], want[keep]
    if op in ("Selu", "Elu", "Celu"):  # expm1 vs exp - 1: compare in absolute terms
        np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-7, equal_nan=True)
        return
    _close(got, want, rel=1e-6)


def test_floor_ceil_exact(rng):
    x = np.concatenate([(rng.standard_normal(5000) * 10).astype(np.float32),
                        np.array([-0.0, 0.0, -0.5, 0.5, -1.5, 2.5, 8388607.5, -8388607.5, 8388608.0,
                                  1e20, -1e20, np.inf, -np.inf, np.nan], np.float32)])
    for op, ref in (("Floor", np.floor), ("Ceil", np.ceil)):
        got = _run(_unary_model(op, [x.size]), {"x": x})
        np.testing.assert_array_equal(got, ref(x))
        np.testing.assert_array_equal(np.signbit(got), np.signbit(ref(x)))


def test_abs_neg_int64_shape_chain(rng):
    """Neg / Abs evaluate int64 at plan time: Reshape to Abs(Neg(Shape(x)))."""
    nodes = [helper.make_node("Shape", ["x"], ["s"]), helper.make_node("Neg", ["s"], ["n"]),
             helper.make_node("Abs", ["n"], ["a"]), helper.make_node("Reshape", ["x", "a"], ["y"])]
    data = _model(nodes, {}, [_vi("x", [2, 3, 4])], [_vi("y", [2, 3, 4])])
    x = rng.standard_normal((2, 3, 4)).astype(np.float32)
    np.testing.assert_array_equal(_run(data, {"x": x}), x)


def test_clip_opset6_attributes_and_opset13_inputs(rng):
    x = (rng.standard_normal((4, 8, 5, 5)) * 3).astype(np.float32)
    data = _unary_model("Clip", [4, 8, 5, 5], opset=6, min=-1.0, max=2.0)
    np.testing.assert_array_equal(_run(data, {"x": x}), np.clip(x, -1, 2))
    node = helper.make_node("Clip", ["x", "lo", "hi"], ["y"])
    data = _model([node], {"lo": np.float32(-0.5), "hi": np.float32(0.5)}, [_vi("x", [4, 8, 5, 5])],
                  [_vi("y", [4, 8, 5, 5])], 13)
    _check(data, {"x": x})


# ---------------------------------------------------------------- math kernels, every ISA level

def _float_sample(step=4099):
    bits = np.arange(0, 2**32, step, dtype=np.uint64).astype(np.uint32)
    x = bits.view(np.float32)
    return np.concatenate([x[~np.isnan(x)], _special_values()])  # NaN payloads: one quiet NaN


def _truth(op, x):
    from math import erf as merf
    xd = x.astype(np.float64)
    with np.errstate(all="ignore"):
        if op == "Exp":
            return np.exp(xd)
        if op == "Log":
            return np.where(xd < 0, np.nan, np.log(np.abs(xd)))
        if op == "Tanh":
            return np.tanh(xd)
        if op == "Erf":
            return np.array([merf(v) if np.isfinite(v) else (np.sign(v) if not np.isnan(v) else v)
                             for v in xd])
        sig = np.where(xd >= 0, 1 / (1 + np.exp(-xd)), np.exp(xd) / (1 + np.exp(xd)))
        if op == "Sigmoid":
            return sig
        if op == "Swish":
            return xd * sig
        sp = np.logaddexp(0, xd)
        if op == "Softplus":
            return sp
        return xd * np.tanh(sp)  # Mish


# max error in float ulps of the exact result (normal results; denormal and
# zero results: within 2 ulps of the smallest denormal)
MATH_ULPS = {"Exp": 1.5, "Log": 1.5, "Tanh": 2.0, "Erf": 3.0, "Sigmoid": 3.0, "Swish": 4.0,
             "Softplus": 3.0, "Mish": 5.0}


def _math_model(op, n):
    if op == "Swish":  # x * Sigmoid(x), fused into one Swish node
        nodes = [helper.make_node("Sigmoid", ["x"], ["s"]), helper.make_node("Mul", ["s", "x"], ["y"])]
        return _model(nodes, {}, [_vi("x", [n])], [_vi("y", [n])])
    return _unary_model(op, [n])


@pytest.mark.parametrize("op", sorted(MATH_ULPS))
def test_math_kernels_accuracy_every_isa(op):
    x = _float_sample()
    want = _truth(op, x)
    with np.errstate(all="ignore"):
        wf = want.astype(np.float32)
    data = _math_model(op, x.size)
    for isa in ISAS:
        with vc.isa(isa), np.errstate(all="ignore"):
            got = vc.dnn.Net.load(data).run({"x": x})["y"]
        # NaN exactly where the exact result is NaN; infinities exact
        np.testing.assert_array_equal(np.isnan(got), np.isnan(want), err_msg=isa)
        inf = np.isinf(wf)
        np.testing.assert_array_equal(got[inf], wf[inf], err_msg=isa)
        fin = np.isfinite(wf)
        g, w = got[fin].astype(np.float64), want[fin]
        normal = np.abs(w) >= FLT_MIN
        ulp = np.spacing(np.abs(wf[fin][normal])).astype(np.float64)
        err = np.abs(g[normal] - w[normal]) / ulp
        assert err.max() <= MATH_ULPS[op], (isa, err.max(), x[fin][normal][np.argmax(err)])
        assert np.all(np.abs(g[~normal] - w[~normal]) <= 2 * 2.0**-149), isa


@pytest.mark.parametrize("op", sorted(MATH_ULPS))
def test_math_kernels_every_isa_matches_scalar(rng, op):
    """Same algorithm at every level: SSE4.1 is bit-identical to the scalar
    reference (no FMA), AVX2 / AVX-512 within 2 ulps; odd lengths use the tail."""
    x = np.concatenate([(rng.standard_normal(1001) * 30).astype(np.float32), _special_values()])
    data = _math_model(op, x.size)
    with vc.isa("scalar"), np.errstate(all="ignore"):
        ref = vc.dnn.Net.load(data).run({"x": x})["y"]
    for isa in ISAS:
        with vc.isa(isa), np.errstate(all="ignore"):
            got = vc.dnn.Net.load(data).run({"x": x})["y"]
        if isa in ("scalar", "sse4"):
            np.testing.assert_array_equal(got, ref, err_msg=isa)
        else:
            np.testing.assert_array_max_ulp(got, ref, maxulp=2)


# ---------------------------------------------------------------- binary: Pow, PRelu, broadcasting

BCAST = [((4, 3, 5, 6), (4, 3, 5, 6)), ((4, 3, 5, 6), (3, 1, 1)), ((1, 3, 5, 6), (6,)),
         ((4, 3, 5, 6), ()), ((4, 1, 5, 1), (1, 3, 1, 6)), ((1,), (2, 3)), ((3, 1), (1, 4)),
         ((1, 1, 1), (1, 1)), ((2, 1, 40000), (2, 3, 1))]


@pytest.mark.parametrize("a,b", BCAST)
@pytest.mark.parametrize("op", ["Add", "Sub", "Mul", "Div", "Pow"])
def test_binary_broadcasting(rng, op, a, b):
    out = list(np.broadcast_shapes(a, b))
    x = np.asarray(rng.standard_normal(a) * 2, np.float32)
    y = np.asarray(rng.standard_normal(b) * 2, np.float32)
    if op == "Pow":
        x = np.abs(x) + 0.1
    node = helper.make_node(op, ["x", "z"], ["y"])
    data = _model([node], {}, [_vi("x", list(a)), _vi("z", list(b))], [_vi("y", out)])
    _check(data, {"x": x, "z": y})


@pytest.mark.parametrize("e", [0.0, 1.0, 2.0, 3.0, -1.0, 0.5, 1.7, -2.5])
@pytest.mark.parametrize("batch", [1, 4])
def test_pow_constant_exponent(rng, e, batch):
    shape = [batch, 3, 7, 9]
    x = (rng.standard_normal(shape) * 3).astype(np.float32)
    x.flat[:8] = [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-30, -2.0, 4.0]
    node = helper.make_node("Pow", ["x", "e"], ["y"])
    data = _model([node], {"e": np.float32(e)}, [_vi("x", shape)], [_vi("y", shape)])
    got = _run(data, {"x": x})
    want = _ort(data, {"x": x})  # C pow: pow(-inf, 0.5) = inf, unlike numpy
    _close(got, want, rel=1e-6)
    np.testing.assert_array_equal(np.signbit(got[:2]), np.signbit(want[:2]))


def test_pow_int64_exponent_and_int64_base(rng):
    x = (rng.standard_normal((2, 3, 4)) + 2).astype(np.float32)
    node = helper.make_node("Pow", ["x", "e"], ["y"])
    data = _model([node], {"e": np.array([2, 3, 1, 0], np.int64)}, [_vi("x", [2, 3, 4])],
                  [_vi("y", [2, 3, 4])])
    _check(data, {"x": x})
    # int64 base: Reshape to Pow(Shape(x), 1) * 1, evaluated at plan time
    nodes = [helper.make_node("Shape", ["x"], ["s"]), helper.make_node("Pow", ["s", "one"], ["p"]),
             helper.make_node("Reshape", ["x", "p"], ["y"])]
    data = _model(nodes, {"one": np.array(1, np.int64)}, [_vi("x", [2, 3, 4])],
                  [_vi("y", [2, 3, 4])])
    np.testing.assert_array_equal(_run(data, {"x": x}), x)


@pytest.mark.parametrize("slope_shape", [(6, 1, 1), (1,), (9,), (6, 5, 9), (1, 6, 5, 9)])
@pytest.mark.parametrize("batch", [1, 4])
def test_prelu(rng, slope_shape, batch):
    shape = [batch, 6, 5, 9]
    x = rng.standard_normal(shape).astype(np.float32)
    slope = rng.standard_normal(slope_shape).astype(np.float32)
    node = helper.make_node("PRelu", ["x", "s"], ["y"])
    data = _model([node], {"s": slope}, [_vi("x", shape)], [_vi("y", shape)])
    got = _check(data, {"x": x}, rel=1e-6)
    np.testing.assert_array_equal(got, np.where(x < 0, x * slope, x))


# ---------------------------------------------------------------- Softmax / LogSoftmax

SOFTMAX = [((4, 10), None), ((4, 10), 0), ((2, 3, 4, 5), 1), ((2, 3, 4, 5), -1), ((2, 3, 4, 5), 2),
           ((1, 1000), -1), ((4, 21, 300), 1), ((3,), 0), ((2, 700, 3), 1)]


@pytest.mark.parametrize("op", ["Softmax", "LogSoftmax"])
@pytest.mark.parametrize("opset", [11, 13, 17])
@pytest.mark.parametrize("shape,axis", SOFTMAX)
def test_softmax(rng, op, opset, shape, axis):
    attrs = {} if axis is None else {"axis": axis}
    x = (rng.standard_normal(shape) * 5).astype(np.float32)
    x.flat[0] = 80.0  # stability: exp(80) alone would overflow the sum
    _check(_unary_model(op, list(shape), opset=opset, **attrs), {"x": x}, rel=2e-6)


@pytest.mark.parametrize("op", ["Softmax", "LogSoftmax"])
def test_softmax_extreme_and_structured(op):
    x = np.array([[1e30, 0.0, -1e30, 1.0], [-np.inf, 0.0, 0.0, -np.inf], [3.0, 3.0, 3.0, 3.0],
                  [-1e4, -1e4 + 1, -1e4 + 2, -1e4 + 3]], np.float32)
    _check(_unary_model(op, [4, 4], axis=1), {"x": x}, rel=1e-6)


@pytest.mark.parametrize("op", ["Softmax", "LogSoftmax"])
def test_softmax_every_isa(rng, op):
    x = (rng.standard_normal((3, 37, 11)) * 4).astype(np.float32)
    data = _unary_model(op, [3, 37, 11], axis=1)
    want = _ort(data, {"x": x})
    for isa in ISAS:
        with vc.isa(isa):
            _close(_run(data, {"x": x}), want, rel=2e-6)


# ---------------------------------------------------------------- LRN

@pytest.mark.parametrize("size", [1, 3, 4, 5])
@pytest.mark.parametrize("beta", [0.75, 0.5, 1.0, 0.6])
@pytest.mark.parametrize("batch", [1, 4])
def test_lrn(rng, size, beta, batch):
    shape = [batch, 7, 9, 11]
    x = (rng.standard_normal(shape) * 3).astype(np.float32)
    data = _unary_model("LRN", shape, size=size, beta=beta, alpha=1e-3, bias=1.5)
    if size % 2:
        got = _check(data, {"x": x}, rel=2e-6)
    else:  # onnxruntime takes odd sizes only; the spec defines even ones
        got = _run(data, {"x": x})
    # float64 reference of the ONNX formula
    xd = x.astype(np.float64)
    sq = np.zeros_like(xd)
    for c in range(7):
        lo, hi = max(0, c - (size - 1) // 2), min(6, c + size // 2)
        sq[:, c] = (xd[:, lo:hi + 1] ** 2).sum(axis=1)
    np.testing.assert_allclose(got, xd / (1.5 + 1e-3 / size * sq) ** beta, rtol=2e-6, atol=1e-7)


def test_lrn_defaults_large_plane(rng):
    x = (rng.standard_normal((1, 5, 70, 90)) * 30).astype(np.float32)
    _check(_unary_model("LRN", [1, 5, 70, 90], size=5), {"x": x}, rel=2e-6)


_LIGHT = os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data", "light")


@pytest.mark.parametrize("name", ["light_bvlc_alexnet", "light_inception_v1", "light_zfnet512"])
def test_zoo_models_with_lrn(rng, name):
    path = os.path.join(_LIGHT, name + ".onnx")
    if not os.path.exists(path):
        pytest.skip("onnx backend test data not installed")
    net = vc.dnn.Net.load(path)
    shape = tuple(d if isinstance(d, int) else 1 for d in net.inputs[0].shape)
    x = rng.standard_normal(shape).astype(np.float32)
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    _close(net(x), sess.run(None, {net.inputs[0].name: x})[0], rel=1e-4)


# ---------------------------------------------------------------- activation fusion

def _conv_act(rng, acts, batch=2):
    w = (rng.standard_normal((8, 3, 3, 3)) * 0.3).astype(np.float32)
    b = (rng.standard_normal(8) * 0.3).astype(np.float32)
    nodes = [helper.make_node("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1])]
    nodes += acts
    data = _model(nodes, {"w": w, "b": b}, [_vi("x", [batch, 3, 12, 12])],
                  [_vi("y", [batch, 8, 12, 12])])
    return data, {"x": rng.standard_normal((batch, 3, 12, 12)).astype(np.float32)}


FUSED = [("Sigmoid", {}), ("Tanh", {}), ("HardSwish", {}), ("HardSigmoid", {}),
         ("HardSigmoid", {"alpha": 0.25, "beta": 0.3}), ("Relu", {}), ("LeakyRelu", {"alpha": 0.2})]


@pytest.mark.parametrize("act,attrs", FUSED)
@pytest.mark.parametrize("batch", [1, 4])
def test_activation_fused_into_conv(rng, act, attrs, batch):
    data, feeds = _conv_act(rng, [helper.make_node(act, ["c"], ["y"], **attrs)], batch)
    assert vc.dnn.Net.load(data)._impl.node_ops() == ["Conv"]
    for isa in ISAS:
        with vc.isa(isa):
            _check(data, feeds)


def test_silu_fused_into_conv(rng):
    for order in (["c", "s"], ["s", "c"]):
        acts = [helper.make_node("Sigmoid", ["c"], ["s"]), helper.make_node("Mul", order, ["y"])]
        data, feeds = _conv_act(rng, acts)
        assert vc.dnn.Net.load(data)._impl.node_ops() == ["Conv"]
        _check(data, feeds)


@pytest.mark.parametrize("act", ["Tanh", "Sigmoid", "HardSwish"])
def test_activation_fused_into_gemm(rng, act):
    w = (rng.standard_normal((20, 30)) * 0.2).astype(np.float32)
    nodes = [helper.make_node("Gemm", ["x", "w"], ["g"], transB=1),
             helper.make_node(act, ["g"], ["y"])]
    data = _model(nodes, {"w": w}, [_vi("x", [4, 30])], [_vi("y", [4, 20])])
    assert vc.dnn.Net.load(data)._impl.node_ops() == ["Gemm"]
    _check(data, {"x": rng.standard_normal((4, 30)).astype(np.float32)})


def test_silu_standalone_and_not_fused_when_shared(rng):
    shape = [4, 6, 7]
    nodes = [helper.make_node("Add", ["x", "x"], ["a"]), helper.make_node("Sigmoid", ["a"], ["s"]),
             helper.make_node("Mul", ["a", "s"], ["y"])]
    data = _model(nodes, {}, [_vi("x", shape)], [_vi("y", shape)])
    assert vc.dnn.Net.load(data)._impl.node_ops() == ["Add", "Swish"]
    feeds = {"x": (rng.standard_normal(shape) * 5).astype(np.float32)}
    _check(data, feeds)
    # the Sigmoid output is also a graph output: nothing fuses
    nodes = [helper.make_node("Sigmoid", ["x"], ["s"]), helper.make_node("Mul", ["x", "s"], ["y"])]
    data = _model(nodes, {}, [_vi("x", shape)], [_vi("y", shape), _vi("s", shape)])
    assert vc.dnn.Net.load(data)._impl.node_ops() == ["Sigmoid", "Mul"]
    # x * Sigmoid(z) with z != x is not SiLU
    nodes = [helper.make_node("Sigmoid", ["z"], ["s"]), helper.make_node("Mul", ["x", "s"], ["y"])]
    data = _model(nodes, {}, [_vi("x", shape), _vi("z", shape)], [_vi("y", shape)])
    assert vc.dnn.Net.load(data)._impl.node_ops() == ["Sigmoid", "Mul"]


@pytest.mark.parametrize("act", ["tanh", "hard_sigmoid", "silu"])
@pytest.mark.parametrize("isa", ISAS)
def test_gemm_kernel_post_activations(rng, act, isa):
    a = (rng.standard_normal((19, 50)) * 0.3).astype(np.float32)
    b = (rng.standard_normal((50, 45)) * 0.3).astype(np.float32)
    c = a.astype(np.float64) @ b.astype(np.float64)
    want = {"tanh": np.tanh(c), "hard_sigmoid": np.clip(0.2 * c + 0.5, 0, 1),  # beta: 0.5
            "silu": c / (1 + np.exp(-c))}[act]
    with vc.isa(isa):
        got = vc.dnn._gemm(a, b, activation=act, alpha=0.2)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------- errors

def _load_error(data, match):
    with pytest.raises(vc.dnn.ModelError, match=match):
        vc.dnn.Net.load(data)


BAD_ATTRS = [
    ("LeakyRelu", {"alpha": float("inf")}, "alpha"), ("HardSigmoid", {"alpha": float("nan")}, "alpha"),
    ("HardSigmoid", {"beta": float("inf")}, "beta"), ("Elu", {"alpha": float("inf")}, "alpha"),
    ("Selu", {"gamma": float("inf")}, "gamma"), ("Selu", {"alpha": float("nan")}, "alpha"),
    ("Celu", {"alpha": 0.0}, "alpha"), ("LRN", {}, "size"), ("LRN", {"size": 0}, "size"),
    ("LRN", {"size": 3, "alpha": float("inf")}, "alpha"), ("LRN", {"size": 3, "beta": float("nan")}, "beta"),
    ("LRN", {"size": 3, "bias": float("inf")}, "bias"), ("LRN", {"size": 3, "foo": 1}, "foo"),
    ("Relu", {"consumed_inputs": [0]}, "consumed_inputs"), ("Tanh", {"alpha": 1.0}, "alpha"),
    ("Exp", {"x": 1}, "x"), ("Softmax", {"axis": 1, "bar": 2}, "bar"),
    ("LogSoftmax", {"foo": 1.0}, "foo"), ("HardSwish", {"alpha": 1.0}, "alpha"),
    ("Mish", {"beta": 1.0}, "beta"), ("LeakyRelu", {"alpha": 1}, "alpha"),
]


@pytest.mark.parametrize("op,attrs,name", BAD_ATTRS)
def test_bad_attributes_rejected_at_load(op, attrs, name):
    _load_error(_unary_model(op, [1, 4, 3, 3], **attrs), rf"\({op}\).*attribute '{name}'")


@pytest.mark.parametrize("op", ["Add", "Sub", "Mul", "Div", "Pow", "PRelu"])
def test_binary_legacy_broadcast_attribute_rejected(op):
    node = helper.make_node(op, ["x", "z"], ["y"], broadcast=1)
    data = _model([node], {}, [_vi("x", [2, 3]), _vi("z", [3])], [_vi("y", [2, 3])])
    _load_error(data, rf"\({op}\).*attribute 'broadcast'")


def test_clip_attributes_rejected_from_opset_11():
    _load_error(_unary_model("Clip", [2, 3], opset=13, min=0.0), r"\(Clip\).*attribute 'min'")


def test_batchnorm_spatial_0_rejected(rng):
    c = 3
    inits = {k: np.ones(c, np.float32) for k in ("s", "b", "m", "v")}
    node = helper.make_node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], spatial=0)
    data = _model([node], inits, [_vi("x", [1, c, 4, 4])], [_vi("y", [1, c, 4, 4])], opset=7)
    _load_error(data, r"attribute 'spatial'")


def test_softmax_axis_out_of_range():
    with pytest.raises(vc.dnn.ModelError, match="axis"):
        net = vc.dnn.Net.load(_unary_model("Softmax", [2, 3], axis=2))
        net.run({"x": np.zeros((2, 3), np.float32)})


def test_prelu_slope_must_broadcast_to_x():
    node = helper.make_node("PRelu", ["x", "s"], ["y"])
    data = _model([node], {"s": np.ones((2, 1, 5, 1), np.float32)}, [_vi("x", [1, 3, 5, 5])],
                  [_vi("y", [1, 3, 5, 5])])
    with pytest.raises(vc.dnn.ModelError, match="slope"):
        vc.dnn.Net.load(data).run({"x": np.zeros((1, 3, 5, 5), np.float32)})


def test_lrn_rank_1_rejected():
    with pytest.raises(vc.dnn.ModelError, match="LRN"):
        vc.dnn.Net.load(_unary_model("LRN", [5], size=3)).run({"x": np.zeros(5, np.float32)})
