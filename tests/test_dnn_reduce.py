"""vc.dnn.Net reductions (Reduce*), ArgMax / ArgMin and Cast / CastLike, against onnxruntime
(and numpy where onnxruntime's behaviour is implementation-defined: NaN, empty reductions)."""

import numpy as np
import pytest
import visioncore as vc

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper

F, I64 = TensorProto.FLOAT, TensorProto.INT64

REDUCE_OPS = ["ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1",
              "ReduceL2", "ReduceSumSquare", "ReduceLogSum", "ReduceLogSumExp"]
# axes sets for a rank-4 input: inner, outer, middle, mixed, negative, all, none
AXES = [[3], [0], [1], [2, 3], [1, 3], [0, 2], [-1, -3], [0, 1, 2, 3], None]


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
    return sess.run(None, feeds)


def _run(data, feeds, threads=(1, 2)):
    """Runs at each thread count; the results must be identical (fixed reduction order)."""
    results = []
    for t in threads:
        net = vc.dnn.Net.load(data, num_threads=t)
        out = net.run(feeds)
        results.append([out[o.name] for o in net.outputs])
    for a, b in zip(results[0], results[-1]):
        np.testing.assert_array_equal(a, b)
    return results[0]


def _reduce_model(op, opset, axes, keepdims, shape, noop=None):
    """Reduce node with `axes` as attribute (old opsets) or constant input."""
    axes_input = opset >= (13 if op == "ReduceSum" else 18)
    attrs = {"keepdims": keepdims}
    if noop is not None:
        attrs["noop_with_empty_axes"] = noop
    inits, ins = {}, ["x"]
    if axes is not None:
        if axes_input:
            inits["axes"] = np.array(axes, np.int64)
            ins.append("axes")
        else:
            attrs["axes"] = axes
    node = helper.make_node(op, ins, ["y"], **attrs)
    return _model([node], [_vi("x", F, ["N"] + list(shape[1:]))], [_vi("y", F, None)], inits, opset)


def _input(rng, op, shape):
    x = rng.standard_normal(shape).astype(np.float32)
    if op == "ReduceLogSum":
        return np.abs(x) + 0.1  # log of a positive sum
    if op == "ReduceProd":
        return (1 + 0.1 * x).astype(np.float32)  # products stay O(1)
    return x


def _close(got, want, rtol=1e-5):
    assert got.shape == want.shape and got.dtype == want.dtype
    finite = np.abs(want[np.isfinite(want)])
    scale = max(1.0, float(finite.max())) if finite.size else 1.0
    np.testing.assert_allclose(got, want, rtol=rtol, atol=rtol * scale)


# ------------------------------------------------------------------ reductions vs onnxruntime

@pytest.mark.parametrize("opset", [13, 18])
@pytest.mark.parametrize("op", REDUCE_OPS)
def test_reduce_matches_onnxruntime(rng, op, opset):
    for axes in AXES:
        for keepdims in (0, 1):
            data = _reduce_model(op, opset, axes, keepdims, (4, 3, 5, 7))
            for batch in (1, 4):
                x = _input(rng, op, (batch, 3, 5, 7))
                (want,) = _ort(data, {"x": x})
                (got,) = _run(data, {"x": x})
                _close(got, want)


@pytest.mark.parametrize("op", REDUCE_OPS)
@pytest.mark.parametrize("axes", [[1], [2, 3], [3], [0, 2]])
def test_reduce_large_threaded(rng, op, axes):
    # big enough for several parallel chunks, in row and column mode
    data = _reduce_model(op, 18, axes, 1, (4, 24, 40, 72))
    x = _input(rng, op, (4, 24, 40, 72))
    (want,) = _ort(data, {"x": x})
    (got,) = _run(data, {"x": x})
    _close(got, want, rtol=2e-5)


