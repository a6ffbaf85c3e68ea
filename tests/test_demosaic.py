"""demosaic against OpenCV and numpy references, across patterns, dtypes, ISAs, threads, layouts."""

from __future__ import annotations

import numpy as np
import pytest

import visioncore as vc
from conftest import ISAS, photo_rgb, random_image, strided_variants

cv2 = pytest.importorskip("cv2")

PATTERNS = ["RGGB", "BGGR", "GRBG", "GBRG"]
# OpenCV names Bayer codes after the second row's 2nd and 3rd pixels.
CV_CODES = {
    "RGGB": cv2.COLOR_BayerBG2RGB,
    "BGGR": cv2.COLOR_BayerRG2RGB,
    "GRBG": cv2.COLOR_BayerGB2RGB,
    "GBRG": cv2.COLOR_BayerGR2RGB,
}
DTYPES = [np.uint8, np.uint16]
CHANNEL = {"R": 0, "G": 1, "B": 2}


def mosaic(rgb: np.ndarray, pattern: str) -> np.ndarray:
    """The raw image a sensor with `pattern` would record of `rgb`."""
    raw = np.zeros(rgb.shape[:2], rgb.dtype)
    for dy in range(2):
        for dx in range(2):
            raw[dy::2, dx::2] = rgb[dy::2, dx::2, CHANNEL[pattern[2 * dy + dx]]]
    return raw


def colour_maps(pattern: str, h: int, w: int):
    """Per pixel: its colour (0, 1, 2) and whether its row holds red."""
    yy, xx = np.mgrid[0:h, 0:w]
    lut = np.array([CHANNEL[c] for c in pattern])
    colour = lut[(yy % 2) * 2 + xx % 2]
    red_row = np.array(["R" in pattern[:2], "R" in pattern[2:]])[yy % 2]
    return colour, red_row


def assemble(pattern, c, green_own, green_other, colour_green, colour_other):
    """RGB from the four estimates: 'own' = the row's colour at green pixels."""
    h, w = c.shape
    colour, red_row = colour_maps(pattern, h, w)
    green = colour == 1
    out = np.empty((h, w, 3), np.int64)
    out[..., 1] = np.where(green, c, colour_green)
    out[..., 0] = np.where(colour == 0, c, np.where(green, np.where(red_row, green_own, green_other), colour_other))
    out[..., 2] = np.where(colour == 2, c, np.where(green, np.where(red_row, green_other, green_own), colour_other))
    return out


def bilinear_ref(raw: np.ndarray, pattern: str) -> np.ndarray:
    """Rounded 2- and 4-sample means with mirrored neighbours, then OpenCV's
    border rule: on sides of 3 or more the outer rows/columns repeat the inner ones."""
    h, w = raw.shape
    p = np.pad(raw.astype(np.int64), 1, mode="reflect")
    c = p[1:-1, 1:-1]
    up, dn, lf, rt = p[:-2, 1:-1], p[2:, 1:-1], p[1:-1, :-2], p[1:-1, 2:]
    diag = p[:-2, :-2] + p[:-2, 2:] + p[2:, :-2] + p[2:, 2:]
    out = assemble(pattern, c, (lf + rt + 1) >> 1, (up + dn + 1) >> 1, (up + dn + lf + rt + 2) >> 2, (diag + 2) >> 2)
    if h >= 3:
        out[0], out[-1] = out[1], out[-2]
    if w >= 3:
        out[:, 0], out[:, -1] = out[:, 1], out[:, -2]
    return out.astype(raw.dtype)


