"""MaxPool and AveragePool over 1 to 3 spatial dims (op_conv_pool.cpp) against
onnxruntime: pads, strides, dilations, ceil_mode, count_include_pad,
auto_pad, MaxPool's 'Indices' output (both storage orders), batch 1 and 4,
1 and 2 threads; and the attributes each opset's form rejects at load."""

import numpy as np
import pytest
import visioncore as vc

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper
from onnx.reference import ReferenceEvaluator


def _model(op, x_shape, attrs, opset=19, indices=False, name="pool"):
    outs = ["y", "i"] if indices else ["y"]
    node = helper.make_node(op, ["x"], outs, name=name, **attrs)
    vis = [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)]
    if indices:
        vis.append(helper.make_tensor_value_info("i", TensorProto.INT64, None))
    g = helper.make_graph([node], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                                                      list(x_shape))], vis)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 9
    return m.SerializeToString()


def _expected(data, x, reference=False):
    if reference:
        return ReferenceEvaluator(onnx.load_from_string(data)).run(None, {"x": x})
    sess = ort.InferenceSession(data, providers=["CPUExecutionProvider"])
    return sess.run(None, {"x": x})


def _input(shape, seed=0, structured=False):
    rng = np.random.default_rng(seed)
    if structured:  # ties everywhere: the first maximum's index must win
        return (np.arange(np.prod(shape)) % 5).reshape(shape).astype(np.float32)
    return rng.standard_normal(shape).astype(np.float32)


def _check(op, x_shape, attrs, opset=19, indices=False, structured=False, reference=False):
    data = _model(op, x_shape, attrs, opset, indices)
    x = _input(x_shape, structured=structured)
    want = _expected(data, x, reference)
    outs = []
    for t in (1, 2):
        got = vc.dnn.Net.load(data, num_threads=t).run({"x": x})
        assert got["y"].shape == want[0].shape
        np.testing.assert_allclose(got["y"], want[0], rtol=1e-5, atol=1e-6)
        if indices:
            assert got["i"].dtype == np.int64
            np.testing.assert_array_equal(got["i"], want[1])
        outs.append(got)
    np.testing.assert_allclose(outs[0]["y"], outs[1]["y"], rtol=1e-6, atol=0)


# (spatial shape, attributes) per rank: default, strides, asymmetric pads,
# dilations, ceil_mode, auto_pad
_WINDOWS = {
    1: [((9,), dict(kernel_shape=[3])),
        ((10,), dict(kernel_shape=[3], strides=[2], pads=[1, 2])),
        ((11,), dict(kernel_shape=[2], strides=[3], ceil_mode=1)),
        ((12,), dict(kernel_shape=[3], dilations=[2], pads=[2, 1])),
        ((9,), dict(kernel_shape=[4], strides=[2], auto_pad="SAME_UPPER")),
        ((9,), dict(kernel_shape=[4], strides=[2], auto_pad="SAME_LOWER")),
        ((9,), dict(kernel_shape=[3], strides=[2], auto_pad="VALID"))],
    2: [((7, 8), dict(kernel_shape=[3, 2])),
        ((9, 10), dict(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 0, 2, 1])),
        ((9, 10), dict(kernel_shape=[2, 3], strides=[2, 3], ceil_mode=1, pads=[0, 1, 1, 0])),
        ((10, 11), dict(kernel_shape=[3, 2], dilations=[2, 3], pads=[1, 1, 2, 1])),
        ((7, 9), dict(kernel_shape=[3, 3], strides=[2, 2], auto_pad="SAME_UPPER")),
        ((7, 9), dict(kernel_shape=[2, 4], strides=[1, 2], auto_pad="SAME_LOWER"))],
    3: [((5, 6, 7), dict(kernel_shape=[2, 2, 2])),
        ((6, 7, 8), dict(kernel_shape=[3, 2, 3], strides=[2, 1, 2], pads=[1, 0, 1, 0, 1, 2])),
        ((7, 6, 5), dict(kernel_shape=[2, 3, 2], strides=[2, 2, 2], ceil_mode=1)),
        ((8, 8, 8), dict(kernel_shape=[2, 2, 3], dilations=[2, 3, 1], pads=[1, 1, 1, 0, 1, 2])),
        ((5, 6, 7), dict(kernel_shape=[3, 3, 3], strides=[2, 2, 2], auto_pad="SAME_UPPER"))],
}
_CASES = [pytest.param(rank, i, id=f"{rank}d-{i}") for rank, ws in _WINDOWS.items()
          for i in range(len(ws))]


@pytest.mark.parametrize("batch", [1, 4])
@pytest.mark.parametrize("rank,i", _CASES)
def test_max_pool(rank, i, batch):
    spatial, attrs = _WINDOWS[rank][i]
    _check("MaxPool", (batch, 3, *spatial), attrs)


@pytest.mark.parametrize("storage_order", [0, 1])
@pytest.mark.parametrize("rank,i", _CASES)
def test_max_pool_indices(rank, i, storage_order):
    spatial, attrs = _WINDOWS[rank][i]
    attrs = dict(attrs, storage_order=storage_order)
    _check("MaxPool", (2, 3, *spatial), attrs, indices=True)


