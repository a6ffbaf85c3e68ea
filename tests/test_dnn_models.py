"""Whole PyTorch-exported models (ResNet-18, MobileNetV2, a LeNet-style digit CNN,
a small U-Net) through vc.dnn.Net against onnxruntime.

The models are the graph-only files of tests/data/models, filled with seeded
weights by tests/dnn_models.py (no torch needed). Each runs at batch 1 and 4
on seeded N(0, 1) input (and a structured ramp at batch 1), at 1 and 2
threads: |vc - ort| <= 1e-4 * max|ort| per output, the same for the outputs
with the batch mean removed (so per-sample differences are not hidden behind
the large input-independent part of a random-weight network), and the two
thread counts within 1e-6 of each other relative to the output's magnitude.
"""

from __future__ import annotations

import functools

import dnn_models
import numpy as np
import pytest
import visioncore as vc
from visioncore import models as vc_models

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

# The op multiset of each export (opset 17, TorchScript exporter): a different
# export (another exporter, opset or model definition) must be noticed.
OP_COUNTS = {
    "resnet18": {"Conv": 20, "Relu": 17, "Add": 8, "MaxPool": 1, "GlobalAveragePool": 1,
                 "Flatten": 1, "Gemm": 1},
    "mobilenetv2": {"Conv": 52, "Clip": 35, "Constant": 70, "Add": 10, "GlobalAveragePool": 1,
                    "Flatten": 1, "Gemm": 1},
    "digit_cnn": {"Conv": 2, "Relu": 4, "MaxPool": 2, "Flatten": 1, "Gemm": 3},
    "unet_small": {"Conv": 16, "Relu": 14, "MaxPool": 3, "ConvTranspose": 1, "Resize": 2,
                   "Concat": 3, "Constant": 2, "Sigmoid": 1, "Softmax": 1},
}
RTOL_ORT = 1e-4
RTOL_THREADS = 1e-6


def missing_ops(name: str) -> list[str]:
    return sorted(set(dnn_models.op_counts(name)) - set(vc.dnn.supported_ops()))


def skip_if_unsupported(name: str) -> None:
    missing = missing_ops(name)
    if missing:
        pytest.skip(f"{name}: vc.dnn does not support {', '.join(missing)} yet "
                    "(not in vc.dnn.supported_ops())")


def make_input(name: str, batch: int, kind: str) -> np.ndarray:
    shape = (batch, *dnn_models.SPECS[name][0])
    if kind == "random":
        return np.random.default_rng(batch).standard_normal(shape, dtype=np.float32)
    # a ramp over the image, different per channel: smooth, structured content
    n = int(np.prod(shape[1:]))
    ramp = np.linspace(-2.0, 2.0, n, dtype=np.float32).reshape(shape[1:])
    return np.ascontiguousarray(np.broadcast_to(ramp, shape))


@functools.cache
def ort_session(name: str):
    so = ort.SessionOptions()
    so.intra_op_num_threads = 2
    so.inter_op_num_threads = 1
    return ort.InferenceSession(dnn_models.load(name), so, providers=["CPUExecutionProvider"])


@functools.cache
def vc_net(name: str, threads: int):
    return vc.dnn.Net.load(dnn_models.load(name), num_threads=threads)


def check_close(name: str, out: str, got: np.ndarray, want: np.ndarray) -> None:
    assert got.shape == want.shape and got.dtype == np.float32, (name, out, got.shape)
    assert np.all(np.isfinite(got)), (name, out)
    scale = float(np.abs(want).max())
    err = float(np.abs(got - want).max())
    assert err <= RTOL_ORT * scale, f"{name}/{out}: max |vc - ort| {err:g}, max|ort| {scale:g}"
    if want.shape[0] > 1:
        gc, wc = got - got.mean(axis=0), want - want.mean(axis=0)
        cscale = float(np.abs(wc).max())
        cerr = float(np.abs(gc - wc).max())
        assert cerr <= RTOL_ORT * max(cscale, 1e-3 * scale), (
            f"{name}/{out}: per-sample part differs by {cerr:g} (its max {cscale:g})")


@pytest.mark.parametrize("name", dnn_models.NAMES)
def test_graph_is_the_expected_export(name):
    assert dnn_models.op_counts(name) == OP_COUNTS[name]
    m = onnx.load(str(dnn_models.path(name)))
    assert [o.version for o in m.opset_import if o.domain in ("", "ai.onnx")] == [17]
    assert m.producer_name == "pytorch"
    dims = [d.dim_param or d.dim_value for d in m.graph.input[0].type.tensor_type.shape.dim]
    assert dims == ["N", *dnn_models.SPECS[name][0]]
    assert tuple(o.name for o in m.graph.output) == dnn_models.SPECS[name][1]