def malvar_ref(raw: np.ndarray, pattern: str) -> np.ndarray:
    """The Malvar-He-Cutler 5x5 filters (x16 integer weights, +8, >> 4), reflect-101 borders."""
    p = np.pad(raw.astype(np.int64), 2, mode="reflect")
    h, w = raw.shape

    def at(dy, dx):
        return p[2 + dy : 2 + dy + h, 2 + dx : 2 + dx + w]

    c = at(0, 0)
    h1, v1 = at(0, -1) + at(0, 1), at(-1, 0) + at(1, 0)
    h2, v2 = at(0, -2) + at(0, 2), at(-2, 0) + at(2, 0)
    diag = at(-1, -1) + at(-1, 1) + at(1, -1) + at(1, 1)
    top = int(np.iinfo(raw.dtype).max)

    def sat(v):
        return np.clip(v >> 4, 0, top)

    out = assemble(
        pattern, c,
        sat(10 * c + 8 * h1 - 2 * diag - 2 * h2 + v2 + 8),
        sat(10 * c + 8 * v1 - 2 * diag - 2 * v2 + h2 + 8),
        sat(8 * c + 4 * (h1 + v1) - 2 * (h2 + v2) + 8),
        sat(12 * c + 4 * diag - 3 * (h2 + v2) + 8),
    )
    return out.astype(raw.dtype)


def extremes(rng, h, w, dtype):
    """Only 0 and max: the worst case for overshoot and saturation."""
    top = np.iinfo(dtype).max
    return (rng.integers(0, 2, (h, w)) * top).astype(dtype)


def psnr(a: np.ndarray, b: np.ndarray, peak: float) -> float:
    return float(10 * np.log10(peak**2 / np.mean((a.astype(np.float64) - b) ** 2)))


# ---- OpenCV parity and the pattern mapping ----


@pytest.mark.parametrize("pattern", PATTERNS)
def test_pattern_names_match_the_sensor(pattern):
    # Ground truth: mosaic a real photo with `pattern`; demosaicing must
    # reconstruct it closely, and OpenCV's mapped code gives the same pixels.
    img = photo_rgb()
    raw = mosaic(img, pattern)
    rgb = vc.demosaic(raw, pattern)
    np.testing.assert_array_equal(rgb, cv2.cvtColor(raw, CV_CODES[pattern]))
    assert np.abs(rgb.astype(int) - img).mean() < 4
    # any other pattern name reconstructs the colours wrongly
    for other in PATTERNS:
        if other != pattern:
            assert np.abs(vc.demosaic(raw, other).astype(int) - img).mean() > 15


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(3, 3), (3, 5), (5, 3), (4, 4), (7, 33), (64, 97), (1079, 1917), (1080, 1920)])
def test_bilinear_matches_opencv(rng, pattern, dtype, shape):
    for raw in (random_image(rng, *shape, None, dtype), extremes(rng, *shape, dtype)):
        got = vc.demosaic(raw, pattern)
        assert got.shape == shape + (3,) and got.dtype == raw.dtype
        np.testing.assert_array_equal(got, cv2.cvtColor(raw, CV_CODES[pattern]))


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_bilinear_matches_numpy_reference_including_sides_of_two(rng, pattern, dtype):
    # OpenCV returns zeros when a side is 2; we mirror neighbours instead.
    for shape in [(2, 2), (2, 3), (3, 2), (2, 9), (9, 2), (3, 4), (5, 7), (6, 6), (13, 70)]:
        raw = random_image(rng, *shape, None, dtype)
        np.testing.assert_array_equal(vc.demosaic(raw, pattern), bilinear_ref(raw, pattern), err_msg=str(shape))
    raw = random_image(rng, 11, 21, None, dtype)
    np.testing.assert_array_equal(bilinear_ref(raw, pattern), cv2.cvtColor(raw, CV_CODES[pattern]))


def test_sides_of_two_are_interpolated_not_zero():
    raw = np.array([[200, 100], [100, 50]], np.uint8)  # R G / G B
    np.testing.assert_array_equal(vc.demosaic(raw, "RGGB"), np.broadcast_to([200, 100, 50], (2, 2, 3)))
    flat = np.full((2, 7), 77, np.uint16)
    np.testing.assert_array_equal(vc.demosaic(flat, "GBRG"), np.full((2, 7, 3), 77))


def test_flat_field_is_preserved():
    for method in ("bilinear", "malvar"):
        for dtype, v in ((np.uint8, 201), (np.uint16, 40001)):
            raw = np.full((9, 14), v, dtype)
            np.testing.assert_array_equal(vc.demosaic(raw, "GRBG", method=method), np.full((9, 14, 3), v))


