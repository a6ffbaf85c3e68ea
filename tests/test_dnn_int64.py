"""vc.dnn.Net with int64 values: int64 graph inputs (plan-time values, re-plan on new contents),
int64 values computed at run time (ArgMax, Cast) and int64 graph outputs, compared with
onnxruntime; the errors for what stays unsupported."""

import numpy as np
import pytest
import visioncore as vc

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper

F, I64 = TensorProto.FLOAT, TensorProto.INT64


def _model(nodes, inputs, outputs, inits=None, opset=18):
    g = helper.make_graph(nodes, "g", inputs, outputs,
                          [numpy_helper.from_array(v, k) for k, v in (inits or {}).items()])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m.SerializeToString()


def _vi(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


def _ort(data, feeds):
    sess = ort.InferenceSession(data, providers=["CPUExecutionProvider"])
    names = [o.name for o in sess.get_outputs()]
    return dict(zip(names, sess.run(None, feeds)))


def _check(data, feeds, threads=(1, 2)):
    """Every output equals onnxruntime's (dtype, shape, values) at each thread count."""
    want = _ort(data, feeds)
    for t in threads:
        got = vc.dnn.Net.load(data, num_threads=t).run(feeds)
        assert set(got) == set(want)
        for k, w in want.items():
            assert got[k].dtype == w.dtype and got[k].shape == w.shape, k
            if w.dtype == np.int64:
                np.testing.assert_array_equal(got[k], w)
            else:
                np.testing.assert_allclose(got[k], w, rtol=1e-5, atol=1e-6)
    return want


# ------------------------------------------------------------------ int64 graph inputs

def reshape_model():
    nodes = [helper.make_node("Reshape", ["x", "shape"], ["r"]),
             helper.make_node("Relu", ["r"], ["y"])]
    return _model(nodes, [_vi("x", F, ["N", 3, 4, 5]), _vi("shape", I64, [2])], [_vi("y", F, None)])


def test_int64_input_info():
    net = vc.dnn.Net.load(reshape_model())
    assert [(v.name, v.dtype, v.shape) for v in net.inputs] == [("x", "float32", ("N", 3, 4, 5)),
                                                                 ("shape", "int64", (2,))]
    # output shapes depend on the int64 contents: the declared type is reported
    assert net.outputs[0].dtype == "float32" and net.outputs[0].shape is None


@pytest.mark.parametrize("batch", [1, 4])
def test_int64_input_reshape_matches_onnxruntime(rng, batch):
    x = rng.standard_normal((batch, 3, 4, 5)).astype(np.float32)
    for shape in ([batch * 3, -1], [-1, 5], [0, 60]):
        _check(reshape_model(), {"x": x, "shape": np.array(shape, np.int64)})


def test_int64_input_replans_on_new_contents_only(rng):
    net = vc.dnn.Net.load(reshape_model())
    assert net.plan_count == 0
    x = rng.standard_normal((2, 3, 4, 5)).astype(np.float32)
    s1, s2 = np.array([6, -1], np.int64), np.array([-1, 10], np.int64)
    assert net.run({"x": x, "shape": s1})["y"].shape == (6, 20)
    assert net.plan_count == 1
    for _ in range(5):  # steady state: same shapes and contents, no new plan
        y = net.run({"x": x, "shape": s1.copy()})["y"]
    assert net.plan_count == 1
    np.testing.assert_array_equal(y, np.maximum(x, 0).reshape(6, 20))
    assert net.run({"x": x, "shape": s2})["y"].shape == (12, 10)  # same shapes, new contents
    assert net.plan_count == 2
    assert net.run({"x": x, "shape": s2})["y"].shape == (12, 10)
    assert net.plan_count == 2
    x4 = rng.standard_normal((4, 3, 4, 5)).astype(np.float32)
    assert net.run({"x": x4, "shape": s2})["y"].shape == (24, 10)  # new float shape
    assert net.plan_count == 3
    # the same int64 contents as a strided view are the same plan
    strided = np.array([-1, 0, 10, 0], np.int64)[::2]
    assert net.run({"x": x4, "shape": strided})["y"].shape == (24, 10)
    assert net.plan_count == 3


def test_int64_input_folds_like_a_constant(rng):
    # Gather indices, Unsqueeze axes and ConstantOfShape shape as int64 graph inputs:
    # evaluated at plan time (no int64 value reaches the run)
    nodes = [helper.make_node("Gather", ["x", "idx"], ["g"], axis=1),
             helper.make_node("Unsqueeze", ["g", "axes"], ["u"]),
             helper.make_node("ConstantOfShape", ["cshape"], ["c"],
                              value=numpy_helper.from_array(np.array([0.5], np.float32))),
             helper.make_node("Add", ["u", "c"], ["y"])]
    data = _model(nodes, [_vi("x", F, ["N", 6, 5]), _vi("idx", I64, ["K"]), _vi("axes", I64, [1]),
                          _vi("cshape", I64, [1])], [_vi("y", F, None)])
    for batch in (1, 4):
        x = rng.standard_normal((batch, 6, 5)).astype(np.float32)
        feeds = {"x": x, "idx": np.array([5, 0, -1], np.int64), "axes": np.array([-1], np.int64),
                 "cshape": np.array([1], np.int64)}
        _check(data, feeds)
    net = vc.dnn.Net.load(data)
    net.run(feeds)
    assert net._impl.planned_ops() == ["Gather", "Unsqueeze", "Add"]


def test_int64_input_slice_starts(rng):
    if "Slice" not in vc.dnn.supported_ops():
        pytest.skip("Slice is not in this build's operator set")
    nodes = [helper.make_node("Slice", ["x", "starts", "ends", "axes"], ["y"])]
    data = _model(nodes, [_vi("x", F, ["N", 8, 6]), _vi("starts", I64, [2]), _vi("ends", I64, [2])],
                  [_vi("y", F, None)], {"axes": np.array([1, 2], np.int64)})
    x = rng.standard_normal((2, 8, 6)).astype(np.float32)
    for starts, ends in (([1, 0], [5, 6]), ([-3, 2], [100, -1])):
        _check(data, {"x": x, "starts": np.array(starts, np.int64), "ends": np.array(ends, np.int64)})


def test_int64_input_empty_and_passed_through(rng):
    # an empty int64 input (ReduceSum axes, opset 13: empty = all axes) and an int64 input
    # that is also a graph output
    nodes = [helper.make_node("ReduceSum", ["x", "axes"], ["s"], keepdims=0),
             helper.make_node("Identity", ["axes"], ["axes_out"])]
    data = _model(nodes, [_vi("x", F, [2, 3]), _vi("axes", I64, ["K"])],
                  [_vi("s", F, None), _vi("axes_out", I64, None)], opset=13)
    x = rng.standard_normal((2, 3)).astype(np.float32)
    for axes in ([], [1], [0, 1]):
        _check(data, {"x": x, "axes": np.array(axes, np.int64)})


def test_int64_input_cast_to_float_and_used(rng):
    nodes = [helper.make_node("Cast", ["k"], ["kf"], to=F),
             helper.make_node("Mul", ["x", "kf"], ["y"])]
    data = _model(nodes, [_vi("x", F, ["N", 4]), _vi("k", I64, [4])], [_vi("y", F, None)])
    x = rng.standard_normal((3, 4)).astype(np.float32)
    _check(data, {"x": x, "k": np.array([1, -2, 3, 1 << 40], np.int64)})


# ------------------------------------------------------------------ int64 run-time values and outputs

def argmax_chain():
    # ArgMax -> Unsqueeze (an aliasing op: the executor moves int64 bytes) -> Cast -> Add,
    # and the int64 index tensor as an output too
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"]),
             helper.make_node("ArgMax", ["c"], ["am"], axis=1, keepdims=0),
             helper.make_node("Unsqueeze", ["am", "one"], ["amu"]),
             helper.make_node("Cast", ["amu"], ["amf"], to=F),
             helper.make_node("Add", ["c", "amf"], ["y"]),
             helper.make_node("Reshape", ["am", "flat"], ["am_flat"])]
    rng = np.random.default_rng(1)
    inits = {"w": (rng.standard_normal((5, 3, 3, 3)) * 0.3).astype(np.float32),
             "one": np.array([1], np.int64), "flat": np.array([-1], np.int64)}
    return _model(nodes, [_vi("x", F, ["N", 3, 12, 12])],
                  [_vi("y", F, None), _vi("am_flat", I64, None), _vi("amu", I64, None)], inits)


