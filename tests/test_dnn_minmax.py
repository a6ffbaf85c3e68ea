"""Max, Min and Mean (op_minmax.cpp): any number of inputs with numpy
broadcasting, against onnxruntime and numpy, NaN propagation, 1 and 2
threads, int64 evaluated at plan time, and load-time rejections."""

import functools

import numpy as np
import pytest
import visioncore as vc

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper

_NUMPY = {"Max": lambda xs: functools.reduce(np.maximum, xs),
          "Min": lambda xs: functools.reduce(np.minimum, xs),
          "Mean": lambda xs: sum(xs[1:], xs[0]) / np.float32(len(xs))}


def _model(op, shapes, opset=13, name="mm", **attrs):
    names = [f"x{k}" for k in range(len(shapes))]
    node = helper.make_node(op, names, ["y"], name=name, **attrs)
    g = helper.make_graph([node], "g",
                          [helper.make_tensor_value_info(n, TensorProto.FLOAT, list(s))
                           for n, s in zip(names, shapes)],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m.SerializeToString()


def _feeds(shapes, seed=0, nan=False):
    rng = np.random.default_rng(seed)
    feeds = {}
    for k, s in enumerate(shapes):
        x = rng.standard_normal(s).astype(np.float32)
        if nan and x.size > 2:
            x.reshape(-1)[rng.choice(x.size, max(1, x.size // 7), replace=False)] = np.nan
        feeds[f"x{k}"] = x
    return feeds


def _check(op, shapes, nan=False, ort_check=True):
    data = _model(op, shapes)
    feeds = _feeds(shapes, nan=nan)
    want = _NUMPY[op](list(feeds.values()))
    if ort_check:
        sess = ort.InferenceSession(data, providers=["CPUExecutionProvider"])
        np.testing.assert_allclose(sess.run(None, feeds)[0], want, rtol=1e-6)
    outs = []
    for t in (1, 2):
        y = vc.dnn.Net.load(data, num_threads=t).run(feeds)["y"]
        assert y.shape == want.shape and y.dtype == np.float32
        np.testing.assert_allclose(y, want, rtol=1e-6, atol=0)  # NaNs must match too
        outs.append(y)
    np.testing.assert_allclose(outs[0], outs[1], rtol=1e-6, atol=0)


_SHAPES = [
    [(3, 4)],                              # one input
    [(4, 5), (4, 5)],                      # same shapes: one row
    [(1, 3, 4, 5), (1, 3, 4, 5), (1, 3, 4, 5)],
    [(4, 3, 4, 5), (3, 1, 1), (5,)],       # per-channel and per-column operands
    [(2, 1, 4), (3, 1)],                   # both sides broadcast
    [(4, 3, 5), ()],                       # scalar
    [(), (1,), (1, 1)],                    # one element, ranks differ
    [(1,), (4, 6)],
    [(4, 1, 6), (1, 5, 1), (5, 6), (4, 5, 6)],
]


@pytest.mark.parametrize("shapes", _SHAPES, ids=str)
@pytest.mark.parametrize("op", ["Max", "Min", "Mean"])
def test_values(op, shapes):
    _check(op, shapes)


@pytest.mark.parametrize("shapes", [[(4, 5), (4, 5)], [(4, 3, 4, 5), (3, 1, 1), (5,)]], ids=str)
@pytest.mark.parametrize("op", ["Max", "Min", "Mean"])
def test_nan_propagates(op, shapes):
    _check(op, shapes, nan=True)


@pytest.mark.parametrize("op", ["Max", "Min", "Mean"])
def test_large_threaded(op):
    # several jobs: long rows are split into blocks, rows spread over threads
    _check(op, [(4, 32, 48, 40), (32, 1, 1), (4, 32, 48, 40)])
    _check(op, [(4, 96, 1000), (1000,)])


def test_infinities_and_signed_zeros():
    data = _model("Max", [(6,), (6,)])
    a = np.array([-np.inf, np.inf, 0.0, -0.0, 1.0, -3.0], np.float32)
    b = np.array([-1.0, 2.0, -0.0, 0.0, np.inf, -np.inf], np.float32)
    y = vc.dnn.Net.load(data).run({"x0": a, "x1": b})["y"]
    np.testing.assert_array_equal(y, np.maximum(a, b))


def test_int64_at_plan_time():
    # Max / Min of a shape chain: evaluated when planned, an int64 output
    nodes = [helper.make_node("Shape", ["x"], ["s"]),
             helper.make_node("Max", ["s", "c"], ["hi"]),
             helper.make_node("Min", ["s", "c", "d"], ["lo"])]
    inits = [numpy_helper.from_array(np.array([3, 3, 3], np.int64), "c"),
             numpy_helper.from_array(np.array(4, np.int64), "d")]
    g = helper.make_graph(nodes, "g",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 5, 3])],
                          [helper.make_tensor_value_info(n, TensorProto.INT64, None)
                           for n in ("hi", "lo")], inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
    out = vc.dnn.Net.load(m.SerializeToString()).run({"x": np.zeros((2, 5, 3), np.float32)})
    assert out["hi"].dtype == np.int64
    np.testing.assert_array_equal(out["hi"], [3, 5, 3])
    np.testing.assert_array_equal(out["lo"], [2, 3, 3])


@pytest.mark.parametrize("op,shapes,attrs,match", [
    ("Max", [(2, 3), (4,)], {}, r"does not broadcast"),
    ("Mean", [(2, 3), (3, 2)], {}, r"does not broadcast"),
    ("Min", [(2, 3)], {"consumed_inputs": [0]}, r"'consumed_inputs'.*not an attribute of Min"),
    ("Mean", [(2, 3)], {"axis": 0}, r"'axis'.*not an attribute of Mean"),
], ids=["max-broadcast", "mean-broadcast", "min-consumed-inputs", "mean-axis"])
def test_rejected(op, shapes, attrs, match):
    data = _model(op, shapes, **attrs)
    with pytest.raises(vc.dnn.ModelError, match=r"'mm' \(" + op + r"\)") as e:
        vc.dnn.Net.load(data)
    assert e.match(match)


def test_supported():
    ops = vc.dnn.supported_ops()
    assert {"Max", "Min", "Mean"} <= set(ops)