# ---- malvar ----


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(2, 2), (2, 5), (5, 2), (3, 3), (3, 5), (4, 4), (6, 9), (7, 33), (64, 97), (517, 389)])
def test_malvar_matches_numpy_reference(rng, pattern, dtype, shape):
    for raw in (random_image(rng, *shape, None, dtype), extremes(rng, *shape, dtype)):
        got = vc.demosaic(raw, pattern, method="malvar")
        assert got.shape == shape + (3,) and got.dtype == raw.dtype
        np.testing.assert_array_equal(got, malvar_ref(raw, pattern))


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_malvar_beats_bilinear_on_a_photo(pattern, dtype):
    img = photo_rgb()
    peak = 255.0
    if dtype == np.uint16:
        img = img.astype(np.uint16) * 257
        peak = 65535.0
    raw = mosaic(img, pattern)
    p_bilinear = psnr(vc.demosaic(raw, pattern), img, peak)
    p_malvar = psnr(vc.demosaic(raw, pattern, method="malvar"), img, peak)
    # measured on the astronaut: bilinear 30.6 dB, malvar 34.6 dB (every pattern)
    assert p_bilinear > 30.0
    assert p_malvar > 34.0
    assert p_malvar > p_bilinear + 3.5


# ---- ISA levels, threads, layouts ----

# Kernel tiles: 16/32/64 u8 or 8/16/32 u16 pixels per ISA; the kernels get
# W-2 (bilinear) or W-4 (malvar) pixels per row, so cover tiles +-2 and +-4.
WIDTHS = sorted(set(range(2, 42)) | set(range(60, 72)) | set(range(124, 136)) | {193, 211, 263})


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("method", ["bilinear", "malvar"])
def test_every_isa_matches_scalar(rng, isa, dtype, method):
    for w in WIDTHS:
        for h in (2, 5):
            raw = random_image(rng, h, w, None, dtype) if w % 3 else extremes(rng, h, w, dtype)
            for pattern in PATTERNS:
                with vc.isa("scalar"):
                    ref = vc.demosaic(raw, pattern, method=method)
                with vc.isa(isa):
                    np.testing.assert_array_equal(vc.demosaic(raw, pattern, method=method), ref,
                                                  err_msg=f"{w}x{h} {pattern}")


@pytest.mark.parametrize("threads", [1, 2, 4])
@pytest.mark.parametrize("method", ["bilinear", "malvar"])
def test_thread_counts_identical(rng, threads, method):
    raw = random_image(rng, 517, 389, None, np.uint8)
    with vc.num_threads(1):
        ref = vc.demosaic(raw, "GBRG", method=method)
    with vc.num_threads(threads):
        np.testing.assert_array_equal(vc.demosaic(raw, "GBRG", method=method), ref)


@pytest.mark.parametrize("dtype", DTYPES)
def test_layouts_match_contiguous(rng, dtype):
    raw = random_image(rng, 37, 53, None, dtype)
    for method in ("bilinear", "malvar"):
        ref = vc.demosaic(raw, "RGGB", method=method)
        for name, view, _ in strided_variants(raw):
            np.testing.assert_array_equal(vc.demosaic(view, "RGGB", method=method), ref, err_msg=name)
        np.testing.assert_array_equal(vc.demosaic(raw[..., None], "RGGB", method=method), ref)
    # a broadcast row: every row equal, so rows 0/1 and 2/3 ... are the same raw row
    bcast = np.broadcast_to(raw[:1], (37, 53))
    np.testing.assert_array_equal(vc.demosaic(bcast, "BGGR"), vc.demosaic(np.ascontiguousarray(bcast), "BGGR"))


def test_pattern_is_case_insensitive(rng):
    raw = random_image(rng, 8, 8, None, np.uint8)
    np.testing.assert_array_equal(vc.demosaic(raw, "rggb"), vc.demosaic(raw, "RGGB"))


