"""MatMul with numpy matmul semantics (op_gemm.cpp), 1-D operands included,
B constant (packed) or fed at run time, against onnxruntime at 1 and 2
threads; and the attributes Gemm and MatMul reject at load."""

import numpy as np
import pytest
import visioncore as vc

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper


def _vi(name, shape, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, None if shape is None else list(shape))


def _model(nodes, inputs, inits=(), opset=13):
    g = helper.make_graph(nodes, "g", inputs, [_vi("y", None)], list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m.SerializeToString()


def _matmul(a_shape, b_shape, const_b):
    node = helper.make_node("MatMul", ["a", "b"], ["y"], name="mm")
    rng = np.random.default_rng(1)
    a = rng.standard_normal(a_shape).astype(np.float32)
    b = rng.standard_normal(b_shape).astype(np.float32)
    if const_b:
        data = _model([node], [_vi("a", a_shape)], [numpy_helper.from_array(b, "b")])
        return data, {"a": a}, np.matmul(a, b)
    return _model([node], [_vi("a", a_shape), _vi("b", b_shape)]), {"a": a, "b": b}, np.matmul(a, b)


_SHAPES = [((5,), (5,)), ((5,), (5, 3)), ((2, 5), (5,)), ((5,), (2, 5, 3)), ((4, 2, 3, 5), (5,)),
           ((1, 3, 5), (5,)), ((7,), (3, 7, 1)), ((3, 4), (4, 6)), ((4, 3, 4), (4, 6)),
           ((2, 1, 3, 4), (5, 4, 6))]


@pytest.mark.parametrize("const_b", [False, True], ids=["b-input", "b-constant"])
@pytest.mark.parametrize("a_shape,b_shape", _SHAPES, ids=str)
def test_matmul(a_shape, b_shape, const_b):
    data, feeds, ref = _matmul(a_shape, b_shape, const_b)
    want = ort.InferenceSession(data, providers=["CPUExecutionProvider"]).run(None, feeds)[0]
    assert want.shape == ref.shape
    outs = []
    for t in (1, 2):
        y = vc.dnn.Net.load(data, num_threads=t).run(feeds)["y"]
        assert y.shape == want.shape
        np.testing.assert_allclose(y, want, rtol=1e-5, atol=1e-5)
        outs.append(y)
    np.testing.assert_allclose(outs[0], outs[1], rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("a_shape,b_shape", [((5,), (4,)), ((3, 5), (4,)), ((4,), (5, 3))],
                         ids=str)
def test_matmul_1d_inner_dims_differ(a_shape, b_shape):
    data = _model([helper.make_node("MatMul", ["a", "b"], ["y"], name="mm")],
                  [_vi("a", a_shape), _vi("b", b_shape)])
    with pytest.raises(vc.dnn.ModelError, match=r"'mm' \(MatMul\).*inner dims differ"):
        vc.dnn.Net.load(data)


def test_matmul_scalar_rejected():
    data = _model([helper.make_node("MatMul", ["a", "b"], ["y"], name="mm")],
                  [_vi("a", ()), _vi("b", (3,))])
    with pytest.raises(vc.dnn.ModelError, match=r"'mm' \(MatMul\).*scalar"):
        vc.dnn.Net.load(data)


def _gemm(opset=13, **attrs):
    b = numpy_helper.from_array(np.ones((3, 4), np.float32), "b")
    c = numpy_helper.from_array(np.ones((2, 4), np.float32), "c")
    node = helper.make_node("Gemm", ["a", "b", "c"], ["y"], name="g1", **attrs)
    return _model([node], [_vi("a", (2, 3))], [b, c], opset)


@pytest.mark.parametrize("data,match", [
    (lambda: _gemm(transA=2), r"'transA'.*0 or 1"),
    (lambda: _gemm(transB=-1), r"'transB'.*0 or 1"),
    (lambda: _gemm(broadcast=1), r"'broadcast'.*not an attribute of Gemm at opset 13"),
    (lambda: _gemm(opset=6, broadcast=3), r"'broadcast'.*0 or 1"),
    (lambda: _gemm(axis=1), r"'axis'.*not an attribute of Gemm"),
], ids=["transA-2", "transB-neg", "broadcast-opset13", "broadcast-3", "axis"])
def test_gemm_rejected(data, match):
    with pytest.raises(vc.dnn.ModelError, match=r"'g1' \(Gemm\)") as e:
        vc.dnn.Net.load(data())
    assert e.match(match)


def test_gemm_opset6_broadcast_accepted():
    data = _gemm(opset=6, broadcast=1, transB=0)
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    y = vc.dnn.Net.load(data).run({"a": a})["y"]
    np.testing.assert_allclose(y, a @ np.ones((3, 4), np.float32) + 1)


def test_matmul_rejects_attributes():
    node = helper.make_node("MatMul", ["a", "b"], ["y"], name="mm", transA=1)
    data = _model([node], [_vi("a", (2, 3)), _vi("b", (3, 2))])
    with pytest.raises(vc.dnn.ModelError, match=r"'mm' \(MatMul\).*'transA'.*it has none"):
        vc.dnn.Net.load(data)
