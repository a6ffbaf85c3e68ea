"""Winograd F(2x2, 3x3) convolution path (vc.dnn._conv2d): applies to 3x3
stride-1 ungrouped layers with enough channels and is taken where its cost
model says it beats the direct path at the input size; forced here with
winograd=True for accuracy against a float64 reference, every ISA level,
odd tails, batches, fused epilogues, thread counts, and whole Conv nodes
against onnxruntime."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS
from test_dnn_conv import make, ref_conv


def conv2d(*args, **kw):
    """The Winograd path wherever it applies, whatever the size."""
    return vc.dnn._conv2d(*args, winograd=True, **kw)


def rel_err(y, ref):
    """Largest error relative to the output's scale (its largest magnitude)."""
    return float(np.max(np.abs(y - ref)) / max(np.max(np.abs(ref)), 1e-30))


# (n, c, h, w, co, pads): even and odd sizes (partial last tile row and
# column), pads 0 / 1 / 2 / asymmetric, tiny images (one tile), batch 4
SHAPES = [
    (1, 32, 8, 8, 32, (1, 1, 1, 1)),
    (1, 32, 9, 7, 48, (1, 1, 1, 1)),
    (2, 40, 13, 6, 33, (0, 0, 0, 0)),
    (1, 64, 3, 3, 32, (0, 0, 0, 0)),
    (1, 32, 1, 1, 32, (1, 1, 1, 1)),
    (4, 48, 11, 12, 64, (2, 1, 0, 2)),
    (1, 33, 30, 31, 35, (1, 1, 1, 1)),
    (4, 32, 5, 5, 32, (1, 1, 1, 1)),
]


@pytest.mark.parametrize("shape", SHAPES, ids=[f"{s[0]}x{s[1]}x{s[2]}x{s[3]}-{s[4]}" for s in SHAPES])
def test_path_choice(rng, shape):
    n, c, h, w, co, p = shape
    _, wt, _ = make(rng, 1, c, 3, 3, co, 3, 3)
    # unknown input size: taken as large
    assert vc.dnn._conv2d_path(wt, c, pads=p) == "winograd"
    assert vc.dnn._conv2d_path(wt, c, pads=p, in_size=(h, w), winograd=True) == "winograd"
    assert vc.dnn._conv2d_path(wt, c, pads=p, winograd=False) == "direct"


# ResNet-18's 3x3 stride-1 layers: Winograd where the image is large enough
# for its GEMMs to amortise its 16/9 larger weights and its transforms
@pytest.mark.parametrize("c,hw,path", [(64, 56, "winograd"), (128, 28, "winograd"),
                                       (256, 14, "winograd"), (512, 7, "direct"),
                                       (64, 112, "winograd"), (32, 6, "direct"),
                                       (40, 6, "direct")])
def test_path_by_input_size(c, hw, path):
    wt = np.zeros((c, c, 3, 3), np.float32)
    assert vc.dnn._conv2d_path(wt, c, pads=(1, 1, 1, 1), in_size=(hw, hw)) == path


def test_auto_choice_runs_the_chosen_path(rng):
    # None (the default) picks by size; both answers match the reference
    for hw in (7, 30):
        x, wt, bias = make(rng, 1, 64, hw, hw, 64, 3, 3)
        y = vc.dnn._conv2d(x, wt, bias, pads=(1, 1, 1, 1))
        ref = ref_conv(x, wt, bias, pads=(1, 1, 1, 1))
        assert rel_err(y, ref) < 2e-6


