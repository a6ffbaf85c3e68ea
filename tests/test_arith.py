"""convert_scale, normalize, add_weighted and absdiff against OpenCV and an
exact float32 fused-multiply-add model: every dtype pair, edge values,
NaN/Inf, every ISA level and thread count, layouts, in place, bad input."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS, random_image, strided_variants, structured_image

cv2 = pytest.importorskip("cv2")

DTYPES = [np.uint8, np.uint16, np.int16, np.float32]
CV_DEPTH = {np.uint8: cv2.CV_8U, np.uint16: cv2.CV_16U, np.int16: cv2.CV_16S,
            np.float32: cv2.CV_32F}
LD = np.longdouble


def fma32(x, y, z):
    """Exact float32 fma: the product of two floats is exact in long double
    (64-bit mantissa), and so is the sum for these magnitudes."""
    return (np.asarray(x, np.float32).astype(LD) * LD(np.float32(y))
            + np.asarray(z, np.float32).astype(LD)).astype(np.float32)


def store(v, dtype):
    """float32 -> dtype: clamp (NaN -> the minimum), round half to even."""
    v = np.asarray(v, np.float32)
    if dtype == np.float32:
        return v
    info = np.iinfo(dtype)
    with np.errstate(invalid="ignore"):
        c = np.where(np.isnan(v), info.min, np.clip(v, info.min, info.max))
    return np.rint(c).astype(dtype)


def model_convert(src, dtype, alpha, beta):
    return store(fma32(src.astype(np.float32), alpha, np.full(src.shape, beta, np.float32)), dtype)


def model_add_weighted(a, alpha, b, beta, gamma, dtype):
    inner = fma32(b.astype(np.float32), beta, np.full(b.shape, gamma, np.float32))
    return store(fma32(a.astype(np.float32), alpha, inner), dtype)


def edge_image(rng, dtype, h=9, w=67, c=None):
    img = random_image(rng, h, w, c, dtype)
    flat = img.reshape(-1)
    if dtype == np.float32:
        flat[:12] = [0, 1, -1, 0.5, 1.5, 2.5, -0.5, 254.5, 255.5, 65535.5, -32768.5, 3e9]
        flat[12:16] = [np.nan, np.inf, -np.inf, -0.0]
    else:
        info = np.iinfo(dtype)
        flat[:4] = [info.min, info.max, 0, 1]
    return img


# ---------------------------------------------------------------- convert_scale

@pytest.mark.parametrize("src_dt", DTYPES)
@pytest.mark.parametrize("dst_dt", DTYPES)
def test_convert_scale_model(rng, src_dt, dst_dt):
    img = edge_image(rng, src_dt)
    for alpha, beta in [(1, 0), (0.5, 0), (1 / 255, 0), (255, 0.5), (-1.5, 100.25), (3e4, -7),
                        (1e-3, 0.5), (1, 0.5), (2.5, -0.5)]:
        got = vc.convert_scale(img, dst_dt, alpha, beta)
        assert got.dtype == dst_dt and got.shape == img.shape
        exp = model_convert(img, dst_dt, alpha, beta)
        np.testing.assert_array_equal(got, exp, err_msg=f"{alpha} {beta}")


def test_convert_scale_half_even_and_copy():
    f = np.array([[0.5, 1.5, 2.5, 3.5, -0.5, -1.5, 254.5, 255.49, 255.5, 1e10, -1e10] * 3],
                 np.float32)
    np.testing.assert_array_equal(vc.convert_scale(f, np.uint8)[0, :11],
                                  [0, 2, 2, 4, 0, 0, 254, 255, 255, 255, 0])
    np.testing.assert_array_equal(vc.convert_scale(f, np.int16)[0, :6], [0, 2, 2, 4, 0, -2])
    u = np.arange(256, dtype=np.uint8).reshape(16, 16)
    c = vc.convert_scale(u, np.uint8)
    np.testing.assert_array_equal(c, u)
    assert c is not u
    nan = np.array([[np.nan] * 20], np.float32)
    assert (vc.convert_scale(nan, np.uint8) == 0).all()
    assert (vc.convert_scale(nan, np.int16) == -32768).all()
    assert np.isnan(vc.convert_scale(nan, np.float32, 2, 1)).all()


@pytest.mark.parametrize("dst_dt", DTYPES)
def test_convert_scale_matches_opencv(rng, dst_dt):
    # cv2 exposes convertTo through normalize: NORM_INF with max |x| = 1
    # makes its scale exactly alpha (and shift 0).
    f = rng.uniform(-1, 1, (31, 77)).astype(np.float32)
    f[0, 0] = 1.0
    for alpha in (255.0, 3.7, 1e5, 1 / 3):
        exp = cv2.normalize(f, None, alpha, 0, cv2.NORM_INF, CV_DEPTH[dst_dt])
        np.testing.assert_array_equal(vc.convert_scale(f, dst_dt, alpha), exp)


@pytest.mark.parametrize("src_dt", DTYPES)
def test_convert_scale_isas_threads(src_dt):
    img = structured_image(67, 131, 3, src_dt)
    for dst_dt in DTYPES:
        ref = None
        for isa in ISAS:
            with vc.isa(isa):
                for threads in (1, 2, 4):
                    with vc.num_threads(threads):
                        got = vc.convert_scale(img, dst_dt, 0.731, -3.25)
                    if ref is None:
                        ref = got
                    np.testing.assert_array_equal(got, ref, err_msg=f"{isa} {threads}")


def test_convert_scale_isas_edge_values(rng):
    for src_dt in DTYPES:
        img = edge_image(rng, src_dt, 5, 131)
        for dst_dt in DTYPES:
            exp = model_convert(img, dst_dt, 1.75, -0.5)
            for isa in ISAS:
                with vc.isa(isa):
                    np.testing.assert_array_equal(vc.convert_scale(img, dst_dt, 1.75, -0.5), exp,
                                                  err_msg=f"{isa} {src_dt} {dst_dt}")


def test_convert_scale_layouts_and_out(rng):
    img = random_image(rng, 21, 43, 3, np.uint16)
    exp = model_convert(img, np.float32, 1 / 65535, 0)
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.convert_scale(view, np.float32, 1 / 65535), exp,
                                      err_msg=name)
    out = np.empty(img.shape, np.float32)
    assert vc.convert_scale(img, np.float32, 1 / 65535, out=out) is out
    np.testing.assert_array_equal(out, exp)
    same = img.copy()
    vc.convert_scale(same, np.uint16, 0.5, 1, out=same)
    np.testing.assert_array_equal(same, model_convert(img, np.uint16, 0.5, 1))
    buf = np.zeros(img.size * 2, np.uint8)
    with pytest.raises(ValueError, match="convert_scale.*out"):
        a16 = buf.view(np.uint16).reshape(img.shape)
        vc.convert_scale(a16, np.uint8, out=buf[: img.size].reshape(img.shape))


def test_convert_scale_bad_input():
    img = np.zeros((4, 5), np.uint8)
    for bad in ("float64", np.int32, "banana", np.bool_, complex):
        with pytest.raises(TypeError, match="convert_scale.*dtype"):
            vc.convert_scale(img, bad)
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError, match="convert_scale.*alpha"):
            vc.convert_scale(img, np.uint8, bad)
        with pytest.raises(ValueError, match="convert_scale.*beta"):
            vc.convert_scale(img, np.uint8, 1, bad)
    with pytest.raises(TypeError, match="convert_scale.*img"):
        vc.convert_scale(img.astype(np.int32), np.uint8)
    with pytest.raises(TypeError, match="convert_scale.*out"):
        vc.convert_scale(img, np.float32, out=np.zeros((4, 5), np.uint8))
    with pytest.raises(ValueError, match="convert_scale.*out"):
        vc.convert_scale(img, np.float32, out=np.zeros((4, 6), np.float32))


# ---------------------------------------------------------------- normalize

@pytest.mark.parametrize("src_dt", DTYPES)
@pytest.mark.parametrize("dst_dt", [None, *DTYPES])
@pytest.mark.parametrize("norm", ["minmax", "l1", "l2", "inf"])
def test_normalize_matches_opencv(rng, src_dt, dst_dt, norm):
    cv_norm = {"minmax": cv2.NORM_MINMAX, "l1": cv2.NORM_L1, "l2": cv2.NORM_L2,
               "inf": cv2.NORM_INF}[norm]
    for c in (None, 3):
        img = random_image(rng, 23, 57, c, src_dt)
        if src_dt == np.float32:
            img = img * 100 - 30
        for alpha, beta in [(0, 255), (255, 0), (-3.5, 1000.25), (1, 0), (0.25, 0.75)]:
            a = alpha if norm == "minmax" else abs(alpha) + 1
            got = vc.normalize(img, a, beta, norm, dst_dt)
            depth = -1 if dst_dt is None else CV_DEPTH[dst_dt]
            exp = cv2.normalize(img, None, a, beta, cv_norm, depth).reshape(img.shape)
            assert got.dtype == exp.dtype
            np.testing.assert_array_equal(got, exp, err_msg=f"{a} {beta}")


@pytest.mark.parametrize("dtype", DTYPES)
def test_normalize_constant_and_zero(dtype):
    img = np.full((5, 7), 7, dtype)
    for norm, code in [("minmax", cv2.NORM_MINMAX), ("l1", cv2.NORM_L1),
                       ("l2", cv2.NORM_L2), ("inf", cv2.NORM_INF)]:
        for src in (img, np.zeros_like(img)):
            np.testing.assert_array_equal(vc.normalize(src, 10, 200, norm),
                                          cv2.normalize(src, None, 10, 200, code))


def test_normalize_float_nan_ignored():
    # OpenCV ignores NaN samples unless the very first one is NaN; visioncore
    # always ignores them
    for n in (4, 40, 131):
        h = np.resize(np.array([1.0, np.nan, 0.5, -2.0], np.float32), (3, n))
        for norm, code in [("minmax", cv2.NORM_MINMAX), ("inf", cv2.NORM_INF)]:
            for isa in ISAS:
                with vc.isa(isa):
                    got = vc.normalize(h, 1, 5, norm)
                if norm == "inf" and n > 40:
                    # OpenCV's vector loop keeps a NaN here; the model ignores it
                    exp = model_convert(h, np.float32, 1 / np.nanmax(np.abs(h)), 0)
                else:
                    exp = cv2.normalize(h, None, 1, 5, code)
                np.testing.assert_array_equal(got, exp, err_msg=f"{n} {norm} {isa}")
        for norm, code in [("l1", cv2.NORM_L1), ("l2", cv2.NORM_L2)]:
            np.testing.assert_array_equal(vc.normalize(h, 1, 0, norm),
                                          cv2.normalize(h, None, 1, 0, code))
    first = np.array([[np.nan, 1.0, 3.0] * 5], np.float32)
    got = vc.normalize(first, 0, 1)
    np.testing.assert_array_equal(got[0, :3], [np.nan, 0, 1])
    assert np.isnan(vc.normalize(np.full((2, 9), np.nan, np.float32), 0, 1)).all()


def test_normalize_isas_threads(rng):
    img = random_image(rng, 517, 331, None, np.float32)
    for norm in ("minmax", "l1", "l2", "inf"):
        ref = None
        for isa in ISAS:
            with vc.isa(isa):
                for threads in (1, 2, 4):
                    with vc.num_threads(threads):
                        got = vc.normalize(img, 3, 250, norm, np.uint8)
                    if ref is None:
                        ref = got
                    np.testing.assert_array_equal(got, ref, err_msg=f"{norm} {isa} {threads}")


def test_normalize_layouts(rng):
    img = random_image(rng, 19, 41, 3, np.uint8)
    exp = cv2.normalize(img, None, 0, 1, cv2.NORM_MINMAX, cv2.CV_32F)
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.normalize(view, 0, 1, dtype=np.float32), exp,
                                      err_msg=name)


def test_normalize_bad_input():
    img = np.zeros((4, 5), np.uint8)
    with pytest.raises(ValueError, match="normalize.*norm"):
        vc.normalize(img, 0, 255, "l3")
    with pytest.raises(ValueError, match="normalize.*alpha"):
        vc.normalize(img, float("nan"), 255)
    with pytest.raises(ValueError, match="normalize.*beta"):
        vc.normalize(img, 0, float("inf"))
    with pytest.raises(TypeError, match="normalize.*dtype"):
        vc.normalize(img, 0, 1, dtype="float64")
    with pytest.raises(TypeError, match="normalize.*img"):
        vc.normalize(np.zeros((4, 5), np.float64))
    with pytest.raises(ValueError, match="normalize.*out"):
        vc.normalize(img, out=np.zeros((5, 5), np.uint8))


# ---------------------------------------------------------------- add_weighted

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("c", [None, 3, 4])
def test_add_weighted_matches_opencv(rng, dtype, c):
    # OpenCV's vector loop (fused multiply-adds) covers arrays of >= 8 samples
    for h, w in [(37, 101), (1, 8), (3, 5), (2, 67)]:
        a = random_image(rng, h, w, c, dtype)
        b = random_image(rng, h, w, c, dtype)
        if dtype == np.float32:
            a, b = a * 300 - 20, b * 300
        for al, be, ga in [(0.3137, 0.7771, 1.2345), (0.5, 0.5, 0), (1, -1, 0), (2, 3, -100.5)]:
            got = vc.add_weighted(a, al, b, be, ga)
            exp = cv2.addWeighted(a, al, b, be, ga).reshape(a.shape)
            np.testing.assert_array_equal(got, exp, err_msg=f"{h}x{w} {al} {be} {ga}")
            np.testing.assert_array_equal(got, model_add_weighted(a, al, b, be, ga, dtype))


@pytest.mark.parametrize("src_dt", DTYPES)
@pytest.mark.parametrize("dst_dt", DTYPES)
def test_add_weighted_dtype(rng, src_dt, dst_dt):
    a = edge_image(rng, src_dt, 7, 45)
    b = edge_image(rng, src_dt, 7, 45)[::-1].copy()
    got = vc.add_weighted(a, 0.75, b, -0.5, 3.5, dst_dt)
    assert got.dtype == dst_dt
    np.testing.assert_array_equal(got, model_add_weighted(a, 0.75, b, -0.5, 3.5, dst_dt))
    if not np.isnan(a).any() and not np.isnan(b).any() and src_dt != np.float32:
        exp = cv2.addWeighted(a, 0.75, b, -0.5, 3.5, dtype=CV_DEPTH[dst_dt])
        np.testing.assert_array_equal(got, exp)


def test_add_weighted_isas_threads_in_place(rng):
    for dtype in DTYPES:
        a = structured_image(63, 129, 3, dtype)
        b = random_image(rng, 63, 129, 3, dtype)
        ref = None
        for isa in ISAS:
            with vc.isa(isa):
                for threads in (1, 2, 4):
                    with vc.num_threads(threads):
                        got = vc.add_weighted(a, 0.6, b, 0.4, 2)
                    if ref is None:
                        ref = got
                    np.testing.assert_array_equal(got, ref, err_msg=f"{isa} {threads}")
        inplace = a.copy()
        vc.add_weighted(inplace, 0.6, b, 0.4, 2, out=inplace)
        np.testing.assert_array_equal(inplace, ref)
        inplace = b.copy()
        vc.add_weighted(a, 0.6, inplace, 0.4, 2, out=inplace)
        np.testing.assert_array_equal(inplace, ref)


def test_add_weighted_layouts(rng):
    a = random_image(rng, 17, 39, 3, np.uint8)
    b = random_image(rng, 17, 39, 3, np.uint8)
    exp = cv2.addWeighted(a, 0.3, b, 0.7, 0)
    for name, view, _ in strided_variants(a):
        np.testing.assert_array_equal(vc.add_weighted(view, 0.3, b, 0.7), exp, err_msg=name)
        np.testing.assert_array_equal(vc.add_weighted(b, 0.7, view, 0.3),
                                      cv2.addWeighted(b, 0.7, a, 0.3, 0), err_msg=name)


def test_add_weighted_bad_input():
    a = np.zeros((4, 5), np.uint8)
    with pytest.raises(ValueError, match="add_weighted.*b"):
        vc.add_weighted(a, 1, np.zeros((4, 6), np.uint8), 1)
    with pytest.raises(ValueError, match="add_weighted.*b"):
        vc.add_weighted(a, 1, np.zeros((4, 5, 3), np.uint8), 1)
    with pytest.raises(TypeError, match="add_weighted.*b"):
        vc.add_weighted(a, 1, np.zeros((4, 5), np.uint16), 1)
    for p, args in [("alpha", (float("nan"), 1, 0)), ("beta", (1, float("inf"), 0)),
                    ("gamma", (1, 1, float("nan")))]:
        with pytest.raises(ValueError, match=f"add_weighted.*{p}"):
            vc.add_weighted(a, args[0], a, args[1], args[2])
    with pytest.raises(TypeError, match="add_weighted.*dtype"):
        vc.add_weighted(a, 1, a, 1, dtype="int32")
    with pytest.raises(TypeError, match="add_weighted.*out"):
        vc.add_weighted(a, 1, a, 1, out=np.zeros((4, 5), np.float32))
    big = np.zeros((10, 10), np.uint8)
    with pytest.raises(ValueError, match="add_weighted.*out"):
        vc.add_weighted(big[0:5, 0:5], 1, big[0:5, 0:5], 1, out=big[1:6, 1:6])


# ---------------------------------------------------------------- absdiff

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("c", [None, 1, 2, 3, 4])
def test_absdiff_matches_opencv(rng, dtype, c):
    for h, w in [(1, 1), (3, 5), (7, 33), (19, 131)]:
        a = random_image(rng, h, w, c, dtype)
        b = random_image(rng, h, w, c, dtype)
        got = vc.absdiff(a, b)
        np.testing.assert_array_equal(got, cv2.absdiff(a, b).reshape(a.shape))


def test_absdiff_edges():
    s = np.array([[-32768, 32767, -1, 0, 5, -32768] * 12], np.int16)
    t = np.array([[32767, -32768, 32767, -32768, 5, -32768] * 12], np.int16)
    np.testing.assert_array_equal(vc.absdiff(s, t), cv2.absdiff(s, t))
    f = np.array([[np.nan, np.inf, -np.inf, 1.0, -0.0, 3e38] * 12], np.float32)
    g = np.array([[1.0, np.inf, 1.0, np.nan, 0.0, -3e38] * 12], np.float32)
    np.testing.assert_array_equal(vc.absdiff(f, g), cv2.absdiff(f, g))


def test_absdiff_isas_threads_layouts(rng):
    for dtype in DTYPES:
        a = random_image(rng, 65, 131, 3, dtype)
        b = structured_image(65, 131, 3, dtype)
        exp = cv2.absdiff(a, b)
        for isa in ISAS:
            with vc.isa(isa):
                for threads in (1, 2, 4):
                    with vc.num_threads(threads):
                        np.testing.assert_array_equal(vc.absdiff(a, b), exp,
                                                      err_msg=f"{isa} {threads}")
        for name, view, _ in strided_variants(a):
            np.testing.assert_array_equal(vc.absdiff(view, b), exp, err_msg=name)
        out = a.copy()
        assert vc.absdiff(out, b, out=out) is out
        np.testing.assert_array_equal(out, exp)


def test_absdiff_large_threads(rng):
    a = random_image(rng, 1079, 1917, None, np.uint8)
    b = random_image(rng, 1079, 1917, None, np.uint8)
    exp = cv2.absdiff(a, b)
    for threads in (1, 2, 4):
        with vc.num_threads(threads):
            np.testing.assert_array_equal(vc.absdiff(a, b), exp)


def test_absdiff_bad_input():
    a = np.zeros((4, 5), np.uint8)
    with pytest.raises(ValueError, match="absdiff.*b"):
        vc.absdiff(a, np.zeros((5, 4), np.uint8))
    with pytest.raises(TypeError, match="absdiff.*b"):
        vc.absdiff(a, np.zeros((4, 5), np.float32))
    with pytest.raises(TypeError, match="absdiff.*a"):
        vc.absdiff(np.zeros((4, 5), np.float64), np.zeros((4, 5), np.float64))
    with pytest.raises(TypeError, match="absdiff.*b"):
        vc.absdiff(a, "b")
    with pytest.raises(ValueError, match="absdiff.*out"):
        vc.absdiff(a, a, out=np.zeros((4, 5, 1), np.uint8))


def test_large_images_threads_and_row_paths(rng):
    # above the serial threshold: runs of a gap-free image, and rows of a
    # row-strided one, on 1, 2 and 4 threads
    a = random_image(rng, 701, 1283, 3, np.uint8)
    b = random_image(rng, 701, 1283, 3, np.uint8)
    big = np.zeros((705, 1290, 3), np.uint8)
    big[2:-2, 3:-4] = a
    window = big[2:-2, 3:-4]
    exp_cvt = model_convert(a, np.float32, 1 / 255, 0.5)
    exp_add = cv2.addWeighted(a, 0.25, b, 0.75, 3)
    exp_abs = cv2.absdiff(a, b)
    exp_norm = cv2.normalize(a, None, 10, 240, cv2.NORM_MINMAX, cv2.CV_16U)
    exp_l2 = cv2.normalize(a, None, 1000, 0, cv2.NORM_L2, cv2.CV_32F)
    for threads in (1, 2, 4):
        with vc.num_threads(threads):
            for img in (a, window):
                np.testing.assert_array_equal(vc.convert_scale(img, np.float32, 1 / 255, 0.5),
                                              exp_cvt)
                np.testing.assert_array_equal(vc.add_weighted(img, 0.25, b, 0.75, 3), exp_add)
                np.testing.assert_array_equal(vc.absdiff(img, b), exp_abs)
                np.testing.assert_array_equal(vc.normalize(img, 10, 240, dtype=np.uint16),
                                              exp_norm)
                np.testing.assert_array_equal(vc.normalize(img, 1000, 0, "l2", np.float32),
                                              exp_l2)
