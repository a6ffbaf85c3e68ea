"""vc.dnn.Net.profile: per-node wall times of the executed nodes."""

import dataclasses

import numpy as np
import pytest
import visioncore as vc

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper

OPSET = 17


def _w(rng, *shape, scale=0.3):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def _model(nodes, inits, inputs, outputs):
    g = helper.make_graph(nodes, "g", inputs, outputs,
                          [numpy_helper.from_array(v, k) for k, v in inits.items()])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", OPSET)])
    m.ir_version = 8
    return m.SerializeToString()


def _vi(name, shape, dtype=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, dtype, shape)


def small_cnn(rng):
    """Conv+Relu (fused), MaxPool, a residual Add, a shape chain folded at plan
    time, Reshape (aliasing), Gemm, Softmax: node 3 (Shape) and the Relu are
    never executed."""
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1], name="conv1"),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("MaxPool", ["r1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2], name="pool"),
        helper.make_node("Shape", ["p1"], ["s"], name="shape"),
        helper.make_node("Conv", ["p1", "w2"], ["c2"], pads=[1, 1, 1, 1], name="conv2"),
        helper.make_node("Add", ["c2", "p1"], ["a"], name=""),
        helper.make_node("GlobalAveragePool", ["a"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["f"], name="flat"),
        helper.make_node("Gemm", ["f", "wf", "bf"], ["logits"], transB=1, name="fc"),
        helper.make_node("Softmax", ["logits"], ["prob"], axis=1, name="softmax"),
    ]
    inits = {"w1": _w(rng, 8, 3, 3, 3), "b1": _w(rng, 8), "w2": _w(rng, 8, 8, 3, 3),
             "wf": _w(rng, 10, 8), "bf": _w(rng, 10)}
    return _model(nodes, inits, [_vi("x", ["N", 3, 16, 16])],
                  [_vi("prob", ["N", 10]), _vi("s", [4], TensorProto.INT64)])


@pytest.fixture(scope="module")
def model():
    return small_cnn(np.random.default_rng(0))


@pytest.mark.parametrize("batch", [1, 4])
@pytest.mark.parametrize("threads", [1, 2])
def test_profile_lists_the_planned_nodes(model, batch, threads):
    net = vc.dnn.Net.load(model, num_threads=threads)
    x = np.random.default_rng(1).standard_normal((batch, 3, 16, 16)).astype(np.float32)
    prof = net.profile({"x": x}, repeat=5)
    assert [p.op_type for p in prof] == net._impl.planned_ops()
    assert [p.op_type for p in prof] == ["Conv", "MaxPool", "Conv", "Add", "GlobalAveragePool",
                                         "Flatten", "Gemm", "Softmax"]
    assert [p.index for p in prof] == [0, 2, 4, 5, 6, 7, 8, 9]
    assert [p.name for p in prof] == ["conv1", "pool", "conv2", "", "gap", "flat", "fc", "softmax"]
    assert [p.output_shape for p in prof] == [
        (batch, 8, 16, 16), (batch, 8, 8, 8), (batch, 8, 8, 8), (batch, 8, 8, 8), (batch, 8, 1, 1),
        (batch, 8), (batch, 10), (batch, 10)]
    assert all(p.runs == 5 for p in prof)
    assert all(p.time_us >= 0 and np.isfinite(p.time_us) for p in prof)
    # nodes with real work take measurable time
    assert all(p.time_us > 0 for p in prof if p.op_type in ("Conv", "MaxPool", "Gemm"))
    assert isinstance(prof[0], vc.dnn.NodeProfile)
    with pytest.raises(dataclasses.FrozenInstanceError):
        prof[0].time_us = 1.0


def test_profile_leaves_results_and_state_unchanged(model):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((2, 3, 16, 16)).astype(np.float32)
    net = vc.dnn.Net.load(model, num_threads=1)
    assert not net._impl.profiling()  # off by default
    before = net.run({"x": x})
    plans = net.plan_count
    net.profile(x, repeat=3)  # a single array for a single-input model
    assert not net._impl.profiling()
    assert net.plan_count == plans  # same shape: the plan is reused
    after = net.run({"x": x})
    for k in before:
        np.testing.assert_array_equal(before[k], after[k])
    sess = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    want = sess.run(["prob"], {"x": x})[0]
    np.testing.assert_allclose(after["prob"], want, rtol=0, atol=1e-5)


def test_record_is_per_plan(model):
    net = vc.dnn.Net.load(model, num_threads=1)
    assert net._impl.profile() == []  # no plan yet
    x1 = np.ones((1, 3, 16, 16), np.float32)
    x3 = np.ones((3, 3, 16, 16), np.float32)
    net.run({"x": x1})
    assert all(r[5] == 0 and r[4] == 0.0 for r in net._impl.profile())  # nothing recorded
    net._impl.set_profiling(True)
    for _ in range(3):
        net.run({"x": x1})
    assert all(r[5] == 3 for r in net._impl.profile())
    net.run({"x": x3})  # a new plan clears the record
    rows = net._impl.profile()
    assert all(r[5] == 1 for r in rows) and rows[0][3] == (3, 8, 16, 16)
    net._impl.set_profiling(False)
    net.run({"x": x3})  # off: nothing more is recorded
    assert all(r[5] == 1 for r in net._impl.profile())
    net._impl.set_profiling(True)  # switching on clears
    assert all(r[5] == 0 for r in net._impl.profile())


def test_profile_times_add_up_to_a_run():
    # one big Conv dominates: its time is most of the summed time
    rng = np.random.default_rng(3)
    nodes = [helper.make_node("Conv", ["x", "w"], ["c"], pads=[1, 1, 1, 1]),
             helper.make_node("Relu", ["c"], ["y"])]
    data = _model(nodes, {"w": _w(rng, 32, 32, 3, 3)}, [_vi("x", [1, 32, 64, 64])],
                  [_vi("y", [1, 32, 64, 64])])
    net = vc.dnn.Net.load(data, num_threads=1)
    prof = net.profile(rng.standard_normal((1, 32, 64, 64)).astype(np.float32), repeat=3)
    assert [p.op_type for p in prof] == ["Conv"]  # the Relu is fused
    assert prof[0].time_us > 50  # ~75 MFLOP


def test_profile_errors(model):
    net = vc.dnn.Net.load(model)
    x = np.zeros((1, 3, 16, 16), np.float32)
    with pytest.raises(TypeError, match="repeat"):
        net.profile(x, repeat=2.0)
    with pytest.raises(TypeError, match="repeat"):
        net.profile(x, repeat=True)
    with pytest.raises(ValueError, match="repeat"):
        net.profile(x, repeat=0)
    with pytest.raises(ValueError, match="unknown input"):
        net.profile({"y": x})
    with pytest.raises(ValueError, match="missing"):
        net.profile({})
    with pytest.raises(TypeError, match="float32"):
        net.profile(x.astype(np.float64))
    with pytest.raises(ValueError, match="shape"):
        net.profile(np.zeros((1, 3, 8, 8), np.float32))
    assert not net._impl.profiling()  # a failed call leaves profiling off

    two = _model([helper.make_node("Add", ["a", "b"], ["c"])], {},
                 [_vi("a", [2]), _vi("b", [2])], [_vi("c", [2])])
    with pytest.raises(ValueError, match="2 inputs"):
        vc.dnn.Net.load(two).profile(np.zeros(2, np.float32))