def test_out_is_written_and_returned(rng):
    raw = random_image(rng, 20, 30, None, np.uint8)
    out = np.full((20, 30, 3), 7, np.uint8)
    res = vc.demosaic(raw, "RGGB", out=out)
    assert res is out
    np.testing.assert_array_equal(out, cv2.cvtColor(raw, cv2.COLOR_BayerBG2RGB))
    big = np.full((24, 40, 3), 7, np.uint8)
    vc.demosaic(raw, "RGGB", method="malvar", out=big[2:22, 5:35])
    np.testing.assert_array_equal(big[2:22, 5:35], vc.demosaic(raw, "RGGB", method="malvar"))
    assert (big[:2] == 7).all() and (big[:, :5] == 7).all() and (big[22:] == 7).all()


# ---- bad input ----


@pytest.mark.parametrize(
    "raw, exc, words",
    [
        (np.zeros((4, 4), np.float32), TypeError, ["raw", "float32", "uint8"]),
        (np.zeros((4, 4), np.float64), TypeError, ["raw", "float64"]),
        (np.zeros((4, 4), np.int16), TypeError, ["raw", "int16"]),
        (np.zeros((4, 4), bool), TypeError, ["raw", "bool"]),
        (np.zeros((4, 4), ">u2"), TypeError, ["raw"]),
        (np.zeros((4, 4, 3), np.uint8), ValueError, ["raw", "(H, W)", "(4, 4, 3)"]),
        (np.zeros((4,), np.uint8), ValueError, ["raw"]),
        (np.zeros((2, 4, 4), np.uint8), ValueError, ["raw"]),
        (np.zeros((1, 5), np.uint8), ValueError, ["raw", "at least 2x2", "(1, 5)"]),
        (np.zeros((5, 1), np.uint16), ValueError, ["raw", "at least 2x2"]),
        (np.zeros((1, 1, 1), np.uint8), ValueError, ["raw", "at least 2x2"]),
        (np.zeros((0, 4), np.uint8), ValueError, ["empty"]),
        ([[1, 2], [3, 4]], TypeError, ["raw", "list"]),
        (None, TypeError, ["raw", "NoneType"]),
    ],
)
def test_bad_input(raw, exc, words):
    with pytest.raises(exc) as info:
        vc.demosaic(raw, "RGGB")
    for w in words:
        assert w in str(info.value)
    assert "demosaic" in str(info.value)


def test_bad_options():
    raw = np.zeros((4, 4), np.uint8)
    with pytest.raises(ValueError, match="pattern") as info:
        vc.demosaic(raw, "RGBG")
    assert "'RGGB'" in str(info.value) and "'GBRG'" in str(info.value)
    with pytest.raises(ValueError, match="method") as info:
        vc.demosaic(raw, "RGGB", method="vng")
    assert "'bilinear'" in str(info.value) and "'malvar'" in str(info.value)
    with pytest.raises(TypeError):
        vc.demosaic(raw, 3)


def test_bad_out(rng):
    raw = random_image(rng, 8, 9, None, np.uint8)
    with pytest.raises(TypeError, match="out"):
        vc.demosaic(raw, "RGGB", out=np.zeros((8, 9, 3), np.uint16))
    with pytest.raises(ValueError, match="out"):
        vc.demosaic(raw, "RGGB", out=np.zeros((8, 9), np.uint8))
    with pytest.raises(ValueError, match="out"):
        vc.demosaic(raw, "RGGB", out=np.zeros((9, 8, 3), np.uint8))
    ro = np.zeros((8, 9, 3), np.uint8)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        vc.demosaic(raw, "RGGB", out=ro)
    with pytest.raises(ValueError, match="out"):
        vc.demosaic(raw, "RGGB", out=np.zeros((8, 18, 3), np.uint8)[:, ::2])
    buf = np.zeros(8 * 9 * 3, np.uint8)
    with pytest.raises(ValueError, match="overlap"):
        vc.demosaic(buf[: 8 * 9].reshape(8, 9), "RGGB", out=buf.reshape(8, 9, 3))


def test_huge_broadcast_is_refused_before_allocation():
    huge = np.broadcast_to(np.zeros((1, 1), np.uint8), (65536, 65536))
    with pytest.raises(vc.LimitExceeded, match="limit"):
        vc.demosaic(huge, "RGGB")
