"""vc.dnn.Net: graph IR, passes, memory plan and executor, compared with onnxruntime."""

import os

import numpy as np
import pytest

import visioncore as vc

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

OPSET = 17


def _w(rng, *shape, scale=0.3):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def _model(nodes, inits, inputs, outputs, opset=OPSET):
    g = helper.make_graph(nodes, "g", inputs, outputs,
                          [numpy_helper.from_array(v, k) for k, v in inits.items()])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m.SerializeToString()


def _vi(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def _ort(data, feeds):
    sess = ort.InferenceSession(data, providers=["CPUExecutionProvider"])
    names = [o.name for o in sess.get_outputs()]
    return dict(zip(names, sess.run(None, feeds)))


def _close(got, want, rel=1e-4):
    scale = max(float(np.abs(want).max()), 1e-6)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=0, atol=rel * scale)


def _check(data, feeds, threads=(1, 2)):
    want = _ort(data, feeds)
    results = []
    for t in threads:
        net = vc.dnn.Net.load(data, num_threads=t)
        got = net.run(feeds)
        assert set(got) == set(want)
        for k in want:
            _close(got[k], want[k])
        results.append(got)
    for k in want:  # thread counts agree within 1e-6 relative
        _close(results[0][k], results[-1][k], rel=1e-6)
    return results[0]


# ---------------------------------------------------------------- models

