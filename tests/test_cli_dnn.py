"""`visioncore bench --dnn`: a fast smoke run of the CLI (digit CNN only, tiny
repeat counts), its usage errors, and the pieces behind it: FLOP counting
(cross-checked with onnx shape inference), layer choice, the Markdown
section, the packaged models and the FMA peak probe."""

from __future__ import annotations

import json

import dnn_models
import numpy as np
import pytest
import visioncore as vc
from test_cli import run_cli
from visioncore import _bench_dnn, models


def test_bench_dnn_smoke(tmp_path):
    out = tmp_path / "dnn.json"
    r = run_cli("bench", "--dnn", "--ops", "digit_cnn/b1", "--quick", "--repeat", "1",
                "--threads", "1", "--quiet", "--json", str(out))
    assert r.returncode == 0, r.stderr
    assert "digit_cnn" in r.stdout and "visioncore ms" in r.stdout
    report = json.loads(out.read_text())
    assert {"machine", "versions", "date", "settings", "results", "peak_gflops",
            "onnxruntime_missing", "opencv_missing"} <= set(report)
    (row,) = report["results"]
    assert row["id"] == "digit_cnn/b1" and row["threads"] == 1 and row["input"] == "1x1x28x28"
    assert row["vc_ms"] > 0 and row["gflop"] == pytest.approx(833040 / 1e9)
    for peer, key in (("onnxruntime", "ort"), ("opencv", "cv")):
        if report[f"{peer}_missing"] is None and "differs" not in row["note"]:
            assert row[f"{key}_ms"] > 0
            assert row[f"{key}_ratio"] == pytest.approx(row[f"{key}_ms"] / row["vc_ms"])


def test_bench_dnn_list_and_usage_errors():
    r = run_cli("bench", "--dnn", "--list")
    assert r.returncode == 0 and "resnet18:conv3x3" in r.stdout and "digit_cnn/b64" in r.stdout
    for bad in (["--ops", "alexnet"], ["--isa", "avx2"], ["--threads", "0"],
                ["--repeat", "0"]):
        r = run_cli("bench", "--dnn", "--quick", *bad)
        assert r.returncode == 2, (bad, r.stdout, r.stderr)
        assert bad[0] in r.stderr
    r = run_cli("bench", "--no-onnxruntime", "--quick")
    assert r.returncode == 2 and "--dnn" in r.stderr


def onnx_flops(model: bytes, batch: int) -> float:
    """2 * multiply-adds of Conv / ConvTranspose / Gemm from onnx's own shape
    inference: an independent count."""
    onnx = pytest.importorskip("onnx")
    m = onnx.load_from_string(model)
    m.graph.input[0].type.tensor_type.shape.dim[0].dim_value = batch
    m = onnx.shape_inference.infer_shapes(m)
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
              for v in list(m.graph.value_info) + list(m.graph.output) + list(m.graph.input)}
    shapes.update({t.name: list(t.dims) for t in m.graph.initializer})
    total = 0.0
    for n in m.graph.node:
        if n.op_type == "Conv":
            w, y = shapes[n.input[1]], shapes[n.output[0]]
            total += 2.0 * np.prod(y) * np.prod(w[1:])
        elif n.op_type == "ConvTranspose":
            x, w = shapes[n.input[0]], shapes[n.input[1]]
            total += 2.0 * np.prod(x) * np.prod(w[1:])
        elif n.op_type == "Gemm":
            a, b = shapes[n.input[0]], shapes[n.input[1]]
            total += 2.0 * a[0] * a[1] * b[0]  # transB = 1 in these exports
    return total


@pytest.mark.parametrize("name", dnn_models.NAMES)
@pytest.mark.parametrize("batch", [1, 3])
def test_flops_match_onnx_shape_inference(name, batch):
    model = dnn_models.load(name)
    flops, convs = _bench_dnn.analyse(model, batch)
    assert flops == pytest.approx(onnx_flops(model, batch), rel=1e-12)
    assert convs and all(c.x_shape[0] == batch for c in convs)


def test_resnet18_figures_and_layers():
    flops, convs = _bench_dnn.analyse(models.load_bytes("resnet18"), 1)
    assert flops / 1e9 == pytest.approx(3.628, abs=0.001)  # the well-known 1.814 GMAC
    l3 = _bench_dnn.pick_layer(convs, 3)
    l1 = _bench_dnn.pick_layer(convs, 1)
    assert l3.kernel == (3, 3) and l3.flops == max(c.flops for c in convs if c.kernel == (3, 3))
    assert l1.kernel == (1, 1) and l1.strides == (2, 2)
    assert l3.x_shape == (1, 64, 56, 56)


def test_select_and_markdown():
    assert [c.id for c in _bench_dnn.select(["digit"])] == ["digit_cnn/b1", "digit_cnn/b64"]
    assert [c.id for c in _bench_dnn.select(["*:conv*"])] == ["resnet18:conv3x3",
                                                              "resnet18:conv1x1"]
    assert _bench_dnn.select(None) == list(_bench_dnn.CASES)
    report = _bench_dnn.run(_bench_dnn.select(["digit_cnn/b1", "resnet18:conv1x1"]), [1],
                            repeat=1, min_loop_s=0.001, peak_seconds=0.01, use_cv2=False,
                            progress=False)
    kinds = [r["kind"] for r in report["results"]]
    assert kinds == ["model", "layer"]
    layer = report["results"][1]
    assert layer["peak_gflops"] > 0 and layer["vc_peak_frac"] > 0
    md = _bench_dnn.dnn_markdown(report)
    assert md.startswith("## CNN inference")
    assert "| digit_cnn | 1x1x28x28 | 1 |" in md and "% peak" in md
    assert report["opencv_missing"] == "OpenCV comparison disabled"
    json.dumps(report)  # JSON-able


def test_packaged_models_load_and_run():
    for name in models.NAMES:
        net = vc.dnn.Net.load(models.load_bytes(name), num_threads=1)
        shape = tuple(1 if isinstance(d, str) else d for d in net.inputs[0].shape)
        y = net(np.zeros(shape, np.float32))
        assert np.all(np.isfinite(y))


def test_fma_peak_probe():
    probe = vc._core.dnn._fma_peak_gflops
    for level in vc.available_isas():
        assert probe(1, 0.01, level) > 0.1
    with pytest.raises(ValueError, match="threads"):
        probe(0)
    with pytest.raises(ValueError, match="seconds"):
        probe(1, 0.0)
    with pytest.raises(ValueError, match="isa"):
        probe(1, 0.01, "sse9")
