"""distance_transform: exact against brute force and against OpenCV for the
l2, l1 and chessboard metrics; ISA levels, threads, layouts, out=, errors."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS, strided_variants

cv2 = pytest.importorskip("cv2")

CV = {"l2": (cv2.DIST_L2, cv2.DIST_MASK_PRECISE), "l1": (cv2.DIST_L1, 3),
      "chessboard": (cv2.DIST_C, 3)}


def brute(img, metric):
    h, w = img.shape
    zs = np.argwhere(img == 0)
    yy, xx = np.mgrid[0:h, 0:w]
    best = np.full((h, w), np.inf)
    for y, x in zs:
        dy, dx = np.abs(yy - y), np.abs(xx - x)
        if metric == "l2":
            d = np.sqrt((dy * dy + dx * dx).astype(np.float64))
        elif metric == "l1":
            d = (dy + dx).astype(np.float64)
        else:
            d = np.maximum(dy, dx).astype(np.float64)
        best = np.minimum(best, d)
    return best.astype(np.float32)


def sparse_zeros(rng, h, w, p):
    img = (rng.random((h, w)) >= p).astype(np.uint8)
    img.flat[rng.integers(0, img.size)] = 0
    return img


@pytest.mark.parametrize("metric", ["l2", "l1", "chessboard"])
@pytest.mark.parametrize("shape", [(1, 1), (1, 17), (17, 1), (3, 5), (31, 47), (64, 97)])
@pytest.mark.parametrize("p", [0.002, 0.05, 0.5])
def test_exact_vs_brute_force(rng, metric, shape, p):
    img = sparse_zeros(rng, *shape, p)
    np.testing.assert_array_equal(vc.distance_transform(img, metric), brute(img, metric))


@pytest.mark.parametrize("metric", ["l2", "l1", "chessboard"])
@pytest.mark.parametrize("shape", [(480, 640), (1080, 1920), (7, 1033)])
def test_matches_opencv(rng, metric, shape):
    img = sparse_zeros(rng, *shape, 0.001)
    ours = vc.distance_transform(img, metric)
    ref = cv2.distanceTransform(img, *CV[metric])
    if metric == "l2":
        # OpenCV takes sqrt in float32 (1 ulp off at times); ours is the
        # correctly rounded sqrt of the exact integer squared distance
        np.testing.assert_allclose(ours, ref, rtol=3e-7, atol=0)
    else:
        np.testing.assert_array_equal(ours, ref)


def test_single_zero_far_away():
    img = np.ones((300, 500), np.uint8)
    img[0, 0] = 0
    yy, xx = np.mgrid[0:300, 0:500]
    np.testing.assert_array_equal(vc.distance_transform(img, "l2"),
                                  np.sqrt((yy * yy + xx * xx).astype(np.float64)).astype(np.float32))
    np.testing.assert_array_equal(vc.distance_transform(img, "l1"), (yy + xx).astype(np.float32))
    np.testing.assert_array_equal(vc.distance_transform(img, "chessboard"),
                                  np.maximum(yy, xx).astype(np.float32))


@pytest.mark.parametrize("metric", ["l2", "l1", "chessboard"])
def test_no_zero_pixel(metric):
    out = vc.distance_transform(np.ones((4, 6), np.uint8) * 9, metric)
    assert (out == np.finfo(np.float32).max).all()
    assert (vc.distance_transform(np.zeros((4, 6), np.uint8), metric) == 0).all()


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("metric", ["l2", "l1", "chessboard"])
def test_isa_and_threads_identical(rng, isa, metric):
    img = sparse_zeros(rng, 517, 2100, 0.0005)
    with vc.isa(ISAS[0]), vc.num_threads(1):
        ref = vc.distance_transform(img, metric)
    with vc.isa(isa):
        for t in (1, 2, 4):
            with vc.num_threads(t):
                np.testing.assert_array_equal(vc.distance_transform(img, metric), ref)


def test_layouts_and_out(rng):
    img = sparse_zeros(rng, 41, 53, 0.05)
    ref = vc.distance_transform(img)
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.distance_transform(view), ref, err_msg=name)
    out = np.empty((41, 53), np.float32)
    assert vc.distance_transform(img, out=out) is out
    np.testing.assert_array_equal(out, ref)
    with pytest.raises(TypeError, match="out"):
        vc.distance_transform(img, out=np.empty((41, 53), np.float64))
    with pytest.raises(ValueError, match="out"):
        vc.distance_transform(img, out=np.empty((41, 54), np.float32))


def test_errors():
    img = np.ones((5, 5), np.uint8)
    with pytest.raises(ValueError, match="distance_transform.*metric"):
        vc.distance_transform(img, "l3")
    with pytest.raises(TypeError, match="distance_transform.*binary"):
        vc.distance_transform(img.astype(np.float32))
    with pytest.raises(ValueError, match="distance_transform.*binary"):
        vc.distance_transform(np.ones((5, 5, 2), np.uint8))
    with pytest.raises(ValueError, match="distance_transform.*binary"):
        vc.distance_transform(np.ones((5, 0), np.uint8))
    huge = np.broadcast_to(np.zeros((1, 1), np.uint8), (1 << 17, 1 << 17))
    with pytest.raises(vc.LimitExceeded):
        vc.distance_transform(huge)


@pytest.mark.parametrize("shape", [(1, 1), (1, 37), (300, 1), (129, 17), (257, 300), (130, 1000)])
def test_l1_bands_against_brute_force(rng, shape):
    # row scans run on transposed bands of 64 rows: partial bands, widths
    # off the 16-pixel tiles, single rows and columns
    img = sparse_zeros(rng, *shape, 0.002)
    got = vc.distance_transform(img, "l1")
    if img.size <= 40000:
        np.testing.assert_array_equal(got, brute(img, "l1"))
    np.testing.assert_array_equal(got, cv2.distanceTransform(img, cv2.DIST_L1, 3))
    for n in (1, 2, 4):
        with vc.num_threads(n):
            np.testing.assert_array_equal(vc.distance_transform(img, "l1"), got)


def test_l1_without_zero_is_flt_max():
    out = vc.distance_transform(np.ones((140, 33), np.uint8), "l1")
    assert (out == np.finfo(np.float32).max).all()