@pytest.mark.parametrize("name", dnn_models.NAMES)
def test_file_is_graph_only(name):
    p = dnn_models.path(name)
    assert p.stat().st_size < 100_000
    m = onnx.load(str(p))
    recipes = 0
    for t in m.graph.initializer:
        n = int(np.prod(t.dims))
        if dnn_models.recipe(t.doc_string) is not None:
            recipes += 1
            assert n > 64 and not t.raw_data and not t.float_data, t.name
        else:
            assert n <= 64 or t.data_type == onnx.TensorProto.INT64, t.name
    assert recipes > 0


@pytest.mark.parametrize("name", vc_models.NAMES)
def test_packaged_model_matches_test_data(name):
    """The CLI's copy is the same file, and its numpy-only filler gives the
    same weights as the onnx-based one."""
    with open(vc_models.path(name), "rb") as f:
        assert f.read() == dnn_models.path(name).read_bytes()
    from onnx import numpy_helper

    a = onnx.load_from_string(vc_models.load_bytes(name))
    b = onnx.load_from_string(dnn_models.load(name))
    onnx.checker.check_model(a)
    assert [t.name for t in a.graph.initializer] == [t.name for t in b.graph.initializer]
    for ta, tb in zip(a.graph.initializer, b.graph.initializer):
        np.testing.assert_array_equal(numpy_helper.to_array(ta), numpy_helper.to_array(tb))


def test_fill_seeded_rejects_bad_input():
    with pytest.raises(ValueError, match="malformed"):
        vc_models.fill_seeded(b"\x3a\xff\xff")  # graph field whose length runs past the end
    with pytest.raises(ValueError, match="unknown model"):
        vc_models.path("alexnet")
    # a recipe on an int64 tensor is refused
    from onnx import TensorProto, helper

    t = helper.make_tensor("w", TensorProto.INT64, [100], np.zeros(100, np.int64))
    t.doc_string = "seeded:1:0.0:1.0"
    g = helper.make_graph([], "g", [], [], [t])
    with pytest.raises(ValueError, match="recipe"):
        vc_models.fill_seeded(helper.make_model(g).SerializeToString())


CASES = [(n, b, k) for n in dnn_models.NAMES for b, k in ((1, "random"), (4, "random"),
                                                          (1, "ramp"))]


@pytest.mark.parametrize("name,batch,kind", CASES, ids=[f"{n}-b{b}-{k}" for n, b, k in CASES])
def test_model_matches_onnxruntime(name, batch, kind):
    skip_if_unsupported(name)
    x = make_input(name, batch, kind)
    want = ort_session(name).run(None, {"input": x})
    outs = dnn_models.SPECS[name][1]
    results = {}
    for threads in (1, 2):
        got = vc_net(name, threads).run({"input": x})
        assert list(got) == list(outs)
        results[threads] = got
        for o, w in zip(outs, want):
            check_close(name, o, got[o], w)
    for o in outs:
        a, b = results[1][o], results[2][o]
        scale = max(float(np.abs(a).max()), 1e-30)
        assert float(np.abs(a - b).max()) <= RTOL_THREADS * scale, (name, o)


@pytest.mark.parametrize("name", dnn_models.NAMES)
def test_batch_items_match_single_runs(name):
    """Item i of a batch-4 run equals the batch-1 run of that item."""
    skip_if_unsupported(name)
    x = make_input(name, 4, "random")
    net = vc_net(name, 2)
    full = net.run({"input": x})
    for i in (0, 3):
        one = net.run({"input": x[i:i + 1]})
        for o in dnn_models.SPECS[name][1]:
            scale = float(np.abs(full[o]).max())
            # batch 1 and 4 may tile the GEMMs differently: not bit-identical
            assert float(np.abs(full[o][i:i + 1] - one[o]).max()) <= 1e-5 * scale


def test_unet_skip_reason_names_the_missing_ops():
    missing = missing_ops("unet_small")
    assert set(missing) <= {"ConvTranspose", "Resize"}
    if missing:
        with pytest.raises(vc.dnn.ModelError, match=missing[0]):
            vc.dnn.Net.load(dnn_models.load("unet_small"))
