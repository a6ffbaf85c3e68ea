"""find_homography / estimate_affine_2d: exact recovery, outliers, errors,
determinism; and the end-to-end quality check against OpenCV (ORB + brute
force matching + RANSAC on real photographs warped by known homographies)."""

from __future__ import annotations

import importlib.util
import math
import pathlib

import numpy as np
import pytest
import visioncore as vc

cv2 = pytest.importorskip("cv2")


def apply_h(h, pts):
    p = np.c_[pts, np.ones(len(pts))] @ h.T
    return p[:, :2] / p[:, 2:]


def random_h(rng):
    a = math.radians(rng.uniform(-40, 40))
    s = rng.uniform(0.6, 1.6)
    h = np.array([[s * math.cos(a), -s * math.sin(a), rng.uniform(-50, 50)],
                  [s * math.sin(a), s * math.cos(a), rng.uniform(-50, 50)],
                  [rng.uniform(-4e-4, 4e-4), rng.uniform(-4e-4, 4e-4), 1.0]])
    return h


def test_exact_recovery_minimal_and_many(rng):
    for n in (4, 5, 50):
        h = random_h(rng)
        src = rng.uniform(0, 500, (n, 2))
        dst = apply_h(h, src)
        for method in ("ransac", "lmeds", "none"):
            est, mask = vc.find_homography(src, dst, method=method)
            assert est.shape == (3, 3) and est.dtype == np.float64 and est[2, 2] == 1
            assert mask.shape == (n,) and mask.dtype == np.bool_ and mask.all()
            np.testing.assert_allclose(apply_h(est, src), dst, atol=1e-6)


def test_outliers_ransac_and_lmeds(rng):
    h = random_h(rng)
    src = rng.uniform(0, 640, (400, 2))
    dst = apply_h(h, src) + rng.normal(0, 0.5, (400, 2))
    bad = rng.random(400) < 0.4
    dst[bad] = rng.uniform(0, 640, (bad.sum(), 2))
    for method in ("ransac", "lmeds"):
        est, mask = vc.find_homography(src, dst, method=method, seed=7)
        corners = np.array([[0, 0], [640, 0], [640, 480], [0, 480]], float)
        assert np.abs(apply_h(est, corners) - apply_h(h, corners)).max() < 1.5
        assert (mask & bad).sum() <= 3
        assert (mask & ~bad).sum() >= 0.95 * (~bad).sum()
    _ref, ref_mask = cv2.findHomography(src, dst, cv2.RANSAC, 3.0)
    assert abs(int(mask.sum()) - int(ref_mask.sum())) <= 0.05 * len(src)


def test_deterministic_for_seed(rng):
    h = random_h(rng)
    src = rng.uniform(0, 640, (200, 2))
    dst = apply_h(h, src) + rng.normal(0, 1.0, (200, 2))
    dst[::3] = rng.uniform(0, 640, (len(dst[::3]), 2))
    a = vc.find_homography(src, dst, seed=123)
    b = vc.find_homography(src, dst, seed=123)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    c = vc.find_homography(src, dst)
    d = vc.find_homography(src, dst, seed=0)
    np.testing.assert_array_equal(c[0], d[0])
    with vc.num_threads(1):
        np.testing.assert_array_equal(vc.find_homography(src, dst, seed=123)[0], a[0])


def test_input_forms(rng):
    h = random_h(rng)
    src = rng.uniform(0, 300, (30, 2))
    dst = apply_h(h, src)
    ref = vc.find_homography(src, dst)[0]
    np.testing.assert_allclose(
        vc.find_homography(src.astype(np.float32).reshape(-1, 1, 2),
                           dst.astype(np.float32).reshape(-1, 1, 2))[0], ref, rtol=1e-4, atol=1e-4)
    vc.find_homography(np.rint(src).astype(np.int32), dst)


