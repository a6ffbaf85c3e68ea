"""The binding contract, checked the same way for every public function:
bad dtypes, shapes, empty and huge inputs, non-arrays and bad `out=` give
ValueError/TypeError naming the function and the parameter, never a crash;
and every public function is documented."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import visioncore as vc

# name -> (builder of a valid first argument, call taking that argument, the
# parameter name, the dtypes it accepts). Functions not (yet) in the build are
# skipped, so this table can list the whole planned surface.
U8, U16, S16, F32 = np.uint8, np.uint16, np.int16, np.float32


def rgb(dtype=U8):
    return lambda: np.zeros((6, 8, 3), dtype)


def gray(dtype=U8):
    return lambda: np.zeros((6, 8), dtype)


def rgba(dtype=U8):
    return lambda: np.zeros((6, 8, 4), dtype)


AFFINE = np.array([[1.0, 0.1, 0.5], [-0.1, 1.0, 0.25]])
HOMOGRAPHY = np.array([[1.0, 0.1, 0.5], [-0.1, 1.0, 0.25], [1e-3, 0.0, 1.0]])
CAMERA = np.array([[10.0, 0.0, 4.0], [0.0, 10.0, 3.0], [0.0, 0.0, 1.0]])
DIST = np.array([0.1, 0.01, 0.0, 0.0, 0.0])
MAP_X = np.tile(np.arange(8, dtype=np.float32), (6, 1)) * 0.9
MAP_Y = np.tile(np.arange(6, dtype=np.float32)[:, None], (1, 8)) * 0.9
BOX3 = np.full((3, 3), 1 / 9, np.float32)
TAP3 = np.array([0.25, 0.5, 0.25], np.float32)
CORNER = np.array([[7.0, 7.0]], np.float32)

SPECS = {
    "rgb_to_gray": (rgb(), lambda a, **k: vc.rgb_to_gray(a, **k), "img", {U8, U16, F32}),
    "bgr_to_gray": (rgb(), lambda a, **k: vc.bgr_to_gray(a, **k), "img", {U8, U16, F32}),
    "gray_to_rgb": (gray(), lambda a, **k: vc.gray_to_rgb(a, **k), "img", {U8, U16, F32}),
    "rgb_to_bgr": (rgb(), lambda a, **k: vc.rgb_to_bgr(a, **k), "img", {U8, U16, F32}),
    "rgba_to_rgb": (rgba(), lambda a, **k: vc.rgba_to_rgb(a, **k), "img", {U8, U16, F32}),
    "rgb_to_rgba": (rgb(), lambda a, **k: vc.rgb_to_rgba(a, **k), "img", {U8, U16, F32}),
    "rgb_to_hsv": (rgb(), lambda a, **k: vc.rgb_to_hsv(a, **k), "img", {U8, F32}),
    "hsv_to_rgb": (rgb(), lambda a, **k: vc.hsv_to_rgb(a, **k), "img", {U8, F32}),
    "demosaic": (gray(), lambda a, **k: vc.demosaic(a, "RGGB", **k), "raw", {U8, U16}),
    # geometry
    "resize": (rgb(), lambda a, **k: vc.resize(a, (5, 4), **k), "img", {U8, U16, F32}),
    "warp_affine": (rgb(), lambda a, **k: vc.warp_affine(a, AFFINE, (8, 6), **k), "img",
                    {U8, U16, F32}),
    "warp_perspective": (gray(), lambda a, **k: vc.warp_perspective(a, HOMOGRAPHY, (8, 6), **k),
                         "img", {U8, U16, F32}),
    "remap": (rgb(), lambda a, **k: vc.remap(a, MAP_X, MAP_Y, **k), "img", {U8, U16, F32}),
    "undistort": (gray(), lambda a, **k: vc.undistort(a, CAMERA, DIST, **k), "img",
                  {U8, U16, F32}),
    "flip": (rgb(), lambda a, **k: vc.flip(a, "horizontal", **k), "img", {U8, U16, S16, F32}),
    "rotate90": (gray(), lambda a, **k: vc.rotate90(a, 1, **k), "img", {U8, U16, S16, F32}),
    "pad": (rgb(), lambda a, **k: vc.pad(a, 1, 2, 3, 4, **k), "img", {U8, U16, S16, F32}),
    # linear filters and derivatives
    "filter2d": (gray(), lambda a, **k: vc.filter2d(a, BOX3, **k), "img", {U8, U16, S16, F32}),
    "sep_filter2d": (rgb(), lambda a, **k: vc.sep_filter2d(a, TAP3, TAP3, **k), "img",
                     {U8, U16, S16, F32}),
    "box_filter": (gray(), lambda a, **k: vc.box_filter(a, 3, **k), "img", {U8, U16, S16, F32}),
    "gaussian_blur": (rgb(), lambda a, **k: vc.gaussian_blur(a, 5, 1.2, **k), "img",
                      {U8, U16, S16, F32}),
    "sobel": (gray(), lambda a, **k: vc.sobel(a, 1, 0, **k), "img", {U8, U16, S16, F32}),
    "scharr": (gray(), lambda a, **k: vc.scharr(a, 0, 1, **k), "img", {U8, U16, S16, F32}),
    "laplacian": (rgb(), lambda a, **k: vc.laplacian(a, **k), "img", {U8, U16, S16, F32}),
    "adaptive_threshold": (gray(), lambda a, **k: vc.adaptive_threshold(a, 255, "mean", 5, 2, **k),
                           "img", {U8}),
    # nonlinear filters and morphology
    "median_blur": (gray(), lambda a, **k: vc.median_blur(a, 3, **k), "img", {U8, U16, F32}),
    "bilateral_filter": (rgb(), lambda a, **k: vc.bilateral_filter(a, 5, 20.0, 3.0, **k), "img",
                         {U8, F32}),
    "erode": (gray(), lambda a, **k: vc.erode(a, **k), "img", {U8, U16, S16, F32}),
    "dilate": (rgb(), lambda a, **k: vc.dilate(a, **k), "img", {U8, U16, S16, F32}),
    "morphology": (gray(), lambda a, **k: vc.morphology(a, "open", **k), "img",
                   {U8, U16, S16, F32}),
    # edges and corners
    "canny": (gray(), lambda a, **k: vc.canny(a, 10, 30, **k), "img", {U8}),
    "canny_from_gradients": (gray(S16), lambda a, **k: vc.canny_from_gradients(a, a, 10, 30, **k),
                             "dx", {S16}),
    "corner_harris": (gray(), lambda a, **k: vc.corner_harris(a, 3, 3, 0.04, **k), "img",
                      {U8, F32}),
    "corner_min_eigen": (gray(), lambda a, **k: vc.corner_min_eigen(a, 3, **k), "img", {U8, F32}),
    "good_features_to_track": (gray(), lambda a, **k: vc.good_features_to_track(a, 10, 0.01, 1, **k),
                               "img", {U8, F32}),
    "corner_subpix": (lambda: np.zeros((16, 16), U8),
                      lambda a, **k: vc.corner_subpix(a, CORNER, win=(1, 1), **k), "img",
                      {U8, F32}),
    # thresholds and pixel arithmetic
    "threshold": (gray(), lambda a, **k: vc.threshold(a, 100, **k), "img", {U8, U16, S16, F32}),
    "convert_scale": (gray(), lambda a, **k: vc.convert_scale(a, np.float32, 0.5, **k), "img",
                      {U8, U16, S16, F32}),
    "normalize": (gray(), lambda a, **k: vc.normalize(a, 0, 255, **k), "img", {U8, U16, S16, F32}),
    "add_weighted": (gray(), lambda a, **k: vc.add_weighted(a, 0.5, a, 0.5, **k), "a",
                     {U8, U16, S16, F32}),
    "absdiff": (gray(), lambda a, **k: vc.absdiff(a, a, **k), "a", {U8, U16, S16, F32}),
    # histograms
    "equalize_hist": (gray(), lambda a, **k: vc.equalize_hist(a, **k), "img", {U8}),
    "clahe": (gray(), lambda a, **k: vc.clahe(a, 2.0, (2, 2), **k), "img", {U8, U16}),
    "integral": (rgb(), lambda a, **k: vc.integral(a, **k), "img", {U8, U16, F32}),
    "histogram": (rgb(), lambda a, **k: vc.histogram(a, 16, (0, 256), **k), "img", {U8, U16, F32}),
    "threshold_otsu": (gray(), lambda a, **k: vc.threshold_otsu(a, **k), "img", {U8, U16}),
    "threshold_triangle": (gray(), lambda a, **k: vc.threshold_triangle(a, **k), "img", {U8}),
    # keypoints
    "fast": (gray(), lambda a, **k: vc.fast(a, 10, **k), "img", {U8}),
    "orb": (gray(), lambda a, **k: vc.orb(a, **k)[0], "img", {U8}),
    # shapes and regions
    "connected_components": (gray(), lambda a, **k: vc.connected_components(a, stats=False, **k)[1],
                             "binary", {U8}),
    "distance_transform": (gray(), lambda a, **k: vc.distance_transform(a, **k), "binary", {U8}),
    "find_contours": (gray(), lambda a, **k: vc.find_contours(a, "tree", **k), "binary", {U8}),
    "moments": (gray(), lambda a, **k: vc.moments(a, **k), "img", {U8, U16, S16, F32}),
    # templates, Hough, descriptors
    "match_template": (gray(), lambda a, **k: vc.match_template(
        a, np.zeros((3, 3), getattr(a, "dtype", U8)), **k), "img", {U8, F32}),
    "min_max_loc": (gray(), lambda a, **k: vc.min_max_loc(a, **k), "img", {U8, U16, S16, F32}),
    "hough_lines": (gray(), lambda a, **k: vc.hough_lines(a, 1.0, np.pi / 180, 5, **k), "edges",
                    {U8}),
    "hog": (lambda: np.zeros((16, 16), U8), lambda a, **k: vc.hog(a, **k), "img", {U8, F32}),
    "lbp": (gray(), lambda a, **k: vc.lbp(a, 1, 8, "uniform", **k), "img", {U8, F32}),
    # drawing: in place on the caller's image
    "draw.line": (rgb(), lambda a, **k: vc.draw.line(a, (1, 1), (6, 4), 9, **k), "img",
                  {U8, U16, F32}),
    "draw.rectangle": (gray(), lambda a, **k: vc.draw.rectangle(a, (1, 1), (6, 4), 9, **k), "img",
                       {U8, U16, F32}),
    "draw.circle": (rgb(), lambda a, **k: vc.draw.circle(a, (4, 3), 2, 9, -1, **k), "img",
                    {U8, U16, F32}),
    "draw.polylines": (gray(), lambda a, **k: vc.draw.polylines(a, [(1, 1), (6, 2), (3, 5)], 9, **k),
                       "img", {U8, U16, F32}),
    "draw.text": (rgba(), lambda a, **k: vc.draw.text(a, "hi", (0, 0), 9, **k), "img",
                  {U8, U16, F32}),
}
# Functions that return something other than one image (levels, counts,
# point arrays, tuples) and so take no `out=`.
WITHOUT_OUT = {"good_features_to_track", "corner_subpix", "histogram", "threshold_otsu",
               "threshold_triangle", "find_contours", "moments", "fast", "orb", "min_max_loc", "hough_lines",
               "hog"}
# Functions that draw into the caller's array: they take no `out=` and refuse
# layouts they cannot write through (only row-strided views are writable in
# place), so the copy-equivalence check does not apply.
IN_PLACE = {name for name in SPECS if name.startswith("draw.")}
WITHOUT_OUT |= IN_PLACE


def _lookup(name: str):
    """vc.<name>, following dotted names such as "draw.line"; None if absent."""
    obj = vc
    for part in name.split("."):
        obj = getattr(obj, part, None)
    return obj


PRESENT = {name: spec for name, spec in SPECS.items() if _lookup(name) is not None}
BAD_DTYPES = [np.float64, np.bool_, np.int64, np.complex64, np.int8, np.float16, object]


def _msg_names(err: BaseException, name: str, param: str) -> None:
    text = str(err)
    assert name in text, text
    assert param in text, text


@pytest.mark.parametrize("name", sorted(PRESENT))
def test_bad_dtypes(name):
    make, call, param, accepted = PRESENT[name]
    good = make()
    for dt in BAD_DTYPES:
        if np.dtype(dt) in {np.dtype(a) for a in accepted}:
            continue
        with pytest.raises(TypeError) as info:
            call(good.astype(dt))
        _msg_names(info.value, name, param)
    if np.dtype(U16) in {np.dtype(a) for a in accepted}:
        with pytest.raises(TypeError) as info:
            call(good.astype(">u2"))
        _msg_names(info.value, name, param)


@pytest.mark.parametrize("name", sorted(PRESENT))
def test_bad_shapes_and_empty(name):
    make, call, param, _ = PRESENT[name]
    good = make()
    bad = [good.reshape(-1), good[None], good[:0], good[:, :0]]
    for arr in bad:
        with pytest.raises(ValueError) as info:
            call(arr)
        _msg_names(info.value, name, param)


@pytest.mark.parametrize("name", sorted(PRESENT))
@pytest.mark.parametrize("obj", [None, [[1, 2], [3, 4]], 3.0, "img", b"\x00" * 16])
def test_non_arrays(name, obj):
    _, call, param, _ = PRESENT[name]
    with pytest.raises(TypeError) as info:
        call(obj)
    _msg_names(info.value, name, param)


@pytest.mark.parametrize("name", sorted(PRESENT))
def test_huge_views_refused_before_allocation(name):
    make, call, param, _ = PRESENT[name]
    good = make()
    huge = np.broadcast_to(good[:1, :1], (1 << 17, 1 << 17) + good.shape[2:])
    with pytest.raises(vc.LimitExceeded):
        call(huge)


@pytest.mark.parametrize("name", sorted(PRESENT))
def test_layouts_equal_contiguous(name):
    make, call, _, accepted = PRESENT[name]
    if name in IN_PLACE:  # writes through row-strided views only; others are refused
        img = np.zeros((23, 34) + make().shape[2:], make().dtype)
        for view in (np.asfortranarray(img), img[::-1], img[:, ::2]):
            with pytest.raises(ValueError) as info:
                call(view)
            _msg_names(info.value, name, "img")
        call(img[2:20, 3:30])
        return
    rng = np.random.default_rng(3)
    good = make()
    shape = (23, 34) + good.shape[2:]
    dtype = good.dtype
    img = (rng.random(shape) * 200).astype(dtype)
    ref = call(img)
    for view in (np.asfortranarray(img), np.ascontiguousarray(img[::-1, ::-1])[::-1, ::-1],
                 np.repeat(img, 2, axis=1)[:, ::2]):
        _assert_same(call(view), ref)
    flipped = np.ascontiguousarray(img[::-1])
    _assert_same(call(flipped[::-1]), ref)


def _assert_same(a, b) -> None:
    """Equal results, whatever their form: arrays, scalars, tuples, lists, dicts."""
    if isinstance(a, dict):
        assert a.keys() == b.keys()
        for key in a:
            _assert_same(a[key], b[key])
    elif isinstance(a, (tuple, list)):
        assert type(a) is type(b) and len(a) == len(b)
        for x, y in zip(a, b):
            _assert_same(x, y)
    else:
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", sorted(PRESENT))
def test_bad_out(name):
    make, call, _, _ = PRESENT[name]
    good = make()
    if name in WITHOUT_OUT:
        with pytest.raises(TypeError):
            call(good, out=np.zeros(4))
        return
    ref = call(good)
    with pytest.raises(TypeError) as info:
        call(good, out=[0])
    assert "out" in str(info.value)
    wrong_dtype = np.zeros(ref.shape, np.float64)
    with pytest.raises(TypeError) as info:
        call(good, out=wrong_dtype)
    assert "out" in str(info.value)
    with pytest.raises(ValueError) as info:
        call(good, out=np.zeros((ref.shape[0] + 1,) + ref.shape[1:], ref.dtype))
    assert "out" in str(info.value)
    ro = np.zeros_like(ref)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        call(good, out=ro)
    fortran = np.asfortranarray(np.zeros_like(ref))
    if fortran.ndim == 3 or fortran.shape[0] > 1:
        with pytest.raises(ValueError) as info:
            call(good, out=fortran)
        assert "out" in str(info.value)


def test_every_public_function_is_documented():
    missing = []
    for name in vc.__all__:
        obj = getattr(vc, name)
        if inspect.isclass(obj) or not callable(obj):
            continue
        doc = obj.__doc__ or ""
        if len(doc.strip()) < 20:
            missing.append(name)
    assert not missing, f"undocumented: {missing}"


def test_pixel_functions_document_args_returns_raises():
    for name in PRESENT:
        doc = _lookup(name).__doc__
        for section in ("Args:", "Returns:", "Raises:"):
            assert section in doc, f"{name} docstring lacks {section}"
