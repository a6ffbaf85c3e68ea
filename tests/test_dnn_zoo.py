"""The onnx wheel's model zoo (onnx/backend/test/data/light) on vc.dnn.

The "light" models are the real zoo architectures (AlexNet, DenseNet-121,
Inception v1/v2, ResNet-50, ShuffleNet, SqueezeNet, VGG-19, ZFNet-512) with
every weight replaced by a ConstantOfShape node filling it with one value,
and a stored output for the input onnx's backend runner feeds them
(``arange(n).reshape(shape) / n``, see onnx/backend/test/runner). The model
list and tolerances come from ``onnx.backend.test.case.model``.

Every model whose operators vc.dnn.supported_ops() all covers is run:
  * on the runner's input, against the stored output (the runner's rtol/atol)
    and against onnxruntime;
  * with its constant weights replaced by seeded random ones, against
    onnxruntime, on a random input (with uniform weights every channel of a
    layer is the same, so this is where the layers' arithmetic is checked);
    models over 30M weights (AlexNet, ZFNet-512, VGG-19) are left out of
    this one: building and serializing their random weights takes seconds.
Results at 1 and 2 threads agree within 1e-6 relative. A model with
unsupported operators is skipped naming them, after checking that Net.load
lists them all in one ModelError; it runs as soon as the operators land.
"""

from __future__ import annotations

import os
import warnings

import numpy as np
import pytest
import visioncore as vc

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
from onnx import numpy_helper

_LIGHT = os.path.join(os.path.dirname(onnx.__file__), "backend", "test", "data", "light")
_RANDOM_WEIGHTS_MAX = 30_000_000  # elements; AlexNet has 61M, VGG-19 140M


def _zoo() -> list[tuple[str, float, float]]:
    """(model name, rtol, atol) from onnx's real-model cases."""
    import onnx.backend.test.case.model as model_cases
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        cases = model_cases.collect_testcases()
    return [(c.model_name, c.rtol, c.atol) for c in cases
            if c.kind == "real" and c.url and "/light/" in c.url]


_ZOO = _zoo()


def _path(name: str) -> str:
    return os.path.join(_LIGHT, f"light_{name}.onnx")


def _ops(model) -> dict[str, int]:
    counts: dict[str, int] = {}
    for n in model.graph.node:
        op = n.op_type if n.domain in ("", "ai.onnx") else f"{n.domain}.{n.op_type}"
        counts[op] = counts.get(op, 0) + 1
    return counts


def _runner_input(model) -> tuple[str, np.ndarray]:
    # onnx's runner: the first graph input that is not an initializer, unknown
    # dims as 1, filled with arange(n) / n (generate_dummy_data, random=False)
    inits = {t.name for t in model.graph.initializer}
    vi = next(i for i in model.graph.input if i.name not in inits)
    shape = tuple(d.dim_value if d.HasField("dim_value") else 1
                  for d in vi.type.tensor_type.shape.dim)
    n = int(np.prod(shape))
    return vi.name, (np.arange(n).reshape(shape) / n).astype(np.float32)


