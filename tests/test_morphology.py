"""structuring_element / erode / dilate / morphology against OpenCV, across
dtypes, channels, kernels, borders, iterations, ISAs, threads and layouts."""

from __future__ import annotations

import numpy as np
import pytest

import visioncore as vc
from conftest import ISAS, ODD_SHAPES, photo_rgb, random_image, strided_variants, structured_image

cv2 = pytest.importorskip("cv2")

DTYPES = [np.uint8, np.uint16, np.int16, np.float32]
SHAPES = {"rect": cv2.MORPH_RECT, "ellipse": cv2.MORPH_ELLIPSE, "cross": cv2.MORPH_CROSS}
OPS = {
    "erode": cv2.MORPH_ERODE,
    "dilate": cv2.MORPH_DILATE,
    "open": cv2.MORPH_OPEN,
    "close": cv2.MORPH_CLOSE,
    "gradient": cv2.MORPH_GRADIENT,
    "tophat": cv2.MORPH_TOPHAT,
    "blackhat": cv2.MORPH_BLACKHAT,
}
CV_BORDERS = {
    "reflect101": cv2.BORDER_REFLECT101,
    "replicate": cv2.BORDER_REPLICATE,
    "reflect": cv2.BORDER_REFLECT,
}
# (kind, ksize): every path: short rows folded directly, the doubling ladder,
# van Herk/Gil-Werman columns (height >= 7), runs of general kernels.
KERNELS = [
    ("rect", (3, 3)), ("rect", (5, 5)), ("rect", (4, 6)), ("rect", (9, 9)), ("rect", (31, 31)),
    ("rect", (15, 1)), ("rect", (1, 15)), ("rect", (8, 2)), ("ellipse", (5, 5)),
    ("ellipse", (11, 7)), ("ellipse", (15, 15)), ("cross", (3, 3)), ("cross", (6, 4)),
]


def element(kind, ksize):
    return cv2.getStructuringElement(SHAPES[kind], ksize)


def image(rng, h, w, c, dtype, structured=False):
    if structured:
        img = structured_image(h, w, c, dtype)
    else:
        img = random_image(rng, h, w, c, dtype)
    if np.dtype(dtype) == np.float32:
        img = (img * 200 - 50).astype(np.float32)  # negatives too
    return img


def cv_border(border, border_value=None):
    if border == "default":
        return {}
    if border == "constant":
        return {"borderType": cv2.BORDER_CONSTANT, "borderValue": (border_value,) * 4}
    return {"borderType": CV_BORDERS[border]}