def test_affine(rng):
    a = np.array([[0.9, -0.3, 12.0], [0.25, 1.1, -7.0]])
    src = rng.uniform(0, 400, (300, 2))
    dst = src @ a[:, :2].T + a[:, 2] + rng.normal(0, 0.3, (300, 2))
    bad = rng.random(300) < 0.3
    dst[bad] = rng.uniform(0, 400, (bad.sum(), 2))
    for method in ("ransac", "lmeds"):
        est, mask = vc.estimate_affine_2d(src, dst, method=method, seed=1)
        assert est.shape == (2, 3)
        np.testing.assert_allclose(est, a, atol=0.05 * np.abs(a).max())
        assert (mask & bad).sum() <= 3
    exact, mask = vc.estimate_affine_2d(src[:3], src[:3] @ a[:, :2].T + a[:, 2])
    np.testing.assert_allclose(exact, a, atol=1e-9)
    est, mask = vc.estimate_affine_2d(src[~bad], dst[~bad], method="none")
    assert mask.all()
    ref = cv2.estimateAffine2D(src[~bad], dst[~bad], method=cv2.LMEDS)[0]
    np.testing.assert_allclose(est, ref, atol=0.05)


def test_errors(rng):
    pts = rng.uniform(0, 100, (10, 2))
    with pytest.raises(ValueError, match="find_homography.*src"):
        vc.find_homography(pts[:3], pts[:3])
    with pytest.raises(ValueError, match="estimate_affine_2d.*src"):
        vc.estimate_affine_2d(pts[:2], pts[:2])
    with pytest.raises(ValueError, match="find_homography.*dst"):
        vc.find_homography(pts, pts[:9])
    nan = pts.copy()
    nan[3, 1] = np.nan
    with pytest.raises(ValueError, match="find_homography.*src"):
        vc.find_homography(nan, pts)
    with pytest.raises(ValueError, match="find_homography.*dst"):
        vc.find_homography(pts, np.where(np.isnan(nan), np.inf, nan))
    line = np.c_[np.arange(10.0), 2 * np.arange(10.0) + 1]
    with pytest.raises(ValueError, match="find_homography.*src.*collinear"):
        vc.find_homography(line, pts)
    with pytest.raises(ValueError, match="estimate_affine_2d.*dst.*collinear"):
        vc.estimate_affine_2d(pts, np.zeros((10, 2)))
    with pytest.raises(ValueError, match="find_homography.*method"):
        vc.find_homography(pts, pts, method="magsac")
    with pytest.raises(ValueError, match="find_homography.*reproj_threshold"):
        vc.find_homography(pts, pts, reproj_threshold=0)
    with pytest.raises(ValueError, match="find_homography.*confidence"):
        vc.find_homography(pts, pts, confidence=1.0)
    with pytest.raises(ValueError, match="find_homography.*max_iters"):
        vc.find_homography(pts, pts, max_iters=0)
    with pytest.raises(ValueError, match="find_homography.*seed"):
        vc.find_homography(pts, pts, seed=-1)
    with pytest.raises(TypeError, match="find_homography.*seed"):
        vc.find_homography(pts, pts, seed=1.5)
    with pytest.raises(TypeError, match="find_homography.*src"):
        vc.find_homography(pts.tolist(), pts)
    with pytest.raises(TypeError, match="find_homography.*src"):
        vc.find_homography(pts.astype(np.complex64), pts)
    with pytest.raises(ValueError, match="find_homography.*src"):
        vc.find_homography(pts.reshape(5, 4), pts)
    # 4 pairs with three collinear source points: no model
    sq = np.array([[0, 0], [1, 0], [2, 0], [0, 1]], float)
    with pytest.raises(ValueError, match="find_homography.*no model"):
        vc.find_homography(sq, sq + 1)


# ---------------------------------------------------------------- quality --

def _quality_module():
    """The shared harness in benchmarks/ (source tree only)."""
    path = pathlib.Path(__file__).resolve().parents[1] / "benchmarks" / "homography_quality.py"
    if not path.exists():
        pytest.skip("benchmarks/ is not beside the tests")
    pytest.importorskip("skimage.data")
    spec = importlib.util.spec_from_file_location("homography_quality", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quality_vs_opencv():
    quality = _quality_module()
    rows = quality.quality_table()
    s = quality.summary(rows)
    print("\n" + "\n".join(quality.markdown(rows)))
    assert s["success_vc"] >= s["success_cv"]
    assert s["median_vc"] <= s["median_cv"] * 1.1 + 0.1