def _stored_output(name: str) -> np.ndarray:
    t = onnx.TensorProto()
    with open(os.path.join(_LIGHT, f"light_{name}_output_0.pb"), "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def _weight_count(model) -> int:
    """Elements of the ConstantOfShape weights and float initializers."""
    inits = {t.name: t for t in model.graph.initializer}
    total = sum(int(np.prod(t.dims)) for t in inits.values()
                if t.data_type == onnx.TensorProto.FLOAT and len(t.dims) >= 1)
    for n in model.graph.node:
        if n.op_type == "ConstantOfShape" and n.input[0] in inits:
            total += int(np.prod(numpy_helper.to_array(inits[n.input[0]])))
    return total


def _random_weights(model, rng) -> tuple[bytes, int]:
    """The model with each ConstantOfShape weight and each float initializer
    replaced by a seeded random tensor: He-scaled for weights, around 1 for
    BatchNormalization scale and variance (variance kept positive). Returns
    the bytes and the number of weight elements."""
    g = model.graph
    consumers: dict[str, tuple[str, int]] = {}
    for n in g.node:
        for k, name in enumerate(n.input):
            consumers.setdefault(name, (n.op_type, k))
    inits = {t.name: t for t in g.initializer}

    def make(name: str, shape: tuple[int, ...]) -> np.ndarray:
        op, k = consumers.get(name, ("", -1))
        if op == "BatchNormalization" and k in (1, 4):  # scale, variance
            return rng.uniform(0.5, 1.5, shape).astype(np.float32)
        if len(shape) >= 2:
            fan_in = int(np.prod(shape[1:])) if op == "Conv" else min(shape)
            return (rng.standard_normal(shape) * np.sqrt(2.0 / max(fan_in, 1))).astype(np.float32)
        return (rng.standard_normal(shape) * 0.1).astype(np.float32)

    total = 0
    new_inits = []
    keep_nodes = []
    for n in g.node:
        if n.op_type == "ConstantOfShape" and n.input[0] in inits:
            shape = tuple(int(d) for d in numpy_helper.to_array(inits[n.input[0]]))
            new_inits.append(numpy_helper.from_array(make(n.output[0], shape), n.output[0]))
            total += int(np.prod(shape))
        else:
            keep_nodes.append(n)
    for t in g.initializer:
        if t.data_type == onnx.TensorProto.FLOAT and len(t.dims) >= 1:
            shape = tuple(t.dims)
            new_inits.append(numpy_helper.from_array(make(t.name, shape), t.name))
            total += int(np.prod(shape))
        else:
            new_inits.append(t)
    del g.node[:]
    g.node.extend(keep_nodes)
    del g.initializer[:]
    g.initializer.extend(new_inits)
    # random weights push a final Softmax into saturation (one-hot outputs
    # that agree trivially): the logits before it are an output too
    last = g.node[-1]
    if last.op_type == "Softmax" and last.input[0] not in {o.name for o in g.output}:
        g.output.append(onnx.helper.make_tensor_value_info(last.input[0], onnx.TensorProto.FLOAT,
                                                           None))
    return model.SerializeToString(), total


def _ort(source, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
    opts = ort.SessionOptions()
    opts.log_severity_level = 3  # the light models carry unused initializers
    # unoptimised: the plain reference, and no load-time folding of VGG-19's 140M weights
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    sess = ort.InferenceSession(source, opts, providers=["CPUExecutionProvider"])
    return sess.run(None, feeds)


def _close(got: np.ndarray, want: np.ndarray, rel: float = 1e-4) -> None:
    assert got.shape == want.shape and got.dtype == want.dtype
    scale = max(float(np.abs(want).max()), 1e-30)
    np.testing.assert_allclose(got, want, rtol=0, atol=rel * scale)


def _run_threads(net, x: np.ndarray) -> np.ndarray:
    # one Net (loading VGG-19 folds 140M weights), run at 1 and 2 threads
    outs = []
    for t in (1, 2):
        with vc.num_threads(t):
            outs.append(net(x))
    _close(outs[1], outs[0], rel=1e-6)
    return outs[0]


def _skip_if_unsupported(model, path: str) -> None:
    supported = set(vc.dnn.supported_ops())
    missing = {op: n for op, n in _ops(model).items() if op not in supported}
    if not missing:
        return
    # Net.load names every unsupported operator, with its node count, in one error
    with pytest.raises(vc.dnn.ModelError) as e:
        vc.dnn.Net.load(path)
    for op, n in missing.items():
        assert f"{op} ({n} node{'s' if n > 1 else ''})" in str(e.value)
    pytest.skip(f"operators not supported: {', '.join(sorted(missing))}")


def test_zoo_list_is_known():
    assert {name for name, _, _ in _ZOO} >= {"bvlc_alexnet", "resnet50", "squeezenet", "vgg19"}


@pytest.mark.parametrize("name,rtol,atol", _ZOO, ids=[z[0] for z in _ZOO])
def test_zoo_stored_output(name, rtol, atol):
    path = _path(name)
    if not os.path.exists(path):
        pytest.skip("onnx backend test data not installed")
    model = onnx.load(path)
    _skip_if_unsupported(model, path)
    in_name, x = _runner_input(model)
    net = vc.dnn.Net.load(path)
    assert [v.name for v in net.inputs] == [in_name]
    got = _run_threads(net, x)
    want = _stored_output(name)
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)
    _close(got, _ort(path, {in_name: x})[0])


@pytest.mark.parametrize("name", [z[0] for z in _ZOO])
def test_zoo_random_weights_vs_onnxruntime(name, rng):
    path = _path(name)
    if not os.path.exists(path):
        pytest.skip("onnx backend test data not installed")
    model = onnx.load(path)
    _skip_if_unsupported(model, path)
    count = _weight_count(model)
    if count > _RANDOM_WEIGHTS_MAX:
        pytest.skip(f"{count / 1e6:.0f}M weights: random weights only for models under "
                    f"{_RANDOM_WEIGHTS_MAX / 1e6:.0f}M (test_zoo_stored_output covers it)")
    data, total = _random_weights(model, rng)
    assert total == count
    in_name, x = _runner_input(onnx.load_from_string(data))
    x = rng.standard_normal(x.shape).astype(np.float32)
    wants = _ort(data, {in_name: x})
    net = vc.dnn.Net.load(data)
    runs = []
    for t in (1, 2):
        with vc.num_threads(t):
            runs.append(net.run({in_name: x}))
    names = [o.name for o in net.outputs]
    for out, want in zip(names, wants):
        _close(runs[1][out], runs[0][out], rel=1e-6)
        _close(runs[0][out], want)
    # the logits (the last output when a Softmax ends the model, else the
    # only one) vary across classes: the comparison is not trivial
    assert float(wants[-1].std()) > 0.01 * float(np.abs(wants[-1]).max())