@pytest.mark.parametrize("batch", [1, 4])
def test_int64_runtime_chain_matches_onnxruntime(rng, batch):
    x = rng.standard_normal((batch, 3, 12, 12)).astype(np.float32)
    _check(argmax_chain(), {"x": x})


def test_int64_runtime_outputs_info_and_steady_state(rng):
    net = vc.dnn.Net.load(argmax_chain())
    assert [(v.name, v.dtype) for v in net.outputs] == [("y", "float32"), ("am_flat", "int64"),
                                                         ("amu", "int64")]
    assert net.outputs[1].shape == (None,) and net.outputs[2].shape == ("N", 1, 10, 10)
    x = rng.standard_normal((2, 3, 12, 12)).astype(np.float32)
    first = net.run({"x": x})
    for _ in range(3):
        again = net.run({"x": x})
    assert net.plan_count == 1
    for k in first:
        np.testing.assert_array_equal(first[k], again[k])
    assert first["am_flat"].dtype == np.int64 and first["am_flat"].shape == (200,)
    assert "ArgMax" in net._impl.planned_ops()


def test_int64_runtime_value_takes_8_bytes_in_the_arena(rng):
    # ArgMax -> Cast: the int64 intermediate (N*H*W elements) lives in the arena
    nodes = [helper.make_node("ArgMax", ["x"], ["am"], axis=1),
             helper.make_node("Cast", ["am"], ["y"], to=F)]
    data = _model(nodes, [_vi("x", F, [2, 7, 32, 32])], [_vi("y", F, None)])
    net = vc.dnn.Net.load(data)
    x = rng.standard_normal((2, 7, 32, 32)).astype(np.float32)
    y = net.run({"x": x})["y"]
    np.testing.assert_array_equal(y, np.argmax(x, axis=1)[:, None].astype(np.float32))
    arena, _ = net._impl.memory()
    assert arena >= 2 * 32 * 32 * 8


