"""vc.dnn.Net ConvTranspose against onnxruntime (and a numpy scatter where
onnxruntime refuses a valid model): strides, pads,
output_padding, dilations, groups, auto_pad, output_shape, 1-D to 3-D,
batch 1 and 4, 1 and 2 threads; attribute errors."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper


def ct_model(xshape, w, bias=None, opset=17, **attrs):
    inits, names = [numpy_helper.from_array(w, "w")], ["x", "w"]
    if bias is not None:
        inits.append(numpy_helper.from_array(bias, "b"))
        names.append("b")
    node = helper.make_node("ConvTranspose", names, ["y"], **attrs)
    g = helper.make_graph([node], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, xshape)],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m.SerializeToString()


def _close(got, want, rel=1e-4):
    assert got.shape == want.shape, (got.shape, want.shape)
    scale = max(float(np.abs(want).max()), 1e-6)
    np.testing.assert_allclose(got, want, rtol=0, atol=rel * scale)


def check(rng, xshape, wshape, bias=True, batches=(1, 4), **attrs):
    group = attrs.get("group", 1)
    w = (rng.standard_normal(wshape) * 0.3).astype(np.float32)
    b = rng.standard_normal(wshape[1] * group).astype(np.float32) if bias else None
    data = ct_model(["N", *xshape[1:]], w, b, **attrs)
    nets = [vc.dnn.Net.load(data, num_threads=t) for t in (1, 2)]
    for n in batches:
        x = rng.standard_normal([n, *xshape[1:]]).astype(np.float32)
        want = ort.InferenceSession(data, providers=["CPUExecutionProvider"]).run(None, {"x": x})[0]
        got = [net.run({"x": x})["y"] for net in nets]
        for y in got:
            _close(y, want)
        _close(got[0], got[1], rel=1e-6)


@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("pads", [[0, 0, 0, 0], [1, 1, 1, 1], [0, 1, 2, 1]])
@pytest.mark.parametrize("dilation", [1, 2])
@pytest.mark.parametrize("group,cin,og", [(1, 3, 4), (2, 4, 3), (4, 4, 1)])
def test_2d(stride, pads, dilation, group, cin, og, rng):
    for op in ([0] if stride == 1 else [0, stride - 1]):
        check(rng, [1, cin, 5, 7], [cin, og, 3, 3], strides=[stride, stride], pads=pads,
              dilations=[dilation, dilation], output_padding=[op, op], group=group)


def naive_2d(x, w, bias, strides, pads, dilations, output_padding):
    """float64 scatter of every input pixel through every tap (group 1)."""
    n, _, h, wd = x.shape
    _, o, kh, kw = w.shape
    (sh, sw), (dh, dw), (oph, opw) = strides, dilations, output_padding
    full_h = sh * (h - 1) + (kh - 1) * dh + 1 + oph
    full_w = sw * (wd - 1) + (kw - 1) * dw + 1 + opw
    y = np.zeros((n, o, full_h, full_w))
    for ky in range(kh):
        for kx in range(kw):
            contrib = np.einsum("nchw,co->nohw", x.astype(np.float64), w[:, :, ky, kx].astype(np.float64))
            y[:, :, ky * dh: ky * dh + sh * (h - 1) + 1: sh, kx * dw: kx * dw + sw * (wd - 1) + 1: sw] += contrib
    y = y[:, :, pads[0]: full_h - pads[2], pads[1]: full_w - pads[3]]
    return y + bias[None, :, None, None]


def test_output_padding_below_dilation(rng):
    """The spec allows output_padding < dilation even at stride 1 (onnxruntime
    refuses it and the reference evaluator mis-sizes it: a numpy oracle)."""
    w = (rng.standard_normal((3, 4, 3, 3)) * 0.3).astype(np.float32)
    b = rng.standard_normal(4).astype(np.float32)
    attrs = {"strides": [1, 1], "dilations": [2, 2], "output_padding": [1, 1], "pads": [0, 1, 2, 1]}
    data = ct_model(["N", 3, 5, 7], w, b, **attrs)
    for n in (1, 4):
        x = rng.standard_normal((n, 3, 5, 7)).astype(np.float32)
        want = naive_2d(x, w, b, attrs["strides"], attrs["pads"], attrs["dilations"], attrs["output_padding"])
        for t in (1, 2):
            _close(vc.dnn.Net.load(data, num_threads=t).run({"x": x})["y"], want)


@pytest.mark.parametrize("auto_pad", ["SAME_UPPER", "SAME_LOWER", "VALID"])
@pytest.mark.parametrize("strides", [[1, 1], [2, 2], [3, 2]])
def test_auto_pad(auto_pad, strides, rng):
    check(rng, [2, 3, 5, 6], [3, 2, 3, 4], strides=strides, auto_pad=auto_pad)
    check(rng, [2, 3, 5, 6], [3, 2, 4, 3], strides=strides, auto_pad=auto_pad, dilations=[2, 1])


def test_output_shape(rng):
    check(rng, [2, 3, 5, 6], [3, 2, 3, 3], strides=[2, 2], output_shape=[10, 12])
    check(rng, [2, 3, 5, 6], [3, 2, 3, 3], strides=[2, 2], output_shape=[11, 13])
    check(rng, [2, 3, 5, 6], [3, 2, 3, 3], strides=[2, 2], output_shape=[11, 13], auto_pad="SAME_UPPER")
    check(rng, [2, 3, 5, 6], [3, 2, 3, 3], strides=[2, 2], output_shape=[10, 12], output_padding=[1, 1])


def test_1d_and_3d(rng):
    check(rng, [2, 3, 11], [3, 4, 3], strides=[2], pads=[1, 0])
    check(rng, [2, 4, 11], [4, 2, 5], strides=[3], dilations=[2], group=2, output_padding=[1])
    check(rng, [2, 3, 4, 5, 6], [3, 2, 3, 3, 3], strides=[2, 1, 2], pads=[1, 0, 1, 0, 1, 1])
    check(rng, [1, 4, 3, 4, 5], [4, 1, 2, 3, 2], strides=[2, 2, 2], group=4, output_padding=[1, 1, 1])


def test_layers(rng):
    """Decoder-sized layers: several input-pixel blocks, depthwise, 1x1, no bias."""
    check(rng, [1, 32, 40, 40], [32, 16, 4, 4], strides=[2, 2], pads=[1, 1, 1, 1])
    check(rng, [1, 64, 20, 20], [64, 64, 2, 2], bias=False, strides=[2, 2])
    check(rng, [1, 8, 33, 31], [8, 8, 1, 1])
    check(rng, [1, 16, 24, 24], [16, 1, 4, 4], strides=[2, 2], pads=[1, 1, 1, 1], group=16)
    check(rng, [1, 256, 16, 16], [256, 128, 4, 4], batches=(1,), strides=[2, 2], pads=[1, 1, 1, 1])


def test_structured_input():
    """A single impulse reproduces the (flipped-free) kernel at stride offsets."""
    w = np.arange(2 * 3 * 3, dtype=np.float32).reshape(1, 2, 3, 3)
    x = np.zeros((1, 1, 4, 4), np.float32)
    x[0, 0, 1, 2] = 1.0
    y = vc.dnn.Net.load(ct_model([1, 1, 4, 4], w, strides=[2, 2])).run({"x": x})["y"]
    assert y.shape == (1, 2, 9, 9)
    np.testing.assert_array_equal(y[0, :, 2:5, 4:7], w[0])
    y[0, :, 2:5, 4:7] = 0
    assert not y.any()


def _raises(data, match):
    with pytest.raises(vc.dnn.ModelError, match=match):
        vc.dnn.Net.load(data)


def test_errors():
    w = np.zeros((4, 2, 3, 3), np.float32)
    x = [1, 4, 5, 5]
    _raises(ct_model(x, w, group=3), r"\(ConvTranspose\).*'group'.*does not divide")
    _raises(ct_model(x, w, group=0), r"'group'.*must be in")
    _raises(ct_model(x, w, kernel_shape=[2, 2]), r"'kernel_shape'.*disagrees")
    _raises(ct_model(x, w, strides=[2]), r"'strides'.*expected 2 values")
    _raises(ct_model(x, w, strides=[0, 1]), r"'strides'.*values must be in")
    _raises(ct_model(x, w, dilations=[1, -1]), r"'dilations'.*values must be in")
    _raises(ct_model(x, w, pads=[1, 1]), r"'pads'.*expected 4 values")
    _raises(ct_model(x, w, pads=[-1, 0, 0, 0]), r"'pads'.*values must be in")
    _raises(ct_model(x, w, strides=[2, 2], output_padding=[2, 0]), r"'output_padding'.*less than")
    _raises(ct_model(x, w, output_padding=[1, 0]), r"'output_padding'.*less than")
    _raises(ct_model(x, w, output_shape=[5]), r"'output_shape'.*expected 2")
    _raises(ct_model(x, w, output_shape=[0, 5]), r"'output_shape'.*values must be in")
    _raises(ct_model(x, w, auto_pad="SAME"), r"'auto_pad'.*NOTSET, SAME_UPPER")
    _raises(ct_model(x, w, auto_pad="VALID", pads=[0, 0, 0, 0]), r"'pads'.*auto_pad")
    _raises(ct_model(x, w, foo=1), r"'foo'.*not an attribute of ConvTranspose")
    _raises(ct_model(x, w, pads=[4, 4, 4, 4]), r"output size -1")
    _raises(ct_model([1, 3, 5, 5], w), r"'X' has 3 channels")
    _raises(ct_model(x, w, bias=np.zeros(3, np.float32)), r"'B' must be float32 of shape \[2\]")
    _raises(ct_model(x, np.zeros((4, 2), np.float32)), r"'W' must be 3-D, 4-D or 5-D")
    _raises(ct_model([1, 4, 5], w), r"'X' must be 4-D")
