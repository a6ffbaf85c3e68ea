"""warp_affine, warp_perspective and remap against OpenCV (every border mode,
interpolation, dtype, channel count), every ISA level against the scalar
reference, thread counts, layouts, out= and bad input."""

from __future__ import annotations

import numpy as np
import pytest

import visioncore as vc
from conftest import ISAS, photo_rgb, random_image, strided_variants, structured_image

cv2 = pytest.importorskip("cv2")

INTERP = {"nearest": cv2.INTER_NEAREST, "linear": cv2.INTER_LINEAR, "cubic": cv2.INTER_CUBIC}
BORDERS = {
    "constant": cv2.BORDER_CONSTANT,
    "replicate": cv2.BORDER_REPLICATE,
    "reflect": cv2.BORDER_REFLECT,
    "wrap": cv2.BORDER_WRAP,
    "reflect101": cv2.BORDER_REFLECT_101,
}
DTYPES = [np.uint8, np.uint16, np.float32]


def affine(w, h, angle=17.0, scale=1.13):
    m = cv2.getRotationMatrix2D((w * 0.47, h * 0.52), angle, scale)
    m[0, 2] += 2.7
    m[1, 2] -= 1.1
    return m


HOMOGRAPHY = np.array([[1.02, 0.05, -3.1], [-0.04, 0.97, 2.2], [0.0011, -0.0007, 1.0]])


def border_value(dtype):
    return (0.1, 0.2, 0.3, 0.4) if np.dtype(dtype) == np.float32 else (7, 50, 100, 200)


def check(got, ref, dtype, interp, mask=None):
    ref = ref.reshape(got.shape)
    assert got.dtype == ref.dtype
    if mask is not None:
        got, ref = got[mask], ref[mask]
    if np.dtype(dtype) == np.float32:
        np.testing.assert_allclose(got, ref, atol=1e-4, rtol=0)
        return
    diff = np.abs(got.astype(np.int64) - ref.astype(np.int64))
    # nearest: identical; linear/cubic: OpenCV fuses multiply-adds, we do not
    assert diff.max(initial=0) <= (0 if interp == "nearest" else 1), diff.max()


def images(rng, h, w, channels, dtype):
    yield random_image(rng, h, w, channels, dtype)
    yield structured_image(h, w, channels, dtype)


def near_source(m, size, h, w):
    """Destination pixels whose source position lies within one image size
    of the image. Beyond that OpenCV's cubic warp stops following the
    periodic reflect/wrap rules (it settles on an edge value); ours keeps
    following them."""
    inv = cv2.invertAffineTransform(m)
    ys, xs = np.indices((size[1], size[0]))
    sx = inv[0, 0] * xs + inv[0, 1] * ys + inv[0, 2]
    sy = inv[1, 0] * xs + inv[1, 1] * ys + inv[1, 2]
    return (sx > -w + 3) & (sx < 2 * w - 4) & (sy > -h + 3) & (sy < 2 * h - 4)


@pytest.mark.parametrize("interp", list(INTERP))
@pytest.mark.parametrize("border", list(BORDERS))
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("channels", [None, 3, 4])
def test_warp_affine_matches_opencv(rng, interp, border, dtype, channels):
    bv = border_value(dtype)
    for img in images(rng, 37, 53, channels, dtype):
        for m, size in [(affine(53, 37), (61, 45)), (affine(53, 37, -40, 0.6), (30, 70))]:
            got = vc.warp_affine(img, m, size, interpolation=interp, border=border, border_value=bv)
            ref = cv2.warpAffine(img, m, size, flags=INTERP[interp], borderMode=BORDERS[border],
                                 borderValue=bv)
            mask = near_source(m, size, 37, 53) if interp == "cubic" else None
            check(got, ref, dtype, interp, mask)
            inv = cv2.invertAffineTransform(m)
            got = vc.warp_affine(img, inv, size, interpolation=interp, border=border,
                                 border_value=bv, inverse_map=True)
            ref = cv2.warpAffine(img, inv, size, flags=INTERP[interp] | cv2.WARP_INVERSE_MAP,
                                 borderMode=BORDERS[border], borderValue=bv)
            check(got, ref, dtype, interp, mask)


