"""vc.dnn blob_from_image: against cv2.dnn.blobFromImage where the semantics
coincide (uint8, resize, crop, swapRB, scalar scale/mean) and against a
numpy reference (per-channel mean/std, NHWC, gray, RGBA, batches, strided
inputs); identical at 1 and 2 threads; every bad argument raises a
TypeError/ValueError naming it."""

from __future__ import annotations

import numpy as np
import pytest
import visioncore as vc
from conftest import random_image, structured_image

cv2 = pytest.importorskip("cv2")
blob_from_image = vc._core.dnn.blob_from_image

MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


def reference(img, size=None, mean=0.0, std=1.0, swap_rb=False, crop=False, layout="NCHW",
              scale=None):
    """numpy (with vc.resize for the geometry): the documented formula."""
    imgs = list(img) if isinstance(img, (list, tuple)) or img.ndim == 4 else [img]
    out = []
    for im in imgs:
        if im.ndim == 2:
            im = im[:, :, None]
        h, w, c = im.shape
        if size is not None and (w, h) != tuple(size):
            if crop:
                f = max(np.float32(size[0]) / np.float32(w), np.float32(size[1]) / np.float32(h))
                r = vc.resize(im, scale=(float(f), float(f)))
                r = r.reshape(r.shape[0], r.shape[1], c)
                x0, y0 = (r.shape[1] - size[0]) // 2, (r.shape[0] - size[1]) // 2
                im = r[y0:y0 + size[1], x0:x0 + size[0]]
            else:
                im = vc.resize(im, tuple(size)).reshape(size[1], size[0], c)
        x = im.astype(np.float64)
        if swap_rb:
            x = x[:, :, [2, 1, 0, 3][:c]]
        s = (1 / 255 if im.dtype == np.uint8 else 1.0) if scale is None else scale
        m = np.broadcast_to(np.asarray(mean, np.float64), (c,))
        d = np.broadcast_to(np.asarray(std, np.float64), (c,))
        y = (x * s - m) / d
        out.append(y.transpose(2, 0, 1) if layout == "NCHW" else y)
    return np.stack(out).astype(np.float32)


def assert_close(got, want, rtol=2e-6):
    assert got.dtype == np.float32 and got.shape == want.shape, (got.shape, want.shape)
    scale = max(1.0, float(np.abs(want).max()))
    np.testing.assert_allclose(got, want, rtol=0, atol=rtol * scale)


# ----------------------------------------------------------- vs OpenCV --

CV_CASES = [
    # (h, w), size, crop, swap_rb, scale, mean
    ((48, 64), None, False, False, 1.0, 0.0),
    ((48, 64), (32, 32), False, True, 1 / 255, 0.5),
    ((37, 53), (224, 224), False, False, 1 / 127.5, 1.0),
    ((480, 640), (224, 224), True, True, 1.0, 0.0),
    ((640, 480), (224, 200), True, False, 0.017, 2.0),
    ((31, 97), (20, 20), True, True, 1 / 255, 0.25),
    ((1, 1), (5, 3), False, False, 1.0, 0.0),
    ((3, 5), (7, 11), True, False, 1.0, 0.0),
]


@pytest.mark.parametrize("hw,size,crop,swap_rb,scale,mean", CV_CASES)
@pytest.mark.parametrize("kind", ["random", "structured"])
def test_uint8_matches_opencv(rng, hw, size, crop, swap_rb, scale, mean, kind):
    h, w = hw
    img = random_image(rng, h, w, 3, np.uint8) if kind == "random" else \
        structured_image(h, w, 3, np.uint8)
    got = blob_from_image(img, size, mean=mean, swap_rb=swap_rb, crop=crop, scale=scale)
    # OpenCV: (x - m) * s, so m = mean / scale
    want = cv2.dnn.blobFromImage(img, scale, size, (mean / scale,) * 3, swapRB=swap_rb, crop=crop)
    assert_close(got, want)


