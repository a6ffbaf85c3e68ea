"""Shape measures (contour_area, arc_length, bounding_rect, convex_hull,
min_area_rect, approx_poly) and moments / hu_moments against OpenCV, on
random point sets, real contours and images; ISA levels and threads for the
image moments; errors."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS, photo_rgb, strided_variants

cv2 = pytest.importorskip("cv2")


def point_sets(rng, count=120):
    sets = []
    for i in range(count):
        n = int(rng.integers(1, 40))
        if i % 2:
            sets.append(rng.integers(-50, 200, (n, 2)).astype(np.int32))
        else:
            sets.append((rng.random((n, 2)) * 250 - 50).astype(np.float32))
    return sets


def real_contours():
    gray = cv2.cvtColor(photo_rgb(), cv2.COLOR_RGB2GRAY)
    cs, _ = cv2.findContours((gray > 120).astype(np.uint8), cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    return [c.reshape(-1, 2) for c in cs if len(c) >= 1][:300]


def assert_close(a, b, rtol=1e-6, atol=1e-9):
    assert abs(a - b) <= rtol * abs(b) + atol, (a, b)


def test_area_length_rect(rng):
    for p in point_sets(rng) + real_contours():
        for oriented in (False, True):
            assert_close(vc.contour_area(p, oriented), cv2.contourArea(p, oriented))
        for closed in (False, True):
            assert_close(vc.arc_length(p, closed), cv2.arcLength(p, closed))
        assert vc.bounding_rect(p) == cv2.boundingRect(p)
        # OpenCV's (N, 1, 2) layout is accepted too
        assert vc.contour_area(p[:, None, :]) == vc.contour_area(p)


@pytest.mark.parametrize("clockwise", [False, True])
def test_convex_hull_identical(rng, clockwise):
    for p in point_sets(rng, 300) + real_contours():
        ours = vc.convex_hull(p, clockwise)
        ref = cv2.convexHull(p, clockwise=clockwise).reshape(-1, 2)
        assert ours.dtype == p.dtype
        if len(np.unique(p, axis=0)) == len(p):
            np.testing.assert_array_equal(ours, ref)
        else:
            # repeated points: which copy stands for a vertex (and so where the
            # index-ordered output starts) may differ; the cycle is the same
            assert len(ours) == len(ref)
            k = [i for i in range(len(ref)) if (ref[i] == ours[0]).all()]
            assert k, (ours, ref)
            np.testing.assert_array_equal(np.roll(ref, -k[0], axis=0), ours)


def test_convex_hull_degenerate():
    line = np.array([[0, 0], [5, 5], [10, 10], [2, 2]], np.int32)
    same = np.array([[3, 4]] * 5, np.int32)
    for p in (line, same, np.array([[1, 2]], np.int32)):
        for cw in (False, True):
            np.testing.assert_array_equal(vc.convex_hull(p, cw),
                                          cv2.convexHull(p, clockwise=cw).reshape(-1, 2))


@pytest.mark.parametrize("closed", [True, False])
def test_approx_poly_identical(rng, closed):
    for p in point_sets(rng, 200) + real_contours():
        for eps in (0.0, 0.7, 2.0, 6.0):
            ours = vc.approx_poly(p, eps, closed)
            ref = cv2.approxPolyDP(p, eps, closed).reshape(-1, 2)
            np.testing.assert_array_equal(ours, ref)


def box_area(r):
    return r[1][0] * r[1][1]


def test_min_area_rect(rng):
    for p in point_sets(rng, 200) + real_contours():
        ours = vc.min_area_rect(p)
        ref = cv2.minAreaRect(p)
        assert -90 <= ours[2] < 0
        # OpenCV computes in float32 and may pick another box of (almost) the
        # same area; ours is never larger and holds every point
        assert box_area(ours) <= box_area(ref) * (1 + 1e-5) + 1e-3
        assert box_area(ours) >= box_area(ref) * (1 - 1e-4) - 1e-2
        pts = p.astype(np.float64)
        ang = np.deg2rad(ours[2])
        u = np.array([np.cos(ang), np.sin(ang)])
        v = np.array([-u[1], u[0]])
        rel = pts - np.array(ours[0])
        assert np.all(np.abs(rel @ u) <= ours[1][0] / 2 + 1e-6)
        assert np.all(np.abs(rel @ v) <= ours[1][1] / 2 + 1e-6)
    # exact cases
    rect = np.array([[0, 0], [10, 0], [10, 5], [0, 5]], np.int32)
    assert vc.min_area_rect(rect) == ((5.0, 2.5), (5.0, 10.0), -90.0)
    assert vc.min_area_rect(np.array([[3, 4]], np.int32)) == ((3.0, 4.0), (0.0, 0.0), -90.0)
    (cx, cy), (w, h), a = vc.min_area_rect(np.array([[0, 0], [10, 10]], np.int32))
    assert (cx, cy, w, a) == (5.0, 5.0, 0.0, -45.0) and abs(h - 200 ** 0.5) < 1e-12


def test_contour_moments_and_hu(rng):
    for p in point_sets(rng) + real_contours():
        m, ref = vc.moments(p), cv2.moments(p)
        assert set(m) == set(ref)
        scale = max(abs(v) for v in ref.values()) or 1.0
        for k in ref:
            assert abs(m[k] - ref[k]) <= 1e-6 * abs(ref[k]) + 1e-12 * scale + 1e-12, k
        if abs(ref["m00"]) < 50:
            continue  # tiny polygons: third-order central moments are all cancellation
        hu_ref = cv2.HuMoments(ref).ravel()
        # the invariants cancel terms: compare against their magnitude
        atol = 1e-9 * np.abs(hu_ref).max() + 1e-15
        np.testing.assert_allclose(vc.hu_moments(m), hu_ref, rtol=1e-6, atol=atol)
        np.testing.assert_allclose(vc.hu_moments(ref), hu_ref, rtol=1e-9, atol=atol)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.int16, np.float32])
@pytest.mark.parametrize("binary", [False, True])
@pytest.mark.parametrize("shape", [(1, 1), (3, 5000), (480, 640), (1080, 1920)])
def test_image_moments(rng, dtype, binary, shape):
    img = (rng.random(shape) * 200).astype(dtype)
    img[rng.random(shape) < 0.3] = 0
    m, ref = vc.moments(img, binary), cv2.moments(img, binary)
    for k in ref:
        assert abs(m[k] - ref[k]) <= 1e-8 * abs(ref[k]) + 1e-12, (k, m[k], ref[k])


def test_image_moments_photo():
    gray = cv2.cvtColor(photo_rgb(), cv2.COLOR_RGB2GRAY)
    m, ref = vc.moments(gray), cv2.moments(gray)
    for k in ref:
        assert_close(m[k], ref[k], rtol=1e-9)


@pytest.mark.parametrize("isa", ISAS)
def test_moments_isa_threads_identical(rng, isa):
    img = rng.integers(0, 256, (517, 9000), dtype=np.uint8)  # several 4096-pixel spans
    with vc.isa(ISAS[0]), vc.num_threads(1):
        ref = [vc.moments(img), vc.moments(img, True)]
    with vc.isa(isa):
        for t in (1, 2, 4):
            with vc.num_threads(t):
                assert vc.moments(img) == ref[0]
                assert vc.moments(img, True) == ref[1]


def test_moments_layouts(rng):
    img = rng.integers(0, 256, (41, 57), dtype=np.uint8)
    ref = vc.moments(img)
    for name, view, _ in strided_variants(img):
        assert vc.moments(view) == ref, name


def test_errors():
    empty_i = np.zeros((0, 2), np.int32)
    for fn in (vc.contour_area, vc.arc_length, vc.bounding_rect, vc.convex_hull,
               vc.min_area_rect):
        name = fn.__name__
        with pytest.raises(ValueError, match=f"{name}.*points"):
            fn(empty_i)
        with pytest.raises(TypeError, match=f"{name}.*points"):
            fn(np.zeros((4, 2), np.float64))
        with pytest.raises(TypeError, match=f"{name}.*points"):
            fn([[0, 0], [1, 1]])
        with pytest.raises(ValueError, match=f"{name}.*points"):
            fn(np.zeros((4, 3), np.int32))
        with pytest.raises(ValueError, match=f"{name}.*points"):
            fn(np.array([[0, np.nan]], np.float32))
    with pytest.raises(ValueError, match="approx_poly.*epsilon"):
        vc.approx_poly(np.zeros((4, 2), np.int32), -1.0)
    with pytest.raises(ValueError, match="approx_poly.*points"):
        vc.approx_poly(empty_i, 1.0)
    with pytest.raises(ValueError, match="moments.*img"):
        vc.moments(empty_i)
    with pytest.raises(TypeError, match="moments.*img"):
        vc.moments(np.zeros((4, 4), np.float64))
    with pytest.raises(ValueError, match="moments.*img"):
        vc.moments(np.zeros((4, 4, 3), np.uint8))
    with pytest.raises(TypeError, match="hu_moments"):
        vc.hu_moments([1, 2, 3])
    with pytest.raises(ValueError, match="hu_moments.*nu20"):
        vc.hu_moments({"m00": 1.0})