@pytest.mark.parametrize("interp", list(INTERP))
@pytest.mark.parametrize("border", list(BORDERS))
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("channels", [None, 3, 4])
def test_warp_perspective_matches_opencv(rng, interp, border, dtype, channels):
    bv = border_value(dtype)
    for img in images(rng, 37, 53, channels, dtype):
        got = vc.warp_perspective(img, HOMOGRAPHY, (61, 45), interpolation=interp, border=border,
                                  border_value=bv)
        ref = cv2.warpPerspective(img, HOMOGRAPHY, (61, 45), flags=INTERP[interp],
                                  borderMode=BORDERS[border], borderValue=bv)
        check(got, ref, dtype, interp)
        inv = np.linalg.inv(HOMOGRAPHY)
        got = vc.warp_perspective(img, inv, (61, 45), interpolation=interp, border=border,
                                  border_value=bv, inverse_map=True)
        ref = cv2.warpPerspective(img, inv, (61, 45), flags=INTERP[interp] | cv2.WARP_INVERSE_MAP,
                                  borderMode=BORDERS[border], borderValue=bv)
        check(got, ref, dtype, interp)


@pytest.mark.parametrize("interp", list(INTERP))
@pytest.mark.parametrize("border", list(BORDERS))
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("channels", [None, 3, 4])
def test_remap_matches_opencv(rng, interp, border, dtype, channels):
    bv = border_value(dtype)
    mx = (rng.random((29, 31), np.float32) * 70 - 8).astype(np.float32)
    my = (rng.random((29, 31), np.float32) * 50 - 6).astype(np.float32)
    for img in images(rng, 37, 53, channels, dtype):
        got = vc.remap(img, mx, my, interpolation=interp, border=border, border_value=bv)
        ref = cv2.remap(img, mx, my, INTERP[interp], borderMode=BORDERS[border], borderValue=bv)
        check(got, ref, dtype, interp)


@pytest.mark.parametrize("interp", list(INTERP))
def test_tiny_and_odd_sources(rng, interp):
    # sources smaller than the interpolation window, single rows and columns
    for h, w in [(1, 1), (1, 5), (5, 1), (2, 2), (3, 3)]:
        img = random_image(rng, h, w, 3, np.uint8)
        for border in BORDERS:
            m = affine(w, h, 30, 1.4)
            got = vc.warp_affine(img, m, (7, 6), interpolation=interp, border=border, border_value=9)
            if interp == "cubic" and border == "reflect101" and min(h, w) == 1:
                # OpenCV 5 never returns here (its border loop spins on a
                # 1-pixel side); ours treats that side like replicate.
                assert got.shape == (6, 7, 3)
                continue
            ref = cv2.warpAffine(img, m, (7, 6), flags=INTERP[interp], borderMode=BORDERS[border],
                                 borderValue=(9, 9, 9, 9))
            check(got, ref, np.uint8, interp)


@pytest.mark.parametrize("interp", list(INTERP))
def test_photo_rotation(interp):
    img = photo_rgb()
    m = cv2.getRotationMatrix2D((256, 256), 15, 1.0)
    check(vc.warp_affine(img, m, (512, 512), interpolation=interp),
          cv2.warpAffine(img, m, (512, 512), flags=INTERP[interp]), np.uint8, interp)
    h = np.array([[0.9, 0.1, 20], [-0.05, 1.1, 5], [1e-4, 2e-4, 1]])
    check(vc.warp_perspective(img, h, (480, 400), interpolation=interp),
          cv2.warpPerspective(img, h, (480, 400), flags=INTERP[interp]), np.uint8, interp)


def test_1080p_rotation_and_barrel(rng):
    img = random_image(rng, 1080, 1920, None, np.uint8)
    m = cv2.getRotationMatrix2D((960, 540), 15, 1.0)
    check(vc.warp_affine(img, m, (1920, 1080)), cv2.warpAffine(img, m, (1920, 1080)), np.uint8,
          "linear")
    np.testing.assert_array_equal(
        vc.warp_affine(img, m, (1920, 1080), interpolation="nearest"),
        cv2.warpAffine(img, m, (1920, 1080), flags=cv2.INTER_NEAREST))
    k = np.array([[1000.0, 0, 960], [0, 1000, 540], [0, 0, 1]])
    mx, my = cv2.initUndistortRectifyMap(k, np.array([-0.25, 0.08, 0, 0, 0]), None, k,
                                         (1920, 1080), cv2.CV_32FC1)
    check(vc.remap(img, mx, my), cv2.remap(img, mx, my, cv2.INTER_LINEAR), np.uint8, "linear")


def test_two_channel_images_are_supported(rng):
    # OpenCV 5 still runs 2-channel linear/nearest warps through its older
    # 1/32-pixel fixed-point path; ours is the same float path as 1/3/4
    # channels, i.e. each channel equals the 1-channel result.
    img = random_image(rng, 21, 23, 2, np.uint8)
    m = affine(23, 21)
    for interp in INTERP:
        got = vc.warp_affine(img, m, (25, 22), interpolation=interp)
        for c in range(2):
            np.testing.assert_array_equal(
                got[..., c], vc.warp_affine(np.ascontiguousarray(img[..., c]), m, (25, 22),
                                            interpolation=interp))


