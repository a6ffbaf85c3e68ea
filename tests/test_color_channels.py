"""gray_to_rgb, rgb_to_bgr, rgba_to_rgb, rgb_to_rgba against OpenCV, across
dtypes, ISAs, threads, layouts, misaligned buffers, out= and in place."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS, ODD_SHAPES, photo_rgb, random_image, strided_variants, structured_image

cv2 = pytest.importorskip("cv2")

DTYPES = [np.uint8, np.uint16, np.float32]
# widths around every tile (16 SSE4.1, 32 AVX2, 64 AVX-512, 16 for 4-byte
# swaps) and their tails, plus primes
WIDTHS = (1, 2, 3, 5, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 97)
WIDTHS += (127, 128, 129, 191, 192, 193, 211, 255, 257)


def opaque(dtype) -> float:
    """rgb_to_rgba's default alpha: the dtype's maximum, 1.0 for float32."""
    return 1.0 if np.dtype(dtype) == np.float32 else float(np.iinfo(dtype).max)


# op name -> (vc function, input channels (None = HxW), output channels, cv2 code)
OPS = {
    "gray_to_rgb": (vc.gray_to_rgb, None, 3, cv2.COLOR_GRAY2RGB),
    "rgb_to_bgr3": (vc.rgb_to_bgr, 3, 3, cv2.COLOR_RGB2BGR),
    "rgb_to_bgr4": (vc.rgb_to_bgr, 4, 4, cv2.COLOR_RGBA2BGRA),
    "rgba_to_rgb": (vc.rgba_to_rgb, 4, 3, cv2.COLOR_RGBA2RGB),
    "rgb_to_rgba": (vc.rgb_to_rgba, 3, 4, cv2.COLOR_RGB2RGBA),
}


def images(rng, shape, channels, dtype):
    yield random_image(rng, *shape, channels, dtype)
    yield structured_image(*shape, channels, dtype)


@pytest.mark.parametrize("op", sorted(OPS))
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", ODD_SHAPES)
def test_matches_opencv(rng, op, dtype, shape):
    fn, cin, cout, code = OPS[op]
    for img in images(rng, shape, cin, dtype):
        got = fn(img)
        ref = cv2.cvtColor(img, code)
        assert got.shape == shape + (cout,) and got.dtype == img.dtype
        np.testing.assert_array_equal(got, ref)


def test_photo_identical_to_opencv():
    rgb = photo_rgb()
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    rgba = cv2.cvtColor(rgb, cv2.COLOR_RGB2RGBA)
    rgba[..., 3] = gray  # a non-constant alpha
    np.testing.assert_array_equal(vc.gray_to_rgb(gray), cv2.cvtColor(gray, cv2.COLOR_GRAY2RGB))
    np.testing.assert_array_equal(vc.rgb_to_bgr(rgb), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
    np.testing.assert_array_equal(vc.rgb_to_bgr(rgba), cv2.cvtColor(rgba, cv2.COLOR_RGBA2BGRA))
    np.testing.assert_array_equal(vc.rgba_to_rgb(rgba), cv2.cvtColor(rgba, cv2.COLOR_RGBA2RGB))
    np.testing.assert_array_equal(vc.rgb_to_rgba(rgb), cv2.cvtColor(rgb, cv2.COLOR_RGB2RGBA))


def test_gray_with_channel_axis(rng):
    gray = random_image(rng, 9, 70, None, np.uint8)
    np.testing.assert_array_equal(vc.gray_to_rgb(gray[..., None]), vc.gray_to_rgb(gray))
    np.testing.assert_array_equal(vc.gray_to_rgb(gray), np.repeat(gray[..., None], 3, axis=2))


def test_bgr_is_its_own_inverse(rng):
    for c in (3, 4):
        img = random_image(rng, 13, 101, c, np.uint8)
        out = vc.rgb_to_bgr(img)
        np.testing.assert_array_equal(out[..., 0], img[..., 2])
        np.testing.assert_array_equal(vc.rgb_to_bgr(out), img)


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", sorted(OPS))
def test_every_isa_matches_scalar(rng, isa, dtype, op):
    fn, cin, _, _ = OPS[op]
    for w in WIDTHS:
        img = random_image(rng, 3, w, cin, dtype)
        with vc.isa("scalar"):
            ref = fn(img)
        # gap-free rows run as one long row; a row-strided window row by row
        padded = np.zeros((3, w + 5) + img.shape[2:], dtype)
        padded[:, :w] = img
        with vc.isa(isa):
            np.testing.assert_array_equal(fn(img), ref, err_msg=f"width {w}")
            np.testing.assert_array_equal(fn(padded[:, :w]), ref, err_msg=f"width {w}")


def at_offset(shape, dtype, offset):
    """A C-contiguous array whose data starts `offset` bytes past a 64-byte boundary."""
    dtype = np.dtype(dtype)
    n = int(np.prod(shape)) * dtype.itemsize
    buf = np.zeros(n + 128, np.uint8)
    start = (-buf.ctypes.data) % 64 + offset
    return buf[start : start + n].view(dtype).reshape(shape)


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("op", sorted(OPS))
def test_every_isa_any_buffer_alignment(rng, isa, op):
    # the AVX-512 kernels align their stores with a masked head: every start
    # offset of dst (and of src) must give the same bytes, and nothing
    # outside the row may be touched
    fn, cin, cout, _ = OPS[op]
    for w in (1, 7, 64, 100, 250):
        img = random_image(rng, 2, w, cin, np.uint8)
        with vc.isa("scalar"):
            ref = fn(img)
        for offset in (0, 1, 3, 4, 16, 33, 48, 63):
            src = at_offset(img.shape, np.uint8, (offset * 7) % 64)
            src[...] = img
            base = np.full(2 * w * cout + 256, 77, np.uint8)
            start = (-base.ctypes.data) % 64 + offset
            out = base[start : start + 2 * w * cout].reshape(2, w, cout)
            with vc.isa(isa):
                res = fn(src, out=out)
            assert res is out
            np.testing.assert_array_equal(out, ref, err_msg=f"width {w} offset {offset}")
            assert (base[:start] == 77).all() and (base[start + out.size :] == 77).all()


@pytest.mark.parametrize("threads", [1, 2, 4])
@pytest.mark.parametrize("op", sorted(OPS))
def test_thread_counts_identical(rng, threads, op):
    fn, cin, _, _ = OPS[op]
    img = random_image(rng, 517, 389, cin, np.uint8)
    with vc.num_threads(1):
        ref = fn(img)
    with vc.num_threads(threads):
        np.testing.assert_array_equal(fn(img), ref)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", sorted(OPS))
def test_layouts_match_contiguous(rng, dtype, op):
    fn, cin, _, _ = OPS[op]
    img = random_image(rng, 37, 53, cin, dtype)
    ref = fn(img)
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(fn(view), ref, err_msg=name)
    bcast = np.broadcast_to(img[:1], img.shape)
    np.testing.assert_array_equal(fn(bcast), np.repeat(ref[:1], 37, axis=0))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", sorted(OPS))
def test_out_is_written_and_returned(rng, dtype, op):
    fn, cin, cout, code = OPS[op]
    img = random_image(rng, 20, 30, cin, dtype)
    out = np.full((20, 30, cout), 7, dtype)
    assert fn(img, out=out) is out
    np.testing.assert_array_equal(out, cv2.cvtColor(img, code))
    # a row-strided window of a bigger buffer is fine; outside is untouched
    big = np.full((24, 40, cout), 7, dtype)
    fn(img, out=big[2:22, 5:35])
    np.testing.assert_array_equal(big[2:22, 5:35], out)
    assert (big[:2] == 7).all() and (big[:, :5] == 7).all() and (big[22:] == 7).all()


@pytest.mark.parametrize("op", sorted(OPS))
def test_bad_out(rng, op):
    fn, cin, cout, _ = OPS[op]
    name = fn.__name__
    img = random_image(rng, 8, 9, cin, np.uint8)
    with pytest.raises(TypeError, match="out"):
        fn(img, out=np.zeros((8, 9, cout), np.uint16))
    with pytest.raises(ValueError, match="out"):
        fn(img, out=np.zeros((9, 8, cout), np.uint8))
    with pytest.raises(ValueError, match="out"):
        fn(img, out=np.zeros((8, 9, 2), np.uint8))
    ro = np.zeros((8, 9, cout), np.uint8)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        fn(img, out=ro)
    with pytest.raises(ValueError, match="out"):
        fn(img, out=np.zeros((8, 18, cout), np.uint8)[:, ::2])
    # overlap: out shares memory with the input (rgb_to_bgr: a shifted view)
    cin_ = 1 if cin is None else cin
    buf = np.zeros(8 * 9 * max(cin_, cout) + 16, np.uint8)
    src = buf[: 8 * 9 * cin_].reshape((8, 9) if cin is None else (8, 9, cin))
    src[...] = img
    with pytest.raises(ValueError, match="overlap") as info:
        fn(src, out=buf[4 : 4 + 8 * 9 * cout].reshape(8, 9, cout))
    assert name in str(info.value)


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("channels", [3, 4])
def test_rgb_to_bgr_in_place(rng, isa, dtype, channels):
    for w in WIDTHS:
        img = random_image(rng, 3, w, channels, dtype)
        ref = cv2.cvtColor(img, cv2.COLOR_RGB2BGR if channels == 3 else cv2.COLOR_RGBA2BGRA)
        work = img.copy()
        with vc.isa(isa):
            assert vc.rgb_to_bgr(work, out=work) is work
        np.testing.assert_array_equal(work, ref, err_msg=f"width {w}")


def test_rgb_to_bgr_in_place_window_and_misaligned(rng):
    img = random_image(rng, 40, 150, 3, np.uint8)
    ref = vc.rgb_to_bgr(img)
    big = np.zeros((44, 160, 3), np.uint8)
    big[2:42, 5:155] = img
    view = big[2:42, 5:155]  # row-strided, start not 64-byte aligned
    vc.rgb_to_bgr(view, out=view)
    np.testing.assert_array_equal(view, ref)
    assert (big[:2] == 0).all() and (big[:, :5] == 0).all()
    for offset in (1, 16, 47):
        a = at_offset(img.shape, np.uint8, offset)
        a[...] = img
        vc.rgb_to_bgr(a, out=a)
        np.testing.assert_array_equal(a, ref)


def test_rgb_to_bgr_partial_overlap_refused(rng):
    img = random_image(rng, 6, 10, 3, np.uint8)
    big = np.zeros((7, 10, 3), np.uint8)
    big[:6] = img
    with pytest.raises(ValueError, match="overlap") as info:
        vc.rgb_to_bgr(big[:6], out=big[1:7])
    assert "rgb_to_bgr" in str(info.value)
    # same start, different row stride: not the same pixels
    flat = np.zeros(6 * 30 * 3, np.uint8)
    src = flat.reshape(6, 30, 3)[:, :10]
    with pytest.raises(ValueError, match="overlap"):
        vc.rgb_to_bgr(src, out=flat[: 6 * 10 * 3].reshape(6, 10, 3))
    np.testing.assert_array_equal(flat, 0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_rgb_to_rgba_alpha(rng, dtype):
    img = random_image(rng, 5, 70, 3, dtype)
    out = vc.rgb_to_rgba(img)
    assert (out[..., 3] == opaque(dtype)).all()
    np.testing.assert_array_equal(out[..., :3], img)
    alpha = 0.25 if np.dtype(dtype) == np.float32 else 7
    out = vc.rgb_to_rgba(img, alpha=alpha)
    assert (out[..., 3] == np.asarray(alpha, dtype)).all()
    out = vc.rgb_to_rgba(img, alpha=np.asarray(3, dtype)[()])  # a numpy scalar
    assert (out[..., 3] == 3).all()
    for isa in ISAS:
        with vc.isa(isa):
            np.testing.assert_array_equal(
                vc.rgb_to_rgba(img, alpha=alpha)[..., 3], np.full(img.shape[:2], alpha, dtype)
            )


def test_rgb_to_rgba_alpha_limits(rng):
    img8 = random_image(rng, 2, 3, 3, np.uint8)
    img16 = random_image(rng, 2, 3, 3, np.uint16)
    img32 = random_image(rng, 2, 3, 3, np.float32)
    assert (vc.rgb_to_rgba(img8, alpha=0)[..., 3] == 0).all()
    assert (vc.rgb_to_rgba(img8, alpha=255.0)[..., 3] == 255).all()
    assert (vc.rgb_to_rgba(img16, alpha=65535)[..., 3] == 65535).all()
    assert (vc.rgb_to_rgba(img32, alpha=-2.5)[..., 3] == -2.5).all()
    assert (vc.rgb_to_rgba(img32, alpha=255)[..., 3] == 255).all()
    for img, bad in [
        (img8, 256),
        (img8, -1),
        (img8, 1.5),
        (img8, float("nan")),
        (img8, 10**30),
        (img16, 65536),
        (img16, -0.5),
        (img32, float("inf")),
        (img32, float("nan")),
        (img32, 1e39),
        (img32, -(10**40)),
    ]:
        with pytest.raises(ValueError) as info:
            vc.rgb_to_rgba(img, alpha=bad)
        assert "alpha" in str(info.value) and "rgb_to_rgba" in str(info.value)
    for bad in (True, "1", [1], object()):
        with pytest.raises(TypeError) as info:
            vc.rgb_to_rgba(img8, alpha=bad)
        assert "alpha" in str(info.value)


BAD_INPUTS = {
    # op -> a valid shape for it and wrong shapes
    "gray_to_rgb": ((4, 4), [(4, 4, 3), (4, 4, 2), (4,), (2, 4, 4, 1), (0, 4), (4, 0)]),
    "rgb_to_bgr": ((4, 4, 3), [(4, 4), (4, 4, 2), (4, 4, 5), (4,), (2, 4, 4, 3), (0, 4, 3)]),
    "rgba_to_rgb": ((4, 4, 4), [(4, 4), (4, 4, 3), (4,), (2, 4, 4, 4), (4, 0, 4)]),
    "rgb_to_rgba": ((4, 4, 3), [(4, 4), (4, 4, 4), (4, 4, 1), (4,), (0, 4, 3)]),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input(name):
    fn = getattr(vc, name)
    good, bad_shapes = BAD_INPUTS[name]
    for dt in (np.float64, bool, object, ">u2", np.int16, np.int8):
        with pytest.raises(TypeError) as info:
            fn(np.zeros(good, dt))
        assert name in str(info.value) and "img" in str(info.value)
    for shape in bad_shapes:
        with pytest.raises(ValueError) as info:
            fn(np.zeros(shape, np.uint8))
        assert name in str(info.value) and "img" in str(info.value), shape
    for obj in (None, [[1, 2, 3]], 3):
        with pytest.raises(TypeError) as info:
            fn(obj)
        assert name in str(info.value) and "img" in str(info.value)


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_huge_broadcast_is_refused_before_allocation(name):
    good, _ = BAD_INPUTS[name]
    huge = np.broadcast_to(np.zeros((1, 1) + good[2:], np.uint8), (65536, 65536) + good[2:])
    with pytest.raises(vc.LimitExceeded, match="limit"):
        getattr(vc, name)(huge)
