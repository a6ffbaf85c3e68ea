"""find_contours against cv2.findContours: same points, order and hierarchy
for every mode and approximation, on synthetic shapes, random blobs and a
thresholded photo; big regions (no recursion), layouts and errors."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS, photo_rgb, strided_variants

cv2 = pytest.importorskip("cv2")

MODES = {"external": cv2.RETR_EXTERNAL, "list": cv2.RETR_LIST, "tree": cv2.RETR_TREE}
APPROX = {"none": cv2.CHAIN_APPROX_NONE, "simple": cv2.CHAIN_APPROX_SIMPLE}


def check_equal(img, mode, approx):
    cs, hier = vc.find_contours(img, mode, approx)
    cs2, hier2 = cv2.findContours(img, MODES[mode], APPROX[approx])
    assert len(cs) == len(cs2)
    for a, b in zip(cs, cs2):
        assert a.dtype == np.int32 and a.ndim == 2 and a.shape[1] == 2
        np.testing.assert_array_equal(a, b.reshape(-1, 2))
    assert hier.dtype == np.int32 and hier.shape == (len(cs), 4)
    if cs2:
        np.testing.assert_array_equal(hier, hier2[0])


def blobs(rng, h, w, sigma, thresh=0.5):
    noise = rng.random((h, w), dtype=np.float32)
    smooth = cv2.GaussianBlur(noise, (0, 0), sigma)
    lo, hi = float(smooth.min()), float(smooth.max())
    return ((smooth - lo) > (hi - lo) * thresh).astype(np.uint8)


def synthetic():
    img = np.zeros((120, 160), np.uint8)
    cv2.rectangle(img, (5, 5), (100, 100), 1, -1)
    cv2.rectangle(img, (20, 20), (80, 80), 0, -1)      # hole
    cv2.circle(img, (50, 50), 20, 1, -1)                # island in the hole
    cv2.circle(img, (50, 50), 8, 0, -1)                 # hole in the island
    cv2.line(img, (110, 0), (159, 60), 1, 1)            # 1-pixel diagonal line touching the border
    cv2.line(img, (110, 119), (159, 119), 1, 1)         # line on the bottom border
    img[0, :40] = 1                                     # top border run
    img[60, 130] = 1                                    # single pixel
    img[100:119, 0] = 1                                 # left border column
    cv2.ellipse(img, (130, 95), (20, 10), 30, 0, 360, 1, 1)  # 1-pixel ring
    return img


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("approx", list(APPROX))
def test_synthetic_shapes(mode, approx):
    check_equal(synthetic(), mode, approx)
    check_equal(np.ones((7, 9), np.uint8), mode, approx)
    check_equal(np.zeros((7, 9), np.uint8), mode, approx)
    for shape in [(1, 1), (1, 8), (8, 1), (2, 2)]:
        check_equal(np.ones(shape, np.uint8), mode, approx)


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("approx", list(APPROX))
@pytest.mark.parametrize("shape", [(3, 5), (40, 61), (480, 640)])
@pytest.mark.parametrize("density", [0.3, 0.5, 0.8])
def test_random_noise(rng, mode, approx, shape, density):
    check_equal((rng.random(shape) < density).astype(np.uint8), mode, approx)


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("approx", list(APPROX))
def test_blobs_and_nesting(rng, mode, approx):
    check_equal(blobs(rng, 1080, 1920, 3.0), mode, approx)
    # concentric rings: deep nesting
    yy, xx = np.mgrid[0:301, 0:301]
    rings = ((np.hypot(yy - 150, xx - 150) // 4) % 2).astype(np.uint8)
    check_equal(rings, mode, approx)


def test_thresholded_photo():
    gray = cv2.cvtColor(photo_rgb(), cv2.COLOR_RGB2GRAY)
    for t in (70, 140):
        img = (gray > t).astype(np.uint8)
        for mode in MODES:
            for approx in APPROX:
                check_equal(img, mode, approx)


def test_nonzero_values_are_foreground(rng):
    img = (rng.integers(0, 256, (100, 120)) * (rng.random((100, 120)) < 0.5)).astype(np.uint8)
    a, ha = vc.find_contours(img, "tree", "none")
    b, hb = vc.find_contours((img > 0).astype(np.uint8), "tree", "none")
    assert len(a) == len(b)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    np.testing.assert_array_equal(ha, hb)


def test_huge_region_and_maze():
    # one border of millions of pixels, followed without recursion
    img = np.ones((2000, 2000), np.uint8)
    cs, _ = vc.find_contours(img, "list", "none")
    assert len(cs) == 1 and len(cs[0]) == 4 * 1999
    maze = np.zeros((1001, 1001), np.uint8)
    maze[::2, :] = 1
    maze[1::4, -1] = 1
    maze[3::4, 0] = 1
    check_equal(maze, "tree", "simple")


@pytest.mark.parametrize("isa", ISAS)
def test_isa_levels_identical(rng, isa):
    # long equal runs of every length around the 16 / 32-byte skip steps
    img = np.zeros((64, 301), np.uint8)
    for y in range(64):
        img[y, 3 + y: 3 + 3 * y + 1] = 1
        img[y, 150 + (y % 33):] = 1
    img = np.concatenate([img, blobs(rng, 200, 301, 2.0)])
    with vc.isa(ISAS[0]):
        ref = vc.find_contours(img, "tree", "none")
    with vc.isa(isa):
        cs, h = vc.find_contours(img, "tree", "none")
    assert len(cs) == len(ref[0])
    for a, b in zip(cs, ref[0]):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(h, ref[1])
    check_equal(img, "tree", "none")


def test_threads_do_not_matter(rng):
    img = blobs(rng, 300, 400, 2.0)
    ref = vc.find_contours(img, "tree", "none")
    for t in (1, 2, 4):
        with vc.num_threads(t):
            cs, h = vc.find_contours(img, "tree", "none")
        assert len(cs) == len(ref[0])
        np.testing.assert_array_equal(h, ref[1])


def test_layouts(rng):
    img = (rng.random((45, 67)) < 0.5).astype(np.uint8)
    ref, href = vc.find_contours(img, "tree")
    for name, view, _ in strided_variants(img):
        cs, h = vc.find_contours(view, "tree")
        assert len(cs) == len(ref), name
        for a, b in zip(cs, ref):
            np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(h, href)


def test_errors():
    img = np.zeros((5, 5), np.uint8)
    with pytest.raises(ValueError, match="find_contours.*mode"):
        vc.find_contours(img, "ccomp")
    with pytest.raises(ValueError, match="find_contours.*approx"):
        vc.find_contours(img, "list", "tc89")
    with pytest.raises(TypeError, match="find_contours.*binary"):
        vc.find_contours(img.astype(np.int16))
    with pytest.raises(ValueError, match="find_contours.*binary"):
        vc.find_contours(np.zeros((5, 5, 3), np.uint8))
    with pytest.raises(TypeError, match="find_contours.*binary"):
        vc.find_contours(None)
    cs, h = vc.find_contours(img)
    assert cs == [] and h.shape == (0, 4)