@pytest.mark.parametrize("rank", [1, 2, 3])
def test_max_pool_indices_first_of_ties(rank):
    spatial, attrs = _WINDOWS[rank][1]
    _check("MaxPool", (4, 2, *spatial), attrs, indices=True, structured=True)


@pytest.mark.parametrize("batch", [1, 4])
@pytest.mark.parametrize("include_pad", [0, 1])
@pytest.mark.parametrize("rank,i", _CASES)
def test_average_pool(rank, i, include_pad, batch):
    spatial, attrs = _WINDOWS[rank][i]
    attrs = dict(attrs, count_include_pad=include_pad)
    # onnxruntime's AveragePool ignores dilations: the onnx reference
    # implementation is the oracle there
    _check("AveragePool", (batch, 3, *spatial), attrs, reference="dilations" in attrs)


def test_max_pool_2d_large_threads():
    # the 2-D fast loop over many planes, split across threads
    _check("MaxPool", (4, 16, 33, 35), dict(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]))
    _check("AveragePool", (4, 16, 33, 35),
           dict(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1], count_include_pad=1))


def test_max_pool_nan_propagates():
    data = _model("MaxPool", (1, 1, 2, 6), dict(kernel_shape=[1, 2], strides=[1, 2]),
                  indices=True)
    x = np.arange(12, dtype=np.float32).reshape(1, 1, 2, 6)
    x[0, 0, 0, 1] = np.nan
    x[0, 0, 1, 4] = np.nan
    got = vc.dnn.Net.load(data).run({"x": x})
    assert np.isnan(got["y"][0, 0, 0, 0]) and np.isnan(got["y"][0, 0, 1, 2])
    assert got["i"][0, 0, 0, 0] == 1 and got["i"][0, 0, 1, 2] == 10
    assert got["y"][0, 0, 0, 1] == 3 and got["i"][0, 0, 0, 1] == 3