def test_border_value_per_channel_and_saturation(rng):
    img = random_image(rng, 10, 10, 3, np.uint8)
    m = np.array([[1.0, 0, 100], [0, 1, 100]])  # everything outside
    out = vc.warp_affine(img, m, (4, 3), border_value=(1, 300, -5))
    assert (out == np.array([1, 255, 0], np.uint8)).all()
    out = vc.warp_affine(img, m, (4, 3), border_value=2.5)  # rounds half to even
    assert (out == 2).all()


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("interp", list(INTERP))
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("channels", [1, 2, 3, 4])
def test_every_isa_matches_scalar(rng, isa, interp, dtype, channels):
    for w in (1, 3, 4, 5, 8, 15, 16, 17, 33, 64, 65, 97):
        img = random_image(rng, 11, w, channels, dtype)
        m = affine(w, 11, 23, 0.9)
        mx = (rng.random((5, w + 7), np.float32) * (w + 6) - 3).astype(np.float32)
        my = (rng.random((5, w + 7), np.float32) * 16 - 3).astype(np.float32)
        for border in ("constant", "reflect101", "wrap"):
            calls = [
                lambda: vc.warp_affine(img, m, (w + 9, 13), interpolation=interp, border=border,
                                       border_value=(1, 2, 3, 4)),
                lambda: vc.warp_perspective(img, HOMOGRAPHY, (w + 9, 13), interpolation=interp,
                                            border=border),
                lambda: vc.remap(img, mx, my, interpolation=interp, border=border),
            ]
            for call in calls:
                with vc.isa("scalar"):
                    ref = call()
                with vc.isa(isa):
                    np.testing.assert_array_equal(call(), ref)


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_thread_counts_identical(rng, threads):
    img = random_image(rng, 203, 301, 3, np.uint8)
    m = affine(301, 203)
    with vc.num_threads(1):
        ref = [vc.warp_affine(img, m, (311, 207)), vc.warp_perspective(img, HOMOGRAPHY, (311, 207))]
    with vc.num_threads(threads):
        np.testing.assert_array_equal(vc.warp_affine(img, m, (311, 207)), ref[0])
        np.testing.assert_array_equal(vc.warp_perspective(img, HOMOGRAPHY, (311, 207)), ref[1])


def test_layouts_match_contiguous(rng):
    img = random_image(rng, 37, 53, 3, np.uint8)
    m = affine(53, 37)
    ref = vc.warp_affine(img, m, (40, 30))
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.warp_affine(view, m, (40, 30)), ref, err_msg=name)
    mx = np.tile(np.arange(40, dtype=np.float32) * 1.2, (30, 1))
    my = np.tile(np.arange(30, dtype=np.float32)[:, None] * 1.1, (1, 40))
    ref = vc.remap(img, mx, my)
    big = np.zeros((34, 50), np.float32)
    big[2:32, 3:43] = mx
    np.testing.assert_array_equal(vc.remap(img, big[2:32, 3:43], my), ref)
    np.testing.assert_array_equal(vc.remap(img, np.asfortranarray(mx), my), ref)


def test_out_is_written_and_returned(rng):
    img = random_image(rng, 20, 30, None, np.uint8)
    m = affine(30, 20)
    out = np.zeros((18, 25), np.uint8)
    assert vc.warp_affine(img, m, (25, 18), out=out) is out
    check(out, cv2.warpAffine(img, m, (25, 18)), np.uint8, "linear")
    out3 = np.zeros((18, 25), np.uint8)
    assert vc.warp_perspective(img, HOMOGRAPHY, (25, 18), out=out3) is out3
    mx = np.zeros((18, 25), np.float32)
    out4 = np.ones((18, 25), np.uint8)
    assert vc.remap(img, mx, mx, out=out4) is out4
    assert (out4 == img[0, 0]).all()


