"""Whole CNNs against onnxruntime and OpenCV's dnn, the pytest-benchmark form of
``visioncore bench --dnn`` (the cases and engines of visioncore._bench_dnn).

ResNet-18 and MobileNetV2 at 1x3x224x224, the digit CNN at batch 1 and 64,
and ResNet-18's largest 3x3 and 1x1 convolutions (prepacked kernel vs a
one-node onnxruntime model), at 1 and 2 threads. The engines of one case and
thread count share a benchmark group, so pytest-benchmark prints them side by
side; each peer's output is checked against visioncore's first, and a peer
that disagrees is skipped. extra_info carries GFLOP/s (2 x multiply-adds of
Conv/ConvTranspose/Gemm/MatMul) and, for layers, the fraction of the peak
FMA rate measured at that thread count.

    python -m pytest benchmarks/bench_dnn.py
"""

from __future__ import annotations

import functools

import pytest
import visioncore as vc
from visioncore import _bench_dnn, bench

THREADS = [1, 2]
ENGINES = ["visioncore", "onnxruntime", "opencv"]
ort, ORT_MISSING = _bench_dnn.import_ort()
cv2, CV2_MISSING = bench.import_cv2()


@functools.cache
def peak(threads: int) -> float:
    return vc._core.dnn._fma_peak_gflops(threads, 0.2)


def _params():
    out = []
    for case in _bench_dnn.CASES:
        for t in THREADS:
            for eng in ENGINES if case.layer is None else ENGINES[:2]:
                out.append(pytest.param(case, t, eng, id=f"{case.id}-t{t}-{eng}"))
    return out


@pytest.fixture(autouse=True)
def _restore_threads():
    old_vc = vc.get_num_threads()
    old_cv = cv2.getNumThreads() if cv2 is not None else None
    yield
    vc.set_num_threads(old_vc)
    if cv2 is not None:
        cv2.setNumThreads(old_cv)


@pytest.mark.parametrize("case,threads,engine", _params())
def bench_dnn(benchmark, case, threads, engine):
    if engine == "onnxruntime" and ort is None:
        pytest.skip(ORT_MISSING)
    if engine == "opencv" and cv2 is None:
        pytest.skip(CV2_MISSING)
    peers = {"ort": ort if engine == "onnxruntime" else None,
             "cv2": cv2 if engine == "opencv" else None}
    vc.set_num_threads(threads)
    if case.layer is None:
        p = _bench_dnn.prepare_model(case, threads, **peers)
    else:
        p = _bench_dnn.prepare_layer(case, threads, ort=peers["ort"])
    if engine not in p.fns:
        pytest.skip("; ".join(p.notes) or f"{engine} cannot run this case")
    benchmark.group = f"{case.id} threads={threads}"
    benchmark.extra_info.update(case=case.id, input=p.input, threads=threads, library=engine,
                                isa=vc.get_isa())
    benchmark(p.fns[engine])
    if p.flops:
        gflops = p.flops / benchmark.stats.stats.median / 1e9
        benchmark.extra_info["gflops"] = gflops
        if case.layer is not None:
            benchmark.extra_info["peak_gflops"] = peak(threads)
            benchmark.extra_info["peak_fraction"] = gflops / peak(threads)
