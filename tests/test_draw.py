"""vc.draw: pixels against OpenCV's drawing functions, clipping, dtypes and
channels, anti-aliasing, text, keypoints, match images and bad input."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import visioncore as vc
from conftest import ISAS
from visioncore import draw

cv2 = pytest.importorskip("cv2")

DTYPES = [np.uint8, np.uint16, np.float32]
TOP = {np.uint8: 255, np.uint16: 65535, np.float32: 1.0}


def canvas(h=60, w=80, c=None, dtype=np.uint8):
    return np.zeros((h, w) if c is None else (h, w, c), dtype)


def _rand_pts(rng, n, lo, hi):
    return [(int(a), int(b)) for a, b in rng.integers(lo, hi, (n, 2))]


# --- lines ----------------------------------------------------------------

@pytest.mark.parametrize("lt,cvlt", [("8", cv2.LINE_8), ("4", cv2.LINE_4)])
def test_thin_lines_identical_to_cv2_inside(rng, lt, cvlt):
    for _ in range(400):
        p, q = _rand_pts(rng, 2, 0, 64)
        a, b = canvas(64, 64), canvas(64, 64)
        draw.line(a, p, q, 255, 1, lt)
        cv2.line(b, p, q, 255, 1, cvlt)
        np.testing.assert_array_equal(a, b, err_msg=f"{p} {q}")


@pytest.mark.parametrize("lt,cvlt", [("8", cv2.LINE_8), ("4", cv2.LINE_4)])
def test_thin_lines_identical_to_cv2_when_clipped(rng, lt, cvlt):
    for _ in range(600):
        p, q = _rand_pts(rng, 2, -300, 340)
        a, b = canvas(40, 50), canvas(40, 50)
        draw.line(a, p, q, 200, 1, lt)
        cv2.line(b, p, q, 200, 1, cvlt)
        np.testing.assert_array_equal(a, b, err_msg=f"{p} {q}")


def test_line_huge_coordinates_clipped_no_hang():
    a = canvas(40, 50)
    draw.line(a, (-1e15, 20), (1e15, 20), 255)
    assert (a[20] == 255).all() and a.sum() == 255 * 50
    a = canvas(40, 50)
    draw.line(a, (-1e9, -1e9), (1e9, 1e9), 255)
    assert all(a[i, i] == 255 for i in range(40))
    b = canvas(40, 50)
    cv2.line(b, (-10**9, -10**9), (10**9, 10**9), 255)
    np.testing.assert_array_equal(a, b)
    a = canvas(40, 50)
    draw.line(a, (1e14, 1e14), (2e14, -3e14), 255)  # far away: nothing
    assert a.sum() == 0


@pytest.mark.parametrize("t", [2, 3, 4, 5, 8])
def test_thick_axis_aligned_lines_identical_to_cv2(rng, t):
    for _ in range(40):
        x0, x1, y = (int(v) for v in rng.integers(-5, 75, 3))
        a, b = canvas(70, 70), canvas(70, 70)
        draw.line(a, (x0, y), (x1, y), 255, t)
        cv2.line(b, (x0, y), (x1, y), 255, t)
        np.testing.assert_array_equal(a, b)
        a, b = canvas(70, 70), canvas(70, 70)
        draw.line(a, (y, x0), (y, x1), 255, t)
        cv2.line(b, (y, x0), (y, x1), 255, t)
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("t", [2, 3, 6, 11])
def test_thick_diagonal_lines_within_one_pixel_of_cv2(rng, t):
    k = np.ones((3, 3), np.uint8)
    mismatch = []
    for _ in range(60):
        p, q = _rand_pts(rng, 2, 5, 75)
        a, b = canvas(80, 80), canvas(80, 80)
        draw.line(a, p, q, 255, t)
        cv2.line(b, p, q, 255, t)
        assert not (a & ~cv2.dilate(b, k)).any(), (p, q)
        assert not (b & ~cv2.dilate(a, k)).any(), (p, q)
        mismatch.append((a != b).sum() / (b > 0).sum())
    assert np.mean(mismatch) < 0.12


def test_antialiased_line_profile():
    a = canvas(20, 40)
    draw.line(a, (5, 10), (35, 10), 255, 1, "aa")
    np.testing.assert_array_equal(a[10, 5:36], 255)  # on the line: full coverage
    assert a[9].max() == 0 and a[11].max() == 0        # a 1-px line covers one row
    a = canvas(20, 40)
    draw.line(a, (5, 10.5), (35, 10.5), 255, 1, "aa")  # between two rows: half each
    np.testing.assert_array_equal(a[10, 5:36], 128)
    np.testing.assert_array_equal(a[11, 5:36], 128)
    # a diagonal: coverage falls off with distance, symmetric, close to cv2's ink
    a, b = canvas(60, 60), canvas(60, 60)
    draw.line(a, (5, 7), (52, 41), 255, 3, "aa")
    cv2.line(b, (5, 7), (52, 41), 255, 3, cv2.LINE_AA)
    assert abs(float(a.sum()) - float(b.sum())) < 0.12 * float(b.sum())


def test_antialiased_blends_with_background():
    a = np.full((10, 20, 3), 100, np.uint8)
    draw.line(a, (2, 4.5), (17, 4.5), (200, 0, 50), 1, "aa")
    np.testing.assert_array_equal(a[4, 5], [150, 50, 75])  # 100 + (c - 100) / 2
    f = np.zeros((10, 20), np.float32)
    draw.line(f, (2, 4.25), (17, 4.25), 1.0, 1, "aa")
    np.testing.assert_allclose(f[4, 5], 0.75)
    np.testing.assert_allclose(f[5, 5], 0.25)


# --- rectangles -------------------------------------------------------------

@pytest.mark.parametrize("t", [1, 2, 3, 5, -1])
def test_rectangles_identical_to_cv2(rng, t):
    for _ in range(80):
        p, q = _rand_pts(rng, 2, -10, 60)
        for c, col in ((None, 255), (3, (10, 200, 30))):
            a, b = canvas(50, 50, c), canvas(50, 50, c)
            r = draw.rectangle(a, p, q, col, t)
            assert r is a
            cv2.rectangle(b, p, q, col, t)
            np.testing.assert_array_equal(a, b, err_msg=f"{p} {q} {t}")


def test_rectangle_huge_coordinates():
    a = canvas(30, 40)
    draw.rectangle(a, (-1e15, -1e15), (1e15, 1e15), 7, -1)
    assert (a == 7).all()
    a = canvas(30, 40)
    draw.rectangle(a, (-1e15, 5), (1e15, 9), 7, 1)
    assert (a[5] == 7).all() and (a[9] == 7).all() and a[6:9].sum() == 0


# --- circles ----------------------------------------------------------------

def test_circles_identical_to_cv2(rng):
    for _ in range(300):
        cx, cy = (int(v) for v in rng.integers(-20, 80, 2))
        r = int(rng.integers(0, 60))
        for t in (1, -1):
            a, b = canvas(60, 64), canvas(60, 64)
            draw.circle(a, (cx, cy), r, 255, t)
            cv2.circle(b, (cx, cy), r, 255, t)
            np.testing.assert_array_equal(a, b, err_msg=f"{cx} {cy} {r} {t}")


@pytest.mark.parametrize("t", [2, 3, 5, 9])
def test_thick_circles_close_to_cv2(rng, t):
    k = np.ones((3, 3), np.uint8)
    for _ in range(40):
        cx, cy = (int(v) for v in rng.integers(45, 75, 2))
        r = int(rng.integers(3, 40))
        a, b = canvas(120, 120), canvas(120, 120)
        draw.circle(a, (cx, cy), r, 255, t)
        cv2.circle(b, (cx, cy), r, 255, t)
        assert not (a & ~cv2.dilate(b, k)).any(), (cx, cy, r)
        assert not (b & ~cv2.dilate(a, k)).any(), (cx, cy, r)


def test_filled_aa_circle_within_ring_of_cv2():
    a, b = canvas(80, 80), canvas(80, 80)
    draw.circle(a, (40, 38), 25, 255, -1, "aa")
    cv2.circle(b, (40, 38), 25, 255, -1, cv2.LINE_AA)
    ring = cv2.dilate((b > 0).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    assert not ((a > 0) & ~ring).any()
    inner = cv2.erode((b == 255).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    assert (a[inner] == 255).all()
    # OpenCV's anti-aliased disc carries ~5% more ink than the ideal disc
    assert abs(float(a.sum()) - float(b.sum())) < 0.07 * float(b.sum())
    yy, xx = np.mgrid[:80, :80]
    d = np.hypot(xx - 40, yy - 38)
    assert (a[d <= 24.5] == 255).all() and (a[d >= 25.5] == 0).all()


def test_circle_huge_and_far():
    a = canvas(30, 40)
    draw.circle(a, (20, 15), 2**30, 9, -1)
    assert (a == 9).all()
    a = canvas(30, 40)
    draw.circle(a, (1e15, -1e15), 100, 9, -1)
    draw.circle(a, (20, 15), 2**30, 9, 1)
    assert a.sum() == 0
    a = canvas(30, 40)
    draw.circle(a, (-500, 15), 520, 9, 1)  # outline crossing the image
    b = canvas(30, 40)
    cv2.circle(b, (-500, 15), 520, 9, 1)
    np.testing.assert_array_equal(a, b)


# --- polylines, polygons, contours -----------------------------------------

def test_polylines_identical_to_cv2_thin(rng):
    for _ in range(100):
        pts = rng.integers(-10, 70, (int(rng.integers(2, 8)), 2)).astype(np.int32)
        for closed in (False, True):
            a, b = canvas(60, 60), canvas(60, 60)
            draw.polylines(a, pts, 255, closed=closed)
            cv2.polylines(b, [pts], closed, 255, 1)
            np.testing.assert_array_equal(a, b)


def test_thick_polyline_close_to_cv2(rng):
    k = np.ones((3, 3), np.uint8)
    for _ in range(30):
        pts = rng.integers(5, 75, (5, 2)).astype(np.int32)
        a, b = canvas(80, 80), canvas(80, 80)
        draw.polylines(a, pts, 255, closed=True, thickness=4)
        cv2.polylines(b, [pts], True, 255, 4)
        assert not (a & ~cv2.dilate(b, k)).any()
        assert not (b & ~cv2.dilate(a, k)).any()


def test_filled_polygons_close_to_cv2_fillpoly(rng):
    for _ in range(60):
        pts = rng.integers(-5, 65, (int(rng.integers(3, 9)), 2)).astype(np.int32)
        a, b = canvas(60, 60), canvas(60, 60)
        draw.polylines(a, pts, 255, thickness=-1)
        cv2.fillPoly(b, [pts], 255)
        diff = a != b
        # differences only on the boundary (a one-pixel band), and rare
        edge = cv2.dilate(cv2.polylines(canvas(60, 60), [pts], True, 1, 1),
                          np.ones((3, 3), np.uint8)) > 0
        assert not (diff & ~edge).any()
        assert diff.sum() <= 0.05 * max(int((b > 0).sum()), 1) + 6


def test_fill_rules_hole_and_star():
    outer = np.array([[5, 5], [54, 5], [54, 54], [5, 54]], float)
    inner_same = np.array([[20, 20], [40, 20], [40, 40], [20, 40]], float)
    inner_rev = inner_same[::-1]
    for rule, inner, hole in (("evenodd", inner_same, True), ("evenodd", inner_rev, True),
                              ("nonzero", inner_same, False), ("nonzero", inner_rev, True)):
        a = canvas(60, 60)
        draw.contours(a, [outer, inner], 255, thickness=-1, rule=rule)
        assert a[10, 10] == 255 and a[45, 30] == 255
        assert (a[30, 30] == 0) == hole, rule
    # a self-intersecting star: its center is outside under even-odd, inside under nonzero
    ang = np.deg2rad(np.arange(5) * 144.0 - 90)
    star = np.stack([30 + 25 * np.cos(ang), 30 + 25 * np.sin(ang)], -1)
    a, b = canvas(60, 60), canvas(60, 60)
    draw.polylines(a, star, 255, thickness=-1, rule="evenodd")
    draw.polylines(b, star, 255, thickness=-1, rule="nonzero")
    assert a[30, 30] == 0 and b[30, 30] == 255
    c = canvas(60, 60)
    cv2.fillPoly(c, [np.round(star).astype(np.int32)], 255)
    assert c[30, 30] == 0  # OpenCV fills with the even-odd rule too


def test_contours_from_cv2_findcontours():
    m = canvas(60, 60)
    cv2.rectangle(m, (10, 10), (40, 30), 255, -1)
    cs, _ = cv2.findContours(m, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    a, b = canvas(60, 60), canvas(60, 60)
    draw.contours(a, list(cs), 255)
    cv2.drawContours(b, cs, -1, 255, 1)
    np.testing.assert_array_equal(a, b)
    a = canvas(60, 60)
    draw.contours(a, list(cs), 255, index=0, thickness=-1)
    np.testing.assert_array_equal(a, m)
    with pytest.raises(ValueError, match="index"):
        draw.contours(a, list(cs), 255, index=5)


# --- dtypes, channels, colors ----------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("c", [None, 1, 3, 4])
def test_dtypes_channels_and_colors(dtype, c):
    top = TOP[dtype]
    n = 1 if c is None else c
    col = tuple(top * (i + 1) / 4 for i in range(n))
    a = canvas(30, 40, c, dtype)
    draw.line(a, (2, 3), (30, 20), col)
    draw.circle(a, (20, 15), 6, col, -1)
    ref = np.zeros((30, 40), np.uint8)
    cv2.line(ref, (2, 3), (30, 20), 1)
    cv2.circle(ref, (20, 15), 6, 1, -1)
    mask = ref.astype(bool)
    expect = np.array(col, dtype if dtype == np.float32 else np.float64)
    if dtype != np.float32:
        expect = np.round(expect).astype(dtype)
    got = a[mask] if c is not None else a[mask][:, None]
    np.testing.assert_array_equal(got, np.broadcast_to(expect, got.shape))
    assert not a[~mask].any()


def test_color_saturates_and_scalar_broadcasts():
    a = canvas(10, 10, 3)
    draw.line(a, (0, 0), (9, 0), (300, -5, 127.5))
    np.testing.assert_array_equal(a[0, 0], [255, 0, 128])  # round half to even: 128
    draw.line(a, (0, 1), (9, 1), 77)
    np.testing.assert_array_equal(a[1, 3], [77, 77, 77])
    b = canvas(10, 10, 3)
    draw.line(b, (0, 1), (9, 1), [77])
    np.testing.assert_array_equal(b[1], a[1])


def test_row_strided_view_draws_into_parent():
    big = canvas(50, 60, 3)
    view = big[10:40, 5:55]
    draw.rectangle(view, (0, 0), (49, 29), (1, 2, 3), 1)
    assert (big[10, 5:55] == [1, 2, 3]).all() and (big[39, 5:55] == [1, 2, 3]).all()
    assert big[9].sum() == 0 and big[:, 4].sum() == 0 and big[:, 55].sum() == 0


def test_identical_across_isas_and_threads(rng):
    def scene():
        a = canvas(120, 160, 3)
        for i in range(20):
            p, q = _rand_pts(np.random.default_rng(i), 2, -20, 180)
            draw.line(a, p, q, (i * 10, 255 - i, 7), 1 + i % 4, ("8", "4", "aa")[i % 3])
            draw.circle(a, p, 5 + i, (3, i, 200), -1 if i % 2 else 2, ("8", "aa")[i % 2])
        draw.text(a, "Visioncore 0123", (3, 3), (255, 255, 255), 2)
        return a
    ref = scene()
    for isa in ISAS:
        for n in (1, 2, 4):
            with vc.isa(isa), vc.num_threads(n):
                np.testing.assert_array_equal(scene(), ref)


def test_gil_released_and_thread_safe():
    imgs = [canvas(300, 300) for _ in range(4)]

    def work(a):
        for i in range(50):
            draw.circle(a, (150, 150), i * 3, 255, 1, "aa")

    ts = [threading.Thread(target=work, args=(a,)) for a in imgs]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for a in imgs[1:]:
        np.testing.assert_array_equal(a, imgs[0])


# --- text -------------------------------------------------------------------

def test_text_pixels_inside_box():
    for scale in (1, 2, 3):
        s = "Hello, World! gjpqy_|~"
        w, h = draw.text_size(s, scale)
        assert (w, h) == ((6 * len(s) - 1) * scale, 9 * scale)
        a = canvas(h + 20, w + 20)
        r = draw.text(a, s, (10, 10), 255, scale)
        assert r is a
        ys, xs = np.nonzero(a)
        assert ys.min() >= 10 and ys.max() < 10 + h and xs.min() >= 10 and xs.max() < 10 + w
        assert ys.max() >= 10 + 7 * scale  # descenders reach below the baseline
        assert (a == 255).sum() % (scale * scale) == 0
    assert draw.text_size("", 1) == (0, 9)
    assert draw.text_size("ab\nabcd", 2) == ((6 * 4 - 1) * 2, (10 * 2 - 1) * 2)


def test_text_glyphs_distinct_and_printable():
    seen = {}
    for code in range(32, 127):
        a = canvas(9, 5)
        draw.text(a, chr(code), (0, 0), 1)
        key = a.tobytes()
        assert key not in seen, (chr(code), seen.get(key))
        seen[key] = chr(code)
        assert (a.sum() == 0) == (code == 32)
    # non-ASCII draws as '?'
    a, b = canvas(9, 5), canvas(9, 5)
    draw.text(a, "é", (0, 0), 1)
    draw.text(b, "?", (0, 0), 1)
    np.testing.assert_array_equal(a, b)


def test_text_clipped_and_multiline():
    a = canvas(20, 30)
    draw.text(a, "XXXXXXXXXXXXXXXX\nXXXX", (-7, -3), 255, 3)
    assert a.any()
    a = canvas(30, 30)
    draw.text(a, "I\nI", (0, 0), 255)
    assert a[0:7].any() and a[10:17].any() and not a[7:10].any()
    a = canvas(20, 30)
    draw.text(a, "A" * 10000, (1e15, 1e15), 255, 1024)
    assert not a.any()


# --- keypoints and matches --------------------------------------------------

def test_keypoints_structured_and_points():
    kdt = np.dtype([("x", np.float32), ("y", np.float32), ("size", np.float32),
                    ("angle", np.float32), ("response", np.float32)])
    kps = np.array([(20, 20, 10, 0, 1), (50, 30, 0, -1, 1)], kdt)
    a = canvas(60, 80, 3)
    r = draw.keypoints(a, kps, (255, 0, 0), line_type="8")
    assert r is a
    assert (a[20, 25] == [255, 0, 0]).all()          # circle radius size / 2
    assert (a[20, 20:26, 0] == 255).all()            # orientation line at angle 0
    assert (a[30, 53] == [255, 0, 0]).all()          # no size: default radius 3
    b = canvas(60, 80)
    draw.keypoints(b, np.array([[10.0, 10.0], [40.0, 40.0]]), line_type="8")
    assert b[10, 13] > 0 and b[40, 37] > 0
    cvk = [cv2.KeyPoint(15.0, 15.0, 8.0)]
    c = canvas(40, 40, 3)
    draw.keypoints(c, cvk, (0, 255, 0), line_type="8")
    assert (c[15, 19] == [0, 255, 0]).all()


def test_matches_side_by_side():
    rng = np.random.default_rng(1)
    img1 = rng.integers(0, 255, (40, 50, 3), np.uint8)
    img2 = rng.integers(0, 255, (30, 60), np.uint8)
    k1 = np.array([[5.0, 5.0], [40.0, 30.0]])
    k2 = np.array([[10.0, 20.0], [55.0, 25.0]])
    m = np.array([[0, 1], [1, 0]])
    vis = draw.matches(img1, k1, img2, k2, m, color=(255, 0, 255), line_type="8",
                       draw_keypoints=False)
    assert vis.shape == (40, 110, 3) and vis.dtype == np.uint8
    np.testing.assert_array_equal(vis[:40, :50][vis[:40, :50] != [255, 0, 255]],
                                  img1[vis[:40, :50] != [255, 0, 255]])
    line = np.zeros((40, 110), np.uint8)
    cv2.line(line, (5, 5), (105, 25), 1)
    cv2.line(line, (40, 30), (60, 20), 1)
    mask = line.astype(bool)
    assert (vis[mask] == [255, 0, 255]).all()
    assert (vis[5, 5] == [255, 0, 255]).all() and (vis[25, 105] == [255, 0, 255]).all()
    untouched = ~mask
    untouched[30:, 50:] = False
    right = np.repeat(img2[:, :, None], 3, 2)
    np.testing.assert_array_equal(vis[:30, 50:][untouched[:30, 50:]],
                                  right[untouched[:30, 50:]])
    assert not vis[30:, 50:][untouched[30:, 50:]].any()


def test_matches_forms_and_errors():
    a = np.zeros((20, 20), np.float32)
    kdt = np.dtype([("x", np.float32), ("y", np.float32), ("size", np.float32),
                    ("angle", np.float32)])
    k = np.array([(3, 3, 5, 0), (15, 10, 5, 90)], kdt)
    mdt = np.dtype([("query_idx", np.int32), ("train_idx", np.int32), ("distance", np.float32)])
    m = np.array([(0, 1, 2.0), (1, 0, 3.0)], mdt)
    vis = draw.matches(a, k, a, k, m)
    assert vis.shape == (20, 40, 3) and vis.dtype == np.float32 and vis.max() <= 1.0
    assert vis.max() > 0
    dm = [cv2.DMatch(0, 1, 1.0)]
    assert draw.matches(a, k, a, k, dm).shape == (20, 40, 3)
    with pytest.raises(ValueError, match="matches"):
        draw.matches(a, k, a, k, np.array([[0, 5]]))
    with pytest.raises(TypeError, match="img2"):
        draw.matches(a, k, a.astype(np.uint8), k, m)
    with pytest.raises(TypeError, match="matches"):
        draw.matches(a, k, a, k, "nope")


# --- bad input ----------------------------------------------------------------

CALLS = {
    "line": lambda a, **k: draw.line(a, (1, 1), (5, 5), 1, **k),
    "rectangle": lambda a, **k: draw.rectangle(a, (1, 1), (5, 5), 1, **k),
    "circle": lambda a, **k: draw.circle(a, (3, 3), 2, 1, **k),
    "polylines": lambda a, **k: draw.polylines(a, [[1, 1], [5, 2], [3, 5]], 1, **k),
    "text": lambda a, **k: draw.text(a, "hi", (0, 0), 1, **k),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_bad_images(name):
    call = CALLS[name]
    good = canvas(8, 10)
    for bad in (good.astype(np.float64), good.astype(np.int16), good.astype(np.bool_),
                good.astype(">u2")):
        with pytest.raises(TypeError, match=f"draw.{name}.*img"):
            call(bad)
    for obj in (None, [[0, 0], [0, 0]], 3.0, "img"):
        with pytest.raises(TypeError, match=f"draw.{name}.*img"):
            call(obj)
    for bad in (good.reshape(-1), good[None], good[:0], np.zeros((4, 4, 5), np.uint8)):
        with pytest.raises(ValueError, match=f"draw.{name}.*img"):
            call(bad)
    ro = good.copy()
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        call(ro)
    for layout in (np.asfortranarray(canvas(8, 10)), np.repeat(good, 2, axis=1)[:, ::2],
                   good[::-1], canvas(8, 10, 3)[:, :, ::-1]):
        with pytest.raises(ValueError, match="contiguous"):
            call(layout)
    huge = np.broadcast_to(np.zeros((1, 1), np.uint8), (1 << 17, 1 << 17))
    with pytest.raises(ValueError):
        call(huge)


def test_bad_colors_coordinates_thickness():
    a = canvas(8, 10, 3)
    with pytest.raises(ValueError, match="draw.line.*color"):
        draw.line(a, (0, 0), (5, 5), (1, 2))
    with pytest.raises(ValueError, match="draw.line.*color"):
        draw.line(canvas(8, 10), (0, 0), (5, 5), (1, 2, 3))
    with pytest.raises(ValueError, match="color"):
        draw.line(a, (0, 0), (5, 5), (1, float("nan"), 3))
    with pytest.raises(TypeError, match="color"):
        draw.line(a, (0, 0), (5, 5), "red")
    for p in ((float("nan"), 0), (0, float("inf")), (1e16, 0)):
        with pytest.raises(ValueError, match="draw.line.*pt1"):
            draw.line(a, p, (5, 5), 1)
        with pytest.raises(ValueError, match="draw.circle.*center"):
            draw.circle(a, p, 3, 1)
        with pytest.raises(ValueError, match="draw.polylines.*pts"):
            draw.polylines(a, [p, (1, 1), (3, 3)], 1)
        with pytest.raises(ValueError, match="draw.text.*org"):
            draw.text(a, "x", p, 1)
    with pytest.raises(TypeError, match="pt2"):
        draw.line(a, (0, 0), "ab", 1)
    with pytest.raises(ValueError, match="pt2"):
        draw.line(a, (0, 0), (1, 2, 3), 1)
    for t in (0, -2, 32768, 2**70):
        with pytest.raises(ValueError, match="thickness"):
            draw.circle(a, (3, 3), 2, 1, t)
    with pytest.raises(ValueError, match="draw.line.*thickness"):
        draw.line(a, (0, 0), (5, 5), 1, -1)
    with pytest.raises(TypeError, match="thickness"):
        draw.line(a, (0, 0), (5, 5), 1, 1.5)
    with pytest.raises(ValueError, match="line_type"):
        draw.line(a, (0, 0), (5, 5), 1, 1, "16")
    with pytest.raises(ValueError, match="radius"):
        draw.circle(a, (3, 3), -1, 1)
    with pytest.raises(ValueError, match="radius"):
        draw.circle(a, (3, 3), float("nan"), 1)
    with pytest.raises(ValueError, match="rule"):
        draw.polylines(a, [(0, 0), (5, 0), (0, 5)], 1, thickness=-1, rule="winding")
    with pytest.raises(ValueError, match="scale"):
        draw.text(a, "x", (0, 0), 1, 0)
    with pytest.raises(ValueError, match="pts"):
        draw.polylines(a, np.zeros((4, 3)), 1)
    a_before = a.copy()
    with pytest.raises(ValueError):
        draw.line(a, (0, 0), (5, 5), (1, 2))
    np.testing.assert_array_equal(a, a_before)  # nothing drawn on error


def test_int_line_type_aliases():
    a, b = canvas(20, 20), canvas(20, 20)
    draw.line(a, (1, 2), (17, 9), 255, 1, 4)
    draw.line(b, (1, 2), (17, 9), 255, 1, "4")
    np.testing.assert_array_equal(a, b)


def test_degenerate_shapes():
    a = canvas(20, 20)
    draw.polylines(a, [], 255)
    draw.polylines(a, np.zeros((0, 2)), 255, thickness=-1)
    assert not a.any()
    draw.polylines(a, [[5, 5]], 255)  # one point: a dot
    assert a[5, 5] == 255 and a.sum() == 255
    b = canvas(20, 20)
    draw.line(b, (5, 5), (5, 5), 255, 3)  # zero length, thick: the cap disc
    c = canvas(20, 20)
    cv2.line(c, (5, 5), (5, 5), 255, 3)
    np.testing.assert_array_equal(b, c)
    d = canvas(20, 20)
    draw.circle(d, (10, 10), 0, 255, -1)
    assert d[10, 10] == 255 and d.sum() == 255


def test_antialiased_filled_polygon():
    a = canvas(40, 40)
    tri = np.array([[5.0, 5.0], [34.0, 8.0], [12.0, 33.0]])
    draw.polylines(a, tri, 255, thickness=-1, line_type="aa")
    b = canvas(40, 40)
    draw.polylines(b, tri, 255, thickness=-1)
    inner = cv2.erode((b > 0).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    assert (a[inner] == 255).all()
    edge = (a > 0) & (a < 255)
    assert edge.any()
    ring = cv2.dilate((b > 0).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    assert not ((a > 0) & ~ring).any()
