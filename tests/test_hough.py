"""hough_lines / hough_lines_p / hough_circles against OpenCV and synthetic
ground truth, thread counts, ISA levels and bad input."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS

cv2 = pytest.importorskip("cv2")
skdata = pytest.importorskip("skimage.data")


def synthetic_edges(rng):
    e = np.zeros((180, 240), np.uint8)
    cv2.line(e, (10, 20), (230, 150), 255, 1)
    cv2.line(e, (60, 0), (60, 179), 255, 1)
    cv2.line(e, (0, 100), (239, 100), 255, 1)
    noise = rng.random(e.shape) < 0.01
    e[noise] = 255
    return e


def coins_edges():
    return cv2.Canny(skdata.coins(), 100, 200)


@pytest.mark.parametrize("rho,theta,threshold", [(1, np.pi / 180, 60), (2, np.pi / 90, 80),
                                                 (0.5, np.pi / 360, 40), (1.5, 0.013, 50)])
def test_lines_equal_opencv_coins(rho, theta, threshold):
    e = coins_edges()
    got = vc.hough_lines(e, rho, theta, threshold)
    ref = cv2.HoughLines(e, rho, theta, threshold).reshape(-1, 2)
    assert got.dtype == np.float32 and got.shape[1] == 2
    np.testing.assert_array_equal(got, ref)


@pytest.mark.parametrize("min_theta,max_theta", [(0.0, np.pi), (0.1, 3.0), (1.0, 1.2),
                                                 (0.0, np.pi / 2)])
def test_lines_equal_opencv_synthetic(rng, min_theta, max_theta):
    e = synthetic_edges(rng)
    got = vc.hough_lines(e, 1, np.pi / 180, 40, min_theta, max_theta)
    ref = cv2.HoughLines(e, 1, np.pi / 180, 40, min_theta=min_theta, max_theta=max_theta)
    ref = np.zeros((0, 2), np.float32) if ref is None else ref.reshape(-1, 2)
    np.testing.assert_array_equal(got, ref)


def test_lines_find_true_lines(rng):
    got = vc.hough_lines(synthetic_edges(rng), 1, np.pi / 180, 100)
    # the vertical x = 60 and the horizontal y = 100 are the strongest
    strongest = {(round(float(r)), round(float(np.degrees(t)))) for r, t in got[:4]}
    assert (60, 0) in strongest and (100, 90) in strongest


def test_lines_threads_isas(rng):
    e = coins_edges()
    ref = vc.hough_lines(e, 1, np.pi / 180, 60)
    for isa in ISAS:
        for n in (1, 2, 4):
            vc.set_num_threads(n)
            with vc.isa(isa):
                np.testing.assert_array_equal(vc.hough_lines(e, 1, np.pi / 180, 60), ref)


def test_lines_empty_result():
    out = vc.hough_lines(np.zeros((20, 30), np.uint8), 1, np.pi / 180, 5)
    assert out.shape == (0, 2) and out.dtype == np.float32


def covered(segments, p0, p1, tol=2.0):
    """Fraction of the points of the true segment p0-p1 within tol of a
    detected segment."""
    pts = np.linspace(p0, p1, 50)
    best = np.full(len(pts), np.inf)
    for x1, y1, x2, y2 in segments.astype(np.float64):
        a, b = np.array([x1, y1]), np.array([x2, y2])
        d = b - a
        t = np.clip(((pts - a) @ d) / max(d @ d, 1e-9), 0, 1)
        dist = np.linalg.norm(pts - (a + t[:, None] * d), axis=1)
        best = np.minimum(best, dist)
    return float((best <= tol).mean())


def test_lines_p_cover_true_lines(rng):
    e = synthetic_edges(rng)
    segs = vc.hough_lines_p(e, 1, np.pi / 180, 30, min_line_length=40, max_line_gap=5, seed=1)
    assert segs.dtype == np.int32 and segs.shape[1] == 4
    for p0, p1 in [((10, 20), (230, 150)), ((60, 0), (60, 179)), ((0, 100), (239, 100))]:
        assert covered(segs, p0, p1) > 0.9
    # every segment lies on one of the true lines (noise never forms 40 px)
    ref = cv2.HoughLinesP(e, 1, np.pi / 180, 30, minLineLength=40, maxLineGap=5).reshape(-1, 4)
    assert abs(len(segs) - len(ref)) <= max(3, len(ref) // 2)


def test_lines_p_seed_reproducible(rng):
    e = coins_edges()
    a = vc.hough_lines_p(e, 1, np.pi / 180, 50, 20, 3, seed=7)
    b = vc.hough_lines_p(e, 1, np.pi / 180, 50, 20, 3, seed=7)
    np.testing.assert_array_equal(a, b)
    for n in (1, 4):
        vc.set_num_threads(n)
        np.testing.assert_array_equal(vc.hough_lines_p(e, 1, np.pi / 180, 50, 20, 3, seed=7), a)
    assert len(vc.hough_lines_p(e, 1, np.pi / 180, 50, 20, 3)) > 0  # seed None


def circles_image(rng, circles, shape=(240, 320)):
    img = np.full(shape, 40, np.uint8)
    for x, y, r in circles:
        cv2.circle(img, (x, y), r, 200, -1)
    img = cv2.GaussianBlur(img, (5, 5), 1.5)
    return np.clip(img.astype(np.int16) + rng.integers(-5, 6, shape), 0, 255).astype(np.uint8)


def test_circles_synthetic(rng):
    truth = [(80, 70, 30), (220, 90, 45), (150, 180, 22)]
    img = circles_image(rng, truth)
    got = vc.hough_circles(img, 1, 30, 100, 20, 10, 60)
    assert got.dtype == np.float32 and got.shape[1] == 3
    for x, y, r in truth:
        d = np.hypot(got[:, 0] - x, got[:, 1] - y)
        k = int(d.argmin())
        # centers sit at accumulator cell centers ((i + 0.5) * dp): within 2 px
        assert d[k] <= 2.0 and abs(got[k, 2] - r) <= 2.0, (x, y, r, got[k])


def match(a, b, tol):
    d = np.hypot(a[:, None, 0] - b[None, :, 0], a[:, None, 1] - b[None, :, 1])
    j = d.argmin(1)
    ok = d.min(1) <= tol
    return ok, np.abs(a[:, 2] - b[j, 2])


@pytest.mark.parametrize("dp,min_dist,p1,p2,r0,r1", [(1.5, 20, 100, 30, 10, 40),
                                                      (1, 15, 150, 25, 15, 35)])
def test_circles_coins_like_opencv(dp, min_dist, p1, p2, r0, r1):
    img = cv2.GaussianBlur(skdata.coins(), (5, 5), 1.5)
    got = vc.hough_circles(img, dp, min_dist, p1, p2, r0, r1)
    ref = cv2.HoughCircles(img, cv2.HOUGH_GRADIENT, dp, min_dist, param1=p1, param2=p2,
                           minRadius=r0, maxRadius=r1)[0]
    # same algorithm; OpenCV orders equal votes arbitrarily, which can change
    # which of two close candidates survives min_dist
    ok, dr = match(got, ref, 1.0)
    assert abs(len(got) - len(ref)) <= 1
    assert ok.mean() >= 0.9 and np.all(dr[ok] <= 1.0)


def test_circles_centers_only_equal_opencv():
    img = cv2.GaussianBlur(skdata.coins(), (5, 5), 1.5)
    got = vc.hough_circles(img, 1, 20, 100, 30, 10, -1)
    ref = cv2.HoughCircles(img, cv2.HOUGH_GRADIENT, 1, 20, param1=100, param2=30, minRadius=10,
                           maxRadius=-1)[0]
    np.testing.assert_array_equal(got, ref)


def test_circles_threads_isas(rng):
    img = circles_image(rng, [(80, 70, 30), (220, 90, 45)])
    ref = vc.hough_circles(img, 1, 30, 100, 20, 10, 60)
    for isa in ISAS:
        for n in (1, 2, 4):
            vc.set_num_threads(n)
            with vc.isa(isa):
                np.testing.assert_array_equal(vc.hough_circles(img, 1, 30, 100, 20, 10, 60), ref)


def test_bad_input():
    e = np.zeros((20, 30), np.uint8)
    for kw in ({"rho": 0}, {"rho": -1}, {"theta": 0}, {"threshold": 0}, {"threshold": -3}):
        args = {"rho": 1, "theta": np.pi / 180, "threshold": 10} | kw
        name = next(iter(kw))
        with pytest.raises(ValueError, match=f"hough_lines.*{name}"):
            vc.hough_lines(e, **args)
        with pytest.raises(ValueError, match=f"hough_lines_p.*{name}"):
            vc.hough_lines_p(e, **args)
    with pytest.raises(ValueError, match="max_theta"):
        vc.hough_lines(e, 1, 0.1, 10, 1.0, 0.5)
    with pytest.raises(ValueError, match="min_theta"):
        vc.hough_lines(e, 1, 0.1, 10, -1.0)
    with pytest.raises(ValueError, match="min_line_length"):
        vc.hough_lines_p(e, 1, 0.1, 10, -1)
    with pytest.raises(ValueError, match="max_line_gap"):
        vc.hough_lines_p(e, 1, 0.1, 10, 0, -1)
    with pytest.raises(TypeError, match="edges"):
        vc.hough_lines(e.astype(np.float32), 1, 0.1, 10)
    with pytest.raises(ValueError, match="edges"):
        vc.hough_lines(np.zeros((0, 5), np.uint8), 1, 0.1, 10)
    with pytest.raises(ValueError, match="edges"):
        vc.hough_lines(np.zeros((5, 5, 3), np.uint8), 1, 0.1, 10)
    with pytest.raises(TypeError, match="threshold"):
        vc.hough_lines(e, 1, 0.1, 1.5)
    with pytest.raises(ValueError, match="rho"):
        vc.hough_lines(e, 1e-9, 1e-9, 10)  # accumulator too large, refused before allocating
    for kw, name in (({"dp": 0.5}, "dp"), ({"min_dist": 0}, "min_dist"), ({"param1": 0}, "param1"),
                     ({"param2": -1}, "param2"), ({"min_radius": -1}, "min_radius")):
        args = {"dp": 1, "min_dist": 10} | kw
        with pytest.raises(ValueError, match=f"hough_circles.*{name}"):
            vc.hough_circles(e, **args)
    with pytest.raises(TypeError, match="img"):
        vc.hough_circles(e.astype(np.uint16), 1, 10)
