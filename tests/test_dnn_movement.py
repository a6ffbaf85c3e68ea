"""vc.dnn.Net data-movement operators: Slice, Pad, Split, Expand, Tile and GlobalMaxPool.

Every case is compared with onnxruntime (exactly: these operators only move
elements) at 1 and 2 threads; the int64 shape-chain cases check that the
operators are evaluated at plan time and never run.
"""

import numpy as np
import pytest
import visioncore as vc

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper, numpy_helper

I64_MAX = np.iinfo(np.int64).max
I64_MIN = np.iinfo(np.int64).min


def _model(nodes, inits, inputs, outputs, opset):
    g = helper.make_graph(nodes, "g", inputs, outputs,
                          [numpy_helper.from_array(np.asarray(v), k) for k, v in inits.items()])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m.SerializeToString()


def _vi(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def _i64(v):
    return np.array(v, np.int64)


def _ort(data, feeds):
    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    sess = ort.InferenceSession(data, opts, providers=["CPUExecutionProvider"])
    names = [o.name for o in sess.get_outputs()]
    return dict(zip(names, sess.run(None, feeds)))


def _run(data, feeds, threads=(1, 2)):
    """Runs with vc at each thread count; all results are equal. Returns the first."""
    results = []
    for t in threads:
        got = vc.dnn.Net.load(data, num_threads=t).run(feeds)
        results.append(got)
    for k in results[0]:
        for other in results[1:]:
            np.testing.assert_array_equal(other[k], results[0][k])
    return results[0]


def _reference(data, feeds):
    from onnx.reference import ReferenceEvaluator

    m = onnx.load_from_string(data)
    sess = ReferenceEvaluator(m)
    return dict(zip([o.name for o in m.graph.output], sess.run(None, feeds)))


def _check(data, feeds, threads=(1, 2), oracle=_ort):
    """vc equals the oracle (onnxruntime) exactly, at every thread count."""
    want = oracle(data, feeds)
    got = _run(data, feeds, threads)
    assert set(got) == set(want)
    for k in want:
        assert got[k].shape == want[k].shape, k
        assert got[k].dtype == np.float32
        np.testing.assert_array_equal(got[k], want[k])
    return got


def _single(rng, node, shape, inits, opset, outputs=("y",), oracle=_ort):
    data = _model([node], inits, [_vi("x", list(shape))], [_vi(o, None) for o in outputs], opset)
    x = rng.standard_normal(shape).astype(np.float32)
    return _check(data, {"x": x}, oracle=oracle)


def _load_error(node, inits, shape, opset, match, outputs=("y",)):
    data = _model([node], inits, [_vi("x", list(shape))], [_vi(o, None) for o in outputs], opset)
    with pytest.raises(vc.dnn.ModelError, match=match):
        vc.dnn.Net.load(data)


def _random_shape(rng, batch, rank, lo=1, hi=6):
    return [batch] + [int(v) for v in rng.integers(lo, hi + 1, rank - 1)]


# ---------------------------------------------------------------- Slice

def _slice_bound(rng, d):
    kind = rng.integers(0, 6)
    if kind == 0:
        return int(I64_MAX)
    if kind == 1:
        return int(I64_MIN)
    return int(rng.integers(-d - 3, d + 4))


def _slice_case(rng, batch, steps=True):
    r = int(rng.integers(1, 6))
    shape = _random_shape(rng, batch, r)
    axes = rng.choice(r, int(rng.integers(1, r + 1)), replace=False)
    starts = [_slice_bound(rng, shape[a]) for a in axes]
    ends = [_slice_bound(rng, shape[a]) for a in axes]
    st = [int(rng.choice([1, 1, 2, 3, -1, -1, -2, -3])) if steps else 1 for _ in axes]
    axes = [int(a) - r if rng.random() < 0.4 else int(a) for a in axes]
    return shape, starts, ends, axes, st


def _slice_spec(x, starts, ends, axes=None, steps=None):
    """Slice as the opset 13 spec text defines it (Python ints: no overflow)."""
    axes = list(range(len(starts))) if axes is None else axes
    steps = [1] * len(starts) if steps is None else steps
    index = [np.arange(d) for d in x.shape]
    for s, e, a, t in zip(starts, ends, axes, steps):
        a = a + x.ndim if a < 0 else a
        d = x.shape[a]
        s, e = int(s), int(e)
        s = s + d if s < 0 else s
        e = e + d if e < 0 else e
        if t > 0:
            s, e = min(max(s, 0), d), min(max(e, 0), d)
        else:
            s, e = min(max(s, 0), d - 1), min(max(e, -1), d - 1)
        n = max(0, -((e - s) // -t)) if d > 0 else 0
        index[a] = s + t * np.arange(n, dtype=object)
    return x[np.ix_(*[np.asarray(i, np.int64) for i in index])]


def _ort_slice_quirk(ends, steps):
    """onnxruntime reads end INT64_MAX with a negative step as 'to the front'; the spec
    clamps it to dim - 1, which selects nothing."""
    return any(e == I64_MAX and t < 0 for e, t in zip(ends, steps))


def _slice_check(rng, shape, inputs, inits, opset, args, **attrs):
    """Slice equals the spec text and (where it follows the spec) onnxruntime."""
    node = helper.make_node("Slice", inputs, ["y"], **attrs)
    data = _model([node], inits, [_vi("x", list(shape))], [_vi("y", None)], opset)
    x = rng.standard_normal(shape).astype(np.float32)
    steps = args[3] if len(args) > 3 and args[3] is not None else [1] * len(args[0])
    if _ort_slice_quirk(args[1], steps):
        got = _run(data, {"x": x})
    else:
        got = _check(data, {"x": x})
    want = _slice_spec(x, *args)
    assert got["y"].shape == want.shape
    np.testing.assert_array_equal(got["y"], want)
    return got["y"]


@pytest.mark.parametrize("batch", [1, 4])
@pytest.mark.parametrize("seed", range(12))
def test_slice_random_opset13(batch, seed):
    rng = np.random.default_rng(seed)
    for _ in range(4):
        shape, starts, ends, axes, steps = _slice_case(rng, batch)
        inits = {"s": _i64(starts), "e": _i64(ends), "a": _i64(axes), "t": _i64(steps)}
        _slice_check(rng, shape, ["x", "s", "e", "a", "t"], inits, 13,
                     (starts, ends, axes, steps))


@pytest.mark.parametrize("batch", [1, 4])
@pytest.mark.parametrize("seed", range(4))
def test_slice_random_opset10_optional_inputs(batch, seed):
    rng = np.random.default_rng(100 + seed)
    for _ in range(4):
        shape, starts, ends, _axes, steps = _slice_case(rng, batch)
        r = len(shape)
        # without axes: the first len(starts) dims, in order
        starts, ends, steps = starts[:r], ends[:r], steps[:r]
        inits = {"s": _i64(starts), "e": _i64(ends), "t": _i64(steps)}
        _slice_check(rng, shape, ["x", "s", "e", "", "t"], inits, 10,
                     (starts, ends, None, steps))
        _slice_check(rng, shape, ["x", "s", "e"], inits, 11, (starts, ends))


@pytest.mark.parametrize("batch", [1, 4])
def test_slice_opset1_attributes(rng, batch):
    for _ in range(8):
        shape, starts, ends, axes, _ = _slice_case(rng, batch, steps=False)
        axes = [a % len(shape) for a in axes]
        _slice_check(rng, shape, ["x"], {}, 9, (starts, ends, axes), starts=starts, ends=ends,
                     axes=axes)
    _slice_check(rng, [batch, 5, 4], ["x"], {}, 1, ([1, -3], [100, -1]), starts=[1, -3],
                 ends=[100, -1])


@pytest.mark.parametrize(("start", "end", "step"), [
    (0, I64_MAX, 1), (I64_MAX, I64_MIN, -1), (-1, I64_MIN, -2), (I64_MIN, I64_MAX, 3),
    (3, 3, 1), (4, 1, 1), (1, 4, -1), (-100, 100, 1), (100, -100, -1), (5, 0, -2),
    (I64_MIN, I64_MIN, 1), (I64_MAX, I64_MAX, -1), (2, -2, I64_MAX), (4, 0, I64_MIN),
    (-9, -9, -3), (1, I64_MAX, -1), (-7, 2, 1), (5, I64_MIN, I64_MIN)])
def test_slice_clamping_edges(rng, start, end, step):
    inits = {"s": _i64([start]), "e": _i64([end]), "a": _i64([-1]), "t": _i64([step])}
    _slice_check(rng, [2, 3, 6], ["x", "s", "e", "a", "t"], inits, 13,
                 ([start], [end], [-1], [step]))


def test_slice_empty_and_zero_dims(rng):
    node = helper.make_node("Slice", ["x", "s", "e", "a"], ["y"])
    got = _single(rng, node, [3, 4, 5], {"s": _i64([2, 0]), "e": _i64([2, 4]),
                                          "a": _i64([1, 2])}, 13)["y"]
    assert got.shape == (3, 0, 4)


def test_slice_large_threaded(rng):
    node = helper.make_node("Slice", ["x", "s", "e", "a", "t"], ["y"])
    for s, e, a, t in [([3, 1], [40, 60], [1, 2], [1, 1]),     # whole rows: memcpy per row
                       ([-1, 0], [I64_MIN, 64], [1, 3], [-1, 2]),  # reversed channels, strided
                       ([1], [3], [0], [1])]:                   # outer dim
        inits = {"s": _i64(s), "e": _i64(e), "a": _i64(a), "t": _i64(t)}
        _single(rng, node, [4, 48, 64, 64], inits, 13)


def test_slice_of_constant_folded_at_load(rng):
    c = rng.standard_normal((4, 6)).astype(np.float32)
    nodes = [helper.make_node("Slice", ["c", "s", "e", "a", "t"], ["cs"]),
             helper.make_node("Add", ["x", "cs"], ["y"])]
    inits = {"c": c, "s": _i64([5]), "e": _i64([0]), "a": _i64([1]), "t": _i64([-2])}
    data = _model(nodes, inits, [_vi("x", [4, 3])], [_vi("y", [4, 3])], 13)
    x = rng.standard_normal((4, 3)).astype(np.float32)
    _check(data, {"x": x})
    net = vc.dnn.Net.load(data)
    assert net._impl.node_ops() == ["Add"]


# ---------------------------------------------------------------- int64 shape chains

def test_shape_slice_concat_reshape_chain(rng):
    """x.view(x.shape[0], x.shape[1], -1) in the Shape -> Slice -> Concat -> Reshape form."""
    nodes = [
        helper.make_node("Shape", ["x"], ["sh"]),
        helper.make_node("Slice", ["sh", "s0", "e2"], ["nc"]),
        helper.make_node("Concat", ["nc", "m1"], ["ns"], axis=0),
        helper.make_node("Reshape", ["x", "ns"], ["y"]),
    ]
    inits = {"s0": _i64([0]), "e2": _i64([2]), "m1": _i64([-1])}
    data = _model(nodes, inits, [_vi("x", ["N", 3, 4, 5])], [_vi("y", ["N", 3, 20])], 13)
    for batch in (1, 4):
        x = rng.standard_normal((batch, 3, 4, 5)).astype(np.float32)
        _check(data, {"x": x})
    net = vc.dnn.Net.load(data)
    assert net.outputs[0].shape == ("N", 3, 20)
    net(np.zeros((2, 3, 4, 5), np.float32))
    assert net._impl.planned_ops() == ["Reshape"]


def test_int64_chain_every_op(rng):
    """Slice (reversed), Split, Pad, Tile and Expand on int64 shape vectors, all at plan time."""
    nodes = [
        helper.make_node("Shape", ["x"], ["sh"]),                        # [N, 6, 4]
        helper.make_node("Split", ["sh", "sp"], ["n", "rest"], axis=0),  # [N], [6, 4]
        helper.make_node("Slice", ["rest", "s", "e", "a", "t"], ["rev"]),  # [4, 6]
        helper.make_node("Tile", ["n", "two"], ["nn"]),                  # [N, N]
        helper.make_node("Slice", ["nn", "s0", "e1"], ["n1"]),           # [N]
        helper.make_node("Expand", ["n1", "one"], ["n2"]),               # [N]
        helper.make_node("Pad", ["n2", "pads", "minus1"], ["nm"]),       # [N, -1]
        helper.make_node("Concat", ["nm", "rev"], ["ns"], axis=0),       # [N, -1, 4, 6]
        helper.make_node("Reshape", ["x", "ns"], ["y"]),
    ]
    inits = {"sp": _i64([1, 2]), "s": _i64([-1]), "e": _i64([I64_MIN]), "a": _i64([0]),
             "t": _i64([-1]), "two": _i64([2]), "s0": _i64([0]), "e1": _i64([1]),
             "one": _i64([1]), "pads": _i64([0, 1]), "minus1": _i64(-1)}
    data = _model(nodes, inits, [_vi("x", ["N", 6, 4])], [_vi("y", ["N", 1, 4, 6])], 18)
    for batch in (1, 4):
        x = rng.standard_normal((batch, 6, 4)).astype(np.float32)
        got = _check(data, {"x": x})["y"]
        assert got.shape == (batch, 1, 4, 6)
    net = vc.dnn.Net.load(data)
    net(np.zeros((3, 6, 4), np.float32))
    assert net._impl.planned_ops() == ["Reshape"]


def test_int64_slice_computed_from_shapes(rng):
    """Slice whose 'ends' come from the input's shape: known at plan time, not at load."""
    nodes = [
        helper.make_node("Shape", ["x"], ["sh"]),
        helper.make_node("Gather", ["sh", "i2"], ["w"]),
        helper.make_node("Div", ["w", "two"], ["half"]),
        helper.make_node("Slice", ["x", "zero", "half", "ax"], ["y"]),
    ]
    inits = {"i2": _i64([2]), "two": _i64([2]), "zero": _i64([0]), "ax": _i64([2])}
    data = _model(nodes, inits, [_vi("x", [2, 3, "W"])], [_vi("y", [2, 3, None])], 13)
    for w in (4, 10):
        x = rng.standard_normal((2, 3, w)).astype(np.float32)
        got = _check(data, {"x": x})["y"]
        assert got.shape == (2, 3, w // 2)


# ---------------------------------------------------------------- Pad

def _pad_case(rng, batch, mode, with_axes):
    r = int(rng.integers(1, 6))
    shape = _random_shape(rng, batch, r, lo=1, hi=5)
    axes = list(range(r))
    if with_axes:
        axes = [int(a) for a in rng.choice(r, int(rng.integers(1, r + 1)), replace=False)]
    lo, hi = [], []
    for a in axes:
        d = shape[a]
        while True:
            pl, ph = (int(v) for v in rng.integers(-2, 4, 2))
            m = d - max(0, -pl) - max(0, -ph)
            if m < 0:
                continue
            if mode != "constant" and m == 0:  # onnxruntime rejects even unpadded ones
                continue
            if mode == "reflect" and (pl >= m or ph >= m) and (pl > 0 or ph > 0):
                continue
            break
        lo.append(pl)
        hi.append(ph)
    if with_axes:
        axes = [a - r if rng.random() < 0.5 else a for a in axes]
    return shape, lo + hi, axes


@pytest.mark.parametrize("batch", [1, 4])
@pytest.mark.parametrize("mode", ["constant", "reflect", "edge"])
@pytest.mark.parametrize("opset", [11, 13])
def test_pad_random_input_form(batch, mode, opset):
    rng = np.random.default_rng(hash((batch, mode, opset)) % 2**32)
    for _ in range(8):
        shape, pads, _ = _pad_case(rng, batch, mode, False)
        inputs = ["x", "p", "v"] if mode == "constant" else ["x", "p"]
        node = helper.make_node("Pad", inputs, ["y"], mode=mode)
        _single(rng, node, shape, {"p": _i64(pads), "v": np.array(1.5, np.float32)}, opset)


@pytest.mark.parametrize("batch", [1, 4])
@pytest.mark.parametrize("mode", ["constant", "reflect", "edge", "wrap"])
def test_pad_random_axes_opset19(batch, mode):
    rng = np.random.default_rng(7 + batch + len(mode))
    for _ in range(8):
        shape, pads, axes = _pad_case(rng, batch, mode, True)
        node = helper.make_node("Pad", ["x", "p", "", "a"], ["y"], mode=mode)
        _single(rng, node, shape, {"p": _i64(pads), "a": _i64(axes)}, 19)


@pytest.mark.parametrize("mode", ["constant", "reflect", "edge"])
def test_pad_opset2_attributes(rng, mode):
    for _ in range(6):
        shape, pads, _ = _pad_case(rng, 2, mode, False)
        node = helper.make_node("Pad", ["x"], ["y"], mode=mode, pads=pads, value=-2.5)
        _single(rng, node, shape, {}, 9)


def test_pad_opset18_axes_and_default_value(rng):
    node = helper.make_node("Pad", ["x", "p", "", "a"], ["y"])
    _single(rng, node, [2, 3, 4, 5], {"p": _i64([1, -1, 2, 0]), "a": _i64([-1, 1])}, 18)


def test_pad_wrap_larger_than_dim(rng):
    node = helper.make_node("Pad", ["x", "p"], ["y"], mode="wrap")
    _single(rng, node, [2, 3, 4], {"p": _i64([0, 7, -1, 0, 5, 9])}, 19)


def test_pad_edge_larger_than_dim(rng):
    node = helper.make_node("Pad", ["x", "p"], ["y"], mode="edge")
    _single(rng, node, [2, 3, 4], {"p": _i64([0, 7, -1, 0, 5, 9])}, 13)


def test_pad_constant_empty_input_dim(rng):
    node = helper.make_node("Pad", ["x", "p", "v"], ["y"])
    got = _single(rng, node, [2, 3], {"p": _i64([0, -3, 0, 2]), "v": np.array(4, np.float32)},
                  13)["y"]
    np.testing.assert_array_equal(got, np.full((2, 2), 4, np.float32))


@pytest.mark.parametrize("mode", ["constant", "reflect", "edge", "wrap"])
def test_pad_large_threaded(rng, mode):
    node = helper.make_node("Pad", ["x", "p"], ["y"], mode=mode)
    _single(rng, node, [4, 16, 60, 70], {"p": _i64([0, 0, 3, 2, 0, 0, 2, 5])}, 19)


def test_pad_nchw_spatial_only(rng):
    node = helper.make_node("Pad", ["x", "p", "v"], ["y"], mode="constant")
    _single(rng, node, [4, 8, 30, 30], {"p": _i64([0, 0, 1, 1, 0, 0, 1, 1]),
                                        "v": np.array(0, np.float32)}, 13)


# ---------------------------------------------------------------- Split

def _partition(rng, total, parts, allow_zero):
    if parts == 1:
        return [total]
    cuts = sorted(int(v) for v in rng.integers(0 if allow_zero else 1, total + (1 if allow_zero else 0),
                                                parts - 1))
    sizes = [b - a for a, b in zip([0] + cuts, cuts + [total])]
    return sizes


@pytest.mark.parametrize("batch", [1, 4])
@pytest.mark.parametrize("opset", [11, 13, 18])
def test_split_random_sizes(batch, opset):
    rng = np.random.default_rng(opset * 10 + batch)
    for _ in range(8):
        r = int(rng.integers(1, 6))
        shape = _random_shape(rng, batch, r, lo=1, hi=7)
        axis = int(rng.integers(-r, r))
        d = shape[axis]
        k = int(rng.integers(1, d + 1))
        sizes = _partition(rng, d, k, allow_zero=False)
        outs = [f"y{i}" for i in range(k)]
        if opset < 13:
            node = helper.make_node("Split", ["x"], outs, axis=axis, split=sizes)
            inits = {}
        else:
            node = helper.make_node("Split", ["x", "sp"], outs, axis=axis)
            inits = {"sp": _i64(sizes)}
        got = _single(rng, node, shape, inits, opset, outputs=outs)
        assert [got[o].shape[axis] for o in outs] == sizes


@pytest.mark.parametrize("opset", [2, 11, 13])
def test_split_equal_default(rng, opset):
    outs = ["a", "b", "c"]
    node = helper.make_node("Split", ["x"], outs, axis=-2)
    _single(rng, node, [4, 9, 5], {}, opset, outputs=outs)


@pytest.mark.parametrize(("dim", "n"), [(5, 2), (5, 3), (6, 3), (5, 5), (5, 6), (7, 4), (1, 1)])
def test_split_num_outputs_opset18(rng, dim, n):
    outs = [f"y{i}" for i in range(n)]
    node = helper.make_node("Split", ["x"], outs, axis=1, num_outputs=n)
    got = _single(rng, node, [2, dim, 3], {}, 18, outputs=outs)
    chunk = -(-dim // n)
    want = [chunk] * (n - 1) + [dim - chunk * (n - 1)]
    assert [got[o].shape[1] for o in outs] == want


def test_split_many_outputs_and_zero_parts(rng):
    outs = [f"y{i}" for i in range(40)]
    sizes = [0, 3] * 20
    node = helper.make_node("Split", ["x", "sp"], outs, axis=1)
    _single(rng, node, [2, 60, 3], {"sp": _i64(sizes)}, 13, outputs=outs)


def test_split_large_threaded(rng):
    outs = ["a", "b", "c"]
    node = helper.make_node("Split", ["x", "sp"], outs, axis=1)
    _single(rng, node, [4, 48, 40, 40], {"sp": _i64([16, 30, 2])}, 13, outputs=outs)
    node = helper.make_node("Split", ["x", "sp"], outs, axis=-1)
    _single(rng, node, [4, 48, 40, 40], {"sp": _i64([7, 30, 3])}, 13, outputs=outs)


def test_split_outputs_feed_other_nodes(rng):
    nodes = [helper.make_node("Split", ["x"], ["a", "b"], axis=1, num_outputs=2),
             helper.make_node("Mul", ["a", "b"], ["y"])]
    data = _model(nodes, {}, [_vi("x", ["N", 8, 5])], [_vi("y", ["N", 4, 5])], 18)
    for batch in (1, 4):
        _check(data, {"x": rng.standard_normal((batch, 8, 5)).astype(np.float32)})


# ---------------------------------------------------------------- Expand / Tile

@pytest.mark.parametrize(("xshape", "shape"), [
    ([3, 1], [3, 4]), ([1], [2, 3, 4]), ([4, 1, 5], [2, 1, 6, 1]), ([2, 3], [1]),
    ([2, 3], [3]), ([1, 1, 1], [2, 3, 4]), ([4, 8, 1, 1], [4, 8, 30, 30]),
    ([1, 8, 30, 30], [4, 1, 1, 1]), ([5], [0, 5]), ([], [2, 3]), ([2, 1, 3, 1, 2], [2, 4, 3, 5, 2]),
    ([1, 3, 1], [2, 1, 1, 4])])
def test_expand(rng, xshape, shape):
    node = helper.make_node("Expand", ["x", "s"], ["y"])
    _single(rng, node, xshape, {"s": _i64(shape)}, 13)


@pytest.mark.parametrize("batch", [1, 4])
def test_expand_random(batch):
    rng = np.random.default_rng(50 + batch)
    for _ in range(12):
        r = int(rng.integers(1, 6))
        oshape = _random_shape(rng, batch, r, lo=1, hi=5)
        xshape = [1 if rng.random() < 0.5 else d for d in oshape][int(rng.integers(0, r)):]
        shape = [d if rng.random() < 0.6 or d == 1 else 1 for d in oshape]
        node = helper.make_node("Expand", ["x", "s"], ["y"])
        _single(rng, node, xshape, {"s": _i64(shape)}, 8)


@pytest.mark.parametrize("batch", [1, 4])
def test_tile_random(batch):
    rng = np.random.default_rng(70 + batch)
    for _ in range(12):
        r = int(rng.integers(1, 6))
        shape = _random_shape(rng, batch, r, lo=1, hi=4)
        reps = [int(v) for v in rng.choice([0, 1, 1, 2, 3], r)]
        node = helper.make_node("Tile", ["x", "r"], ["y"])
        got = _single(rng, node, shape, {"r": _i64(reps)}, 13)["y"]
        assert got.shape == tuple(d * k for d, k in zip(shape, reps))


def test_tile_large_threaded(rng):
    node = helper.make_node("Tile", ["x", "r"], ["y"])
    _single(rng, node, [4, 16, 30, 30], {"r": _i64([1, 2, 2, 3])}, 6)
    _single(rng, node, [1, 32, 1, 1], {"r": _i64([4, 1, 40, 40])}, 13)


def test_tile_many_repeats(rng):
    """Many repeats of a short dim: the plan holds no per-repeat state."""
    node = helper.make_node("Tile", ["x", "r"], ["y"])
    got = _single(rng, node, [2, 1, 3], {"r": _i64([1, 20000, 3])}, 13)["y"]
    assert got.shape == (2, 20000, 9)


# ---------------------------------------------------------------- GlobalMaxPool

@pytest.mark.parametrize("batch", [1, 4])
@pytest.mark.parametrize("spatial", [[7], [5, 6], [3, 4, 5], [64, 64], [1, 1], [17, 1]])
def test_global_max_pool(rng, batch, spatial):
    node = helper.make_node("GlobalMaxPool", ["x"], ["y"])
    got = _single(rng, node, [batch, 8] + spatial, {}, 13)["y"]
    assert got.shape == (batch, 8) + (1,) * len(spatial)


def test_global_max_pool_structured_and_nan(rng):
    node = helper.make_node("GlobalMaxPool", ["x"], ["y"])
    data = _model([node], {}, [_vi("x", [2, 3, 37])], [_vi("y", None)], 13)
    x = -np.abs(rng.standard_normal((2, 3, 37))).astype(np.float32) - 1.0
    x[0, 0, 36] = 5.0        # max in the tail after the vector lanes
    x[0, 1, 0] = np.inf
    x[1, 0, 3:] = -np.inf
    x[1, 2, 20] = 0.0
    _check(data, {"x": x})
    # the exact maximum where onnxruntime differs: a plane of -inf gives -inf (not
    # -FLT_MAX), and NaN propagates (like numpy and MaxPool)
    x[1, 0, :] = -np.inf
    x[0, 2, 17] = np.nan
    got = _run(data, {"x": x})["y"]
    np.testing.assert_array_equal(got, np.max(x, axis=2, keepdims=True))


def test_global_max_pool_large_threaded(rng):
    node = helper.make_node("GlobalMaxPool", ["x"], ["y"])
    _single(rng, node, [4, 64, 40, 40], {}, 13)


# ---------------------------------------------------------------- load-time errors

@pytest.mark.parametrize(("inits", "match"), [
    ({"s": _i64([0]), "e": _i64([2]), "a": _i64([1]), "t": _i64([0])}, "'steps'.*not be 0"),
    ({"s": _i64([0, 0]), "e": _i64([2, 2]), "a": _i64([1, 1]), "t": _i64([1, 1])},
     "'axes' repeats axis 1"),
    ({"s": _i64([0, 0]), "e": _i64([2, 2]), "a": _i64([1, -2]), "t": _i64([1, 1])},
     "'axes' repeats axis 1"),
    ({"s": _i64([0]), "e": _i64([2, 2]), "a": _i64([1]), "t": _i64([1])}, "same length"),
    ({"s": _i64([0]), "e": _i64([2]), "a": _i64([1, 2]), "t": _i64([1])}, "'axes' has 2"),
    ({"s": _i64([0]), "e": _i64([2]), "a": _i64([1]), "t": _i64([1, 1])}, "'steps' has 2"),
    ({"s": _i64([0]), "e": _i64([2]), "a": _i64([3]), "t": _i64([1])}, "'axes' value 3.*rank 3"),
    ({"s": np.array([0.0], np.float32), "e": _i64([2]), "a": _i64([1]), "t": _i64([1])},
     "'starts' must be a 1-D int64"),
])
def test_slice_rejected_inputs(inits, match):
    node = helper.make_node("Slice", ["x", "s", "e", "a", "t"], ["y"], name="sl")
    _load_error(node, inits, [2, 3, 4], 13, r"'sl' \(Slice\).*" + match)


@pytest.mark.parametrize(("opset", "attrs", "match"), [
    (13, {"starts": [0]}, "attribute 'starts': is an input since opset 10"),
    (10, {"axes": [0]}, "attribute 'axes': is an input since opset 10"),
    (13, {"foo": 1}, "attribute 'foo': is not an attribute of Slice at opset 13"),
    (9, {"ends": [1]}, "attribute 'starts': required"),
    (9, {"starts": [1]}, "attribute 'ends': required"),
    (9, {"starts": [1], "ends": [2], "steps": [1]}, "attribute 'steps': is not an attribute"),
    (9, {"starts": [1], "ends": [2], "axes": [0, 1]}, "'axes' has 2"),
    (9, {"starts": [1], "ends": 2}, "attribute 'ends': expected INTS"),
])
def test_slice_rejected_attributes(opset, attrs, match):
    inputs = ["x"] if opset < 10 else ["x", "s", "e"]
    node = helper.make_node("Slice", inputs, ["y"], name="sl", **attrs)
    _load_error(node, {"s": _i64([0]), "e": _i64([1])}, [2, 3], opset,
                r"'sl' \(Slice\).*" + match)


def test_slice_opset9_with_inputs_rejected():
    node = helper.make_node("Slice", ["x", "s", "e"], ["y"], name="sl", starts=[0], ends=[1])
    _load_error(node, {"s": _i64([0]), "e": _i64([1])}, [2, 3], 9, "before opset 10")


@pytest.mark.parametrize(("opset", "node_kw", "inits", "match"), [
    (13, {"mode": "wrap"}, {"p": _i64([1, 1])}, "'mode'.*'wrap' since opset 19"),
    (19, {"mode": "mirror"}, {"p": _i64([1, 1])}, "'mode'.*got 'mirror'"),
    (13, {"pads": [1, 1]}, {"p": _i64([1, 1])}, "attribute 'pads': is an input since opset 11"),
    (13, {"value": 1.0}, {"p": _i64([1, 1])}, "attribute 'value': is an input since opset 11"),
    (13, {"foo": 1}, {"p": _i64([1, 1])}, "attribute 'foo': is not an attribute of Pad"),
    (13, {}, {"p": _i64([1, 1, 1])}, "even number"),
    (13, {}, {"p": _i64([1, 1, 1, 1])}, "'pads' has 4 values.*rank 1"),
    (13, {}, {"p": _i64([1, I64_MAX])}, "out of range"),
    (13, {}, {"p": _i64([-5, 1])}, "crop more than"),
    (13, {"mode": "reflect"}, {"p": _i64([4, 0])}, "'reflect' needs pads below the axis size"),
    (13, {"mode": "reflect"}, {"p": _i64([-1, 3])}, "'reflect' needs pads below"),
    (13, {"mode": "edge"}, {"p": _i64([-2, -2])}, None),  # cropping to empty is fine
    (13, {"mode": "edge"}, {"p": _i64([-4, 1])}, "'edge' cannot pad axis 0: it has no elements"),
    (13, {}, {"p": np.array([1.0, 1.0], np.float32)}, "'pads' must be a 1-D int64"),
])
def test_pad_rejected(opset, node_kw, inits, match):
    node = helper.make_node("Pad", ["x", "p"], ["y"], name="pd", **node_kw)
    if match is None:
        data = _model([node], inits, [_vi("x", [4])], [_vi("y", None)], opset)
        assert vc.dnn.Net.load(data)(np.zeros(4, np.float32)).shape == (0,)
        return
    _load_error(node, inits, [4], opset, r"'pd' \(Pad\).*" + match)


def test_pad_rejected_other_forms():
    node = helper.make_node("Pad", ["x"], ["y"], name="pd", paddings=[1, 1])
    _load_error(node, {}, [4], 1, r"'pd' \(Pad\).*before opset 2")
    node = helper.make_node("Pad", ["x"], ["y"], name="pd")
    _load_error(node, {}, [4], 9, r"'pd' \(Pad\).*attribute 'pads': required")
    node = helper.make_node("Pad", ["x"], ["y"], name="pd", pads=[1, 1], paddings=[1, 1])
    _load_error(node, {}, [4], 9, r"attribute 'paddings': is not an attribute of Pad at opset 9")
    node = helper.make_node("Pad", ["x", "p"], ["y"], name="pd", pads=[1, 1])
    _load_error(node, {"p": _i64([1, 1])}, [4], 9, r"'pd' \(Pad\).*before opset 11")
    node = helper.make_node("Pad", ["x", "p", "", "a"], ["y"], name="pd")
    _load_error(node, {"p": _i64([1, 1]), "a": _i64([0])}, [4], 13, r"'axes'.*since opset 18")
    node = helper.make_node("Pad", ["x", "p", "", "a"], ["y"], name="pd")
    _load_error(node, {"p": _i64([1, 1, 1, 1]), "a": _i64([0, -2])}, [4, 3], 18,
                r"'pd' \(Pad\).*'axes' repeats axis 0")
    node = helper.make_node("Pad", ["x", "p", "v"], ["y"], name="pd")
    _load_error(node, {"p": _i64([1, 1]), "v": np.zeros(2, np.float32)}, [4], 13,
                r"'constant_value' must be one")
    node = helper.make_node("Pad", ["x", "p", "v"], ["y"], name="pd")
    _load_error(node, {"p": _i64([1, 1]), "v": _i64(3)}, [4], 13,
                r"'constant_value' must be one element of the data's type")


@pytest.mark.parametrize(("opset", "inputs", "attrs", "inits", "n", "match"), [
    (13, ["x", "sp"], {}, {"sp": _i64([1, 2])}, 2, "'split' sizes add up to 3; axis 0 has 6"),
    (13, ["x", "sp"], {}, {"sp": _i64([1, 2, 3])}, 2, "3 sizes for 2 outputs"),
    (13, ["x", "sp"], {}, {"sp": _i64([-1, 7])}, 2, "sizes must be >= 0"),
    (11, ["x"], {"split": [2, 2]}, {}, 2, "'split' sizes add up to 4"),
    (11, ["x"], {"split": [2, 2, 2]}, {}, 2, "attribute 'split': has 3 sizes for 2 outputs"),
    (11, ["x"], {"num_outputs": 2}, {}, 2, "attribute 'num_outputs': is not an attribute"),
    (11, ["x", "sp"], {}, {"sp": _i64([3, 3])}, 2, "input 'split' is not supported before opset 13"),
    (13, ["x"], {"split": [3, 3]}, {}, 2, "attribute 'split': is an input since opset 13"),
    (13, ["x"], {}, {}, 4, "does not split into 4 equal parts"),
    (13, ["x"], {"axis": 2}, {}, 2, "'axis' value 2 is out of range for rank 2"),
    (18, ["x"], {}, {}, 2, "needs input 'split' or attribute 'num_outputs'"),
    (18, ["x"], {"num_outputs": 3}, {}, 2, "'num_outputs': 3 differs from the node's 2 outputs"),
    (18, ["x", "sp"], {"num_outputs": 2}, {"sp": _i64([3, 3])}, 2,
     "'num_outputs': not allowed together with input 'split'"),
    (18, ["x"], {"num_outputs": 4}, {}, 4, "negative last part"),
    (18, ["x"], {"num_outputs": 2, "foo": 1}, {}, 2, "attribute 'foo': is not an attribute"),
])
def test_split_rejected(opset, inputs, attrs, inits, n, match):
    outs = [f"y{i}" for i in range(n)]
    node = helper.make_node("Split", inputs, outs, name="sp", **attrs)
    # 'axis' 0 of [6, 5]; num_outputs 4 of 5 (ceil 2 -> 2, 2, 2, -1) needs axis 1
    shape = [6, 5] if "num_outputs" not in attrs or attrs["num_outputs"] != 4 else [5, 5]
    _load_error(node, inits, shape, opset, r"'sp' \(Split\).*" + match, outputs=outs)


@pytest.mark.parametrize(("inits", "match"), [
    ({"s": _i64([2, 4])}, r"shape \[3, 4\] does not broadcast to 'shape' \[2, 4\]"),
    ({"s": _i64([-1, 4])}, "negative dim"),
    ({"s": np.array([1.0], np.float32)}, "'shape' must be a 1-D int64"),
    ({"s": _i64([[3, 4]])}, "'shape' must be a 1-D int64"),
    ({"s": _i64([1 << 40, 3, 4])}, "size limit"),
])
def test_expand_rejected(inits, match):
    node = helper.make_node("Expand", ["x", "s"], ["y"], name="ex")
    _load_error(node, inits, [3, 4], 13, r"'ex' \(Expand\).*" + match)


def test_expand_attribute_rejected():
    node = helper.make_node("Expand", ["x", "s"], ["y"], name="ex", axis=0)
    _load_error(node, {"s": _i64([3, 4])}, [3, 4], 13,
                r"'ex' \(Expand\).*attribute 'axis': is not an attribute of Expand.*has none")


@pytest.mark.parametrize(("opset", "inputs", "attrs", "inits", "match"), [
    (13, ["x", "r"], {}, {"r": _i64([2])}, "'repeats' has 1 values; the input has rank 2"),
    (13, ["x", "r"], {}, {"r": _i64([2, -1])}, "negative value"),
    (13, ["x", "r"], {}, {"r": _i64([1 << 40, 1 << 40])}, "size limit"),
    (13, ["x", "r"], {"axis": 1}, {"r": _i64([1, 1])}, "attribute 'axis': is not an attribute"),
    (5, ["x", "t", "a"], {}, {"t": _i64(2), "a": _i64(0)}, "before opset 6"),
    (13, ["x", "t", "a"], {}, {"t": _i64([2, 2]), "a": _i64(0)}, "takes 'input' and 'repeats'"),
])
def test_tile_rejected(opset, inputs, attrs, inits, match):
    node = helper.make_node("Tile", inputs, ["y"], name="tl", **attrs)
    _load_error(node, inits, [3, 4], opset, r"'tl' \(Tile\).*" + match)


def test_global_max_pool_rejected():
    node = helper.make_node("GlobalMaxPool", ["x"], ["y"], name="gp")
    _load_error(node, {}, [3, 4], 13, r"'gp' \(GlobalMaxPool\).*at least one spatial dim")
    node = helper.make_node("GlobalMaxPool", ["x"], ["y"], name="gp", kernel_shape=[2])
    _load_error(node, {}, [1, 3, 4], 13,
                r"'gp' \(GlobalMaxPool\).*attribute 'kernel_shape': is not an attribute")


def test_run_time_parameter_inputs_rejected():
    """Parameter inputs must be known at plan time; a float graph input as 'starts' is not."""
    node = helper.make_node("Slice", ["x", "x", "e"], ["y"], name="sl")
    _load_error(node, {"e": _i64([1])}, [2], 13, r"'sl' \(Slice\).*'starts' must be")
