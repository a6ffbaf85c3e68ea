"""Shared machinery of the pytest-benchmark suites.

Every case comes from the one registry, ``visioncore.bench.REGISTRY``: each
entry is timed for visioncore and for OpenCV at 1 and 2 threads on 1920x1080
and 640x480 inputs, with preallocated outputs for both. The two libraries of
one (operation, image, threads) share a benchmark group, so pytest-benchmark
prints them side by side. ``benchmarks/make_results.py`` produces the ratio
table without pytest.
"""

from __future__ import annotations

from typing import Callable

import pytest
import visioncore as vc
from visioncore import bench

SIZES = [(1920, 1080), (640, 480)]
THREADS = [1, 2]
LIBRARIES = ["visioncore", "opencv"]
cv2, CV2_MISSING = bench.import_cv2()


def cases(keep: Callable[[bench.BenchOp], bool]) -> list:
    """pytest params (op, width, height, threads, library) for the registry
    entries that ``keep`` selects."""
    params = []
    for op in bench.REGISTRY:
        if not keep(op):
            continue
        for w, h in [op.fixed_size] if op.fixed_size else SIZES:
            for t in THREADS:
                for lib in LIBRARIES:
                    params.append(pytest.param(op, w, h, t, lib,
                                               id=f"{op.id}-{w}x{h}-t{t}-{lib}"))
    return params


@pytest.fixture(autouse=True)
def _restore_threads():
    old_vc = vc.get_num_threads()
    old_cv = cv2.getNumThreads() if cv2 is not None else None
    yield
    vc.set_num_threads(old_vc)
    if cv2 is not None:
        cv2.setNumThreads(old_cv)


def run_case(benchmark, op: bench.BenchOp, width: int, height: int, threads: int,
             library: str) -> None:
    """Checks, then times one case (see the module docstring)."""
    if not hasattr(vc, op.requires):
        pytest.skip(f"vc.{op.requires} is not in this build")
    inp = bench.make_input(op, width, height)
    vc.set_num_threads(threads)
    ref = op.bind_vc(vc, inp, None)()
    benchmark.group = f"{op.id} {width}x{height} threads={threads}"
    benchmark.extra_info.update(op=op.id, image=f"{width}x{height}", threads=threads,
                                library=library, isa=vc.get_isa())
    if library == "visioncore":
        benchmark(op.bind_vc(vc, inp, bench.out_like(ref)))
        return
    if cv2 is None:
        pytest.skip(CV2_MISSING)
    if op.bind_cv is None:
        pytest.skip("no OpenCV peer")
    cv2.setNumThreads(threads)
    call = op.bind_cv(cv2, inp, bench.out_like(ref))
    try:
        peer = call()
    except cv2.error as e:
        pytest.skip(f"OpenCV cannot run this case: {str(e).splitlines()[0]}")
    diff = bench.discrepancy(op, ref, peer)
    if diff > op.tolerance:
        pytest.skip(f"results differ from OpenCV by up to {diff:g}: comparison skipped")
    if op.peer_note:
        benchmark.extra_info["note"] = op.peer_note
    benchmark(call)
