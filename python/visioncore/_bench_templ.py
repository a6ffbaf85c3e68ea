"""Benchmark entries for template matching, Hough transforms, HOG and LBP
(see visioncore.bench): the peer (OpenCV; scikit-image for hog and lbp),
tolerance and inputs of each timed call."""

from __future__ import annotations

import dataclasses

import numpy as np

from . import bench


@dataclasses.dataclass
class TemplInput:
    """An image and a template cut from it (at 1/3 height, 1/4 width)."""

    img: np.ndarray
    templ: np.ndarray

    @property
    def nbytes(self) -> int:
        return self.img.nbytes + self.templ.nbytes


def _smooth_image(rng, width, height, dtype):
    # random blobs plus noise: photo-like, every window well conditioned
    small = rng.random((height // 16 + 2, width // 16 + 2))
    ys = np.linspace(0, small.shape[0] - 1.001, height)
    xs = np.linspace(0, small.shape[1] - 1.001, width)
    y0, x0 = ys.astype(int), xs.astype(int)
    fy, fx = (ys - y0)[:, None], (xs - x0)[None, :]
    s = ((1 - fy) * (1 - fx) * small[y0][:, x0] + (1 - fy) * fx * small[y0][:, x0 + 1]
         + fy * (1 - fx) * small[y0 + 1][:, x0] + fy * fx * small[y0 + 1][:, x0 + 1])
    img = 0.7 * s + 0.3 * rng.random((height, width))
    if dtype == np.uint8:
        return (img * 255).astype(np.uint8)
    return img.astype(np.float32)


def _make_templ(size):
    def make(rng, width, height, dtype):
        img = _smooth_image(rng, width, height, dtype)
        y, x = height // 3, width // 4
        return TemplInput(img, img[y:y + size, x:x + size].copy())

    return make


_CV_METHODS = {"sqdiff": "TM_SQDIFF", "ccorr_normed": "TM_CCORR_NORMED",
               "ccoeff_normed": "TM_CCOEFF_NORMED"}


def _vc_templ(method):
    def bind(vc, inp, out):
        fn, img, t = vc.match_template, inp.img, inp.templ
        return lambda: fn(img, t, method, out=out)

    return bind


def _cv_templ(method):
    def bind(cv2, inp, out):
        fn, code, img, t = cv2.matchTemplate, getattr(cv2, _CV_METHODS[method]), inp.img, inp.templ
        return lambda: fn(img, t, code, result=out)

    return bind


def _relative_diff(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    if a.shape != b.shape:
        return float("inf")
    return float(np.abs(a - b).max() / max(np.abs(b).max(), 1.0))


# --- Hough ---


def _make_edges(rng, width, height, dtype):
    """An edge map: 12 straight lines and sparse noise."""
    e = np.zeros((height, width), np.uint8)
    for _ in range(12):
        x0, x1 = rng.integers(0, width, 2)
        y0, y1 = rng.integers(0, height, 2)
        n = int(max(abs(x1 - x0), abs(y1 - y0))) + 1
        e[np.linspace(y0, y1, n).round().astype(int), np.linspace(x0, x1, n).round().astype(int)] = 255
    e[rng.random((height, width)) < 0.002] = 255
    return e


def _vc_lines(vc, inp, out):
    fn = vc.hough_lines
    return lambda: fn(inp, 1, np.pi / 180, 80)


def _cv_lines(cv2, inp, out):
    fn = cv2.HoughLines
    return lambda: fn(inp, 1, np.pi / 180, 80)


def _lines_diff(a, b):
    b = np.zeros((0, 2), np.float32) if b is None else np.asarray(b).reshape(-1, 2)
    return 0.0 if np.array_equal(a, b) else float("inf")


def _make_coins_like(rng, width, height, dtype):
    """Bright discs (radius 15..40) on a noisy darker background, blurred."""
    yy, xx = np.mgrid[0:height, 0:width]
    img = np.full((height, width), 60.0)
    n = max(4, width * height // 20000)
    for _ in range(n):
        r = min(rng.uniform(15, 40), (min(width, height) - 1) / 2)
        cx, cy = rng.uniform(r, width - r), rng.uniform(r, height - r)
        img[(xx - cx) ** 2 + (yy - cy) ** 2 <= r * r] = rng.uniform(150, 220)
    img += rng.normal(0, 4, img.shape)
    # a 5-tap binomial blur in both directions
    k = np.array([1, 4, 6, 4, 1]) / 16
    for axis in (0, 1):
        img = sum(np.roll(img, s - 2, axis) * k[s] for s in range(5))
    return np.clip(img, 0, 255).astype(np.uint8)


def _vc_circles(vc, inp, out):
    fn = vc.hough_circles
    return lambda: fn(inp, 1.5, 20, 100, 30, 10, 45)


def _cv_circles(cv2, inp, out):
    fn, code = cv2.HoughCircles, cv2.HOUGH_GRADIENT
    return lambda: fn(inp, code, 1.5, 20, param1=100, param2=30, minRadius=10, maxRadius=45)


def _circles_diff(a, b):
    """Fraction of OpenCV's circles with no visioncore circle within 1 px
    (center) and 1 px (radius)."""
    b = np.zeros((0, 3), np.float32) if b is None else np.asarray(b).reshape(-1, 3)
    if len(b) == 0:
        return 0.0 if len(a) == 0 else 1.0
    if len(a) == 0:
        return 1.0
    d = np.hypot(b[:, None, 0] - a[None, :, 0], b[:, None, 1] - a[None, :, 1])
    j = d.argmin(1)
    ok = (d.min(1) <= 1.0) & (np.abs(b[:, 2] - a[j, 2]) <= 1.0)
    return float(1.0 - ok.mean())


# --- HOG and LBP (peer: scikit-image) ---


def _vc_hog(vc, inp, out):
    fn = vc.hog
    return lambda: fn(inp, (8, 8), (2, 2), 9, "L2-Hys")


def _sk_hog(cv2, inp, out):
    from skimage.feature import hog

    return lambda: hog(inp, 9, (8, 8), (2, 2), "L2-Hys")


def _vc_lbp(vc, inp, out):
    fn = vc.lbp
    return lambda: fn(inp, 1, 8, "uniform", out=out)


def _sk_lbp(cv2, inp, out):
    from skimage.feature import local_binary_pattern

    return lambda: local_binary_pattern(inp, 8, 1, "uniform")


def _max_diff(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return float(np.abs(a - b).max()) if a.shape == b.shape else float("inf")


OPS: list[bench.BenchOp] = [
    bench.BenchOp("match_template:ccoeff_normed:t16", "gray", "uint8", "match_template",
                  _vc_templ("ccoeff_normed"), _cv_templ("ccoeff_normed"), tolerance=2e-3,
                  make=_make_templ(16), compare=_relative_diff),
    bench.BenchOp("match_template:ccoeff_normed:t128", "gray", "uint8", "match_template",
                  _vc_templ("ccoeff_normed"), _cv_templ("ccoeff_normed"), tolerance=2e-3,
                  make=_make_templ(128), compare=_relative_diff),
    bench.BenchOp("match_template:sqdiff:t16", "gray", "uint8", "match_template",
                  _vc_templ("sqdiff"), _cv_templ("sqdiff"), tolerance=1e-4,
                  make=_make_templ(16), compare=_relative_diff),
    bench.BenchOp("match_template:ccorr_normed:t16", "gray", "float32", "match_template",
                  _vc_templ("ccorr_normed"), _cv_templ("ccorr_normed"), tolerance=1e-4,
                  make=_make_templ(16), compare=_relative_diff),
    bench.BenchOp("hough_lines", "gray", "uint8", "hough_lines", _vc_lines, _cv_lines,
                  tolerance=0.0, make=_make_edges, compare=_lines_diff),
    bench.BenchOp("hough_circles", "gray", "uint8", "hough_circles", _vc_circles, _cv_circles,
                  tolerance=0.2, make=_make_coins_like, compare=_circles_diff),
    bench.BenchOp("hog", "gray", "uint8", "hog", _vc_hog, _sk_hog, tolerance=1e-5,
                  fixed_size=(640, 480), peer_note="peer: scikit-image feature.hog",
                  compare=_max_diff),
    bench.BenchOp("lbp:uniform", "gray", "uint8", "lbp", _vc_lbp, _sk_lbp, tolerance=0.0,
                  fixed_size=(640, 480), peer_note="peer: scikit-image local_binary_pattern",
                  compare=_max_diff),
]
