"""Convolution kernels (vc.dnn._conv2d), NCHW float32: every path and ISA
level against a float64 numpy reference and onnxruntime, thread counts
bit-identical, errors."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS

conv2d = vc.dnn._conv2d


def ref_conv(x, w, bias=None, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1), group=1,
             activation="none", alpha=0.01, clip=None):
    x = x.astype(np.float64)
    w = w.astype(np.float64)
    n, _, h, wd = x.shape
    co, cg, kh, kw = w.shape
    sh, sw = strides
    dh, dw = dilations
    xp = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    oh = (h + pads[0] + pads[2] - dh * (kh - 1) - 1) // sh + 1
    ow = (wd + pads[1] + pads[3] - dw * (kw - 1) - 1) // sw + 1
    og = co // group
    y = np.zeros((n, co, oh, ow))
    for g in range(group):
        xs = xp[:, g * cg:(g + 1) * cg]
        wg = w[g * og:(g + 1) * og]
        for ky in range(kh):
            for kx in range(kw):
                patch = xs[:, :, ky * dh: ky * dh + sh * (oh - 1) + 1: sh,
                           kx * dw: kx * dw + sw * (ow - 1) + 1: sw]
                y[:, g * og:(g + 1) * og] += np.einsum("ncij,oc->noij", patch, wg[:, :, ky, kx])
    if bias is not None:
        y += bias.astype(np.float64)[None, :, None, None]
    if activation == "relu":
        y = np.maximum(y, 0)
    elif activation == "relu6":
        y = np.clip(y, 0, 6)
    elif activation == "clip":
        y = np.clip(y, clip[0], clip[1])
    elif activation == "leaky_relu":
        y = np.where(y < 0, alpha * y, y)
    elif activation == "sigmoid":
        y = 1 / (1 + np.exp(-y))
    elif activation == "hardswish":
        y = y * np.clip(y / 6 + 0.5, 0, 1)
    return y


def make(rng, n, c, h, w, co, kh, kw, group=1):
    x = rng.standard_normal((n, c, h, w), dtype=np.float32)
    wt = rng.standard_normal((co, c // group, kh, kw), dtype=np.float32) / np.sqrt(c // group * kh * kw)
    bias = rng.standard_normal(co, dtype=np.float32)
    return x, wt.astype(np.float32), bias


# (n, c, h, w, co, k, strides, pads, dilations, group, path)
CASES = [
    (1, 64, 14, 14, 32, 1, (1, 1), (0, 0, 0, 0), (1, 1), 1, "gemm1x1"),
    (2, 3, 9, 11, 5, 1, (1, 1), (0, 0, 0, 0), (1, 1), 1, "gemm1x1"),
    (1, 1, 1, 1, 1, 1, (1, 1), (0, 0, 0, 0), (1, 1), 1, "gemm1x1"),
    (1, 32, 7, 7, 20, 1, (2, 2), (0, 0, 0, 0), (1, 1), 1, "im2col"),
    (1, 16, 13, 13, 24, 3, (1, 1), (1, 1, 1, 1), (1, 1), 1, "direct"),
    (1, 3, 31, 29, 16, 7, (2, 2), (3, 3, 3, 3), (1, 1), 1, "direct"),
    (1, 8, 10, 12, 8, 3, (1, 2), (0, 1, 2, 0), (1, 1), 1, "direct"),
    # strided direct path: stride phases with odd padded sizes, stride 3 and
    # 4, stride with dilation; strides above 4 or above the kernel extent
    # (1x1 stride 2) use im2col
    (2, 5, 13, 12, 11, 3, (2, 2), (1, 0, 0, 1), (1, 1), 1, "direct"),
    (1, 4, 17, 19, 9, 5, (3, 2), (2, 1, 2, 2), (1, 1), 1, "direct"),
    (1, 6, 23, 21, 7, 3, (4, 4), (1, 1, 1, 1), (1, 1), 1, "im2col"),
    (1, 6, 23, 21, 7, 5, (4, 3), (1, 2, 1, 0), (1, 1), 1, "direct"),
    (1, 6, 21, 22, 10, 3, (2, 3), (2, 2, 2, 2), (2, 3), 1, "direct"),
    (4, 64, 14, 14, 40, 1, (2, 2), (0, 0, 0, 0), (1, 1), 1, "im2col"),
    (1, 4, 12, 12, 8, 2, (2, 2), (0, 0, 0, 0), (1, 1), 1, "direct"),
    (1, 4, 12, 12, 8, 2, (3, 1), (0, 0, 0, 0), (1, 1), 1, "im2col"),
    (1, 9, 16, 16, 12, 3, (2, 2), (1, 1, 1, 1), (1, 1), 3, "direct"),
    (1, 5, 20, 23, 6, 3, (5, 1), (1, 1, 1, 1), (1, 1), 1, "im2col"),
    (1, 5, 20, 23, 6, 2, (6, 7), (0, 0, 0, 0), (1, 1), 1, "im2col"),
    (1, 8, 15, 15, 6, 3, (1, 1), (2, 2, 2, 2), (2, 2), 1, "direct"),
    (1, 12, 9, 9, 18, 3, (1, 1), (1, 1, 1, 1), (1, 1), 3, "direct"),
    (1, 16, 8, 8, 16, 5, (1, 1), (2, 2, 2, 2), (1, 1), 16, "direct"),
    # direct path: asymmetric pads, 1x1 with pads, wide and tall kernels,
    # grids ending inside / exactly at a column tile, batch 4
    (4, 5, 7, 7, 9, 3, (1, 1), (1, 1, 1, 1), (1, 1), 1, "direct"),
    (1, 3, 6, 11, 40, 3, (1, 1), (0, 2, 1, 0), (1, 1), 1, "direct"),
    (1, 7, 5, 5, 17, 1, (1, 1), (1, 0, 0, 1), (1, 1), 1, "direct"),
    (1, 4, 9, 30, 8, 3, (1, 1), (0, 1, 0, 1), (1, 1), 1, "direct"),
    (1, 6, 12, 10, 13, 5, (1, 1), (2, 2, 2, 2), (1, 1), 1, "direct"),
    (2, 2, 16, 3, 6, 2, (1, 1), (0, 0, 0, 0), (1, 1), 1, "direct"),
    (1, 40, 6, 6, 70, 3, (1, 1), (1, 1, 1, 1), (1, 1), 1, "direct"),
    (1, 64, 24, 26, 72, 3, (1, 1), (1, 1, 1, 1), (1, 1), 1, "winograd"),
    (1, 300, 5, 4, 12, 3, (1, 1), (1, 1, 1, 1), (1, 1), 1, "direct"),
    (2, 32, 17, 17, 32, 3, (1, 1), (1, 1, 1, 1), (1, 1), 32, "depthwise3x3"),
    (1, 24, 16, 15, 24, 3, (2, 2), (1, 1, 1, 1), (1, 1), 24, "depthwise3x3"),
    (1, 5, 40, 41, 5, 3, (2, 2), (0, 1, 1, 0), (1, 1), 5, "depthwise3x3"),
    (1, 4, 3, 3, 4, 3, (1, 1), (0, 0, 0, 0), (1, 1), 4, "depthwise3x3"),
    (1, 4, 5, 70, 4, 3, (3, 1), (4, 0, 3, 9), (1, 1), 4, "depthwise3x3"),
    (1, 6, 9, 9, 6, 3, (1, 1), (2, 2, 2, 2), (2, 2), 6, "direct"),
]


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("case", CASES, ids=[f"{c[-1]}-{i}" for i, c in enumerate(CASES)])
def test_paths_match_float64(rng, isa, case):
    n, c, h, w, co, k, s, p, d, g, path = case
    x, wt, bias = make(rng, n, c, h, w, co, k, k, g)
    assert vc.dnn._conv2d_path(wt, c, strides=s, pads=p, dilations=d, group=g,
                               in_size=(h, w)) == path
    with vc.isa(isa):
        y = conv2d(x, wt, bias, strides=s, pads=p, dilations=d, group=g)
    ref = ref_conv(x, wt, bias, s, p, d, g)
    assert y.shape == ref.shape and y.dtype == np.float32
    np.testing.assert_allclose(y, ref, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("act,kw", [("relu", {}), ("relu6", {}), ("clip", {"clip": (-0.3, 0.4)}),
                                    ("leaky_relu", {"alpha": 0.2}), ("sigmoid", {}),
                                    ("hardswish", {})])
@pytest.mark.parametrize("k,g", [(1, 1), (3, 1), (3, 8)])
def test_fused_activation(rng, isa, act, kw, k, g):
    x, wt, bias = make(rng, 1, 8, 11, 12, 8, k, k, g)
    with vc.isa(isa):
        y = conv2d(x, wt, bias, pads=(1, 1, 1, 1) if k == 3 else (0, 0, 0, 0), group=g,
                   activation=act, **kw)
    ref = ref_conv(x, wt, bias, pads=(1, 1, 1, 1) if k == 3 else (0, 0, 0, 0), group=g,
                   activation=act, alpha=kw.get("alpha", 0.01), clip=kw.get("clip"))
    np.testing.assert_allclose(y, ref, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("k,s,g,c,hw", [(1, 1, 1, 64, 28), (3, 1, 1, 32, 23), (3, 2, 1, 16, 30),
                                        (3, 1, 48, 48, 29), (3, 2, 48, 48, 29)])
def test_thread_counts_bit_identical(rng, isa, k, s, g, c, hw):
    x, wt, bias = make(rng, 1, c, hw, hw, c, k, k, g)
    p = (1, 1, 1, 1) if k == 3 else (0, 0, 0, 0)
    outs = []
    with vc.isa(isa):
        for t in (1, 2, 4):
            with vc.num_threads(t):
                outs.append(conv2d(x, wt, bias, strides=(s, s), pads=p, group=g,
                                   activation="relu6"))
    for o in outs[1:]:
        np.testing.assert_array_equal(o, outs[0])


@pytest.mark.parametrize("k,s,g", [(5, 1, 1), (3, 2, 1), (1, 1, 1), (1, 2, 1), (3, 1, 2)])
def test_small_image_batches_thread_counts_bit_identical(rng, k, s, g):
    # batches of small images run one image per thread: same bits as one
    # thread, and as each image alone
    x, wt, bias = make(rng, 5, 6, 12, 11, 16, k, k, g)
    p = (k // 2,) * 4
    outs = []
    for t in (1, 2, 4):
        with vc.num_threads(t):
            outs.append(conv2d(x, wt, bias, strides=(s, s), pads=p, group=g, activation="relu"))
    for o in outs[1:]:
        np.testing.assert_array_equal(o, outs[0])
    for i in range(5):
        np.testing.assert_array_equal(
            conv2d(x[i:i + 1], wt, bias, strides=(s, s), pads=p, group=g, activation="relu"),
            outs[0][i:i + 1])
    ref = ref_conv(x, wt, bias, (s, s), p, group=g, activation="relu")
    np.testing.assert_allclose(outs[0], ref, rtol=1e-4, atol=1e-4)


def test_depthwise_sse4_equals_scalar(rng):
    if "sse4" not in ISAS:
        pytest.skip("no SSE4.1")
    x, wt, bias = make(rng, 1, 8, 21, 37, 8, 3, 3, 8)
    for s in (1, 2):
        with vc.isa("scalar"):
            ref = conv2d(x, wt, bias, strides=(s, s), pads=(1, 1, 1, 1), group=8)
        with vc.isa("sse4"):
            y = conv2d(x, wt, bias, strides=(s, s), pads=(1, 1, 1, 1), group=8)
        np.testing.assert_array_equal(y, ref)


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("s", [1, 2])
def test_depthwise_every_row_tail(rng, isa, s):
    """Output widths 1..40 cover every vector tail of every level (4, 8, 16
    lanes): full vectors, one partial vector, no full vector at all. Each
    output must equal the same output computed at a width where it sits in
    a full vector (the tail runs the same arithmetic)."""
    with vc.isa(isa):
        for wd in range(1, 2 * 40 + 2, s):
            x, wt, bias = make(rng, 1, 3, 5, wd, 3, 3, 3, 3)
            y = conv2d(x, wt, bias, strides=(s, s), pads=(1, 1, 1, 1), group=3,
                       activation="relu6")
            ref = ref_conv(x, wt, bias, (s, s), (1, 1, 1, 1), group=3, activation="relu6")
            np.testing.assert_allclose(y, ref, rtol=1e-5, atol=1e-5)
            # the same planes embedded in a wider image: the first columns'
            # outputs do not depend on where the row ends
            wide = np.zeros((1, 3, 5, wd + 40), np.float32)
            wide[..., :wd] = x
            yw = conv2d(wide, wt, bias, strides=(s, s), pads=(1, 1, 1, 1), group=3,
                        activation="relu6")
            last = y.shape[3] - 1  # the last column saw the zero pad, as in `wide`
            np.testing.assert_array_equal(yw[..., :last], y[..., :last])


# ResNet-18 / MobileNetV2 layer shapes (reduced spatial size where large),
# compared with onnxruntime running one Conv node.
ORT_CASES = [
    # c, hw, co, k, s, pad, group
    (3, 56, 64, 7, 2, 3, 1),
    (64, 14, 64, 3, 1, 1, 1),
    (128, 14, 256, 3, 2, 1, 1),
    (256, 14, 256, 3, 1, 1, 1),
    (512, 7, 512, 3, 1, 1, 1),
    (256, 14, 512, 1, 2, 0, 1),
    (32, 28, 192, 1, 1, 0, 1),
    (144, 28, 144, 3, 2, 1, 144),
    (96, 14, 96, 3, 1, 1, 96),
    (64, 15, 64, 3, 1, 2, 2),
]


def ort_conv(x, w, bias, s, pad, group, dil=1):
    onnx = pytest.importorskip("onnx")
    ort = pytest.importorskip("onnxruntime")
    from onnx import TensorProto, helper, numpy_helper

    node = helper.make_node("Conv", ["x", "w", "b"], ["y"], strides=[s, s],
                            pads=[pad] * 4, group=group, dilations=[dil, dil])
    graph = helper.make_graph(
        [node], "conv",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x.shape))],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(bias, "b")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    sess = ort.InferenceSession(model.SerializeToString(), so, providers=["CPUExecutionProvider"])
    del onnx
    return sess.run(None, {"x": x})[0]


@pytest.mark.parametrize("case", ORT_CASES)
def test_matches_onnxruntime(rng, case):
    c, hw, co, k, s, pad, g = case
    x, wt, bias = make(rng, 1, c, hw, hw, co, k, k, g)
    ref = ort_conv(x, wt, bias, s, pad, g)
    for isa in ISAS:
        with vc.isa(isa):
            y = conv2d(x, wt, bias, strides=(s, s), pads=(pad,) * 4, group=g)
        np.testing.assert_allclose(y, ref, rtol=1e-4, atol=2e-4)


def test_dilated_matches_onnxruntime(rng):
    x, wt, bias = make(rng, 1, 16, 20, 20, 8, 3, 3, 1)
    ref = ort_conv(x, wt, bias, 1, 2, 1, dil=2)
    y = conv2d(x, wt, bias, pads=(2, 2, 2, 2), dilations=(2, 2))
    np.testing.assert_allclose(y, ref, rtol=1e-4, atol=2e-4)


def test_layouts(rng):
    x, wt, bias = make(rng, 1, 8, 9, 9, 8, 3, 3, 1)
    ref = conv2d(x, wt, bias, pads=(1, 1, 1, 1))
    big = np.zeros((1, 8, 12, 12), np.float32)
    big[:, :, 1:10, 2:11] = x
    np.testing.assert_array_equal(conv2d(big[:, :, 1:10, 2:11], wt, bias, pads=(1, 1, 1, 1)), ref)
    xf = np.asfortranarray(x)
    np.testing.assert_array_equal(conv2d(xf, wt, bias, pads=(1, 1, 1, 1)), ref)


def test_bad_arguments():
    x = np.ones((1, 4, 5, 5), np.float32)
    w = np.ones((8, 4, 3, 3), np.float32)
    with pytest.raises(TypeError, match="_conv2d.*'x'.*float32"):
        conv2d(x.astype(np.float16), w)
    with pytest.raises(TypeError, match="_conv2d.*'w'"):
        conv2d(x, None)
    with pytest.raises(ValueError, match="_conv2d.*'x'"):
        conv2d(x[0], w)
    with pytest.raises(ValueError, match="_conv2d.*'w'"):
        conv2d(x, np.ones((8, 3, 3, 3), np.float32))
    with pytest.raises(ValueError, match="_conv2d.*'w'"):
        conv2d(x, w, group=0)
    with pytest.raises(ValueError, match="_conv2d.*'group'.*divisor"):
        conv2d(x, np.ones((6, 1, 3, 3), np.float32), group=4)
    with pytest.raises(ValueError, match="_conv2d.*'strides'"):
        conv2d(x, w, strides=(0, 1))
    with pytest.raises(ValueError, match="_conv2d.*'pads'"):
        conv2d(x, w, pads=(-1, 0, 0, 0))
    with pytest.raises(ValueError, match="_conv2d.*'pads'"):
        conv2d(x, w, pads=(1, 1))
    with pytest.raises(ValueError, match="_conv2d.*'dilations'"):
        conv2d(x, w, dilations=(0, 1))
    with pytest.raises(ValueError, match="_conv2d.*'x'.*height"):
        conv2d(np.ones((1, 4, 2, 5), np.float32), w)
    with pytest.raises(ValueError, match="_conv2d.*'bias'"):
        conv2d(x, w, np.ones(3, np.float32))
    with pytest.raises(ValueError, match="_conv2d.*'activation'"):
        conv2d(x, w, activation="swish")
    with pytest.raises(ValueError, match="_conv2d.*'x'"):
        conv2d(np.ones((1, 4, 0, 5), np.float32), w)


def test_prepacked_kernel_matches_one_shot(rng):
    x, wt, bias = make(rng, 2, 16, 12, 12, 24, 3, 3, 1)
    kernel = vc.dnn._Conv2dKernel(wt, bias, 16, pads=(1, 1, 1, 1), activation="relu")
    ref = conv2d(x, wt, bias, pads=(1, 1, 1, 1), activation="relu")
    for t in (1, 2):
        with vc.num_threads(t):
            np.testing.assert_array_equal(kernel(x), ref)
    with pytest.raises(ValueError, match="_Conv2dKernel.*'x'"):
        kernel(np.ones((1, 8, 12, 12), np.float32))


# MaxPool (op_conv_pool.cpp): interior windows take every tap, border
# windows clip; against onnxruntime over pads, strides, dilations, ceil_mode.
POOL_CASES = [
    {"kernel_shape": [2, 2], "strides": [2, 2]},
    {"kernel_shape": [3, 3], "strides": [2, 2], "pads": [1, 1, 1, 1]},
    {"kernel_shape": [3, 2], "strides": [1, 2], "pads": [2, 0, 1, 1]},
    {"kernel_shape": [3, 3], "strides": [2, 3], "pads": [1, 2, 1, 2], "ceil_mode": 1},
    {"kernel_shape": [2, 3], "strides": [1, 1], "dilations": [2, 2], "pads": [1, 1, 1, 1]},
    {"kernel_shape": [5, 5], "strides": [3, 3], "pads": [2, 2, 2, 2], "dilations": [1, 2]},
]


@pytest.mark.parametrize("attrs", POOL_CASES)
@pytest.mark.parametrize("batch", [1, 4])
def test_max_pool_matches_onnxruntime(rng, attrs, batch):
    ort = pytest.importorskip("onnxruntime")
    from onnx import TensorProto, helper

    node = helper.make_node("MaxPool", ["x"], ["y"], **attrs)
    graph = helper.make_graph([node], "pool",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                                             ["n", 3, "h", "w"])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    data = model.SerializeToString()
    sess = ort.InferenceSession(data, providers=["CPUExecutionProvider"])
    for hw in [(13, 17), (8, 8), (5, 21)]:
        x = rng.standard_normal((batch, 3) + hw, dtype=np.float32)
        want = sess.run(None, {"x": x})[0]
        for t in (1, 2):
            got = vc.dnn.Net.load(data, num_threads=t)(x)
            np.testing.assert_array_equal(got, want)
        # a NaN tap makes exactly the windows that contain it NaN: those
        # where an indicator of the tap pools to 1
        ind = np.zeros_like(x)
        ind[0, 1, 2, 3] = 1.0
        windows = sess.run(None, {"x": ind})[0] == 1.0
        x[0, 1, 2, 3] = np.nan
        got = vc.dnn.Net.load(data)(x)
        np.testing.assert_array_equal(np.isnan(got), windows)
        np.testing.assert_array_equal(got[~windows], want[~windows])