def wrap_reference(img, kernel, op, anchor=None):
    """OpenCV has no wrap border for morphology: pad with numpy and crop."""
    kh, kw = kernel.shape
    ax, ay = anchor if anchor is not None else (kw // 2, kh // 2)
    h, w = img.shape[:2]
    # np.pad "wrap" repeats the image as often as needed
    pad = [(ay, kh - 1 - ay), (ax, kw - 1 - ax)] + [(0, 0)] * (img.ndim - 2)
    padded = np.pad(img, pad, mode="wrap")
    fn = cv2.erode if op == "erode" else cv2.dilate
    out = fn(padded, kernel, anchor=(ax, ay), borderType=cv2.BORDER_REPLICATE)
    return out[ay : ay + h, ax : ax + w]


# --- structuring elements ---------------------------------------------------


@pytest.mark.parametrize("kind", list(SHAPES))
def test_structuring_element_matches_opencv(kind):
    for ksize in [(1, 1), (2, 2), (3, 3), (5, 5), (4, 6), (7, 5), (9, 9), (1, 7), (7, 1),
                  (10, 3), (31, 31), (64, 33), (1023, 5)]:
        got = vc.structuring_element(kind, ksize)
        assert got.dtype == np.uint8 and got.shape == ksize[::-1]
        np.testing.assert_array_equal(got, element(kind, ksize), err_msg=f"{kind} {ksize}")
    np.testing.assert_array_equal(vc.structuring_element(kind, 5), element(kind, (5, 5)))


def test_structuring_element_cross_anchor():
    for anchor in [(0, 0), (3, 1), (4, 2)]:
        np.testing.assert_array_equal(
            vc.structuring_element("cross", (5, 3), anchor=anchor),
            cv2.getStructuringElement(cv2.MORPH_CROSS, (5, 3), anchor=anchor))


# --- against OpenCV ----------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("channels", [None, 1, 3, 4])
def test_erode_dilate_match_opencv(rng, dtype, channels):
    for h, w in [(1, 1), (3, 5), (23, 41), (40, 71)]:
        for structured in (False, True):
            img = image(rng, h, w, channels, dtype, structured)
            for kind, ksize in KERNELS:
                k = element(kind, ksize)
                for border in ["default", "reflect101", "replicate"]:
                    got_e = vc.erode(img, k, border=border)
                    got_d = vc.dilate(img, k, border=border)
                    info = f"{dtype.__name__} {channels} {h}x{w} {kind}{ksize} {border}"
                    ref_e = cv2.erode(img, k, **cv_border(border)).reshape(img.shape)
                    ref_d = cv2.dilate(img, k, **cv_border(border)).reshape(img.shape)
                    assert got_e.dtype == img.dtype and got_e.shape == img.shape
                    np.testing.assert_array_equal(got_e, ref_e, err_msg="erode " + info)
                    np.testing.assert_array_equal(got_d, ref_d, err_msg="dilate " + info)


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_border_mode(rng, dtype):
    img = image(rng, 19, 27, 3, dtype)
    for kind, ksize in [("rect", (3, 3)), ("rect", (9, 11)), ("ellipse", (7, 7)),
                        ("cross", (5, 5)), ("rect", (31, 3))]:
        k = element(kind, ksize)
        for border in ["reflect", "constant"]:
            for fn, cf in [(vc.erode, cv2.erode), (vc.dilate, cv2.dilate)]:
                got = fn(img, k, border=border, border_value=7)
                np.testing.assert_array_equal(got, cf(img, k, **cv_border(border, 7)),
                                              err_msg=f"{kind}{ksize} {border}")
        for op in ["erode", "dilate"]:
            fn = vc.erode if op == "erode" else vc.dilate
            np.testing.assert_array_equal(fn(img, k, border="wrap"), wrap_reference(img, k, op),
                                          err_msg=f"wrap {kind}{ksize}")


def test_constant_border_values():
    img = np.full((6, 7, 3), 100, np.uint8)
    # per-channel values, saturated to the dtype
    got = vc.dilate(img, border="constant", border_value=(300, 5, 120))
    assert (got[0, 0] == [255, 100, 120]).all() and (got[3, 3] == 100).all()
    got = vc.erode(img, border="constant", border_value=(-4, 5, 120))
    assert (got[0, 0] == [0, 5, 100]).all()
    # "constant" without a value is the default (the border never wins)
    np.testing.assert_array_equal(vc.erode(img, border="constant"), img)
    np.testing.assert_array_equal(vc.dilate(img, border="constant"), img)
    f = np.full((5, 5), -1e30, np.float32)
    np.testing.assert_array_equal(vc.dilate(f), f)
    np.testing.assert_array_equal(vc.erode(-f), -f)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", list(OPS))
def test_morphology_ops_match_opencv(rng, dtype, op):
    img = image(rng, 29, 37, 3, dtype)
    for kind, ksize in [("rect", (3, 3)), ("rect", (5, 5)), ("rect", (9, 9)),
                        ("ellipse", (7, 7)), ("cross", (5, 3))]:
        k = element(kind, ksize)
        for border in ["default", "reflect101", "constant"]:
            got = vc.morphology(img, op, k, border=border, border_value=9)
            ref = cv2.morphologyEx(img, OPS[op], k, **cv_border(border, 9))
            np.testing.assert_array_equal(got, ref, err_msg=f"{op} {kind}{ksize} {border}")


@pytest.mark.parametrize("op", list(OPS))
def test_iterations_and_anchors_match_opencv(rng, op):
    # rectangles fold iterations into one bigger rectangle (OpenCV's rule);
    # other kernels repeat (fused up to four passes, then through a temporary)
    img = image(rng, 33, 45, None, np.uint8)
    for kind, ksize in [("rect", (3, 3)), ("rect", (4, 3)), ("ellipse", (5, 5)), ("cross", (3, 5))]:
        k = element(kind, ksize)
        kh, kw = k.shape
        for iterations in [0, 1, 2, 3, 5]:
            for anchor in [None, (0, 0), (kw - 1, kh - 1), (1, 0)]:
                for border in ["default", "reflect101"]:
                    got = vc.morphology(img, op, k, anchor=anchor, iterations=iterations,
                                        border=border)
                    ref = cv2.morphologyEx(img, OPS[op], k, anchor=anchor or (-1, -1),
                                           iterations=iterations, **cv_border(border))
                    np.testing.assert_array_equal(
                        got, ref, err_msg=f"{op} {kind}{ksize} it={iterations} {anchor} {border}")


def test_kernel_forms(rng):
    img = image(rng, 21, 26, None, np.uint8)
    # arbitrary (random) kernels, bool / float / int masks, ksize + shape
    for _ in range(6):
        k = (rng.random((int(rng.integers(1, 9)), int(rng.integers(1, 9)))) < 0.5).astype(np.uint8)
        k[rng.integers(k.shape[0]), rng.integers(k.shape[1])] = 1
        np.testing.assert_array_equal(vc.erode(img, k), cv2.erode(img, k))
        np.testing.assert_array_equal(vc.dilate(img, k.astype(bool)), cv2.dilate(img, k))
        np.testing.assert_array_equal(vc.erode(img, k * 2.5), cv2.erode(img, k))
    np.testing.assert_array_equal(vc.erode(img), cv2.erode(img, None))
    np.testing.assert_array_equal(vc.dilate(img, ksize=(7, 3), shape="ellipse"),
                                  cv2.dilate(img, element("ellipse", (7, 3))))
    np.testing.assert_array_equal(vc.erode(img, np.ones((1, 1))), img)
    np.testing.assert_array_equal(vc.erode(img, k, iterations=0), img)
    # a kernel whose anchor is not a member
    k = np.array([[1, 0, 1]], np.uint8)
    np.testing.assert_array_equal(vc.erode(img, k), cv2.erode(img, k))


def test_photo_matches_opencv():
    img = photo_rgb()
    for kind, ksize in [("rect", (3, 3)), ("ellipse", (9, 9)), ("rect", (21, 21))]:
        k = element(kind, ksize)
        for op in ["open", "gradient", "tophat"]:
            np.testing.assert_array_equal(vc.morphology(img, op, k),
                                          cv2.morphologyEx(img, OPS[op], k))


def test_kernel_larger_than_image(rng):
    for h, w in [(1, 1), (2, 3), (5, 2)]:
        img = image(rng, h, w, 3, np.uint8)
        for kind, ksize in [("rect", (9, 9)), ("ellipse", (15, 7)), ("rect", (31, 1))]:
            k = element(kind, ksize)
            for border in ["default", "reflect101", "replicate", "reflect"]:
                for op in ["erode", "dilate", "close"]:
                    np.testing.assert_array_equal(
                        vc.morphology(img, op, k, border=border),
                        cv2.morphologyEx(img, OPS[op], k, **cv_border(border)),
                        err_msg=f"{h}x{w} {kind}{ksize} {border} {op}")
            np.testing.assert_array_equal(vc.erode(img, k, border="wrap"),
                                          wrap_reference(img, k, "erode"))


def test_1080p_matches_opencv(rng):
    img = random_image(rng, 1080, 1920, None, np.uint8)
    for kind, ksize in [("rect", (3, 3)), ("rect", (31, 31)), ("ellipse", (15, 15))]:
        k = element(kind, ksize)
        np.testing.assert_array_equal(vc.erode(img, k), cv2.erode(img, k))
    k = element("rect", (5, 5))
    np.testing.assert_array_equal(vc.morphology(img, "open", k),
                                  cv2.morphologyEx(img, cv2.MORPH_OPEN, k))


# --- ISA levels, threads, layouts -------------------------------------------


@pytest.mark.parametrize("isa", ISAS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_every_isa_matches_scalar(rng, isa, dtype):
    # widths around the register (16..64 u8 lanes) and the 4-register step
    widths = (1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257, 300)
    for w in widths:
        img = image(rng, 9, w, 3 if w < 100 else None, dtype)
        if np.dtype(dtype) == np.float32 and w == 33:
            img[2, 5] = np.nan  # NaN follows the same rule at every level
            img[4, 7] = -0.0
        for kind, ksize in [("rect", (3, 3)), ("rect", (9, 9)), ("ellipse", (7, 7)),
                            ("cross", (5, 5))]:
            for op in ["erode", "dilate", "gradient", "tophat"]:
                with vc.isa("scalar"):
                    ref = vc.morphology(img, op, ksize=ksize, shape=kind)
                with vc.isa(isa):
                    got = vc.morphology(img, op, ksize=ksize, shape=kind)
                np.testing.assert_array_equal(got.view(np.uint8), ref.view(np.uint8),
                                              err_msg=f"{isa} w={w} {kind}{ksize} {op}")


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_thread_counts_identical(rng, threads):
    img = image(rng, 517, 389, None, np.float32)
    img[100:110, 50] = np.nan
    cases = [("erode", "rect", (3, 3)), ("dilate", "rect", (31, 31)),
             ("erode", "ellipse", (15, 15)), ("open", "rect", (5, 5)),
             ("gradient", "cross", (7, 7)), ("close", "rect", (9, 21))]
    for op, kind, ksize in cases:
        with vc.num_threads(1):
            ref = vc.morphology(img, op, ksize=ksize, shape=kind, iterations=2)
        with vc.num_threads(threads):
            got = vc.morphology(img, op, ksize=ksize, shape=kind, iterations=2)
        np.testing.assert_array_equal(got.view(np.uint32), ref.view(np.uint32), err_msg=op)


def test_layouts_match_contiguous(rng):
    img = image(rng, 37, 53, 3, np.uint8)
    ref = vc.morphology(img, "gradient", ksize=5, shape="ellipse")
    for name, view, _ in strided_variants(img):
        np.testing.assert_array_equal(vc.morphology(view, "gradient", ksize=5, shape="ellipse"),
                                      ref, err_msg=name)
    gray = image(rng, 37, 53, None, np.uint8)
    np.testing.assert_array_equal(vc.erode(gray[:, :, None]), vc.erode(gray)[:, :, None])
    bcast = np.broadcast_to(gray[:1], (37, 53))
    np.testing.assert_array_equal(vc.dilate(bcast), vc.dilate(np.ascontiguousarray(bcast)))


def test_out_is_written_and_returned(rng):
    img = image(rng, 20, 30, 3, np.uint16)
    out = np.zeros_like(img)
    res = vc.erode(img, ksize=5, out=out)
    assert res is out
    np.testing.assert_array_equal(out, cv2.erode(img, element("rect", (5, 5))))
    big = np.full((24, 40, 3), 7, np.uint16)
    vc.morphology(img, "blackhat", ksize=3, out=big[2:22, 5:35])
    np.testing.assert_array_equal(big[2:22, 5:35],
                                  cv2.morphologyEx(img, cv2.MORPH_BLACKHAT, element("rect", (3, 3))))
    assert (big[:2] == 7).all() and (big[:, :5] == 7).all()


# --- bad input ---------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, exc, words",
    [
        ({"img": np.zeros((4, 4), np.float64)}, TypeError, ["img", "float64"]),
        ({"img": np.zeros((4, 4), bool)}, TypeError, ["img", "bool"]),
        ({"img": [[1, 2]]}, TypeError, ["img", "list"]),
        ({"img": np.zeros((0, 4), np.uint8)}, ValueError, ["empty"]),
        ({"img": np.zeros((4, 4, 5), np.uint8)}, ValueError, ["img"]),
        ({"kernel": np.zeros((3, 3), np.uint8)}, ValueError, ["kernel", "nonzero"]),
        ({"kernel": np.ones((3,), np.uint8)}, ValueError, ["kernel"]),
        ({"kernel": np.ones((0, 3), np.uint8)}, ValueError, ["kernel"]),
        ({"kernel": np.ones((2000, 1), np.uint8)}, ValueError, ["kernel", "1023"]),
        ({"kernel": np.array([[1, np.nan]])}, ValueError, ["kernel", "NaN"]),
        ({"kernel": np.ones((3, 3), complex)}, TypeError, ["kernel"]),
        ({"kernel": [[1, 1]]}, TypeError, ["kernel", "list"]),
        ({"ksize": 0}, ValueError, ["ksize"]),
        ({"ksize": -3}, ValueError, ["ksize"]),
        ({"ksize": 5000}, ValueError, ["ksize"]),
        ({"ksize": 2**70}, ValueError, ["ksize"]),
        ({"ksize": (3, 3, 3)}, ValueError, ["ksize"]),
        ({"ksize": 3.0}, TypeError, ["ksize", "float"]),
        ({"shape": "circle"}, ValueError, ["shape", "circle"]),
        ({"anchor": (5, 0)}, ValueError, ["anchor"]),
        ({"anchor": (0, -2)}, ValueError, ["anchor"]),
        ({"anchor": 1}, TypeError, ["anchor"]),
        ({"iterations": -1}, ValueError, ["iterations"]),
        ({"iterations": 1.5}, TypeError, ["iterations"]),
        ({"iterations": 600}, ValueError, ["iterations", "1023"]),
        ({"border": "mirror"}, ValueError, ["border", "mirror"]),
        ({"border": "constant", "border_value": np.nan}, ValueError, ["border_value"]),
        ({"border": "constant", "border_value": (1, 2, 3, 4, 5)}, ValueError, ["border_value"]),
        ({"border": "constant", "border_value": "x"}, TypeError, ["border_value"]),
        ({"out": np.zeros((4, 4), np.uint16)}, TypeError, ["out"]),
        ({"out": np.zeros((4, 5), np.uint8)}, ValueError, ["out"]),
    ],
)
def test_bad_input(kwargs, exc, words):
    args = {"img": np.zeros((4, 4), np.uint8)}
    args.update(kwargs)
    img = args.pop("img")
    for name, fn in [("erode", vc.erode), ("dilate", vc.dilate),
                     ("morphology", lambda i, **kw: vc.morphology(i, "open", **kw))]:
        with pytest.raises(exc) as info:
            fn(img, **args)
        msg = str(info.value)
        assert name in msg, msg
        for w in words:
            assert w in msg, msg


def test_bad_op_and_element_arguments():
    with pytest.raises(ValueError, match="morphology.*op.*'hitmiss'"):
        vc.morphology(np.zeros((4, 4), np.uint8), "hitmiss")
    with pytest.raises(ValueError, match="structuring_element.*shape"):
        vc.structuring_element("disc", 3)
    with pytest.raises(ValueError, match="structuring_element.*ksize"):
        vc.structuring_element("rect", (0, 3))
    with pytest.raises(ValueError, match="structuring_element.*anchor"):
        vc.structuring_element("cross", 3, anchor=(3, 0))
    with pytest.raises(TypeError, match="structuring_element.*ksize"):
        vc.structuring_element("rect", "3")


def test_bad_out_overlap_and_readonly(rng):
    img = image(rng, 8, 9, None, np.uint8)
    ro = np.zeros_like(img)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        vc.erode(img, out=ro)
    with pytest.raises(ValueError, match="overlap"):
        vc.erode(img, out=img)
    with pytest.raises(ValueError, match="out"):
        vc.dilate(img, out=np.zeros((8, 18), np.uint8)[:, ::2])


def test_huge_broadcast_is_refused_before_allocation():
    huge = np.broadcast_to(np.zeros((1, 1), np.uint8), (65536, 65536))
    with pytest.raises(vc.LimitExceeded, match="limit"):
        vc.erode(huge)
