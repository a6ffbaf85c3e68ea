"""yuv_to_rgb against OpenCV and a float64 textbook reference, across layouts, ISAs, threads."""

from __future__ import annotations

import numpy as np
import pytest

import visioncore as vc
from conftest import ISAS

cv2 = pytest.importorskip("cv2")

LAYOUTS = ["NV12", "NV21", "I420", "YV12", "YUYV", "UYVY"]
PACKED = {"YUYV", "UYVY"}
CV_CODES = {
    "NV12": cv2.COLOR_YUV2RGB_NV12,
    "NV21": cv2.COLOR_YUV2RGB_NV21,
    "I420": cv2.COLOR_YUV2RGB_I420,
    "YV12": cv2.COLOR_YUV2RGB_YV12,
    "YUYV": cv2.COLOR_YUV2RGB_YUYV,
    "UYVY": cv2.COLOR_YUV2RGB_UYVY,
}
SETTINGS = [("bt601", False), ("bt601", True), ("bt709", False), ("bt709", True)]


def frame_bytes(layout: str, h: int, w: int) -> int:
    return 2 * w * h if layout in PACKED else w * h + 2 * (w // 2) * (h // 2)


def random_frame(rng, layout: str, h: int, w: int) -> np.ndarray:
    """A random frame in OpenCV's array shape for the layout."""
    shape = (h, w, 2) if layout in PACKED else (h * 3 // 2, w)
    return rng.integers(0, 256, shape, dtype=np.uint8)


def pack(layout: str, y: np.ndarray, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Frame bytes from planes: y (H, W); u, v (H/2, W/2) for 4:2:0 or (H, W/2) for 4:2:2."""
    h, w = y.shape
    if layout in PACKED:
        out = np.empty((h, w, 2), np.uint8)
        out[..., 0 if layout == "YUYV" else 1] = y
        c = out[..., 1 if layout == "YUYV" else 0]
        c[:, 0::2], c[:, 1::2] = u, v
        return out
    if layout in ("NV12", "NV21"):
        first, second = (u, v) if layout == "NV12" else (v, u)
        chroma = np.stack([first, second], axis=-1).reshape(h // 2, w)
        return np.concatenate([y, chroma])
    first, second = (u, v) if layout == "I420" else (v, u)
    return np.concatenate([y.ravel(), first.ravel(), second.ravel()]).reshape(h * 3 // 2, w)


def unpack(layout: str, frame: np.ndarray, h: int, w: int):
    """Per-pixel Y, U, V (chroma replicated over its block) from frame bytes."""
    b = frame.reshape(-1)
    if layout in PACKED:
        p = b[: 2 * w * h].reshape(h, w, 2)
        y = p[..., 0 if layout == "YUYV" else 1]
        c = p[..., 1 if layout == "YUYV" else 0]
        u, v = c[:, 0::2], c[:, 1::2]
        return y, np.repeat(u, 2, axis=1), np.repeat(v, 2, axis=1)
    y = b[: w * h].reshape(h, w)
    rest = b[w * h : frame_bytes(layout, h, w)]
    if layout in ("NV12", "NV21"):
        pairs = rest.reshape(h // 2, w // 2, 2)
        u, v = (pairs[..., 0], pairs[..., 1]) if layout == "NV12" else (pairs[..., 1], pairs[..., 0])
    else:
        q = (w // 2) * (h // 2)
        first, second = rest[:q].reshape(h // 2, w // 2), rest[q:].reshape(h // 2, w // 2)
        u, v = (first, second) if layout == "I420" else (second, first)
    up = lambda c: np.repeat(np.repeat(c, 2, axis=0), 2, axis=1)  # noqa: E731
    return y, up(u), up(v)


def textbook_rgb(y, u, v, standard: str, full_range: bool) -> np.ndarray:
    """float64 Y'CbCr -> R'G'B' with the standard's Kr, Kb; limited range
    scales Y' 16..235 and Cb/Cr 16..240 (Y below 16 is black)."""
    kr, kb = (0.299, 0.114) if standard == "bt601" else (0.2126, 0.0722)
    kg = 1 - kr - kb
    y, u, v = (a.astype(np.float64) for a in (y, u, v))
    if full_range:
        yy, cb, cr = y, u - 128, v - 128
    else:
        yy = (np.maximum(y, 16) - 16) * 255 / 219
        cb, cr = (u - 128) * 255 / 224, (v - 128) * 255 / 224
    r = yy + 2 * (1 - kr) * cr
    g = yy - 2 * (1 - kb) * kb / kg * cb - 2 * (1 - kr) * kr / kg * cr
    b = yy + 2 * (1 - kb) * cb
    return np.clip(np.rint(np.stack([r, g, b], axis=-1)), 0, 255)


# ---- OpenCV parity ----


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("shape", [(2, 2), (4, 6), (6, 34), (2, 130), (480, 640), (1080, 1920), (1078, 1918)])
def test_matches_opencv(rng, layout, shape):
    h, w = shape
    frame = random_frame(rng, layout, h, w)
    got = vc.yuv_to_rgb(frame, w, h, layout)
    assert got.shape == (h, w, 3) and got.dtype == np.uint8
    np.testing.assert_array_equal(got, cv2.cvtColor(frame, CV_CODES[layout]))


@pytest.mark.parametrize("layout", ["NV12", "YUYV", "I420"])
def test_every_yuv_triple_matches_opencv(layout):
    # all 2^24 (Y, U, V) combinations: each of the 65536 chroma pairs with all 256 lumas
    n = 4096
    k = np.arange((n // 2) ** 2)
    u = (k % 256).astype(np.uint8).reshape(n // 2, n // 2)
    v = ((k // 256) % 256).astype(np.uint8).reshape(n // 2, n // 2)
    copy = (k // 65536).reshape(n // 2, n // 2)  # 0..63
    y = np.empty((n, n), np.uint8)
    for dy in range(2):
        for dx in range(2):
            y[dy::2, dx::2] = (copy * 4 + 2 * dy + dx).astype(np.uint8)
    if layout in PACKED:
        frame = pack(layout, y, np.repeat(u, 2, axis=0), np.repeat(v, 2, axis=0))
    else:
        frame = pack(layout, y, u, v)
    np.testing.assert_array_equal(vc.yuv_to_rgb(frame, n, n, layout), cv2.cvtColor(frame, CV_CODES[layout]))


# ---- textbook equations ----


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("standard, full_range", SETTINGS)
def test_matches_textbook_equations(rng, layout, standard, full_range):
    h, w = 64, 98
    frame = random_frame(rng, layout, h, w)
    got = vc.yuv_to_rgb(frame, w, h, layout, standard=standard, full_range=full_range)
    ref = textbook_rgb(*unpack(layout, frame, h, w), standard, full_range)
    assert np.abs(got.astype(np.float64) - ref).max() <= 1


@pytest.mark.parametrize("standard, full_range", SETTINGS)
def test_textbook_on_every_triple(standard, full_range):
    y, u, v = (a.ravel().astype(np.uint8) for a in np.meshgrid(np.arange(256), np.arange(0, 256, 3), np.arange(0, 256, 3)))
    h = 2
    w = y.size // h
    w -= w % 2
    y, u, v = y[: h * w].reshape(h, w), u[: h * w].reshape(h, w), v[: h * w].reshape(h, w)
    # YUYV with per-pixel chroma is not expressible; use 4:2:2 pairs (u, v) of even pixels
    frame = pack("YUYV", y, u[:, 0::2], v[:, 0::2])
    got = vc.yuv_to_rgb(frame, w, h, "YUYV", standard=standard, full_range=full_range)
    ref = textbook_rgb(y, np.repeat(u[:, 0::2], 2, axis=1), np.repeat(v[:, 0::2], 2, axis=1), standard, full_range)
    assert np.abs(got.astype(np.float64) - ref).max() <= 1


def test_known_colours():
    # limited range BT.601: black, white, and saturated primaries
    y = np.array([[16, 235], [16, 235]], np.uint8)
    grey = np.full((1, 1), 128, np.uint8)
    rgb = vc.yuv_to_rgb(pack("NV12", y, grey, grey), 2, 2, "NV12")
    np.testing.assert_array_equal(rgb[:, 0], 0)
    assert (rgb[:, 1] >= 254).all()
    rgb = vc.yuv_to_rgb(pack("NV12", np.full((2, 2), 255, np.uint8), grey, grey), 2, 2, "NV12", full_range=True)
    np.testing.assert_array_equal(rgb, 255)
    # BT.709 red: Y = 16 + 219*0.2126, Cb = 128 - 224*0.2126/1.8556, Cr = 240
    y, cb = round(16 + 219 * 0.2126), round(128 - 224 * 0.2126 / (2 * (1 - 0.0722)) * 1.0)
    red = vc.yuv_to_rgb(pack("NV12", np.full((2, 2), y, np.uint8), np.full((1, 1), cb, np.uint8),
                             np.full((1, 1), 240, np.uint8)), 2, 2, "NV12", standard="bt709")
    assert red[0, 0, 0] >= 253 and red[0, 0, 1] <= 2 and red[0, 0, 2] <= 2


# ---- ISA levels, threads, buffers ----

# Kernel tiles are 16 / 32 / 64 pixels; widths around and between them.
WIDTHS = sorted(set(range(2, 40, 2)) | set(range(58, 72, 2)) | set(range(122, 136, 2)) | {194, 254, 318})


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_isa_matches_scalar(rng, isa, layout):
    for w in WIDTHS:
        h = 4
        frame = random_frame(rng, layout, h, w)
        for standard, full_range in SETTINGS:
            with vc.isa("scalar"):
                ref = vc.yuv_to_rgb(frame, w, h, layout, standard=standard, full_range=full_range)
            with vc.isa(isa):
                got = vc.yuv_to_rgb(frame, w, h, layout, standard=standard, full_range=full_range)
            np.testing.assert_array_equal(got, ref, err_msg=f"w={w} {standard} {full_range}")


@pytest.mark.parametrize("threads", [1, 2, 4])
@pytest.mark.parametrize("layout", ["NV12", "I420", "UYVY"])
def test_thread_counts_identical(rng, threads, layout):
    h, w = 518, 390
    frame = random_frame(rng, layout, h, w)
    with vc.num_threads(1):
        ref = vc.yuv_to_rgb(frame, w, h, layout)
    with vc.num_threads(threads):
        np.testing.assert_array_equal(vc.yuv_to_rgb(frame, w, h, layout), ref)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_buffer_forms(rng, layout):
    h, w = 10, 14
    frame = random_frame(rng, layout, h, w)
    ref = vc.yuv_to_rgb(frame, w, h, layout)
    # 1-D, longer than needed, a non-contiguous view (copied), read-only, lower-case layout
    np.testing.assert_array_equal(vc.yuv_to_rgb(frame.ravel(), w, h, layout), ref)
    longer = np.concatenate([frame.ravel(), rng.integers(0, 256, 100, dtype=np.uint8)])
    np.testing.assert_array_equal(vc.yuv_to_rgb(longer, w, h, layout), ref)
    strided = np.repeat(frame.ravel(), 2)[::2]
    np.testing.assert_array_equal(vc.yuv_to_rgb(strided, w, h, layout), ref)
    ro = frame.copy()
    ro.flags.writeable = False
    np.testing.assert_array_equal(vc.yuv_to_rgb(ro, w, h, layout), ref)
    np.testing.assert_array_equal(vc.yuv_to_rgb(frame, w, h, layout.lower()), ref)


def test_packed_layouts_allow_odd_height(rng):
    frame = random_frame(rng, "YUYV", 5, 8)
    np.testing.assert_array_equal(vc.yuv_to_rgb(frame, 8, 5, "YUYV"), cv2.cvtColor(frame, cv2.COLOR_YUV2RGB_YUYV))


def test_out_is_written_and_returned(rng):
    h, w = 20, 30
    frame = random_frame(rng, "NV21", h, w)
    out = np.full((h, w, 3), 7, np.uint8)
    res = vc.yuv_to_rgb(frame, w, h, "NV21", out=out)
    assert res is out
    np.testing.assert_array_equal(out, cv2.cvtColor(frame, cv2.COLOR_YUV2RGB_NV21))
    big = np.full((24, 40, 3), 7, np.uint8)
    vc.yuv_to_rgb(frame, w, h, "NV21", out=big[2:22, 5:35])
    np.testing.assert_array_equal(big[2:22, 5:35], out)
    assert (big[:2] == 7).all() and (big[:, :5] == 7).all() and (big[:, 35:] == 7).all()


# ---- bad input ----


def test_odd_sizes_are_refused(rng):
    frame = np.zeros(1000, np.uint8)
    for layout in LAYOUTS:
        with pytest.raises(ValueError, match="width") as info:
            vc.yuv_to_rgb(frame, 5, 4, layout)
        assert "even" in str(info.value) and "yuv_to_rgb" in str(info.value)
    for layout in ("NV12", "NV21", "I420", "YV12"):
        with pytest.raises(ValueError, match="height"):
            vc.yuv_to_rgb(frame, 4, 5, layout)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_short_buffer(layout):
    need = frame_bytes(layout, 6, 8)
    with pytest.raises(ValueError, match="buffer") as info:
        vc.yuv_to_rgb(np.zeros(need - 1, np.uint8), 8, 6, layout)
    assert str(need) in str(info.value) and str(need - 1) in str(info.value)
    vc.yuv_to_rgb(np.zeros(need, np.uint8), 8, 6, layout)


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [
        (dict(layout="NV16"), ValueError, ["layout", "'NV12'", "'UYVY'", "NV16"]),
        (dict(standard="bt2020"), ValueError, ["standard", "'bt601'", "'bt709'"]),
        (dict(buffer=np.zeros(100, np.float32)), TypeError, ["buffer", "uint8", "float32"]),
        (dict(buffer=np.zeros(100, np.int8)), TypeError, ["buffer", "int8"]),
        (dict(buffer=[0] * 100), TypeError, ["buffer", "list"]),
        (dict(buffer=None), TypeError, ["buffer"]),
        (dict(buffer=np.zeros(0, np.uint8)), ValueError, ["buffer"]),
        (dict(width=0), ValueError, ["width", "positive"]),
        (dict(height=-2), ValueError, ["height", "positive"]),
        (dict(width=2**21), vc.LimitExceeded, ["limit"]),
        (dict(width=2**40, height=2**40), vc.LimitExceeded, ["limit"]),
        (dict(width=65536, height=65536), vc.LimitExceeded, ["limit"]),
    ],
)
def test_bad_input(kwargs, exc, words):
    args = dict(buffer=np.zeros(100, np.uint8), width=8, height=6, layout="NV12")
    args.update(kwargs)
    with pytest.raises(exc) as info:
        vc.yuv_to_rgb(args.pop("buffer"), args.pop("width"), args.pop("height"), args.pop("layout"), **args)
    for w in words:
        assert w in str(info.value)
    assert "yuv_to_rgb" in str(info.value)


def test_bad_out(rng):
    h, w = 6, 8
    frame = random_frame(rng, "NV12", h, w)
    with pytest.raises(TypeError, match="out"):
        vc.yuv_to_rgb(frame, w, h, "NV12", out=np.zeros((h, w, 3), np.uint16))
    with pytest.raises(ValueError, match="out"):
        vc.yuv_to_rgb(frame, w, h, "NV12", out=np.zeros((w, h, 3), np.uint8))
    ro = np.zeros((h, w, 3), np.uint8)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        vc.yuv_to_rgb(frame, w, h, "NV12", out=ro)
    shared = np.zeros(2 * h * w * 3, np.uint8)
    with pytest.raises(ValueError, match="out"):
        vc.yuv_to_rgb(shared, w, h, "NV12", out=shared[10 : 10 + h * w * 3].reshape(h, w, 3))
