"""match_template and min_max_loc against OpenCV: every method, dtypes,
channels, masks, small (direct) and large (FFT) templates, ISA levels,
thread counts, layouts and bad input."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS, photo_rgb, random_image, strided_variants

cv2 = pytest.importorskip("cv2")

METHODS = {
    "sqdiff": cv2.TM_SQDIFF,
    "sqdiff_normed": cv2.TM_SQDIFF_NORMED,
    "ccorr": cv2.TM_CCORR,
    "ccorr_normed": cv2.TM_CCORR_NORMED,
    "ccoeff": cv2.TM_CCOEFF,
    "ccoeff_normed": cv2.TM_CCOEFF_NORMED,
}


def close(a, b, tol=1e-4, scale=None):
    """Within tol of the response scale (max |b|, at least 1 for normed)."""
    scale = max(float(np.abs(b).max()), 1.0, scale or 0.0)
    err = float(np.abs(a.astype(np.float64) - b).max())
    assert err <= tol * scale, (err, scale)


def image_and_template(rng, h, w, c, dtype, th, tw):
    img = random_image(rng, h, w, c, dtype)
    if np.dtype(dtype) == np.uint8:
        # a smooth photo-like image so normalizations are well-conditioned
        base = cv2.resize(random_image(rng, h // 8 + 2, w // 8 + 2, c, dtype), (w, h))
        img = (base.astype(np.int32) // 2 + img // 2).astype(np.uint8)
        if c == 1:
            img = img.reshape(h, w, 1)
    y, x = h // 3, w // 4
    templ = img[y:y + th, x:x + tw].copy()
    return img, templ


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("dtype", [np.uint8, np.float32])
@pytest.mark.parametrize("c", [None, 3])
@pytest.mark.parametrize("tsize", [(5, 7), (16, 16), (40, 33)])
def test_matches_opencv(rng, method, dtype, c, tsize):
    img, templ = image_and_template(rng, 97, 131, c, dtype, *tsize)
    r = vc.match_template(img, templ, method)
    ref = cv2.matchTemplate(img, templ, METHODS[method])
    assert r.dtype == np.float32 and r.shape == ref.shape
    close(r, ref)


@pytest.mark.parametrize("method", METHODS)
def test_large_template_fft_path(rng, method):
    img, templ = image_and_template(rng, 300, 340, None, np.uint8, 128, 128)
    close(vc.match_template(img, templ, method), cv2.matchTemplate(img, templ, METHODS[method]))


def exact(img, templ, method):
    """float64 reference (1 channel, no mask): FFT correlation in double and
    window sums from cumulative sums."""
    signal = pytest.importorskip("scipy.signal")
    i = img.astype(np.float64)
    t = templ.astype(np.float64)
    h, w = t.shape

    def box(a):
        c = np.pad(a, ((1, 0), (1, 0))).cumsum(0).cumsum(1)
        return c[h:, w:] - c[:-h, w:] - c[h:, :-w] + c[:-h, :-w]

    if method.startswith("ccoeff"):
        t = t - t.mean()
    c = signal.correlate(i, t, mode="valid", method="fft")
    e = box(i * i)
    if method.startswith("ccoeff"):
        e = e - box(i) ** 2 / (h * w)
    if method.startswith("sqdiff"):
        c = e - 2 * c + (t * t).sum()
    if method.endswith("normed"):
        with np.errstate(all="ignore"):
            c = c / np.sqrt(e * (t * t).sum())
    return c


@pytest.mark.parametrize("method", METHODS)
def test_photo(method):
    img = cv2.cvtColor(photo_rgb(), cv2.COLOR_RGB2GRAY)
    templ = img[200:232, 180:230].copy()
    r = vc.match_template(img, templ, method)
    ref = cv2.matchTemplate(img, templ, METHODS[method])
    # OpenCV's float transform loses ~1e-3 on the darkest windows of the
    # normalized methods; against the float64 reference we are within 1e-5
    close(r, ref, 2e-3 if method.endswith("normed") else 1e-4)
    ex = exact(img, templ, method)
    ok = np.isfinite(ex) & (np.abs(ex) <= 1 if method.endswith("normed") else True)
    close(r[ok], ex[ok], 1e-5)
    want = cv2.minMaxLoc(ref)[2 if method.startswith("sqdiff") else 3]
    got = vc.min_max_loc(r)[2 if method.startswith("sqdiff") else 3]
    assert got == want
    if method in ("sqdiff", "sqdiff_normed", "ccorr_normed", "ccoeff_normed"):
        assert got == (180, 200)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("c,mc", [(None, None), (3, 1), (3, 3)])
def test_mask_binary(rng, method, c, mc):
    img, templ = image_and_template(rng, 60, 70, c, np.float32, 9, 11)
    mask = (rng.random((9, 11)) > 0.3).astype(np.uint8)
    if mc == 3:
        mask = np.repeat(mask[:, :, None], 3, axis=2)
    elif mc == 1 and c == 3:
        mask = mask.reshape(9, 11, 1)
    r = vc.match_template(img, templ, method, mask=mask)
    ref = cv2.matchTemplate(img, templ, METHODS[method], mask=mask)
    close(r, ref, 2e-4)


def test_mask_u8_image_and_weights(rng):
    img, templ = image_and_template(rng, 50, 60, None, np.uint8, 8, 8)
    mask = (rng.random((8, 8)) > 0.5).astype(np.uint8) * 255  # binary, any nonzero
    for method in ("sqdiff", "ccorr_normed", "ccoeff_normed"):
        ref = cv2.matchTemplate(img, templ, METHODS[method], mask=mask)
        close(vc.match_template(img, templ, method, mask=mask), ref, 2e-4)
    fimg, ftempl = img.astype(np.float32), templ.astype(np.float32)
    weights = rng.random((8, 8), dtype=np.float32)
    ref = cv2.matchTemplate(fimg, ftempl, cv2.TM_CCORR, mask=weights)
    close(vc.match_template(fimg, ftempl, "ccorr", mask=weights), ref, 2e-4)


def test_exact_location_and_perfect_scores(rng):
    img = random_image(rng, 120, 150, None, np.uint8)
    templ = img[37:37 + 20, 81:81 + 25].copy()
    r = vc.match_template(img, templ, "sqdiff")
    assert vc.min_max_loc(r)[2] == (81, 37) and r[37, 81] == 0
    r = vc.match_template(img, templ, "ccoeff_normed")
    assert vc.min_max_loc(r)[3] == (81, 37) and abs(r[37, 81] - 1) < 1e-6


def test_edge_cases_like_opencv(rng):
    img = random_image(rng, 40, 50, None, np.uint8)
    img[:20] = 7  # flat windows: normed guards
    flat = np.full((6, 6), 9, np.uint8)
    for method, code in METHODS.items():
        for t in (flat, img[25:31, 10:16].copy()):
            # a flat template's "ccoeff" is 0: OpenCV's is rounding noise of
            # the "ccorr" scale
            scale = float(cv2.matchTemplate(img, t, cv2.TM_CCORR).max())
            close(vc.match_template(img, t, method), cv2.matchTemplate(img, t, code),
                  scale=scale if method == "ccoeff" else None)
    # template as large as the image: one value
    r = vc.match_template(img, img, "ccorr_normed")
    assert r.shape == (1, 1) and abs(r[0, 0] - 1) < 1e-6


@pytest.mark.parametrize("tsize", [(6, 9), (120, 100)])
@pytest.mark.parametrize("method", ["sqdiff", "ccoeff_normed"])
def test_isas_and_threads_identical(rng, tsize, method):
    img, templ = image_and_template(rng, 230, 250, 3, np.uint8, *tsize)
    with vc.isa("scalar"):
        vc.set_num_threads(1)
        ref = vc.match_template(img, templ, method)
    for isa in ISAS:
        for n in (1, 2, 4):
            vc.set_num_threads(n)
            with vc.isa(isa):
                np.testing.assert_array_equal(vc.match_template(img, templ, method), ref)


@pytest.mark.parametrize("width", [1, 7, 8, 31, 33, 64, 65, 100])
def test_direct_kernel_widths(rng, width):
    img = random_image(rng, 12, width + 4, None, np.float32)
    templ = img[2:7, 1:6].copy()
    with vc.isa("scalar"):
        ref = vc.match_template(img, templ, "ccorr")
    close(ref, cv2.matchTemplate(img, templ, cv2.TM_CCORR), 1e-5)
    for isa in ISAS:
        with vc.isa(isa):
            np.testing.assert_array_equal(vc.match_template(img, templ, "ccorr"), ref)


@pytest.mark.parametrize("width", [1, 7, 8, 31, 33, 64, 65, 100])
def test_direct_integer_kernel_widths(rng, width):
    img = random_image(rng, 12, width + 4, 3, np.uint8)
    templ = img[2:7, 1:6].copy()  # odd height: the last row pair is half empty
    with vc.isa("scalar"):
        ref = vc.match_template(img, templ, "ccorr")
    exact_ref = cv2.matchTemplate(img.astype(np.float32), templ.astype(np.float32), cv2.TM_CCORR)
    np.testing.assert_array_equal(ref, exact_ref)  # integer sums, exact
    for isa in ISAS:
        with vc.isa(isa):
            np.testing.assert_array_equal(vc.match_template(img, templ, "ccorr"), ref)


def test_wide_template_integer_chunks(rng):
    # 400 columns: the exact int32 sums are split into chunks of row pairs
    img = random_image(rng, 70, 420, None, np.uint8)
    templ = img[5:65, 10:410].copy()
    for method in ("ccorr", "sqdiff", "ccoeff_normed"):
        r = vc.match_template(img, templ, method)
        close(r, exact(img, templ, method), 1e-6)
        for isa in ISAS:
            with vc.isa(isa):
                np.testing.assert_array_equal(vc.match_template(img, templ, method), r)


def test_layouts_and_out(rng):
    img, templ = image_and_template(rng, 60, 70, 3, np.uint8, 7, 9)
    ref = vc.match_template(img, templ, "ccorr_normed")
    for _, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.match_template(view, templ, "ccorr_normed"), ref)
    out = np.empty_like(ref)
    assert vc.match_template(img, templ, "ccorr_normed", out=out) is out
    np.testing.assert_array_equal(out, ref)
    with pytest.raises(ValueError, match="out"):
        vc.match_template(img, templ, out=np.empty((3, 3), np.float32))
    with pytest.raises(TypeError, match="out"):
        vc.match_template(img, templ, out=np.empty(ref.shape, np.uint8))


def test_bad_input(rng):
    img = random_image(rng, 20, 30, None, np.uint8)
    with pytest.raises(ValueError, match="match_template.*templ"):
        vc.match_template(img, np.zeros((21, 5), np.uint8))
    with pytest.raises(ValueError, match="match_template.*templ"):
        vc.match_template(img, np.zeros((5, 31), np.uint8))
    with pytest.raises(ValueError, match="method"):
        vc.match_template(img, img[:3, :3], "sad")
    with pytest.raises(TypeError, match="templ"):
        vc.match_template(img, img[:3, :3].astype(np.float32))
    with pytest.raises(TypeError, match="img"):
        vc.match_template(img.astype(np.float64), img[:3, :3])
    with pytest.raises(ValueError, match="templ"):
        vc.match_template(np.zeros((20, 30, 3), np.uint8), img[:3, :3])
    with pytest.raises(ValueError):
        vc.match_template(np.zeros((0, 5), np.uint8), img[:3, :3])
    with pytest.raises(ValueError, match="mask"):
        vc.match_template(img, img[:3, :3], mask=np.ones((4, 3), np.uint8))
    with pytest.raises(TypeError, match="mask"):
        vc.match_template(img, img[:3, :3], mask=np.ones((3, 3), np.int16))
    with pytest.raises(TypeError):
        vc.match_template([[1, 2]], img[:1, :1])


def test_min_max_loc(rng):
    for dtype in (np.uint8, np.uint16, np.int16, np.float32):
        a = random_image(rng, 37, 53, None, dtype)
        assert vc.min_max_loc(a) == cv2.minMaxLoc(a)
        mask = (rng.random(a.shape) > 0.5).astype(np.uint8)
        assert vc.min_max_loc(a, mask) == cv2.minMaxLoc(a, mask)
    # ties: the first in raster order, across row blocks
    a = np.zeros((300, 7), np.uint8)
    a[100, 3] = a[250, 1] = 9
    assert vc.min_max_loc(a) == (0.0, 9.0, (0, 0), (3, 100))
    for n in (1, 2, 4):
        vc.set_num_threads(n)
        assert vc.min_max_loc(a) == cv2.minMaxLoc(a)
    z = np.zeros((4, 4), np.uint8)
    assert vc.min_max_loc(z, np.zeros((4, 4), np.uint8)) == (0.0, 0.0, (-1, -1), (-1, -1))
    f = np.array([[1, np.nan], [2, 3]], np.float32)
    assert vc.min_max_loc(f) == (1.0, 3.0, (0, 0), (1, 1))
    with pytest.raises(ValueError, match="min_max_loc"):
        vc.min_max_loc(np.zeros((4, 4, 3), np.uint8))
    with pytest.raises(ValueError, match="mask"):
        vc.min_max_loc(z, np.zeros((3, 4), np.uint8))
    with pytest.raises(TypeError, match="img"):
        vc.min_max_loc(z.astype(np.float64))