def digit_cnn(rng):
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"]),
        helper.make_node("MaxPool", ["r1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Conv", ["p1", "w2", "b2"], ["c2"], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c2"], ["r2"]),
        helper.make_node("MaxPool", ["r2"], ["p2"], kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["p2"], ["f"]),
        helper.make_node("Gemm", ["f", "wf", "bf"], ["logits"], transB=1),
        helper.make_node("Softmax", ["logits"], ["prob"], axis=1),
    ]
    inits = {"w1": _w(rng, 8, 1, 3, 3), "b1": _w(rng, 8), "w2": _w(rng, 16, 8, 3, 3),
             "b2": _w(rng, 16), "wf": _w(rng, 10, 16 * 7 * 7, scale=0.05), "bf": _w(rng, 10)}
    return _model(nodes, inits, [_vi("x", ["N", 1, 28, 28])], [_vi("prob", ["N", 10])])


def resnet_block(rng, c=16):
    def bn(prefix):
        return {prefix + "_s": (1 + 0.2 * rng.standard_normal(c)).astype(np.float32),
                prefix + "_b": _w(rng, c), prefix + "_m": _w(rng, c),
                prefix + "_v": (0.5 + rng.random(c)).astype(np.float32)}
    inits = {"w1": _w(rng, c, c, 3, 3, scale=0.1), "w2": _w(rng, c, c, 3, 3, scale=0.1)}
    inits.update(bn("bn1"))
    inits.update(bn("bn2"))
    nodes = [
        helper.make_node("Conv", ["x", "w1"], ["c1"], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c1", "bn1_s", "bn1_b", "bn1_m", "bn1_v"], ["n1"]),
        helper.make_node("Relu", ["n1"], ["r1"]),
        helper.make_node("Conv", ["r1", "w2"], ["c2"], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c2", "bn2_s", "bn2_b", "bn2_m", "bn2_v"], ["n2"]),
        helper.make_node("Add", ["n2", "x"], ["s"]),
        helper.make_node("Relu", ["s"], ["y"]),
    ]
    return _model(nodes, inits, [_vi("x", ["N", c, 12, 12])], [_vi("y", ["N", c, 12, 12])])


def mobilenet_block(rng, c=8, e=4):
    ce = c * e
    nodes = [
        helper.make_node("Conv", ["x", "we", "be"], ["e"]),
        helper.make_node("Clip", ["e", "lo", "hi"], ["e6"]),
        helper.make_node("Conv", ["e6", "wd", "bd"], ["d"], pads=[1, 1, 1, 1], group=ce),
        helper.make_node("Clip", ["d", "lo", "hi"], ["d6"]),
        helper.make_node("Conv", ["d6", "wp", "bp"], ["p"]),
        helper.make_node("Add", ["p", "x"], ["y"]),
    ]
    inits = {"we": _w(rng, ce, c, 1, 1), "be": _w(rng, ce), "wd": _w(rng, ce, 1, 3, 3),
             "bd": _w(rng, ce), "wp": _w(rng, c, ce, 1, 1), "bp": _w(rng, c),
             "lo": np.array(0, np.float32), "hi": np.array(6, np.float32)}
    return _model(nodes, inits, [_vi("x", ["N", c, 10, 10])], [_vi("y", ["N", c, 10, 10])])


def torch_flatten(rng):
    """PyTorch's x.view(x.size(0), -1) export followed by a Linear layer."""
    nodes = [
        helper.make_node("Conv", ["x", "w"], ["c"]),
        helper.make_node("Shape", ["c"], ["sh"]),
        helper.make_node("Constant", [], ["zero"],
                         value=numpy_helper.from_array(np.array(0, np.int64))),
        helper.make_node("Gather", ["sh", "zero"], ["n"], axis=0),
        helper.make_node("Unsqueeze", ["n", "axes0"], ["n1"]),
        helper.make_node("Concat", ["n1", "minus1"], ["newshape"], axis=0),
        helper.make_node("Reshape", ["c", "newshape"], ["f"]),
        helper.make_node("MatMul", ["f", "wm"], ["mm"]),
        helper.make_node("Add", ["mm", "bm"], ["y"]),
    ]
    inits = {"w": _w(rng, 4, 3, 3, 3), "axes0": np.array([0], np.int64),
             "minus1": np.array([-1], np.int64), "wm": _w(rng, 4 * 6 * 6, 5, scale=0.1),
             "bm": _w(rng, 5)}
    return _model(nodes, inits, [_vi("x", ["N", 3, 8, 8])], [_vi("y", ["N", 5])])


# ---------------------------------------------------------------- tests

@pytest.mark.parametrize("batch", [1, 4])
def test_digit_cnn(rng, batch):
    data = digit_cnn(rng)
    x = rng.standard_normal((batch, 1, 28, 28)).astype(np.float32)
    _check(data, {"x": x})


def test_digit_cnn_io_and_fusion(rng):
    net = vc.dnn.Net.load(digit_cnn(rng))
    assert [(v.name, v.shape, v.dtype) for v in net.inputs] == [("x", ("N", 1, 28, 28), "float32")]
    assert [(v.name, v.shape, v.dtype) for v in net.outputs] == [("prob", ("N", 10), "float32")]
    # Relu fused into both Conv nodes
    assert net._impl.node_ops() == ["Conv", "MaxPool", "Conv", "MaxPool", "Flatten", "Gemm",
                                    "Softmax"]
    x = rng.standard_normal((2, 1, 28, 28)).astype(np.float32)
    y = net(x)
    assert y.shape == (2, 10) and y.dtype == np.float32
    np.testing.assert_allclose(y.sum(axis=1), 1.0, rtol=1e-5)


@pytest.mark.parametrize("batch", [1, 4])
def test_resnet_block(rng, batch):
    data = resnet_block(rng)
    x = rng.standard_normal((batch, 16, 12, 12)).astype(np.float32)
    _check(data, {"x": x})


def test_resnet_block_bn_folded(rng):
    net = vc.dnn.Net.load(resnet_block(rng))
    assert net._impl.node_ops() == ["Conv", "Conv", "Add", "Relu"]


@pytest.mark.parametrize("batch", [1, 4])
def test_mobilenet_block(rng, batch):
    data = mobilenet_block(rng)
    x = (rng.standard_normal((batch, 8, 10, 10)) * 3).astype(np.float32)
    _check(data, {"x": x})


def test_mobilenet_block_clip_fused(rng):
    net = vc.dnn.Net.load(mobilenet_block(rng))
    assert net._impl.node_ops() == ["Conv", "Conv", "Conv", "Add"]


@pytest.mark.parametrize("batch", [1, 4])
def test_torch_flatten_chain(rng, batch):
    data = torch_flatten(rng)
    x = rng.standard_normal((batch, 3, 8, 8)).astype(np.float32)
    _check(data, {"x": x})


def test_torch_flatten_chain_folds(rng):
    net = vc.dnn.Net.load(torch_flatten(rng))
    assert net.outputs[0].shape == ("N", 5)
    net(np.zeros((3, 3, 8, 8), np.float32))
    # the int64 shape chain is evaluated at plan time, never run
    assert "Shape" in net._impl.node_ops()  # kept in the graph (depends on N) ...
