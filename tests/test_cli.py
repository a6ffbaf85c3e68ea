"""The command line: `python -m visioncore info` and `bench`, run as a user
would (in a subprocess), and the bench registry/timing helpers."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
import visioncore as vc
from visioncore import bench


def run_cli(*args: str, timeout: float = 120, env: dict | None = None):
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "visioncore", *args], capture_output=True,
                          text=True, timeout=timeout, env=full_env, check=False)


def test_info_text():
    r = run_cli("info")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"visioncore {vc.__version__}")
    for word in ("active_isa", "available_isas", "max_pixels", "cpu features", "numpy"):
        assert word in r.stdout


def test_info_json():
    r = run_cli("info", "--json")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert set(info) == {"build_info", "cpu_features", "machine", "versions"}
    assert info["build_info"]["version"] == vc.__version__
    assert info["build_info"]["available_isas"] == vc.available_isas()
    assert info["cpu_features"] == vc.cpu_features()
    assert info["machine"]["usable_cpus"] >= 1
    assert info["versions"]["numpy"] == np.__version__


def test_version_and_usage_errors():
    r = run_cli("--version")
    assert r.returncode == 0 and vc.__version__ in r.stdout
    assert run_cli().returncode == 2
    assert run_cli("frobnicate").returncode == 2
    for bad in (["--size", "big"], ["--threads", "0"], ["--isa", "sse9"],
                ["--ops", "no_such_op_anywhere"], ["--repeat", "0"]):
        r = run_cli("bench", "--quick", *bad)
        assert r.returncode == 2, (bad, r.stdout, r.stderr)
        assert "bench" in r.stderr


def check_report(report: dict, sizes: set, threads: set):
    assert {"machine", "versions", "date", "settings", "results", "opencv",
            "opencv_missing"} <= set(report)
    assert report["machine"]["cpu"]
    assert report["versions"]["visioncore"] == vc.__version__
    assert report["results"], "no results"
    for r in report["results"]:
        assert {"op", "id", "input", "dtype", "width", "height", "threads", "isa", "vc_ms",
                "cv_ms", "ratio", "note", "image"} <= set(r)
        assert r["threads"] in threads
        if r["op"].startswith("call_overhead"):
            assert (r["width"], r["height"]) == (1, 1)
        else:
            assert (r["width"], r["height"]) in sizes
        if r["vc_ms"] is not None:
            assert r["vc_ms"] > 0
        if r["cv_ms"] is not None:
            assert r["ratio"] == pytest.approx(r["cv_ms"] / r["vc_ms"])


def test_bench_quick_gray_json(tmp_path):
    out = tmp_path / "f.json"
    r = run_cli("bench", "--quick", "--size", "64x48", "--ops", "gray", "--json", str(out))
    assert r.returncode == 0, r.stderr
    report = json.loads(out.read_text())
    check_report(report, {(64, 48)}, {1, vc.default_num_threads()})
    ids = {x["id"] for x in report["results"]}
    assert {"rgb_to_gray/u8", "rgb_to_gray/u16", "rgb_to_gray/f32",
            "call_overhead:rgb_to_gray/u8"} <= ids
    assert all("gray" in i for i in ids)
    gray_u8 = [x for x in report["results"] if x["id"] == "rgb_to_gray/u8"]
    assert all(x["vc_ms"] is not None for x in gray_u8)
    if report["opencv"]:
        assert all(x["cv_ms"] is not None and x["ratio"] > 0 for x in gray_u8)
    # the table on stdout, the progress on stderr
    assert "visioncore ms" in r.stdout and "OpenCV ms" in r.stdout and "ratio" in r.stdout
    assert "rgb_to_gray" in r.stdout
    assert "1/" in r.stderr


def test_bench_several_threads_sizes_isas(tmp_path):
    out = tmp_path / "f.json"
    isas = vc.available_isas()[-2:]
    r = run_cli("bench", "--quick", "--quiet", "--size", "32x16", "40x20", "--threads", "1", "2",
                "--ops", "rgb_to_gray/u8", "--isa", *isas, "--json", str(out))
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""  # --quiet
    report = json.loads(out.read_text())
    check_report(report, {(32, 16), (40, 20)}, {1, 2})
    got = {(x["width"], x["threads"], x["isa"]) for x in report["results"]
           if x["id"] == "rgb_to_gray/u8"}
    assert got == {(w, t, i) for w in (32, 40) for t in (1, 2) for i in isas}


def test_bench_without_opencv_says_why(tmp_path):
    # A stub cv2 that fails to import stands in for a machine without OpenCV.
    (tmp_path / "cv2.py").write_text("raise ImportError('no OpenCV here')\n")
    pythonpath = os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])
    out = tmp_path / "f.json"
    r = run_cli("bench", "--quick", "--size", "16x8", "--ops", "rgb_to_gray/u8", "--threads", "1",
                "--json", str(out), env={"PYTHONPATH": pythonpath})
    assert r.returncode == 0, r.stderr
    assert "OpenCV column empty" in r.stdout and "no OpenCV here" in r.stdout
    report = json.loads(out.read_text())
    assert report["opencv"] is None and "no OpenCV here" in report["opencv_missing"]
    assert all(x["cv_ms"] is None and x["vc_ms"] > 0 for x in report["results"])


def test_bench_list():
    r = run_cli("bench", "--list")
    assert r.returncode == 0
    for op in bench.REGISTRY:
        assert op.id in r.stdout


# --- the registry and helpers, in process ------------------------------------------

def test_registry_covers_the_ops():
    ids = {op.id for op in bench.REGISTRY}
    assert len(ids) == len(bench.REGISTRY)  # unique
    for name in ("rgb_to_gray", "gray_to_rgb", "rgb_to_bgr", "rgba_to_rgb", "rgb_to_rgba"):
        for dt in ("u8", "u16", "f32"):
            assert f"{name}/{dt}" in ids
    for name in ("rgb_to_hsv", "hsv_to_rgb"):
        assert {f"{name}/u8", f"{name}/f32"} <= ids
    for method in ("bilinear", "malvar"):
        assert {f"demosaic:{method}/u8", f"demosaic:{method}/u16"} <= ids
    for layout in ("NV12", "NV21", "I420", "YV12", "YUYV", "UYVY"):
        assert f"yuv_to_rgb:{layout}/u8" in ids
    assert "call_overhead:rgb_to_gray/u8" in ids


def test_select_substring_and_glob():
    assert {op.id for op in bench.select(["rgb_to_gray/u8"])} == {
        "rgb_to_gray/u8", "call_overhead:rgb_to_gray/u8"}
    assert {op.id for op in bench.select(["demosaic:*/u16"])} == {
        "demosaic:bilinear/u16", "demosaic:malvar/u16"}
    assert len(bench.select(None)) == len(bench.REGISTRY)
    assert bench.select(["nothing-matches"]) == []


def test_inputs_have_the_declared_shapes():
    for op in bench.REGISTRY:
        inp = bench.make_input(op, 8, 6)
        if op.make is not None:  # entries with their own input: any form, made at any size
            assert inp is not None
        elif op.input == "yuv":
            assert inp.buffer.dtype == np.uint8 and inp.buffer.nbytes in (8 * 6 * 3 // 2, 8 * 6 * 2)
        else:
            assert inp.dtype == np.dtype(op.dtype)
            assert inp.shape[:2] == (6, 8)


@pytest.mark.parametrize("op", [op for op in bench.REGISTRY], ids=lambda op: op.id)
def test_every_entry_runs_or_is_skipped_with_a_note(op):
    cv2, _ = bench.import_cv2()
    res = bench.bench_one(op, 64, 32, 1, cv2=cv2, repeat=1, min_loop_s=0.0005)
    if not hasattr(vc, op.requires):
        assert res.vc_ms is None and "not in this build" in res.note
        return
    assert res.vc_ms is not None and res.vc_ms > 0, res.note
    if cv2 is not None and res.cv_ms is None:
        assert res.note  # a missing comparison always says why


def test_time_call_and_parse_size():
    calls = []
    t = bench.time_call(lambda: calls.append(1), repeat=3, min_loop_s=0.001)
    assert t > 0 and len(calls) > 5
    a, b = [], []
    ta, tb = bench.time_pair(lambda: a.append(1), lambda: b.append(1), repeat=3,
                             min_loop_s=0.001)
    assert ta > 0 and tb > 0 and len(a) > 5 and len(b) > 5
    assert bench.parse_size("1920x1080") == (1920, 1080)
    assert bench.parse_size("64X48") == (64, 48)
    for bad in ("1920", "0x5", "axb", "1x2x3", "-1x5"):
        with pytest.raises(ValueError):
            bench.parse_size(bad)


def test_table_formats():
    report = {"results": [
        {"op": "rgb_to_gray", "image": "8x8 rgb u8", "threads": 1, "isa": "avx2", "vc_ms": 0.5,
         "cv_ms": 1.0, "ratio": 2.0, "note": ""},
        {"op": "x", "image": "8x8 rgb u8", "threads": 2, "isa": "avx2", "vc_ms": None,
         "cv_ms": None, "ratio": None, "note": "skipped: a | b"}]}
    text = bench.report_to_table(report)
    assert "2.00" in text and "skipped" in text
    md = bench.report_to_table(report, markdown=True)
    assert md.startswith("| operation") and "a \\| b" in md
