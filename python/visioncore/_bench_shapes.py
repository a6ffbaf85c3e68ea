"""Benchmark entries for shapes operations (see visioncore.bench): the
OpenCV peer, tolerance and inputs of each timed call.

Inputs are binary masks of realistic blobs (thresholded smooth noise, made
with numpy only), not random pixels: components, contours and distances
then have the sizes real segmentation masks give."""

from __future__ import annotations

import numpy as np

from . import bench


def _blobs(rng: np.random.Generator, width: int, height: int, dtype) -> np.ndarray:
    """0/1 uint8 mask: coarse noise (one sample per 24 pixels) upsampled
    bilinearly and thresholded at its median, i.e. about half foreground in
    blobs of a few dozen pixels with holes and nested islands."""
    cell = 24
    gh, gw = height // cell + 2, width // cell + 2
    grid = rng.random((gh, gw))
    ys = np.arange(height) / cell
    xs = np.arange(width) / cell
    y0, x0 = ys.astype(np.int64), xs.astype(np.int64)
    fy, fx = (ys - y0)[:, None], (xs - x0)[None, :]
    top = grid[y0][:, x0] * (1 - fx) + grid[y0][:, x0 + 1] * fx
    bottom = grid[y0 + 1][:, x0] * (1 - fx) + grid[y0 + 1][:, x0 + 1] * fx
    smooth = top * (1 - fy) + bottom * fy
    return (smooth > np.median(smooth)).astype(np.uint8)


def _components_diff(ours, peer) -> float:
    if ours[0] != peer[0]:
        return float("inf")
    return float(np.max(np.abs(ours[1].astype(np.int64) - peer[1]))) if ours[1].size else 0.0


def _contours_diff(ours, peer) -> float:
    cs, cs2 = ours[0], peer[0]
    if len(cs) != len(cs2):
        return float("inf")
    for a, b in zip(cs, cs2):
        if not np.array_equal(a, b.reshape(-1, 2)):
            return float("inf")
    return 0.0


def _moments_diff(ours, peer) -> float:
    return max(abs(ours[k] - peer[k]) / max(abs(peer[k]), 1e-300) for k in peer
               if abs(peer[k]) > 1e-9)


def _cc_vc(vc, inp, out):
    fn = vc.connected_components
    return lambda: fn(inp, 8)


def _cc_cv(cv2, inp, out):
    fn = cv2.connectedComponentsWithStats
    return lambda: fn(inp, connectivity=8)


def _dt_vc(metric):
    def bind(vc, inp, out):
        fn = vc.distance_transform
        return lambda: fn(inp, metric, out=out)

    return bind


def _dt_cv(code, mask):
    def bind(cv2, inp, out):
        fn, c = cv2.distanceTransform, getattr(cv2, code)
        m = mask if isinstance(mask, int) else getattr(cv2, mask)
        return lambda: fn(inp, c, m, dst=out)

    return bind


def _contours_vc(vc, inp, out):
    fn = vc.find_contours
    return lambda: fn(inp, "tree", "simple")


def _contours_cv(cv2, inp, out):
    fn, mode, method = cv2.findContours, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE
    return lambda: fn(inp, mode, method)


def _moments_vc(vc, inp, out):
    fn = vc.moments
    return lambda: fn(inp, True)


def _moments_cv(cv2, inp, out):
    fn = cv2.moments
    return lambda: fn(inp, True)


OPS: list[bench.BenchOp] = [
    bench.BenchOp("connected_components:8", "gray", "uint8", "connected_components", _cc_vc,
                  _cc_cv, tolerance=0.0, make=_blobs, compare=_components_diff),
    bench.BenchOp("distance_transform:l2", "gray", "uint8", "distance_transform", _dt_vc("l2"),
                  _dt_cv("DIST_L2", "DIST_MASK_PRECISE"), tolerance=1e-4, make=_blobs,
                  peer_note="DIST_MASK_PRECISE"),
    bench.BenchOp("distance_transform:l1", "gray", "uint8", "distance_transform", _dt_vc("l1"),
                  _dt_cv("DIST_L1", 3), tolerance=0.0, make=_blobs, peer_note="mask 3"),
    bench.BenchOp("find_contours:tree", "gray", "uint8", "find_contours", _contours_vc,
                  _contours_cv, tolerance=0.0, make=_blobs, compare=_contours_diff),
    bench.BenchOp("moments:binary", "gray", "uint8", "moments", _moments_vc, _moments_cv,
                  tolerance=1e-9, make=_blobs, compare=_moments_diff),
]