@pytest.mark.parametrize(
    "M, exc, words",
    [
        (np.zeros((2, 3)), ValueError, ["M", "singular"]),
        (np.array([[1.0, 2, 0], [2, 4, 0]]), ValueError, ["M", "singular"]),
        (np.array([[np.nan, 0, 0], [0, 1, 0]]), ValueError, ["M", "finite"]),
        (np.array([[1, 0, np.inf], [0, 1, 0]]), ValueError, ["M", "finite"]),
        (np.eye(3), ValueError, ["M", "(2, 3)"]),
        (np.eye(2), ValueError, ["M", "(2, 3)"]),
        ("abc", TypeError, ["M"]),
        (None, TypeError, ["M"]),
        ([[1, 0, 0], ["a", 1, 0]], TypeError, ["M"]),
    ],
)
def test_bad_affine_matrix(M, exc, words):
    with pytest.raises(exc) as info:
        vc.warp_affine(np.zeros((8, 8), np.uint8), M, (4, 4))
    for w in words + ["warp_affine"]:
        assert w in str(info.value), str(info.value)


def test_singular_is_fine_with_inverse_map():
    out = vc.warp_affine(np.full((8, 8), 5, np.uint8), np.zeros((2, 3)), (4, 4), inverse_map=True)
    assert (out == 5).all()  # every pixel reads source (0, 0)


@pytest.mark.parametrize(
    "H, exc, words",
    [
        (np.zeros((3, 3)), ValueError, ["H", "singular"]),
        (np.array([[1.0, 0, 0], [0, 1, 0], [0, np.nan, 1]]), ValueError, ["H", "finite"]),
        (np.eye(2), ValueError, ["H", "(3, 3)"]),
        (np.zeros((2, 3)), ValueError, ["H", "(3, 3)"]),
        (object(), TypeError, ["H"]),
    ],
)
def test_bad_homography(H, exc, words):
    with pytest.raises(exc) as info:
        vc.warp_perspective(np.zeros((8, 8), np.uint8), H, (4, 4))
    for w in words + ["warp_perspective"]:
        assert w in str(info.value), str(info.value)


def test_perspective_division_by_zero_reads_outside():
    h = np.array([[1.0, 0, 0], [0, 1, 0], [0, 0, 0]])  # w == 0 everywhere
    out = vc.warp_perspective(np.full((8, 8), 9, np.uint8), h, (4, 4), inverse_map=True,
                              border_value=3)
    assert (out == 3).all()


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [
        ({"interpolation": "area"}, ValueError, ["interpolation", "'linear'"]),
        ({"interpolation": "lanczos"}, ValueError, ["interpolation"]),
        ({"border": "mirror"}, ValueError, ["border", "'reflect101'"]),
        ({"border_value": "x"}, TypeError, ["border_value"]),
        ({"border_value": float("nan")}, ValueError, ["border_value", "finite"]),
        ({"border_value": (1, 2, 3, 4, 5)}, ValueError, ["border_value"]),
    ],
)
def test_bad_options(kwargs, exc, words):
    img = np.zeros((8, 8, 3), np.uint8)
    for call in (lambda: vc.warp_affine(img, np.eye(2, 3), (4, 4), **kwargs),
                 lambda: vc.warp_perspective(img, np.eye(3), (4, 4), **kwargs),
                 lambda: vc.remap(img, np.zeros((4, 4), np.float32), np.zeros((4, 4), np.float32),
                                  **kwargs)):
        with pytest.raises(exc) as info:
            call()
        for w in words:
            assert w in str(info.value), str(info.value)


@pytest.mark.parametrize(
    "size, exc",
    [((0, 4), ValueError), ((4, -3), ValueError), ((4,), ValueError), (4, TypeError),
     ((1 << 21, 2), vc.LimitExceeded), ((1.5, 2), TypeError)],
)
def test_bad_size(size, exc):
    with pytest.raises(exc) as info:
        vc.warp_affine(np.zeros((8, 8), np.uint8), np.eye(2, 3), size)
    assert "warp_affine" in str(info.value) and "size" in str(info.value)


def test_bad_maps(rng):
    img = np.zeros((8, 8), np.uint8)
    good = np.zeros((4, 5), np.float32)
    cases = [
        ((good.astype(np.float64), good), TypeError, "map_x"),
        ((good, good.astype(np.int16)), TypeError, "map_y"),
        ((good, np.zeros((5, 4), np.float32)), ValueError, "map_y"),
        ((good[..., None].repeat(2, axis=2), good), ValueError, "map_x"),
        ((np.full((4, 5), np.nan, np.float32), good), ValueError, "map_x"),
        ((good, np.full((4, 5), np.inf, np.float32)), ValueError, "map_y"),
        ((None, good), TypeError, "map_x"),
    ]
    for (mx, my), exc, param in cases:
        with pytest.raises(exc) as info:
            vc.remap(img, mx, my)
        assert param in str(info.value) and "remap" in str(info.value), str(info.value)
    one_nan = good.copy()
    one_nan[3, 4] = np.nan
    with pytest.raises(ValueError, match="map_x"):
        vc.remap(img, one_nan, good)


