"""rgb_to_hsv / hsv_to_rgb against OpenCV (uint8 exhaustively), across ISAs,
threads, layouts, out= and special float values."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS, ODD_SHAPES, photo_rgb, random_image, strided_variants, structured_image

cv2 = pytest.importorskip("cv2")

DTYPES = [np.uint8, np.float32]
WIDTHS = (1, 2, 3, 5, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 97)
WIDTHS += (127, 128, 129, 191, 192, 193, 211, 255, 257)


@pytest.fixture(scope="module")
def every_u8_triple() -> np.ndarray:
    """All 2^24 byte triples as a 4096x4096x3 image."""
    x = np.arange(1 << 24, dtype=np.uint32)
    img = np.stack([(x >> 16) & 255, (x >> 8) & 255, x & 255], axis=-1).astype(np.uint8)
    return img.reshape(4096, 4096, 3)


def hsv_image(rng, h, w, dtype) -> np.ndarray:
    """Valid HSV input: u8 H in [0, 180); f32 H in [0, 360), S, V in [0, 1]."""
    img = random_image(rng, h, w, 3, dtype)
    if np.dtype(dtype) == np.uint8:
        img[..., 0] %= 180
    else:
        img[..., 0] *= 360
        img[: h // 2, :, 0] = np.floor(img[: h // 2, :, 0])  # sector edges
    return img


def f32_close(got, ref):
    # H in degrees: 1 ulp near 360 is 3e-5, so H is compared relatively;
    # S and V (in [0, 1]) to 1e-5
    np.testing.assert_allclose(got, ref, rtol=1e-6, atol=1e-5)


# --- uint8: every input -------------------------------------------------


def test_u8_rgb_to_hsv_all_inputs_identical_to_opencv(every_u8_triple):
    img = every_u8_triple
    ref = cv2.cvtColor(img, cv2.COLOR_RGB2HSV)
    np.testing.assert_array_equal(vc.rgb_to_hsv(img), ref)
    rgba = np.concatenate([img, img[..., :1]], axis=-1)
    np.testing.assert_array_equal(vc.rgb_to_hsv(rgba), ref)
    assert ref[..., 0].max() == 179


def test_u8_hsv_to_rgb_all_inputs_identical_to_opencv(every_u8_triple):
    # H 180..255 included: both wrap it around the same way. A 4096-pixel row
    # keeps OpenCV on its vectorized path (its scalar tail rounds).
    img = every_u8_triple
    np.testing.assert_array_equal(vc.hsv_to_rgb(img), cv2.cvtColor(img, cv2.COLOR_HSV2RGB))


@pytest.fixture(scope="module")
def scalar_u8_results(every_u8_triple):
    img = every_u8_triple[:, 5:]  # a row-strided view with a ragged tail
    with vc.isa("scalar"):
        return img, vc.rgb_to_hsv(img), vc.hsv_to_rgb(img)


@pytest.mark.parametrize("isa", [i for i in ISAS if i != "scalar"])
def test_u8_every_isa_all_inputs_match_scalar(isa, scalar_u8_results):
    img, ref_hsv, ref_rgb = scalar_u8_results
    with vc.isa(isa):
        assert np.array_equal(vc.rgb_to_hsv(img), ref_hsv)
        assert np.array_equal(vc.hsv_to_rgb(img), ref_rgb)


# --- against OpenCV on images -------------------------------------------


@pytest.mark.parametrize("channels", [3, 4])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", ODD_SHAPES)
def test_rgb_to_hsv_matches_opencv(rng, channels, dtype, shape):
    for img in (
        random_image(rng, *shape, channels, dtype),
        structured_image(*shape, channels, dtype),
    ):
        got = vc.rgb_to_hsv(img)
        ref = cv2.cvtColor(img, cv2.COLOR_RGB2HSV)
        assert got.shape == shape + (3,) and got.dtype == img.dtype
        if np.dtype(dtype) == np.uint8:
            np.testing.assert_array_equal(got, ref)
        else:
            f32_close(got, ref)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", ODD_SHAPES)
def test_hsv_to_rgb_matches_opencv(rng, dtype, shape):
    for img in (
        hsv_image(rng, *shape, dtype),
        cv2.cvtColor(structured_image(*shape, 3, dtype), cv2.COLOR_RGB2HSV),
    ):
        got = vc.hsv_to_rgb(img)
        ref = cv2.cvtColor(img, cv2.COLOR_HSV2RGB)
        assert got.shape == shape + (3,) and got.dtype == img.dtype
        if np.dtype(dtype) == np.uint8:
            # OpenCV's scalar tail (short rows, row ends) rounds where its
            # vectorized body truncates
            assert np.abs(got.astype(int) - ref).max() <= 1
        else:
            f32_close(got, ref)


def test_photo_identical_to_opencv():
    rgb = photo_rgb()  # 512 wide: OpenCV runs its vectorized path only
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    np.testing.assert_array_equal(vc.rgb_to_hsv(rgb), hsv)
    np.testing.assert_array_equal(vc.hsv_to_rgb(hsv), cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB))
    f = rgb.astype(np.float32) / 255
    hsv_f = cv2.cvtColor(f, cv2.COLOR_RGB2HSV)
    np.testing.assert_array_equal(vc.rgb_to_hsv(f), hsv_f)
    np.testing.assert_array_equal(vc.hsv_to_rgb(hsv_f), cv2.cvtColor(hsv_f, cv2.COLOR_HSV2RGB))


def test_f32_identical_to_opencv_vector_path(rng):
    img = random_image(rng, 64, 256, 3, np.float32)
    np.testing.assert_array_equal(vc.rgb_to_hsv(img), cv2.cvtColor(img, cv2.COLOR_RGB2HSV))
    hsv = hsv_image(rng, 64, 256, np.float32)
    np.testing.assert_array_equal(vc.hsv_to_rgb(hsv), cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB))


def test_f32_ranges_and_special_hues(rng):
    img = random_image(rng, 50, 64, 3, np.float32)
    hsv = vc.rgb_to_hsv(img)
    assert (hsv[..., 0] >= 0).all() and (hsv[..., 0] <= 360).all()
    assert (hsv[..., 1] >= 0).all() and (hsv[..., 1] <= 1).all()
    np.testing.assert_array_equal(hsv[..., 2], img.max(axis=2))
    # H >= 360 wraps around and negative H takes the 0..60 degree formula,
    # both like OpenCV's vectorized path; a 64-pixel row stays on it
    special = np.array([-30, -100, -360, 360, 400, 719.5, 720, 1000, 3600, -0.0], np.float32)
    row = np.zeros((1, 64, 3), np.float32)
    row[0, :, 0] = np.resize(special, 64)
    row[..., 1] = 0.5
    row[..., 2] = 0.8
    np.testing.assert_array_equal(vc.hsv_to_rgb(row), cv2.cvtColor(row, cv2.COLOR_HSV2RGB))
    # non-finite H -> NaN in every channel, at every ISA
    row[0, :3, 0] = [np.nan, np.inf, -np.inf]
    for isa in ISAS:
        with vc.isa(isa):
            out = vc.hsv_to_rgb(row)
        assert np.isnan(out[0, :3]).all()
        assert np.isfinite(out[0, 3:]).all()


@pytest.mark.parametrize("isa", ISAS)
def test_f32_special_values_every_isa_match_scalar(rng, isa):
    # huge, negative, non-finite hues and NaN/inf in every channel: NaN
    # positions must agree (payloads may differ), everything else exactly
    specials = np.array(
        [1e6, -1e6, 3e7, -0.0, 1e-30, 359.99997, 2e9, -5e10, np.nan, np.inf, -np.inf], np.float32
    )
    for w in (1, 5, 8, 15, 16, 17, 33, 64, 100):
        img = random_image(rng, 3, w, 3, np.float32)
        img[..., 0] = (img[..., 0] * 2000 - 600).astype(np.float32)
        img[0, :, 0] = np.floor(img[0, :, 0])
        img[1, :, 0] = rng.choice(specials, w)
        img.reshape(-1)[rng.integers(0, img.size, 4)] = rng.choice(specials, 4)
        with vc.isa("scalar"):
            ref1, ref2 = vc.hsv_to_rgb(img), vc.rgb_to_hsv(img)
        with vc.isa(isa):
            np.testing.assert_array_equal(vc.hsv_to_rgb(img), ref1, err_msg=f"width {w}")
            np.testing.assert_array_equal(vc.rgb_to_hsv(img), ref2, err_msg=f"width {w}")


def test_f32_nan_input_never_crashes():
    img = np.full((3, 70, 3), np.nan, np.float32)
    img[1] = np.inf
    vc.rgb_to_hsv(img)
    vc.hsv_to_rgb(img)


# --- round trips --------------------------------------------------------


def test_round_trip_u8(rng):
    img = random_image(rng, 200, 300, 3, np.uint8)
    back = vc.hsv_to_rgb(vc.rgb_to_hsv(img))
    err = np.abs(back.astype(int) - img)
    # H has 180 steps (2 degrees): the error scales with the saturation
    assert err.max() <= 12 and err.mean() < 2.5
    gray = np.repeat(img[..., :1], 3, axis=2)
    np.testing.assert_array_equal(vc.hsv_to_rgb(vc.rgb_to_hsv(gray)), gray)


def test_round_trip_f32(rng):
    img = random_image(rng, 200, 300, 3, np.float32)
    np.testing.assert_allclose(vc.hsv_to_rgb(vc.rgb_to_hsv(img)), img, atol=1e-5)


# --- ISA, threads, layouts, out ------------------------------------------


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_every_isa_matches_scalar(rng, isa, dtype):
    for w in WIDTHS:
        for c in (3, 4):
            img = random_image(rng, 3, w, c, dtype)
            with vc.isa("scalar"):
                ref = vc.rgb_to_hsv(img)
            with vc.isa(isa):
                np.testing.assert_array_equal(vc.rgb_to_hsv(img), ref, err_msg=f"{w} {c}")
        hsv = hsv_image(rng, 3, w, dtype)
        with vc.isa("scalar"):
            ref = vc.hsv_to_rgb(hsv)
        padded = np.zeros((3, w + 5, 3), dtype)  # row by row instead of one long row
        padded[:, :w] = hsv
        with vc.isa(isa):
            np.testing.assert_array_equal(vc.hsv_to_rgb(hsv), ref, err_msg=f"{w}")
            np.testing.assert_array_equal(vc.hsv_to_rgb(padded[:, :w]), ref, err_msg=f"{w}")


@pytest.mark.parametrize("isa", ISAS)
def test_every_isa_any_buffer_alignment(rng, isa):
    for w in (1, 7, 64, 100, 250):
        img = random_image(rng, 2, w, 3, np.uint8)
        with vc.isa("scalar"):
            refs = {f: f(img) for f in (vc.rgb_to_hsv, vc.hsv_to_rgb)}
        for offset in (0, 1, 16, 33, 63):
            base = np.full(6 * w + 256, 77, np.uint8)
            start = (-base.ctypes.data) % 64 + offset
            out = base[start : start + 6 * w].reshape(2, w, 3)
            for f, ref in refs.items():
                with vc.isa(isa):
                    assert f(img, out=out) is out
                np.testing.assert_array_equal(out, ref, err_msg=f"{f.__name__} {w} {offset}")
                assert (base[:start] == 77).all() and (base[start + out.size :] == 77).all()


@pytest.mark.parametrize("threads", [1, 2, 4])
@pytest.mark.parametrize("dtype", DTYPES)
def test_thread_counts_identical(rng, threads, dtype):
    img = random_image(rng, 517, 389, 3, dtype)
    hsv = hsv_image(rng, 517, 389, dtype)
    with vc.num_threads(1):
        ref1, ref2 = vc.rgb_to_hsv(img), vc.hsv_to_rgb(hsv)
    with vc.num_threads(threads):
        np.testing.assert_array_equal(vc.rgb_to_hsv(img), ref1)
        np.testing.assert_array_equal(vc.hsv_to_rgb(hsv), ref2)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fn", [vc.rgb_to_hsv, vc.hsv_to_rgb], ids=["rgb_to_hsv", "hsv_to_rgb"])
def test_layouts_match_contiguous(rng, dtype, fn):
    img = hsv_image(rng, 37, 53, dtype)
    ref = fn(img)
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(fn(view), ref, err_msg=name)
    bcast = np.broadcast_to(img[:1], img.shape)
    np.testing.assert_array_equal(fn(bcast), np.repeat(ref[:1], 37, axis=0))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fn", [vc.rgb_to_hsv, vc.hsv_to_rgb], ids=["rgb_to_hsv", "hsv_to_rgb"])
def test_out(rng, dtype, fn):
    img = hsv_image(rng, 20, 30, dtype)
    out = np.full((20, 30, 3), 7, dtype)
    assert fn(img, out=out) is out
    np.testing.assert_array_equal(out, fn(img))
    big = np.full((24, 40, 3), 7, dtype)
    fn(img, out=big[2:22, 5:35])
    np.testing.assert_array_equal(big[2:22, 5:35], out)
    assert (big[:2] == 7).all() and (big[:, :5] == 7).all() and (big[:, 35:] == 7).all()
    with pytest.raises(TypeError, match="out"):
        fn(img, out=np.zeros((20, 30, 3), np.uint16))
    with pytest.raises(ValueError, match="out"):
        fn(img, out=np.zeros((20, 30, 4), dtype))
    ro = np.zeros((20, 30, 3), dtype)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        fn(img, out=ro)
    with pytest.raises(ValueError, match="overlap"):
        fn(img, out=img)  # in place is not supported
    work = img.copy()
    with pytest.raises(ValueError, match="overlap"):
        fn(work[:, :15], out=work[:, 15:])  # same rows, shifted


@pytest.mark.parametrize("name", ["rgb_to_hsv", "hsv_to_rgb"])
def test_bad_input(name):
    fn = getattr(vc, name)
    for dt in (np.uint16, np.float64, bool, object, ">u2", np.int16):
        with pytest.raises(TypeError) as info:
            fn(np.zeros((4, 4, 3), dt))
        text = str(info.value)
        assert name in text and "img" in text and "uint8" in text and "float32" in text
    bad_shapes = [(4, 4), (4, 4, 2), (4, 4, 5), (4,), (2, 4, 4, 3), (0, 4, 3), (4, 0, 3)]
    if name == "hsv_to_rgb":
        bad_shapes.append((4, 4, 4))
    for shape in bad_shapes:
        with pytest.raises(ValueError) as info:
            fn(np.zeros(shape, np.uint8))
        assert name in str(info.value) and "img" in str(info.value), shape
    with pytest.raises(TypeError) as info:
        fn(None)
    assert name in str(info.value) and "img" in str(info.value)
    huge = np.broadcast_to(np.zeros((1, 1, 3), np.uint8), (65536, 65536, 3))
    with pytest.raises(vc.LimitExceeded):
        fn(huge)