@pytest.mark.parametrize("shape,axes", [((1,), [0]), ((5,), [0]), ((3, 1, 4), [1]), ((3, 1, 4), [0, 1]),
                                        ((2, 1, 1, 6), [3]), ((1, 1, 7), [2]), ((2, 3, 1), [-1]),
                                        ((17, 33), [0]), ((33, 17), [1])])
@pytest.mark.parametrize("op", ["ReduceSum", "ReduceMax", "ReduceLogSumExp", "ReduceMean"])
def test_reduce_shapes_with_unit_dims(rng, op, shape, axes):
    node = helper.make_node(op, ["x", "axes"], ["y"], keepdims=0)
    data = _model([node], [_vi("x", F, list(shape))], [_vi("y", F, None)],
                  {"axes": np.array(axes, np.int64)})
    x = _input(rng, op, shape)
    (want,) = _ort(data, {"x": x})
    (got,) = _run(data, {"x": x})
    _close(got, want)


@pytest.mark.parametrize("op", REDUCE_OPS)
def test_reduce_noop_with_empty_axes(rng, op):
    x = _input(rng, op, (2, 3, 4))
    for opset in (13, 18):
        if opset == 13 and op != "ReduceSum":
            continue
        for noop in (0, 1):
            data = _reduce_model(op, opset, [], 1, (2, 3, 4), noop=noop)
            (want,) = _ort(data, {"x": x})
            (got,) = _run(data, {"x": x})
            _close(got, want)
            if noop and op in ("ReduceSum", "ReduceMax", "ReduceMin", "ReduceMean", "ReduceProd"):
                np.testing.assert_array_equal(got, x)  # element-wise part: none


def test_reduce_axes_as_int64_graph_input(rng):
    node = helper.make_node("ReduceMean", ["x", "axes"], ["y"], keepdims=0)
    data = _model([node], [_vi("x", F, ["N", 3, 4, 5]), _vi("axes", I64, ["K"])],
                  [_vi("y", F, None)])
    net = vc.dnn.Net.load(data)
    x = rng.standard_normal((4, 3, 4, 5)).astype(np.float32)
    for axes in ([1], [2, 3], [-1, 0], []):
        a = np.array(axes, np.int64)
        (want,) = _ort(data, {"x": x, "axes": a})
        _close(net.run({"x": x, "axes": a})["y"], want)
    with pytest.raises(ValueError, match="repeats axis"):
        net.run({"x": x, "axes": np.array([1, 1], np.int64)})
    with pytest.raises(ValueError, match="out of range"):
        net.run({"x": x, "axes": np.array([4], np.int64)})


@pytest.mark.parametrize("op,want", [("ReduceSum", 0.0), ("ReduceProd", 1.0), ("ReduceMax", -np.inf),
                                     ("ReduceMin", np.inf), ("ReduceL1", 0.0), ("ReduceL2", 0.0),
                                     ("ReduceSumSquare", 0.0), ("ReduceLogSum", -np.inf),
                                     ("ReduceLogSumExp", -np.inf), ("ReduceMean", np.nan)])
def test_reduce_empty_set(op, want):
    # a zero-size dim (from a constant; graph inputs need dims >= 1) reduced
    nodes = [helper.make_node("ConstantOfShape", ["shape"], ["z"]),
             helper.make_node(op, ["z", "axes"], ["r"], keepdims=1),
             helper.make_node("Add", ["x", "r"], ["y"])]
    data = _model(nodes, [_vi("x", F, [2, 1, 3])], [_vi("y", F, None)],
                  {"shape": np.array([2, 0, 3], np.int64), "axes": np.array([1], np.int64)})
    x = np.zeros((2, 1, 3), np.float32)
    got = vc.dnn.Net.load(data).run({"x": x})["y"]
    np.testing.assert_array_equal(got, np.full((2, 1, 3), want, np.float32))


@pytest.mark.parametrize("op,ref", [("ReduceMax", np.max), ("ReduceMin", np.min), ("ReduceSum", np.sum),
                                    ("ReduceLogSumExp", None)])
