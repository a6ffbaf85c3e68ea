"""Benchmark entries for keypoints, descriptor matching and homography
estimation (see visioncore.bench): the OpenCV peer, tolerance and inputs of
each timed call. Inputs are photo-like (smoothed noise with edges and
texture), descriptors and point sets are made to have real matches."""

from __future__ import annotations

import dataclasses

import numpy as np

from . import bench


def _photo_like(rng: np.random.Generator, width: int, height: int, dtype) -> np.ndarray:
    """Blobs at several scales, sharp-edged rectangles and mild noise."""
    img = np.zeros((height, width), np.float32)
    for cell in (64, 16, 4):
        coarse = rng.random((height // cell + 2, width // cell + 2)).astype(np.float32)
        up = np.repeat(np.repeat(coarse, cell, 0), cell, 1)[:height, :width]
        # separable box smoothing of the blocky image
        k = max(1, cell // 2)
        c = np.cumsum(np.pad(up, ((0, 0), (k, k)), mode="edge"), axis=1)
        up = (c[:, 2 * k:] - c[:, :-2 * k]) / (2 * k)
        c = np.cumsum(np.pad(up, ((k, k), (0, 0)), mode="edge"), axis=0)
        up = (c[2 * k:] - c[:-2 * k]) / (2 * k)
        img += up[:height, :width] * (cell / 84.0)
    img = (img - img.min()) / max(1e-6, float(img.max() - img.min())) * 200 + 20
    for _ in range(max(4, width * height // 20000)):
        x0, y0 = rng.integers(0, width), rng.integers(0, height)
        img[y0:y0 + rng.integers(4, 40), x0:x0 + rng.integers(4, 40)] += rng.uniform(-60, 60)
    img += rng.normal(0, 2.0, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)


def _fast_vc(vc, inp, out):
    fn = vc.fast
    return lambda: fn(inp, 20, True)


def _fast_cv(cv2, inp, out):
    det = cv2.FastFeatureDetector_create(20, True, cv2.FastFeatureDetector_TYPE_9_16)
    return lambda: det.detect(inp)


def _fast_compare(ours, peer) -> float:
    a = sorted(zip(ours["x"].tolist(), ours["y"].tolist(), ours["response"].tolist()))
    b = sorted((k.pt[0], k.pt[1], k.response) for k in peer)
    return 0.0 if a == b else float(abs(len(a) - len(b)) + 1)


def _orb_vc(n):
    def bind(vc, inp, out):
        fn = vc.orb
        return lambda: fn(inp, n_features=n)

    return bind


def _orb_cv(n):
    def bind(cv2, inp, out):
        orb = cv2.ORB_create(nfeatures=n)
        return lambda: orb.detectAndCompute(inp, None)

    return bind


def _orb_compare(ours, peer) -> float:
    """Relative difference of the keypoint counts (the patterns differ, so
    the descriptors cannot be compared)."""
    n_vc, n_cv = len(ours[0]), len(peer[0])
    return abs(n_vc - n_cv) / max(1, n_cv)


@dataclasses.dataclass
class DescriptorPair:
    """Two (N, 32) uint8 descriptor sets; half of d1 are noisy copies of d2 rows."""

    d1: np.ndarray
    d2: np.ndarray

    @property
    def nbytes(self) -> int:
        return self.d1.nbytes + self.d2.nbytes


def _make_descriptors(rng, width, height, dtype):
    n = 2000
    d2 = rng.integers(0, 256, (n, 32), dtype=np.uint8)
    d1 = rng.integers(0, 256, (n, 32), dtype=np.uint8)
    flips = np.packbits(rng.random((n // 2, 256)) < 0.05, axis=1)
    d1[: n // 2] = d2[rng.permutation(n)[: n // 2]] ^ flips
    return DescriptorPair(d1, d2)


def _match_vc(cross):
    def bind(vc, inp, out):
        fn, d1, d2 = vc.match, inp.d1, inp.d2
        return lambda: fn(d1, d2, cross_check=cross)

    return bind


def _match_cv(cross):
    def bind(cv2, inp, out):
        matcher = cv2.BFMatcher(cv2.NORM_HAMMING, crossCheck=cross)
        d1, d2 = inp.d1, inp.d2
        return lambda: matcher.match(d1, d2)

    return bind


def _match_compare(ours, peer) -> float:
    got = {(int(q), int(t)) for q, t in zip(ours["query_idx"], ours["train_idx"])}
    ref = {(m.queryIdx, m.trainIdx) for m in peer}
    return float(len(got ^ ref))


@dataclasses.dataclass
class PointPairs:
    """500 point pairs related by a homography, 30% outliers."""

    src: np.ndarray
    dst: np.ndarray
    h: np.ndarray

    @property
    def nbytes(self) -> int:
        return self.src.nbytes + self.dst.nbytes


def _make_points(rng, width, height, dtype):
    n = 500
    h = np.array([[0.9, -0.2, 30.0], [0.15, 1.05, -12.0], [2e-4, -1e-4, 1.0]])
    src = rng.uniform(0, 640, (n, 2))
    p = np.c_[src, np.ones(n)] @ h.T
    dst = p[:, :2] / p[:, 2:] + rng.normal(0, 0.5, (n, 2))
    bad = rng.random(n) < 0.3
    dst[bad] = rng.uniform(0, 640, (int(bad.sum()), 2))
    return PointPairs(src.astype(np.float32), dst.astype(np.float32), h)


def _homography_vc(vc, inp, out):
    fn, src, dst = vc.find_homography, inp.src, inp.dst
    return lambda: fn(src, dst, reproj_threshold=3.0, seed=0)


def _homography_cv(cv2, inp, out):
    fn, src, dst, method = cv2.findHomography, inp.src, inp.dst, cv2.RANSAC
    return lambda: fn(src, dst, method, 3.0)


def _homography_compare(ours, peer) -> float:
    """Largest difference of the projected corners of a 640x480 frame (px)."""
    corners = np.array([[0, 0, 1], [640, 0, 1], [640, 480, 1], [0, 480, 1]], float)

    def proj(h):
        p = corners @ np.asarray(h, float).T
        return p[:, :2] / p[:, 2:]

    if peer[0] is None:
        return float("inf")
    return float(np.abs(proj(ours[0]) - proj(peer[0])).max())


OPS: list[bench.BenchOp] = [
    bench.BenchOp("fast", "gray", "uint8", "fast", _fast_vc, _fast_cv, tolerance=0.0,
                  make=_photo_like, compare=_fast_compare),
    bench.BenchOp("orb:500", "gray", "uint8", "orb", _orb_vc(500), _orb_cv(500), tolerance=0.3,
                  make=_photo_like, compare=_orb_compare,
                  peer_note="own sampling pattern; keypoint counts compared"),
    bench.BenchOp("orb:2000", "gray", "uint8", "orb", _orb_vc(2000), _orb_cv(2000),
                  tolerance=0.3, make=_photo_like, compare=_orb_compare,
                  peer_note="own sampling pattern; keypoint counts compared"),
    bench.BenchOp("match:hamming2000", "gray", "uint8", "match", _match_vc(False),
                  _match_cv(False), tolerance=0.0, fixed_size=(2000, 2000),
                  make=_make_descriptors, compare=_match_compare,
                  peer_note="2000 x 2000 descriptors of 32 bytes"),
    bench.BenchOp("match:hamming2000:cross", "gray", "uint8", "match", _match_vc(True),
                  _match_cv(True), tolerance=0.0, fixed_size=(2000, 2000),
                  make=_make_descriptors, compare=_match_compare,
                  peer_note="2000 x 2000 descriptors, cross check"),
    bench.BenchOp("find_homography:500", "gray", "uint8", "find_homography", _homography_vc,
                  _homography_cv, tolerance=1.0, fixed_size=(500, 1), make=_make_points,
                  compare=_homography_compare, peer_note="500 pairs, 30% outliers"),
]