def test_plan_time_int64_outputs(rng):
    # a Shape output (known at plan time) and a constant int64 output
    nodes = [helper.make_node("Shape", ["x"], ["s"]), helper.make_node("Relu", ["x"], ["y"])]
    data = _model(nodes, [_vi("x", F, ["N", 3])], [_vi("s", I64, None), _vi("c", I64, None), _vi("y", F, None)],
                  {"c": np.array([[7, -8]], np.int64)})
    net = vc.dnn.Net.load(data)
    assert [v.dtype for v in net.outputs] == ["int64", "int64", "float32"]
    assert net.outputs[0].shape == (2,) and net.outputs[1].shape == (1, 2)
    for batch in (1, 4):
        x = rng.standard_normal((batch, 3)).astype(np.float32)
        got = net.run({"x": x})
        np.testing.assert_array_equal(got["s"], [batch, 3])
        np.testing.assert_array_equal(got["c"], [[7, -8]])
        assert got["s"].dtype == np.int64 and got["c"].dtype == np.int64
    _check(data, {"x": x})


def test_single_int64_input_call():
    nodes = [helper.make_node("Cast", ["k"], ["y"], to=F)]
    net = vc.dnn.Net.load(_model(nodes, [_vi("k", I64, ["K"])], [_vi("y", F, None)]))
    np.testing.assert_array_equal(net(np.array([3, -4], np.int64)), np.array([3, -4], np.float32))