@pytest.mark.parametrize("axis", [1, 2])
def test_reduce_nan_propagates(rng, op, ref, axis):
    x = rng.standard_normal((2, 40, 33)).astype(np.float32)
    x[0, 5, 7] = np.nan
    x[1, 39, 32] = np.nan
    x[1, 3, 3] = np.inf
    node = helper.make_node(op, ["x", "axes"], ["y"], keepdims=0)
    data = _model([node], [_vi("x", F, [2, 40, 33])], [_vi("y", F, None)],
                  {"axes": np.array([axis], np.int64)})
    (got,) = _run(data, {"x": x})
    nan_rows = np.isnan(x).any(axis=axis)
    np.testing.assert_array_equal(np.isnan(got), nan_rows)
    if ref is not None:
        want = ref(x, axis=axis)
        _close(got[~nan_rows], want[~nan_rows])


@pytest.mark.parametrize("op,ref", [("ReduceMax", np.max), ("ReduceMin", np.min)])
@pytest.mark.parametrize("axes", [[2], [1], [1, 2]])
def test_reduce_max_min_special_values_large(rng, op, ref, axes):
    # NaN / inf scattered in long rows and columns: the fast pass flags them
    # and the exact pass decides; rows without them keep the fast result
    x = rng.standard_normal((4, 16, 700)).astype(np.float32)
    flat = x.reshape(-1)
    flat[rng.choice(flat.size, 40, replace=False)] = np.nan
    flat[rng.choice(flat.size, 40, replace=False)] = np.inf
    flat[rng.choice(flat.size, 40, replace=False)] = -np.inf
    node = helper.make_node(op, ["x", "axes"], ["y"], keepdims=1)
    data = _model([node], [_vi("x", F, [4, 16, 700])], [_vi("y", F, None)],
                  {"axes": np.array(axes, np.int64)})
    (got,) = _run(data, {"x": x})
    np.testing.assert_array_equal(got, ref(x, axis=tuple(axes), keepdims=True))


def test_arg_special_values_large(rng):
    x = rng.standard_normal((4, 21, 40, 40)).astype(np.float32)
    flat = x.reshape(-1)
    flat[rng.choice(flat.size, 300, replace=False)] = np.nan
    flat[rng.choice(flat.size, 300, replace=False)] = np.inf
    for op, ref in (("ArgMax", np.argmax), ("ArgMin", np.argmin)):
        for axis in (1, 3):
            node = helper.make_node(op, ["x"], ["y"], axis=axis, keepdims=0)
            data = _model([node], [_vi("x", F, list(x.shape))], [_vi("y", I64, None)])
            (got,) = _run(data, {"x": x})
            np.testing.assert_array_equal(got, ref(x, axis=axis))