def test_old_opsets():
    # MaxPool-8 without ceil_mode / dilations; AveragePool-7 with count_include_pad
    _check("MaxPool", (1, 2, 7, 7), dict(kernel_shape=[3, 3], storage_order=1), opset=8,
           indices=True)
    _check("AveragePool", (1, 2, 7, 7), dict(kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                                             count_include_pad=1), opset=7)
    # AveragePool-1 divides by the taps inside the input, as count_include_pad=0
    # (the onnx reference implementation counts the pads there)
    x = _input((1, 2, 7))
    old = _model("AveragePool", (1, 2, 7), dict(kernel_shape=[3], pads=[1, 1]), opset=1)
    new = _model("AveragePool", (1, 2, 7), dict(kernel_shape=[3], pads=[1, 1]), opset=7)
    np.testing.assert_allclose(vc.dnn.Net.load(old).run({"x": x})["y"], _expected(new, x)[0],
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("op", ["MaxPool", "AveragePool"])
def test_pads_beyond_the_kernel(op):
    # the spec allows pads >= kernel_shape (onnxruntime refuses them): the
    # onnx reference implementation is the oracle (every window keeps an
    # input tap: the reference has no value for a window of padding only)
    attrs = dict(kernel_shape=[3, 2], dilations=[2, 3], pads=[3, 2, 2, 3], strides=[2, 1])
    if op == "AveragePool":
        for include_pad in (0, 1):
            _check(op, (2, 2, 6, 5), dict(attrs, count_include_pad=include_pad), reference=True)
    else:
        _check(op, (2, 2, 6, 5), attrs, reference=True)


# ---------------------------------------------------------------- rejected at load

_BAD = [
    ("MaxPool", 19, dict(kernel_shape=[2, 2], ceil_mode=2), r"'ceil_mode'.*0 or 1"),
    ("MaxPool", 19, dict(kernel_shape=[2, 2], storage_order=2), r"'storage_order'.*0 or 1"),
    ("AveragePool", 19, dict(kernel_shape=[2, 2], count_include_pad=5),
     r"'count_include_pad'.*0 or 1"),
    ("MaxPool", 19, dict(kernel_shape=[2, 2], foo=1), r"'foo'.*not an attribute of MaxPool"),
    ("MaxPool", 9, dict(kernel_shape=[2, 2], dilations=[1, 1]), r"'dilations'.*at opset 9"),
    ("MaxPool", 9, dict(kernel_shape=[2, 2], ceil_mode=0), r"'ceil_mode'.*at opset 9"),
    ("MaxPool", 7, dict(kernel_shape=[2, 2], storage_order=0), r"'storage_order'.*at opset 7"),
    ("MaxPool", 19, dict(kernel_shape=[2, 2], count_include_pad=1), r"'count_include_pad'"),
    ("AveragePool", 18, dict(kernel_shape=[2, 2], dilations=[1, 1]), r"'dilations'.*at opset 18"),
    ("AveragePool", 9, dict(kernel_shape=[2, 2], ceil_mode=1), r"'ceil_mode'.*at opset 9"),
    ("AveragePool", 6, dict(kernel_shape=[2, 2], count_include_pad=1),
     r"'count_include_pad'.*at opset 6"),
    ("AveragePool", 19, dict(kernel_shape=[2, 2], storage_order=0), r"'storage_order'"),
    ("MaxPool", 19, dict(), r"'kernel_shape'.*required"),
    ("MaxPool", 19, dict(kernel_shape=[2, 2, 2, 2]), r"'kernel_shape'.*1, 2 or 3 values"),
    ("MaxPool", 19, dict(kernel_shape=[0, 2]), r"'kernel_shape'.*\[1, 65536\]"),
    ("MaxPool", 19, dict(kernel_shape=[2, 2], strides=[1]), r"'strides'.*expected 2 values"),
    ("MaxPool", 19, dict(kernel_shape=[2, 2], strides=[1, 0]), r"'strides'.*\[1, 65536\]"),
    ("AveragePool", 19, dict(kernel_shape=[2, 2], dilations=[1, 2, 1]),
     r"'dilations'.*expected 2 values"),
    ("MaxPool", 19, dict(kernel_shape=[2, 2], dilations=[0, 1]), r"'dilations'.*\[1, 65536\]"),
    ("MaxPool", 19, dict(kernel_shape=[2, 2], pads=[1, 1]), r"'pads'.*expected 4 values"),
    ("MaxPool", 19, dict(kernel_shape=[2, 2], pads=[0, 0, -1, 0]), r"'pads'.*\[0, 65536\]"),
    ("MaxPool", 19, dict(kernel_shape=[2, 2], auto_pad="SAME"), r"'auto_pad'.*'SAME'"),
    ("MaxPool", 19, dict(kernel_shape=[2, 2], auto_pad="VALID", pads=[0, 0, 0, 0]),
     r"'pads'.*auto_pad"),
    ("MaxPool", 19, dict(kernel_shape=[2, 2, 2]), r"'X' must be 5-D.*\[1, 2, 6, 6\]"),
    ("AveragePool", 19, dict(kernel_shape=[3]), r"'X' must be 3-D.*\[1, 2, 6, 6\]"),
    ("MaxPool", 19, dict(kernel_shape=[4, 4], dilations=[2, 2]), r"smaller than the window"),
]


@pytest.mark.parametrize("op,opset,attrs,match", _BAD,
                         ids=[f"{b[0]}-{b[1]}-{'-'.join(b[2]) or 'none'}" for b in _BAD])
def test_rejected(op, opset, attrs, match):
    data = _model(op, (1, 2, 6, 6), attrs, opset)
    with pytest.raises(vc.dnn.ModelError, match=r"'pool' \(" + op + r"\)") as e:
        vc.dnn.Net.load(data)
    assert e.match(match)


def test_conv_and_global_pool_reject_unknown_attributes():
    w = onnx.numpy_helper.from_array(np.ones((2, 2, 1, 1), np.float32), "w")
    for node, inits in [(helper.make_node("Conv", ["x", "w"], ["y"], name="c", foo=1), [w]),
                        (helper.make_node("Conv", ["x", "w"], ["y"], name="c", ceil_mode=0), [w]),
                        (helper.make_node("GlobalAveragePool", ["x"], ["y"], name="c",
                                          kernel_shape=[2, 2]), [])]:
        g = helper.make_graph([node], "g",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 4, 4])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], inits)
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
        bad = node.attribute[-1].name
        with pytest.raises(vc.dnn.ModelError,
                           match=rf"'c' \({node.op_type}\).*'{bad}'.*not an attribute"):
            vc.dnn.Net.load(m.SerializeToString())


@pytest.mark.parametrize("x_shape,attrs", [
    # rows wider than the separable loop's buffer: several column blocks
    ((1, 2, 5, 2100), dict(kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])),
    ((1, 2, 4, 1500), dict(kernel_shape=[2, 5], strides=[1, 1], dilations=[1, 2], pads=[0, 3, 1, 4])),
    # a window wider than the buffer allows: the per-window loop
    ((1, 2, 3, 700), dict(kernel_shape=[2, 600], strides=[1, 7], pads=[0, 1, 0, 2])),
])
def test_max_pool_wide_rows(x_shape, attrs):
    _check("MaxPool", x_shape, attrs)


@pytest.mark.parametrize("stride", [1, 2])
def test_max_pool_nan_without_indices(stride):
    # NaN as the first tap, an inner tap and next to the padding
    data = _model("MaxPool", (1, 1, 6, 9), dict(kernel_shape=[3, 3], strides=[stride, stride],
                                                 pads=[1, 1, 1, 1]))
    x = _input((1, 1, 6, 9), seed=3)
    for r, c in [(0, 0), (2, 4), (5, 8), (3, 1)]:
        x[0, 0, r, c] = np.nan
    got = vc.dnn.Net.load(data).run({"x": x})["y"]
    xp = np.pad(x[0, 0], 1, constant_values=-np.inf)
    oh, ow = got.shape[2:]
    want = np.array([[xp[i * stride:i * stride + 3, j * stride:j * stride + 3].max()
                      for j in range(ow)] for i in range(oh)], np.float32)
    np.testing.assert_array_equal(got[0, 0], want)  # numpy's max propagates NaN