def test_gray_and_rgba_and_batch_match_opencv(rng):
    gray = random_image(rng, 40, 30, None, np.uint8)
    assert_close(blob_from_image(gray, (20, 24), scale=1.0),
                 cv2.dnn.blobFromImage(gray, 1.0, (20, 24)))
    rgba = random_image(rng, 40, 30, 4, np.uint8)
    assert_close(blob_from_image(rgba, (16, 16), swap_rb=True, crop=True, scale=1.0),
                 cv2.dnn.blobFromImage(rgba, 1.0, (16, 16), swapRB=True, crop=True))
    imgs = [random_image(rng, h, w, 3, np.uint8) for h, w in ((40, 30), (30, 40), (16, 16))]
    assert_close(blob_from_image(imgs, (16, 16), crop=True, scale=1.0),
                 cv2.dnn.blobFromImages(imgs, 1.0, (16, 16), crop=True))


def test_float32_matches_opencv(rng):
    img = random_image(rng, 45, 61, 3, np.float32)
    got = blob_from_image(img, (32, 24), mean=0.5, swap_rb=True)
    want = cv2.dnn.blobFromImage(img, 1.0, (32, 24), (0.5, 0.5, 0.5), swapRB=True)
    assert_close(got, want, rtol=1e-5)  # float resize weights may differ by an ulp
    assert_close(blob_from_image(img), reference(img))


# ------------------------------------------------------ numpy reference --

REF_CASES = [(ch, sw) for ch in (None, 1, 3, 4) for sw in (False, True) if not sw or ch in (3, 4)]


@pytest.mark.parametrize("layout", ["NCHW", "NHWC"])
@pytest.mark.parametrize("channels,swap_rb", REF_CASES)
@pytest.mark.parametrize("dtype", [np.uint8, np.float32])
def test_matches_reference(rng, layout, channels, dtype, swap_rb):
    c = channels or 1
    img = random_image(rng, 29, 67, channels, dtype)
    mean = MEAN[:c] if c != 4 else (*MEAN, 0.5)
    std = STD[:c] if c != 4 else (*STD, 2.0)
    if c == 1:
        mean, std = (0.45,), 0.25
    kw = {"mean": mean, "std": std, "swap_rb": swap_rb, "layout": layout}
    got = blob_from_image(img, **kw)
    assert got.shape == ((1, c, 29, 67) if layout == "NCHW" else (1, 29, 67, c))
    assert_close(got, reference(img, **kw))
    for size, crop in (((40, 20), False), ((20, 20), True), ((67, 29), True)):
        assert_close(blob_from_image(img, size, crop=crop, **kw),
                     reference(img, size, crop=crop, **kw), rtol=1e-5)


def test_batches_strides_and_threads(rng):
    base = random_image(rng, 300, 401, 3, np.uint8)
    views = {
        "row-strided": base[10:250, 20:380],
        "pixel-strided": base[:240:, ::2][:, :180],
        "reversed": base[::-1, ::-1][:240, :180],
    }
    for v in views.values():
        assert_close(blob_from_image(v, mean=MEAN, std=STD), reference(v, mean=MEAN, std=STD))
    batch = np.stack([random_image(rng, 50, 70, 3, np.uint8) for _ in range(4)])
    kw = {"size": (64, 48), "mean": MEAN, "std": STD, "swap_rb": True}
    from_array = blob_from_image(batch, **kw)
    assert from_array.shape == (4, 3, 48, 64)
    np.testing.assert_array_equal(from_array, blob_from_image(list(batch), **kw))
    np.testing.assert_array_equal(from_array[2:3], blob_from_image(batch[2], **kw))
    assert_close(from_array, reference(batch, **kw), rtol=1e-5)
    big = random_image(rng, 1080, 1920, 3, np.uint8)
    outs = []
    for t in (1, 2):
        with vc.num_threads(t):
            outs.append([blob_from_image(big, None, mean=MEAN, std=STD),
                         blob_from_image(big, (224, 224), crop=True, layout="NHWC"),
                         blob_from_image(batch, **kw)])
    for a, b in zip(*outs):
        np.testing.assert_array_equal(a, b)
    assert_close(outs[0][0], reference(big, mean=MEAN, std=STD))


def test_default_scale_depends_on_dtype():
    u8 = np.full((2, 2, 3), 255, np.uint8)
    np.testing.assert_allclose(blob_from_image(u8), 1.0, rtol=1e-7)
    f = np.full((2, 2, 3), 255, np.float32)
    np.testing.assert_array_equal(blob_from_image(f), 255.0)
    np.testing.assert_allclose(blob_from_image(u8, scale=1.0, mean=5, std=2), 125.0)