def test_reduce_int64_at_plan_time():
    # numel = ReduceProd(Shape(x)) and other int64 reductions of a shape vector, folded at plan
    ops = ["ReduceProd", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceMean", "ReduceL1", "ReduceSumSquare"]
    nodes = [helper.make_node("Shape", ["x"], ["s"])]
    nodes += [helper.make_node(op, ["s"], [op], keepdims=0) for op in ops]
    data = _model(nodes, [_vi("x", F, ["N", 3, 5, 2])], [_vi(op, I64, None) for op in ops])
    net = vc.dnn.Net.load(data)
    x = np.zeros((7, 3, 5, 2), np.float32)
    got = net.run({"x": x})
    s = np.array(x.shape, np.int64)
    want = {"ReduceProd": s.prod(), "ReduceSum": s.sum(), "ReduceMax": s.max(), "ReduceMin": s.min(),
            "ReduceMean": s.sum() // 4, "ReduceL1": s.sum(), "ReduceSumSquare": (s * s).sum()}
    for op in ops:
        assert got[op].dtype == np.int64 and got[op].shape == ()
        assert int(got[op]) == int(want[op]), op
    assert net._impl.planned_ops() == []


def test_reduce_l2_of_int64_rejected():
    nodes = [helper.make_node("Shape", ["x"], ["s"]), helper.make_node("ReduceL2", ["s"], ["y"])]
    data = _model(nodes, [_vi("x", F, ["N", 3])], [_vi("y", I64, None)])
    with pytest.raises(vc.dnn.ModelError, match="ReduceL2.*float32"):
        vc.dnn.Net.load(data)


@pytest.mark.parametrize("op,opset,attrs,extra_inputs,match", [
    ("ReduceMean", 13, {"axes": [1, 1]}, {}, "attribute 'axes': repeats axis 1"),
    ("ReduceMean", 13, {"axes": [1, -2]}, {}, "'axes' repeats axis -2"),
    ("ReduceMean", 18, {}, {"axes": np.array([2, 2], np.int64)}, "input 'axes' repeats axis 2"),
    ("ReduceSum", 13, {}, {"axes": np.array([0, 0], np.int64)}, "input 'axes' repeats axis 0"),
    ("ReduceMax", 18, {"axes": [1]}, {}, "attribute 'axes': is not an attribute of ReduceMax"),
    ("ReduceSum", 13, {"axes": [1]}, {}, "attribute 'axes': is not an attribute of ReduceSum"),
    ("ReduceMean", 13, {"noop_with_empty_axes": 1}, {}, "attribute 'noop_with_empty_axes'"),
    ("ReduceSum", 11, {}, {"axes": np.array([1], np.int64)}, "input 'axes' exists only since opset 13"),
    ("ReduceL2", 13, {}, {"axes": np.array([1], np.int64)}, "input 'axes' exists only since opset 18"),
    ("ReduceMin", 18, {"keepdims": 2}, {}, "attribute 'keepdims': expected 0 or 1"),
    ("ReduceMin", 18, {"noop_with_empty_axes": -1}, {}, "attribute 'noop_with_empty_axes': expected 0 or 1"),
    ("ReduceProd", 18, {"foo": 1}, {}, "attribute 'foo': is not an attribute of ReduceProd"),
    ("ReduceMean", 13, {"axes": [3]}, {}, "axis 3 is out of range for rank 3"),
    ("ReduceMean", 18, {}, {"axes": np.array([-4], np.int64)}, "axis -4 is out of range"),
    ("ReduceMean", 18, {}, {"axes": np.array([[1]], np.int64)}, "1-D int64"),
    ("ReduceMean", 18, {}, {"axes": np.array([1.0], np.float32)}, "1-D int64"),
])
def test_reduce_rejected_at_load(op, opset, attrs, extra_inputs, match):
    node = helper.make_node(op, ["x"] + list(extra_inputs), ["y"], name="r", **attrs)
    data = _model([node], [_vi("x", F, [2, 3, 4])], [_vi("y", F, None)], extra_inputs, opset)
    with pytest.raises(vc.dnn.ModelError, match=f"'r' \\({op}\\).*{match}"):
        vc.dnn.Net.load(data)


def test_reduce_axes_known_only_at_run_time_rejected(rng):
    # axes computed at run time (ArgMax of data): reductions need them when planning
    nodes = [helper.make_node("ArgMax", ["x"], ["am"], axis=0, keepdims=0),
             helper.make_node("ReduceSum", ["x", "am"], ["y"], name="r")]
    data = _model(nodes, [_vi("x", F, [2, 3])], [_vi("y", F, None)])
    with pytest.raises(vc.dnn.ModelError, match="'r' \\(ReduceSum\\).*int64.*run time.*float32 only"):
        vc.dnn.Net.load(data)


# ------------------------------------------------------------------ ArgMax / ArgMin

@pytest.mark.parametrize("op", ["ArgMax", "ArgMin"])
@pytest.mark.parametrize("opset", [11, 13, 18])
def test_arg_matches_onnxruntime(rng, op, opset):
    for axis in (0, 1, 2, 3, -1, -3):
        for keepdims in (0, 1):
            for last in ((0, 1) if opset >= 12 else (None,)):
                attrs = {"axis": axis, "keepdims": keepdims}
                if last is not None:
                    attrs["select_last_index"] = last
                node = helper.make_node(op, ["x"], ["y"], **attrs)
                data = _model([node], [_vi("x", F, ["N", 3, 5, 7])], [_vi("y", I64, None)], opset=opset)
                for batch in (1, 4):
                    # few distinct values: many ties
                    x = rng.integers(-3, 4, (batch, 3, 5, 7)).astype(np.float32)
                    (want,) = _ort(data, {"x": x})
                    (got,) = _run(data, {"x": x})
                    assert got.dtype == np.int64
                    np.testing.assert_array_equal(got, want, err_msg=f"{attrs} batch {batch}")


@pytest.mark.parametrize("op", ["ArgMax", "ArgMin"])
@pytest.mark.parametrize("shape,axis", [((4, 1000), 1), ((4, 21, 64, 64), 1), ((3000, 7), 0), ((2, 2, 5000), 2)])
def test_arg_large_threaded(rng, op, shape, axis):
    node = helper.make_node(op, ["x"], ["y"], axis=axis, keepdims=1)
    data = _model([node], [_vi("x", F, list(shape))], [_vi("y", I64, None)])
    x = rng.standard_normal(shape).astype(np.float32)
    (want,) = _ort(data, {"x": x})
    (got,) = _run(data, {"x": x})
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("op,ref", [("ArgMax", np.argmax), ("ArgMin", np.argmin)])
@pytest.mark.parametrize("axis", [0, 1])
@pytest.mark.parametrize("last", [0, 1])
def test_arg_nan_like_numpy(op, ref, axis, last):
    x = np.array([[1, np.nan, 3, np.nan, -np.inf, 0.5, 7],
                  [2, 5, 5, -1, np.inf, -2, 7],
                  [np.nan, 0, 0, 9, np.nan, 1, np.nan]], np.float32)
    x = np.tile(x, (1, 5))  # longer rows: the vectorised row pass
    node = helper.make_node(op, ["x"], ["y"], axis=axis, keepdims=0, select_last_index=last)
    data = _model([node], [_vi("x", F, list(x.shape))], [_vi("y", I64, None)])
    (got,) = _run(data, {"x": x})
    if last:
        flipped = np.flip(x, axis)
        want = x.shape[axis] - 1 - ref(flipped, axis=axis)
    else:
        want = ref(x, axis=axis)
    np.testing.assert_array_equal(got, want)


def test_arg_int64_at_plan_time():
    nodes = [helper.make_node("Shape", ["x"], ["s"]),
             helper.make_node("ArgMax", ["s"], ["imax"], keepdims=0),
             helper.make_node("ArgMin", ["s"], ["imin"], select_last_index=1)]
    data = _model(nodes, [_vi("x", F, ["N", 9, 5, 9])], [_vi("imax", I64, None), _vi("imin", I64, None)])
    got = vc.dnn.Net.load(data).run({"x": np.zeros((2, 9, 5, 9), np.float32)})
    assert got["imax"].shape == () and int(got["imax"]) == 1
    np.testing.assert_array_equal(got["imin"], [0])


@pytest.mark.parametrize("opset,attrs,match", [
    (13, {"axis": 3}, "attribute 'axis' 3 is out of range for rank 3"),
    (13, {"axis": -4}, "attribute 'axis' -4 is out of range"),
    (13, {"keepdims": 3}, "attribute 'keepdims': expected 0 or 1"),
    (13, {"select_last_index": 2}, "attribute 'select_last_index': expected 0 or 1"),
    (11, {"select_last_index": 1}, "attribute 'select_last_index': is not an attribute of ArgMax"),
    (13, {"axes": [1]}, "attribute 'axes': is not an attribute of ArgMax"),
])
def test_arg_rejected_at_load(opset, attrs, match):
    node = helper.make_node("ArgMax", ["x"], ["y"], name="a", **attrs)
    data = _model([node], [_vi("x", F, [2, 3, 4])], [_vi("y", I64, None)], opset=opset)
    with pytest.raises(vc.dnn.ModelError, match=f"'a' \\(ArgMax\\).*{match}"):
        vc.dnn.Net.load(data)


# ------------------------------------------------------------------ Cast / CastLike

@pytest.mark.parametrize("opset", [13, 19])
def test_cast_float_int64_matches_onnxruntime(rng, opset):
    nodes = [helper.make_node("Cast", ["x"], ["i"], to=I64),
             helper.make_node("Cast", ["i"], ["f"], to=F),
             helper.make_node("Cast", ["x"], ["same"], to=F)]
    data = _model(nodes, [_vi("x", F, ["N", 3, 50])],
                  [_vi("i", I64, None), _vi("f", F, None), _vi("same", F, None)], opset=opset)
    for batch in (1, 4):
        x = (rng.standard_normal((batch, 3, 50)) * 10.0 ** rng.integers(0, 12, (batch, 3, 50))).astype(np.float32)
        x[0, 0, :6] = [0.5, -0.5, 1.99, -1.99, -0.0, 2.0 ** 40]
        want = _ort(data, {"x": x})
        got = _run(data, {"x": x})
        for g, w in zip(got, want):
            assert g.dtype == w.dtype
            np.testing.assert_array_equal(g, w)


def test_cast_special_values_like_x86():
    x = np.array([np.nan, np.inf, -np.inf, 2.0 ** 63, -(2.0 ** 63), 3e19, -3e19, 2.0 ** 62, 2.5, -2.5],
                 np.float32)
    node = helper.make_node("Cast", ["x"], ["y"], to=I64)
    data = _model([node], [_vi("x", F, [10])], [_vi("y", I64, None)])
    (got,) = _run(data, {"x": x})
    lo = np.iinfo(np.int64).min
    np.testing.assert_array_equal(got, [lo, lo, lo, lo, lo, lo, lo, 2 ** 62, 2, -2])
    (want,) = _ort(data, {"x": x})
    np.testing.assert_array_equal(got, want)


def test_cast_int64_to_float_rounds_to_nearest(rng):
    v = np.array([2 ** 24 + 1, 2 ** 53 + 3, -(2 ** 62) - 1, np.iinfo(np.int64).max, np.iinfo(np.int64).min, 7, -7],
                 np.int64)
    node = helper.make_node("Cast", ["v"], ["y"], to=F)
    data = _model([node], [_vi("v", I64, [7])], [_vi("y", F, None)])
    (got,) = _run(data, {"v": v})
    np.testing.assert_array_equal(got, v.astype(np.float32))
    (want,) = _ort(data, {"v": v})
    np.testing.assert_array_equal(got, want)


def test_cast_at_plan_time_and_folded():
    # Shape -> Cast(float) -> Mul -> Cast(int64): a shape chain computed at plan time
    nodes = [helper.make_node("Shape", ["x"], ["s"]),
             helper.make_node("Cast", ["s"], ["sf"], to=F),
             helper.make_node("Mul", ["sf", "half"], ["h"]),
             helper.make_node("Cast", ["h"], ["hi"], to=I64),
             helper.make_node("Cast", ["c"], ["ci"], to=I64)]
    data = _model(nodes, [_vi("x", F, ["N", 3, 9, 16])], [_vi("hi", I64, None), _vi("ci", I64, None)],
                  {"half": np.array(0.5, np.float32), "c": np.array([1.5, -2.5, 1e10], np.float32)})
    net = vc.dnn.Net.load(data)
    got = net.run({"x": np.zeros((5, 3, 9, 16), np.float32)})
    np.testing.assert_array_equal(got["hi"], [2, 1, 4, 8])
    np.testing.assert_array_equal(got["ci"], [1, -2, 10 ** 10])
    assert got["hi"].dtype == np.int64 and net._impl.planned_ops() == []


def test_cast_like(rng):
    nodes = [helper.make_node("CastLike", ["x", "ti"], ["i"]),
             helper.make_node("CastLike", ["i", "tf"], ["f"], saturate=1)]
    data = _model(nodes, [_vi("x", F, ["N", 20])], [_vi("i", I64, None), _vi("f", F, None)],
                  {"ti": np.array([0], np.int64), "tf": np.array([0], np.float32)}, opset=19)
    x = (rng.standard_normal((4, 20)) * 1000).astype(np.float32)
    want = _ort(data, {"x": x})
    got = _run(data, {"x": x})
    for g, w in zip(got, want):
        assert g.dtype == w.dtype
        np.testing.assert_array_equal(g, w)


@pytest.mark.parametrize("opset,attrs,match", [
    (13, {"to": TensorProto.DOUBLE},
     "attribute 'to': float64 is not supported; allowed: FLOAT \\(1, float32\\), INT64 \\(7, int64\\)"),
    (13, {"to": TensorProto.INT32}, "attribute 'to': int32 is not supported"),
    (13, {"to": TensorProto.BOOL}, "attribute 'to': bool is not supported"),
    (13, {"to": 999}, "attribute 'to': type 999 is not supported"),
    (13, {}, "attribute 'to': required"),
    (13, {"to": F, "saturate": 1}, "attribute 'saturate': is an attribute only since opset 19"),
    (19, {"to": F, "saturate": 2}, "attribute 'saturate': expected 0 or 1"),
    (21, {"to": F, "round_mode": "up"}, "attribute 'round_mode': is an attribute only since opset 24"),
    (13, {"to": F, "foo": 1}, "attribute 'foo': is not an attribute of Cast"),
])
def test_cast_rejected_at_load(opset, attrs, match):
    node = helper.make_node("Cast", ["x"], ["y"], name="c", **attrs)
    data = _model([node], [_vi("x", F, [2, 3])], [_vi("y", F, None)], opset=opset)
    with pytest.raises(vc.dnn.ModelError, match=f"'c' \\(Cast\\).*{match}"):
        vc.dnn.Net.load(data)


def test_cast_accepts_saturate_at_19(rng):
    # saturate only changes casts to float8 types: no effect here (onnxruntime
    # refuses it for other targets, so it is compared with a plain Cast)
    x = rng.standard_normal((2, 3)).astype(np.float32) * 10
    for to in (I64, F):
        plain = _model([helper.make_node("Cast", ["x"], ["y"], to=to)], [_vi("x", F, [2, 3])],
                       [_vi("y", to, None)], opset=19)
        (want,) = _ort(plain, {"x": x})
        for sat in (0, 1):
            node = helper.make_node("Cast", ["x"], ["y"], to=to, saturate=sat)
            data = _model([node], [_vi("x", F, [2, 3])], [_vi("y", to, None)], opset=19)
            np.testing.assert_array_equal(_run(data, {"x": x})[0], want)


def test_cast_like_rejected():
    node = helper.make_node("CastLike", ["x", "t"], ["y"], name="c")
    data = _model([node], [_vi("x", F, [2])], [_vi("y", F, None)], {"t": np.zeros(1, np.float64)}, opset=15)
    with pytest.raises(vc.dnn.ModelError, match="'c' \\(CastLike\\).*'target_type'.*float64.*float32, int64"):
        vc.dnn.Net.load(data)
    data = _model([node], [_vi("x", F, [2])], [_vi("y", F, None)], {"t": np.zeros(1, np.float32)}, opset=13)
    with pytest.raises(vc.dnn.ModelError, match="CastLike needs opset 15"):
        vc.dnn.Net.load(data)
