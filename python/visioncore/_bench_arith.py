"""Benchmark entries for arith operations (see visioncore.bench): the
OpenCV peer, tolerance and inputs of each timed call."""

from __future__ import annotations

from . import bench

OPS: list[bench.BenchOp] = []