def test_prepacked_kernel_takes_the_forced_path(rng):
    x, wt, bias = make(rng, 2, 48, 9, 11, 40, 3, 3)
    ref = ref_conv(x, wt, bias, pads=(1, 1, 1, 1))
    for force in (True, False, None):
        kern = vc.dnn._Conv2dKernel(wt, bias, 48, pads=(1, 1, 1, 1), in_size=(9, 11),
                                    winograd=force)
        np.testing.assert_allclose(kern(x), ref, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("c,co,s,d,g,path", [
    (16, 64, 1, 1, 1, "direct"),   # too few input channels
    (64, 16, 1, 1, 1, "direct"),   # too few output channels
    (64, 64, 2, 1, 1, "direct"),   # stride 2
    (64, 64, 1, 2, 1, "direct"),   # dilation 2
    (64, 64, 1, 1, 2, "direct"),   # grouped
])
def test_other_layers_keep_their_path(rng, c, co, s, d, g, path):
    _, wt, _ = make(rng, 1, c, 3, 3, co, 3, 3, g)
    assert vc.dnn._conv2d_path(wt, c, strides=(s, s), dilations=(d, d), group=g,
                               pads=(1, 1, 1, 1), winograd=True) == path


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("shape", SHAPES, ids=[f"{s[0]}x{s[1]}x{s[2]}x{s[3]}-{s[4]}" for s in SHAPES])
def test_matches_float64(rng, isa, shape):
    n, c, h, w, co, p = shape
    x, wt, bias = make(rng, n, c, h, w, co, 3, 3)
    with vc.isa(isa):
        y = conv2d(x, wt, bias, pads=p)
    ref = ref_conv(x, wt, bias, pads=p)
    assert y.shape == ref.shape and y.dtype == np.float32
    assert rel_err(y, ref) < 2e-6
    np.testing.assert_allclose(y, ref, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("isa", ISAS)
def test_structured_and_large_values(rng, isa):
    # a constant block, a checkerboard and values spread over 1e-3 .. 1e3:
    # the error stays small against the output scale
    x = np.zeros((1, 32, 12, 14), np.float32)
    x[:, :, 2:9, 3:10] = 1.0
    x[:, ::2, ::2, ::2] = -2.0
    x[:, 5] = np.float32(1e3) * rng.standard_normal((12, 14)).astype(np.float32)
    x[:, 7] = np.float32(1e-3)
    _, wt, bias = make(rng, 1, 32, 3, 3, 40, 3, 3)
    with vc.isa(isa):
        y = conv2d(x, wt, bias, pads=(1, 1, 1, 1))
    ref = ref_conv(x, wt, bias, pads=(1, 1, 1, 1))
    assert rel_err(y, ref) < 2e-6


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("act,kw", [("relu", {}), ("relu6", {}), ("clip", {"clip": (-0.3, 0.4)}),
                                    ("leaky_relu", {"alpha": 0.2}), ("sigmoid", {}),
                                    ("hardswish", {})])
def test_fused_activation(rng, isa, act, kw):
    x, wt, bias = make(rng, 2, 32, 9, 10, 36, 3, 3)
    with vc.isa(isa):
        y = conv2d(x, wt, bias, pads=(1, 1, 1, 1), activation=act, **kw)
    ref = ref_conv(x, wt, bias, pads=(1, 1, 1, 1), activation=act,
                   alpha=kw.get("alpha", 0.01), clip=kw.get("clip"))
    np.testing.assert_allclose(y, ref, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("n,hw", [(1, 29), (1, 56), (4, 9), (3, 15)])
def test_thread_counts_bit_identical(rng, isa, n, hw):
    x, wt, bias = make(rng, n, 64, hw, hw, 64, 3, 3)
    outs = []
    with vc.isa(isa):
        for t in (1, 2, 4):
            with vc.num_threads(t):
                outs.append(conv2d(x, wt, bias, pads=(1, 1, 1, 1), activation="relu"))
        # each image alone gives the same bits as inside the batch
        for i in range(n):
            np.testing.assert_array_equal(
                conv2d(x[i:i + 1], wt, bias, pads=(1, 1, 1, 1), activation="relu"),
                outs[0][i:i + 1])
    for o in outs[1:]:
        np.testing.assert_array_equal(o, outs[0])


def test_no_bias_and_nan_input(rng):
    x, wt, _ = make(rng, 1, 32, 6, 6, 32, 3, 3)
    y = conv2d(x, wt, None, pads=(1, 1, 1, 1))
    np.testing.assert_allclose(y, ref_conv(x, wt, None, pads=(1, 1, 1, 1)), rtol=1e-4, atol=1e-5)
    x[0, 3, 2, 2] = np.nan
    y = conv2d(x, wt, None, pads=(1, 1, 1, 1), activation="relu")
    # the NaN reaches the outputs whose window holds it (and, through the
    # transform, the rest of their 2x2 tiles), never the far ones
    assert np.isnan(y[:, :, 1:4, 1:4]).all()
    assert not np.isnan(y[:, :, 5:, :]).any() and not np.isnan(y[:, :, :, 5:]).any()


# (c, h, w, co): a layer the cost model gives Winograd, and one it does not
@pytest.mark.parametrize("c,h,w,co", [(64, 28, 27, 48), (64, 7, 7, 64)])
@pytest.mark.parametrize("batch", [1, 4])
@pytest.mark.parametrize("threads", [1, 2])
def test_conv_node_matches_onnxruntime(rng, batch, threads, c, h, w, co):
    onnx = pytest.importorskip("onnx")
    ort = pytest.importorskip("onnxruntime")
    from onnx import TensorProto, helper, numpy_helper

    x, wt, bias = make(rng, batch, c, h, w, co, 3, 3)
    node = helper.make_node("Conv", ["x", "w", "b"], ["y"], pads=[1, 1, 1, 1],
                            kernel_shape=[3, 3])
    graph = helper.make_graph(
        [node], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [batch, c, h, w])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(wt, "w"), numpy_helper.from_array(bias, "b")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    data = model.SerializeToString()
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    want = ort.InferenceSession(data, so, providers=["CPUExecutionProvider"]).run(None, {"x": x})[0]
    got = vc.dnn.Net.load(data, num_threads=threads)(x)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