def test_bad_out(rng):
    img = random_image(rng, 8, 9, 3, np.uint8)
    m = np.eye(2, 3)
    with pytest.raises(TypeError, match="out"):
        vc.warp_affine(img, m, (4, 4), out=np.zeros((4, 4, 3), np.uint16))
    with pytest.raises(ValueError, match="out"):
        vc.warp_affine(img, m, (4, 4), out=np.zeros((4, 4), np.uint8))
    with pytest.raises(ValueError, match="overlap"):
        vc.warp_affine(img, m, (9, 8), out=img)
    mx = np.zeros((8, 9), np.float32)
    with pytest.raises(ValueError, match="overlap"):
        vc.remap(img[..., 0].copy(), mx, mx, out=mx.view(np.uint8)[:, :9])


def test_huge_inputs_refused_before_allocation():
    huge = np.broadcast_to(np.zeros((1, 1), np.uint8), (1 << 17, 1 << 17))
    with pytest.raises(vc.LimitExceeded):
        vc.warp_affine(huge, np.eye(2, 3), (4, 4))
    with pytest.raises(vc.LimitExceeded):
        vc.warp_affine(np.zeros((4, 4), np.uint8), np.eye(2, 3), (1 << 16, 1 << 16))
    big_map = np.broadcast_to(np.zeros((1, 1), np.float32), (1 << 17, 1 << 17))
    with pytest.raises(vc.LimitExceeded):
        vc.remap(np.zeros((4, 4), np.uint8), big_map, big_map)


GUARD_SCRIPT = r"""
import ctypes, mmap, sys
import numpy as np
import visioncore as vc

PAGE = mmap.PAGESIZE
libc = ctypes.CDLL(None)
libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]


def at_page_end(shape, dtype):
    # an array whose last byte is the last byte before a PROT_NONE page
    nbytes = int(np.prod(shape)) * np.dtype(dtype).itemsize
    pages = (nbytes + PAGE - 1) // PAGE + 1
    buf = mmap.mmap(-1, pages * PAGE)
    addr = ctypes.addressof(ctypes.c_char.from_buffer(buf))
    assert libc.mprotect(addr + (pages - 1) * PAGE, PAGE, 0) == 0
    start = (pages - 1) * PAGE - nbytes
    arr = np.frombuffer(buf, dtype=dtype, count=int(np.prod(shape)), offset=start).reshape(shape)
    rng = np.random.default_rng(1)
    arr[...] = rng.integers(0, 200, shape).astype(dtype)
    return arr, buf


m = np.array([[1.1, 0.2, -3.0], [-0.1, 0.9, 2.0]])
for isa in vc.available_isas():
    with vc.isa(isa):
        for dtype in (np.uint8, np.uint16, np.float32):
            for shape in [(7, 5), (9, 31), (3, 17, 3), (5, 9, 4), (4, 6, 2), (1, 13), (13, 1, 3)]:
                img, keep = at_page_end(shape, dtype)
                h, w = shape[:2]
                for interp in ("nearest", "linear", "area", "cubic"):
                    for size in [(2 * w + 3, 2 * h + 1), (max(1, w // 2), max(1, h // 2)), (w + 1, h + 2)]:
                        vc.resize(img, size, interpolation=interp)
                for interp in ("nearest", "linear", "cubic"):
                    for border in ("constant", "replicate", "wrap"):
                        vc.warp_affine(img, m, (w + 5, h + 5), interpolation=interp, border=border)
                        xs = np.tile(np.linspace(-2, w + 1, 37, dtype=np.float32), (h, 1))
                        ys = np.tile(np.linspace(-2, h + 1, h, dtype=np.float32)[:, None], (1, 37))
                        vc.remap(img, xs, ys, interpolation=interp, border=border)
                for axis in ("horizontal", "vertical", "both"):
                    vc.flip(img, axis)
                vc.rotate90(img, 1)
                vc.rotate90(img, 3)
                vc.pad(img, 2, 2, 3, 3, border="reflect")
print("ok")
"""


def test_inputs_ending_at_a_page_boundary():
    """No kernel reads past the last byte of its source (a PROT_NONE page
    follows it), at every ISA level; run in a subprocess so that a fault is a
    failure, not a crash of the test run."""
    import os
    import subprocess
    import sys

    env = dict(os.environ)
    res = subprocess.run([sys.executable, "-c", GUARD_SCRIPT], capture_output=True, text=True,
                         timeout=300, env=env)
    assert res.returncode == 0 and "ok" in res.stdout, (res.returncode, res.stderr[-2000:])
