"""vc.dnn.Net across ISA levels and thread counts on whole small networks.

Each SIMD level's kernels (GEMM microkernels, depthwise rows, vector math)
must agree with the scalar reference level on complete networks, not only
kernel by kernel; and the thread count must not change results beyond
1e-6 relative (partitions differ, per-output summation order does not).
"""

import numpy as np
import pytest
import visioncore as vc

pytest.importorskip("onnx")
from test_dnn_net import digit_cnn, mobilenet_block, resnet_block, torch_flatten

ISAS = vc.available_isas()
MODELS = {
    "digit_cnn": (digit_cnn, None),
    "resnet_block": (resnet_block, None),
    "mobilenet_block": (mobilenet_block, None),
    "torch_flatten": (torch_flatten, None),
}


def _feeds(net, rng, batch, chw):
    info = net.inputs[0]
    # fixed dims as declared; symbolic inner dims (none in these models) get 8
    shape = [batch] + ([d if isinstance(d, int) else 8 for d in info.shape[1:]] if chw is None
                       else list(chw))
    return {info.name: rng.standard_normal(shape).astype(np.float32)}


def _rel(a, b):
    return float(np.abs(a - b).max()) / max(float(np.abs(b).max()), 1e-6)


@pytest.mark.parametrize("model", sorted(MODELS))
@pytest.mark.parametrize("batch", [1, 3])
def test_every_isa_matches_scalar(model, batch):
    rng = np.random.default_rng(7)
    build, chw = MODELS[model]
    data = build(np.random.default_rng(1))
    net = vc.dnn.Net.load(data, num_threads=1)
    feeds = _feeds(net, rng, batch, chw)
    with vc.isa("scalar"):
        ref = net.run(feeds)
    for isa in ISAS:
        with vc.isa(isa):
            got = net.run(feeds)
        for k in ref:
            assert got[k].shape == ref[k].shape
            # FMA levels round once per multiply-add, the scalar level twice
            assert _rel(got[k], ref[k]) < 1e-5, (isa, k)


@pytest.mark.parametrize("model", sorted(MODELS))
@pytest.mark.parametrize("isa", ISAS)
def test_thread_counts_agree(model, isa):
    build, chw = MODELS[model]
    data = build(np.random.default_rng(2))
    results = []
    with vc.isa(isa):
        for threads in (1, 2, 4):
            net = vc.dnn.Net.load(data, num_threads=threads)
            results.append(net.run(_feeds(net, np.random.default_rng(3), 4, chw)))
    for other in results[1:]:
        for k in results[0]:
            assert _rel(other[k], results[0][k]) <= 1e-6, (isa, k)