# ------------------------------------------------------------------ errors

def test_int64_input_dtype_errors(rng):
    net = vc.dnn.Net.load(reshape_model())
    x = rng.standard_normal((2, 3, 4, 5)).astype(np.float32)
    with pytest.raises(TypeError, match="inputs\\['shape'\\].*expected int64; got float32"):
        net.run({"x": x, "shape": np.array([6, -1], np.float32)})
    with pytest.raises(TypeError, match="inputs\\['shape'\\].*expected int64; got int32"):
        net.run({"x": x, "shape": np.array([6, -1], np.int32)})
    with pytest.raises(TypeError, match="inputs\\['x'\\].*expected float32; got int64"):
        net.run({"x": x.astype(np.int64), "shape": np.array([6, -1], np.int64)})
    with pytest.raises(TypeError, match="inputs\\['shape'\\].*numpy.ndarray of int64"):
        net.run({"x": x, "shape": [6, -1]})
    with pytest.raises(ValueError, match="input 'shape': expected shape \\[2\\]"):
        net.run({"x": x, "shape": np.array([6, -1, 1], np.int64)})
    with pytest.raises(ValueError, match="cannot reshape"):
        net.run({"x": x, "shape": np.array([7, -1], np.int64)})
    # a failed plan leaves the net usable
    assert net.run({"x": x, "shape": np.array([6, -1], np.int64)})["y"].shape == (6, 20)


def test_unsupported_input_dtype_rejected_at_load():
    for elem, name in ((TensorProto.BOOL, "bool"), (TensorProto.INT32, "int32"),
                       (TensorProto.DOUBLE, "float64")):
        data = _model([helper.make_node("Identity", ["x"], ["y"])], [_vi("x", elem, [2])],
                      [_vi("y", elem, None)])
        with pytest.raises(vc.dnn.ModelError,
                           match=f"graph input 'x': element type {name} is not supported \\(float32, int64\\)"):
            vc.dnn.Net.load(data)


def test_float_only_op_rejects_runtime_int64():
    # Relu, Add, Transpose and Concat run on float32 only: an int64 run-time value is named
    for node in (helper.make_node("Relu", ["am"], ["y"], name="n"),
                 helper.make_node("Add", ["am", "am"], ["y"], name="n"),
                 helper.make_node("Transpose", ["am"], ["y"], name="n"),
                 helper.make_node("Concat", ["am", "am"], ["y"], axis=0, name="n")):
        nodes = [helper.make_node("ArgMax", ["x"], ["am"], axis=1), node]
        data = _model(nodes, [_vi("x", F, [2, 3, 4])], [_vi("y", I64, None)])
        with pytest.raises(vc.dnn.ModelError,
                           match=f"'n' \\({node.op_type}\\): input 0 'am' is int64 computed at run time; "
                                 "this operator runs on float32 only"):
            vc.dnn.Net.load(data)


def test_int64_input_into_runtime_float_op_with_unsupported_use(rng):
    # a failing plan caused by int64 contents is an error of that run, named by node
    nodes = [helper.make_node("Gather", ["x", "idx"], ["y"], axis=1, name="g")]
    data = _model(nodes, [_vi("x", F, ["N", 4]), _vi("idx", I64, [2])], [_vi("y", F, None)])
    net = vc.dnn.Net.load(data)
    x = rng.standard_normal((2, 4)).astype(np.float32)
    with pytest.raises(ValueError, match="'g' \\(Gather\\).*index 4 is out of range"):
        net.run({"x": x, "idx": np.array([0, 4], np.int64)})
    np.testing.assert_array_equal(net.run({"x": x, "idx": np.array([3, 0], np.int64)})["y"], x[:, [3, 0]])