def test_python_module_exports_it():
    from visioncore import _dnn_blob

    assert _dnn_blob.blob_from_image is blob_from_image


# ------------------------------------------------------------- errors --

IMG = np.zeros((8, 8, 3), np.uint8)

ERRORS = [
    # (args, kwargs, exception, words in the message)
    (("not an image",), {}, TypeError, "img"),
    (([1, 2, 3],), {}, TypeError, "img[0]"),
    ((np.zeros((8, 8, 3)),), {}, TypeError, "float64"),
    ((np.zeros((8, 8, 3), np.uint16),), {}, TypeError, "uint16"),
    ((np.zeros((8, 8, 2), np.uint8),), {}, ValueError, "2 channels"),
    ((np.zeros((8, 8, 5), np.uint8),), {}, ValueError, "img"),
    ((np.zeros((1, 2, 8, 8, 3), np.uint8),), {}, ValueError, "img"),
    ((np.zeros((0, 8, 3), np.uint8),), {}, ValueError, "img"),
    (([],), {}, ValueError, "img"),
    ((np.zeros((0, 8, 8, 3), np.uint8),), {}, ValueError, "img"),
    (([IMG, np.zeros((8, 8, 3), np.float32)],), {}, ValueError, "img"),
    (([IMG, np.zeros((8, 8), np.uint8)],), {}, ValueError, "channel"),
    (([IMG, np.zeros((9, 8, 3), np.uint8)],), {}, ValueError, "size"),
    ((IMG, (0, 8)), {}, ValueError, "size"),
    ((IMG, (-1, 8)), {}, ValueError, "size"),
    ((IMG, (8, 8, 8)), {}, ValueError, "size"),
    ((IMG, (1 << 21, 8)), {}, ValueError, "size"),
    ((IMG, (1 << 70, 8)), {}, ValueError, "size"),
    ((IMG, "224x224"), {}, TypeError, "size"),
    ((IMG, (8.0, 8)), {}, TypeError, "size"),
    ((IMG, (True, 8)), {}, TypeError, "size"),
    ((IMG, 224), {}, TypeError, "size"),
    ((IMG,), {"mean": (1, 2)}, ValueError, "mean"),
    ((IMG,), {"mean": (1, 2, 3, 4)}, ValueError, "mean"),
    ((IMG,), {"mean": "0"}, TypeError, "mean"),
    ((IMG,), {"mean": (0, "a", 0)}, TypeError, "mean"),
    ((IMG,), {"mean": float("nan")}, ValueError, "mean"),
    ((IMG,), {"mean": None}, TypeError, "mean"),
    ((IMG,), {"std": 0}, ValueError, "std"),
    ((IMG,), {"std": (1, 0, 1)}, ValueError, "std"),
    ((IMG,), {"std": float("inf")}, ValueError, "std"),
    ((IMG,), {"std": 1e-300}, ValueError, "std"),
    ((IMG,), {"std": []}, ValueError, "std"),
    ((IMG,), {"scale": 0}, ValueError, "scale"),
    ((IMG,), {"scale": float("nan")}, ValueError, "scale"),
    ((IMG,), {"scale": "1/255"}, TypeError, "scale"),
    ((IMG,), {"swap_rb": 1}, TypeError, "swap_rb"),
    ((np.zeros((8, 8), np.uint8),), {"swap_rb": True}, ValueError, "swap_rb"),
    ((IMG,), {"crop": "yes"}, TypeError, "crop"),
    ((IMG,), {"crop": True}, ValueError, "crop"),
    ((IMG,), {"layout": "CHW"}, ValueError, "layout"),
    ((IMG,), {"layout": "nchw"}, ValueError, "layout"),
]


@pytest.mark.parametrize("args,kwargs,exc,words", ERRORS,
                         ids=[f"e{i}" for i in range(len(ERRORS))])
def test_bad_arguments_raise(args, kwargs, exc, words):
    with pytest.raises(exc) as info:
        blob_from_image(*args, **kwargs)
    msg = str(info.value)
    assert "blob_from_image" in msg and words in msg, msg


def test_too_large_is_refused_before_allocating():
    one = np.zeros((1, 1, 3), np.uint8)
    with pytest.raises(ValueError, match="blob"):
        blob_from_image(one, (1 << 20, 1 << 20))
