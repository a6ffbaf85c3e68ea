"""connected_components against OpenCV (labels, order, stats, centroids) for
both connectivities, every ISA level and thread count, layouts and errors."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS, photo_rgb, strided_variants

cv2 = pytest.importorskip("cv2")


def blobs(rng, h, w, sigma=3.0, thresh=0.5):
    """Thresholded smoothed noise: realistic blobs with holes."""
    noise = rng.random((h, w), dtype=np.float32)
    smooth = cv2.GaussianBlur(noise, (0, 0), sigma) if min(h, w) > 1 else noise
    lo, hi = float(smooth.min()), float(smooth.max())
    return ((smooth - lo) > (hi - lo) * thresh).astype(np.uint8)


def check_equal(img, connectivity):
    n, lab, st, cen = vc.connected_components(img, connectivity)
    n2, lab2, st2, cen2 = cv2.connectedComponentsWithStats(img, connectivity=connectivity)
    assert n == n2
    assert lab.dtype == np.int32 and st.dtype == np.int32 and cen.dtype == np.float64
    np.testing.assert_array_equal(lab, lab2)
    assert st.shape == (n, 5) and cen.shape == (n, 2)
    fg = st2[:, 4] > 0
    np.testing.assert_array_equal(st[fg], st2[fg])
    np.testing.assert_allclose(cen[fg], cen2[fg], rtol=1e-12)


@pytest.mark.parametrize("connectivity", [4, 8])
@pytest.mark.parametrize("shape", [(1, 1), (1, 9), (9, 1), (2, 2), (3, 5), (7, 33), (64, 65),
                                   (480, 640), (1079, 1917)])
@pytest.mark.parametrize("density", [0.2, 0.5, 0.8])
def test_random_noise_matches_opencv(rng, connectivity, shape, density):
    img = (rng.random(shape) < density).astype(np.uint8)
    check_equal(img, connectivity)


@pytest.mark.parametrize("connectivity", [4, 8])
@pytest.mark.parametrize("sigma", [1.5, 4.0])
def test_blobs_match_opencv(rng, connectivity, sigma):
    check_equal(blobs(rng, 1080, 1920, sigma), connectivity)


@pytest.mark.parametrize("connectivity", [4, 8])
def test_structured_patterns(connectivity):
    h, w = 257, 301
    yy, xx = np.mgrid[0:h, 0:w]
    patterns = [
        ((xx + yy) % 2).astype(np.uint8),                 # checkerboard: many labels
        (xx % 3 == 0).astype(np.uint8),                   # vertical lines across bands
        (yy % 2 == 0).astype(np.uint8),                   # horizontal lines
        ((xx - yy) % 7 == 0).astype(np.uint8),            # diagonals
        np.ones((h, w), np.uint8),                        # all foreground
        np.zeros((h, w), np.uint8),                       # nothing
        (((xx // 16) + (yy // 16)) % 2).astype(np.uint8),  # blocks touching by corners
    ]
    for img in patterns:
        check_equal(img, connectivity)


def test_spiral_and_large_region():
    # one huge snake-shaped component: no recursion, one label
    h = w = 1001
    img = np.zeros((h, w), np.uint8)
    for i in range(0, h, 4):
        img[i, :] = 1
        if (i // 4) % 2 == 0:
            img[i:i + 4, -1] = 1
        else:
            img[i:i + 4, 0] = 1
    n, lab = vc.connected_components(img, stats=False)
    n2, lab2 = cv2.connectedComponents(img)
    assert n == n2 == 2
    np.testing.assert_array_equal(lab, lab2)
    n, _ = vc.connected_components(np.ones((2000, 2000), np.uint8), stats=False)
    assert n == 2


def test_nonzero_values_are_foreground(rng):
    img = rng.integers(0, 256, (200, 300), dtype=np.uint8) * (rng.random((200, 300)) < 0.4)
    img = img.astype(np.uint8)
    n, lab = vc.connected_components(img, stats=False)
    n2, lab2 = cv2.connectedComponents((img > 0).astype(np.uint8))
    assert n == n2
    np.testing.assert_array_equal(lab, lab2)


def test_thresholded_photo():
    gray = cv2.cvtColor(photo_rgb(), cv2.COLOR_RGB2GRAY)
    for t in (60, 128, 200):
        img = (gray > t).astype(np.uint8)
        check_equal(img, 8)
        check_equal(img, 4)


def test_empty_background_stats():
    n, _, st, cen = vc.connected_components(np.ones((3, 4), np.uint8))
    assert n == 2
    np.testing.assert_array_equal(st[1], [0, 0, 4, 3, 12])
    np.testing.assert_array_equal(st[0], [0, 0, 0, 0, 0])
    assert np.isnan(cen[0]).all()


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("connectivity", [4, 8])
def test_isa_and_threads_identical(rng, isa, connectivity):
    img = blobs(rng, 1031, 777, 2.0)
    img[::61] = 1  # rows that cross every band border
    with vc.isa(isa):
        ref = None
        for t in (1, 2, 4, 7):
            with vc.num_threads(t):
                res = vc.connected_components(img, connectivity)
            if ref is None:
                ref = res
                continue
            assert res[0] == ref[0]
            for a, b in zip(res[1:], ref[1:]):
                np.testing.assert_array_equal(a, b)
    check_equal(img, connectivity)


def test_layouts(rng):
    img = (rng.random((45, 67)) < 0.5).astype(np.uint8)
    _, ref = vc.connected_components(img, stats=False)
    for name, view, expected in strided_variants(img):
        _, lab = vc.connected_components(view, stats=False)
        np.testing.assert_array_equal(lab, ref, err_msg=name)


def test_out(rng):
    img = (rng.random((40, 50)) < 0.5).astype(np.uint8)
    n, ref = vc.connected_components(img, stats=False)
    out = np.full((40, 50), -7, np.int32)
    n2, lab = vc.connected_components(img, stats=False, out=out)
    assert lab is out and n2 == n
    np.testing.assert_array_equal(out, ref)
    big = np.zeros((40, 60), np.int32)
    vc.connected_components(img, stats=False, out=big[:, 5:55])
    np.testing.assert_array_equal(big[:, 5:55], ref)
    with pytest.raises(TypeError, match="out"):
        vc.connected_components(img, out=np.zeros((40, 50), np.int64))
    with pytest.raises(ValueError, match="out"):
        vc.connected_components(img, out=np.zeros((41, 50), np.int32))
    ro = np.zeros((40, 50), np.int32)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        vc.connected_components(img, out=ro)
    with pytest.raises(ValueError, match="out"):
        vc.connected_components(img, out=np.zeros((50, 40), np.int32).T)


def test_errors():
    img = np.zeros((5, 5), np.uint8)
    with pytest.raises(ValueError, match="connected_components.*connectivity"):
        vc.connected_components(img, connectivity=6)
    with pytest.raises(TypeError, match="connected_components.*binary"):
        vc.connected_components(img.astype(bool))
    with pytest.raises(TypeError, match="connected_components.*binary"):
        vc.connected_components(img.astype(np.float32))
    with pytest.raises(ValueError, match="connected_components.*binary"):
        vc.connected_components(np.zeros((5, 5, 3), np.uint8))
    with pytest.raises(ValueError, match="connected_components.*binary"):
        vc.connected_components(np.zeros((0, 5), np.uint8))
    with pytest.raises(TypeError, match="connected_components.*binary"):
        vc.connected_components([[0, 1]])
    huge = np.broadcast_to(np.zeros((1, 1), np.uint8), (1 << 17, 1 << 17))
    with pytest.raises(vc.LimitExceeded):
        vc.connected_components(huge)
