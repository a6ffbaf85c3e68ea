"""vc.canny and vc.canny_from_gradients: same edge maps as cv2.Canny on
photographs and synthetic shapes, every ISA level and thread count
identical, the SIMD row kernels against the reference, and bad input."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS, strided_variants

cv2 = pytest.importorskip("cv2")


def _photos():
    data = pytest.importorskip("skimage.data")
    return {
        "camera": data.camera(),
        "astronaut": cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2GRAY),
        "coins": data.coins(),
        "moon": data.moon(),
        "page": data.page(),
        "brick": data.brick(),
    }


def _shapes(h=241, w=317):
    img = np.full((h, w), 40, np.uint8)
    cv2.rectangle(img, (20, 30), (120, 150), 200, -1)
    cv2.circle(img, (220, 110), 60, 120, -1)
    cv2.line(img, (5, 230), (310, 170), 255, 2)
    pts = np.array([[150, 200], [200, 160], [260, 230]], np.int32)
    cv2.fillPoly(img, [pts], 90)
    return img


def _smooth_random(rng, h, w):
    img = rng.integers(0, 256, (h, w), dtype=np.uint8)
    return cv2.GaussianBlur(img, (7, 7), 2.0)


@pytest.fixture(scope="module")
def photos():
    return _photos()


@pytest.mark.parametrize("aperture", [3, 5, 7])
@pytest.mark.parametrize("l2", [False, True])
@pytest.mark.parametrize("thresholds", [(50, 150), (10, 30), (100, 250.5)])
def test_photos_identical_to_opencv(photos, aperture, l2, thresholds):
    lo, hi = thresholds
    for name, img in photos.items():
        got = vc.canny(img, lo, hi, aperture=aperture, l2_gradient=l2)
        ref = cv2.Canny(img, lo, hi, apertureSize=aperture, L2gradient=l2)
        assert got.dtype == np.uint8 and got.shape == img.shape
        assert set(np.unique(got)) <= {0, 255}
        diff = np.count_nonzero(got != ref)
        assert diff == 0, f"{name}: {diff} pixels differ"


@pytest.mark.parametrize("aperture", [3, 5, 7])
@pytest.mark.parametrize("l2", [False, True])
def test_synthetic_identical_to_opencv(rng, aperture, l2):
    for img in (_shapes(), _smooth_random(rng, 97, 131), _smooth_random(rng, 5, 3),
                np.zeros((9, 9), np.uint8), np.full((1, 1), 7, np.uint8)):
        for lo, hi in [(20, 60), (0, 0), (1, 1000)]:
            got = vc.canny(img, lo, hi, aperture=aperture, l2_gradient=l2)
            ref = cv2.Canny(img, lo, hi, apertureSize=aperture, L2gradient=l2)
            np.testing.assert_array_equal(got, ref)


@pytest.mark.parametrize("l2", [False, True])
def test_from_gradients_identical_to_opencv(rng, photos, l2):
    img = photos["camera"]
    dx, dy = vc.sobel(img, 1, 0), vc.sobel(img, 0, 1)
    got = vc.canny_from_gradients(dx, dy, 40, 120, l2_gradient=l2)
    np.testing.assert_array_equal(got, cv2.Canny(dx, dy, 40, 120, L2gradient=l2))
    # random gradients over the int16 range but -32768 (where OpenCV's own
    # magnitude of |-32768| differs, see edges.hpp): the 32-bit wrapping
    # cases of L2 included
    gx = rng.integers(-32767, 32768, (61, 83), dtype=np.int16)
    gy = rng.integers(-32767, 32768, (61, 83), dtype=np.int16)
    gx[0, :8] = 32767
    gy[0, :8] = -32767
    for lo, hi in [(0, 10), (1000, 30000), (20000, 20000)]:
        got = vc.canny_from_gradients(gx, gy, lo, hi, l2_gradient=l2)
        np.testing.assert_array_equal(got, cv2.Canny(gx, gy, lo, hi, L2gradient=l2))


def test_canny_equals_from_sobel_gradients(photos):
    img = photos["coins"]
    dx = vc.sobel(img, 1, 0, border="replicate")
    dy = vc.sobel(img, 0, 1, border="replicate")
    np.testing.assert_array_equal(vc.canny(img, 30, 90), vc.canny_from_gradients(dx, dy, 30, 90))


@pytest.mark.parametrize("l2", [False, True])
def test_isa_levels_and_threads_identical(rng, l2):
    img = _smooth_random(rng, 1079, 517)
    ref = None
    for isa in ISAS:
        with vc.isa(isa):
            for n in (1, 2, 4):
                with vc.num_threads(n):
                    got = vc.canny(img, 5, 20, l2_gradient=l2)
                if ref is None:
                    ref = got
                np.testing.assert_array_equal(got, ref, err_msg=f"{isa} threads={n}")
    np.testing.assert_array_equal(ref, cv2.Canny(img, 5, 20, L2gradient=l2))


@pytest.mark.parametrize("width", [1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 31, 33, 47, 64, 65, 127])
def test_simd_rows_against_reference(rng, width):
    """Every level's magnitude + NMS kernels on widths around the vector
    sizes, with extreme gradients (wrapping arithmetic) and ties."""
    gx = rng.integers(-32768, 32768, (9, width), dtype=np.int16)
    gy = rng.integers(-32768, 32768, (9, width), dtype=np.int16)
    gx[::3] //= 256
    gy[1::3] = gx[1::3]
    small_x = rng.integers(-3, 4, (9, width), dtype=np.int16)
    small_y = rng.integers(-3, 4, (9, width), dtype=np.int16)
    for l2 in (False, True):
        for a, b in ((gx, gy), (small_x, small_y)):
            for lo, hi in [(0, 2), (1, 3), (5000, 40000)]:
                with vc.isa("scalar"):
                    ref = vc.canny_from_gradients(a, b, lo, hi, l2_gradient=l2)
                for isa in ISAS:
                    with vc.isa(isa):
                        got = vc.canny_from_gradients(a, b, lo, hi, l2_gradient=l2)
                    np.testing.assert_array_equal(got, ref, err_msg=f"{isa} l2={l2}")


def test_band_boundaries_do_not_matter():
    """Long edges crossing every row band: one connected component that is
    only reached through weak pixels from a strong seed far away."""
    h, w = 900, 64
    img = np.zeros((h, w), np.uint8)
    img[:, 32:] = 60  # weak vertical edge over the whole height
    img[h - 20:, 32:] = 255  # strong only at the bottom
    ref = cv2.Canny(img, 50, 200)
    for n in (1, 2, 3, 4, 7):
        with vc.num_threads(n):
            np.testing.assert_array_equal(vc.canny(img, 50, 200), ref)
    assert np.count_nonzero(ref[:10]) > 0  # hysteresis did travel to the top


def test_large_connected_edge_no_recursion():
    """A maze of one connected edge over 2000x2000: explicit stacks only."""
    img = np.zeros((2000, 2000), np.uint8)
    img[::4, :] = 255
    img[:, ::50] = 255
    ref = cv2.Canny(img, 1, 2)
    for n in (1, 4):
        with vc.num_threads(n):
            np.testing.assert_array_equal(vc.canny(img, 1, 2), ref)


def test_layouts_and_out(photos):
    img = photos["camera"][100:260, 50:301]
    ref = vc.canny(np.ascontiguousarray(img), 40, 120)
    for name, view, _ in strided_variants(np.ascontiguousarray(img)):
        np.testing.assert_array_equal(vc.canny(view, 40, 120), ref, err_msg=name)
    out = np.full(img.shape, 7, np.uint8)
    res = vc.canny(img, 40, 120, out=out)
    assert res is out
    np.testing.assert_array_equal(out, ref)
    np.testing.assert_array_equal(vc.canny(img[:, :, None], 40, 120)[:, :, 0], ref)
    dx, dy = vc.sobel(img, 1, 0), vc.sobel(img, 0, 1)
    out2 = np.empty(img.shape, np.uint8)
    assert vc.canny_from_gradients(dx, dy, 40, 120, out=out2) is out2


def test_bad_input():
    img = np.zeros((8, 8), np.uint8)
    with pytest.raises(ValueError, match=r"canny.*low"):
        vc.canny(img, 200, 100)
    for lo, hi, param in [(-1, 10, "low"), (1, -1, "high"), (float("nan"), 1, "low"),
                          (1, float("inf"), "high")]:
        with pytest.raises(ValueError, match=param):
            vc.canny(img, lo, hi)
    for ap in (1, 2, 4, 9, -1, 31):
        with pytest.raises(ValueError, match="aperture"):
            vc.canny(img, 1, 2, aperture=ap)
    with pytest.raises(TypeError, match="aperture"):
        vc.canny(img, 1, 2, aperture=3.0)
    with pytest.raises(TypeError, match="low"):
        vc.canny(img, "1", 2)
    for dt in (np.uint16, np.int16, np.float32, np.float64):
        with pytest.raises(TypeError, match=r"canny.*img"):
            vc.canny(img.astype(dt), 1, 2)
    with pytest.raises(ValueError, match="img"):
        vc.canny(np.zeros((8, 8, 3), np.uint8), 1, 2)
    with pytest.raises(ValueError, match="img"):
        vc.canny(np.zeros((0, 8), np.uint8), 1, 2)
    with pytest.raises(ValueError, match="out"):
        vc.canny(img, 1, 2, out=np.zeros((8, 9), np.uint8))
    with pytest.raises(TypeError, match="out"):
        vc.canny(img, 1, 2, out=np.zeros((8, 8), np.int16))
    with pytest.raises(ValueError, match="out"):
        vc.canny(img, 1, 2, out=img)
    dx = np.zeros((8, 8), np.int16)
    with pytest.raises(TypeError, match=r"canny_from_gradients.*dx"):
        vc.canny_from_gradients(dx.astype(np.float32), dx, 1, 2)
    with pytest.raises(TypeError, match="dy"):
        vc.canny_from_gradients(dx, dx.astype(np.uint8), 1, 2)
    with pytest.raises(ValueError, match="dy"):
        vc.canny_from_gradients(dx, np.zeros((8, 9), np.int16), 1, 2)
    with pytest.raises(ValueError, match="low"):
        vc.canny_from_gradients(dx, dx, 3, 2)
    huge = np.broadcast_to(img[:1, :1], (1 << 17, 1 << 17))
    with pytest.raises(vc.LimitExceeded):
        vc.canny(huge, 1, 2)


def test_docstrings():
    for fn in (vc.canny, vc.canny_from_gradients):
        for section in ("Args:", "Returns:", "Raises:"):
            assert section in fn.__doc__
