"""Drawing and visualization: lines, shapes, text, keypoints and matches.

Every function draws **in place** on a numpy image and returns that same
array, like ``cv2.line`` and friends::

    import visioncore as vc
    vc.draw.line(img, (10, 10), (200, 80), (255, 0, 0), thickness=2)
    vc.draw.circle(img, (120, 60), 30, (0, 255, 0), thickness=-1)
    vc.draw.text(img, "frame 12", (5, 5), (255, 255, 255), scale=2)

Images: (H, W) or (H, W, C) arrays, C = 1..4, uint8, uint16 or float32,
writeable, C-contiguous or a row-strided view of one (``img[10:200, 30:400]``
draws into the parent image); other layouts would need a copy and are
refused. Colors: a number (every channel) or one number per channel, rounded
and saturated to the dtype (float32: as given). Coordinates: floats or ints,
pixel centers at integer coordinates, clipped to the image (nothing outside
it is written; |v| up to 1e15 is fine, NaN/inf are refused).

``line_type``: ``"8"`` (8-connected, the default), ``"4"`` (4-connected) or
``"aa"`` (anti-aliased: coverage-weighted blending with a one-pixel ramp).
Thickness-1 ``"8"``/``"4"`` lines, thickness-1 and filled rectangles and
filled ``"8"`` circles are pixel-identical to OpenCV; thicker lines follow
OpenCV's geometry (band of half-width (t + 1) // 2 with round caps) and are
identical to it when axis-aligned. The C++ side is ``visioncore/draw.hpp``.
"""

from __future__ import annotations

import colorsys
from collections.abc import Sequence
from typing import Any, Union

import numpy as np
from numpy.typing import NDArray

from . import _core

Color = Union[float, Sequence[float]]
Point = Sequence[float]

__all__ = [
    "circle",
    "contours",
    "keypoints",
    "line",
    "matches",
    "polylines",
    "rectangle",
    "text",
    "text_size",
]


def _type_error(func: str, param: str, allowed: str, got: Any) -> TypeError:
    return TypeError(f"{func}: parameter '{param}': expected {allowed}; got {type(got).__name__}")


def _point(func: str, param: str, p: Any) -> tuple[float, float]:
    """An (x, y) pair of real numbers as floats."""
    if isinstance(p, (str, bytes)) or not hasattr(p, "__len__"):
        raise _type_error(func, param, "an (x, y) pair of numbers", p)
    if len(p) != 2:
        raise ValueError(f"{func}: parameter '{param}': expected an (x, y) pair; "
                         f"got {len(p)} values")
    out = []
    for v in p:
        if isinstance(v, (bool, np.bool_)) or not isinstance(
                v, (int, float, np.integer, np.floating)):
            raise _type_error(func, param, "an (x, y) pair of numbers", v)
        out.append(float(v))
    return out[0], out[1]


def _thickness(func: str, t: Any) -> int:
    if isinstance(t, (bool, np.bool_)) or not isinstance(t, (int, np.integer)):
        raise _type_error(func, "thickness", "an int (>= 1, or -1 to fill)", t)
    if not -(2**62) < int(t) < 2**62:
        raise ValueError(f"{func}: parameter 'thickness': expected 1..32767 or -1; got {t}")
    return int(t)


def _line_type(func: str, lt: Any) -> str:
    if isinstance(lt, (int, np.integer)) and not isinstance(lt, bool) and int(lt) in (4, 8):
        return str(int(lt))
    if not isinstance(lt, str):
        raise _type_error(func, "line_type", "one of '8', '4', 'aa'", lt)
    return lt


def _points_array(func: str, param: str, pts: Any) -> NDArray[np.float64]:
    """(N, 2) float64 points from an (N, 2) or (N, 1, 2) array-like (cv2 contours)."""
    if isinstance(pts, (str, bytes)) or pts is None:
        raise _type_error(func, param, "an (N, 2) array of points", pts)
    try:
        a = np.asarray(pts)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{func}: parameter '{param}': expected an (N, 2) array of points; "
                        f"{e}") from None
    if a.dtype.kind not in "iuf":
        raise TypeError(f"{func}: parameter '{param}': expected an (N, 2) array of numbers; "
                        f"got dtype {a.dtype}")
    if a.ndim == 3 and a.shape[1] == 1:
        a = a[:, 0, :]
    if a.ndim != 2 or a.shape[1] != 2:
        raise ValueError(f"{func}: parameter '{param}': expected an (N, 2) array of points; "
                         f"got shape {a.shape}")
    return np.ascontiguousarray(a, dtype=np.float64)


def _dtype_max(img: Any) -> float:
    if isinstance(img, np.ndarray) and img.dtype == np.uint16:
        return 65535.0
    if isinstance(img, np.ndarray) and img.dtype == np.float32:
        return 1.0
    return 255.0


def _rgb_color(img: Any, rgb: Sequence[float]) -> Color:
    """An RGB color in [0, 1] for img's dtype and channel count (gray: its luma)."""
    top = _dtype_max(img)
    ch = img.shape[2] if isinstance(img, np.ndarray) and img.ndim == 3 else 1
    if ch == 1:
        return round(top * (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]), 6)
    vals = [round(top * v, 6) for v in rgb][: min(ch, 3)]
    while len(vals) < ch:
        vals.append(top)
    return tuple(vals)


def line(img: NDArray[Any], pt1: Point, pt2: Point, color: Color, thickness: int = 1,
         line_type: str = "8") -> NDArray[Any]:
    """Draw a line segment from ``pt1`` to ``pt2`` (cv2.line).

    Args:
        img: (H, W) or (H, W, C) uint8, uint16 or float32 array, C = 1..4,
            drawn on in place (C-contiguous or row-strided, writeable).
        pt1: (x, y) start point; floats allowed, rounded for "8" and "4".
        pt2: (x, y) end point.
        color: a number or one number per channel.
        thickness: 1..32767. Thickness 1 with "8"/"4" is the Bresenham path
            of cv2.line, pixel for pixel (also when clipped); thicker lines
            are a band of half-width (thickness + 1) // 2 with round caps.
        line_type: "8", "4" or "aa" (anti-aliased, width ``thickness``).

    Returns:
        ``img``.

    Raises:
        TypeError: img not a numpy array of uint8/uint16/float32, points or
            color not numbers.
        ValueError: read-only or non-contiguous img, bad shape, NaN/inf
            coordinates, thickness outside 1..32767, color with the wrong
            number of values, unknown line_type.
    """
    return _core._draw_line("draw.line", img, pt1, pt2, color, thickness, line_type)


def rectangle(img: NDArray[Any], pt1: Point, pt2: Point, color: Color, thickness: int = 1,
              line_type: str = "8") -> NDArray[Any]:
    """Draw the axis-aligned rectangle with opposite corners ``pt1`` and ``pt2`` (cv2.rectangle).

    Args:
        img: (H, W) or (H, W, C) uint8, uint16 or float32 array, drawn on in place.
        pt1: (x, y) of one corner.
        pt2: (x, y) of the opposite corner (inclusive).
        color: a number or one number per channel.
        thickness: 1..32767, or -1 to fill every pixel with min <= x, y <= max.
            Thickness 1 and filled are pixel-identical to cv2.rectangle;
            thicker outlines have OpenCV's round corners.
        line_type: "8", "4" or "aa" (ignored when filled).

    Returns:
        ``img``.

    Raises:
        TypeError: bad img dtype or type, non-numeric points or color.
        ValueError: read-only or non-contiguous img, NaN/inf corners, bad
            thickness, color or line_type.
    """
    return _core._draw_rectangle("draw.rectangle", img, pt1, pt2, color, thickness, line_type)


def circle(img: NDArray[Any], center: Point, radius: float, color: Color, thickness: int = 1,
           line_type: str = "8") -> NDArray[Any]:
    """Draw a circle (cv2.circle).

    Args:
        img: (H, W) or (H, W, C) uint8, uint16 or float32 array, drawn on in place.
        center: (x, y).
        radius: 0..2**30; for "8" and "4" the center and radius are rounded.
        color: a number or one number per channel.
        thickness: 1..32767, or -1 to fill. Filled "8" circles are the disc
            (x - cx)**2 + (y - cy)**2 <= r**2 and thickness-1 "8" outlines
            the midpoint circle, both identical to cv2.circle; thicker
            outlines are the ring | d - r | <= (thickness + 1) // 2 + 0.45
            (within a pixel of OpenCV's); "4" outlines are drawn as "8".
        line_type: "8", "4" or "aa" (coverage of the ideal circle or disc).

    Returns:
        ``img``.

    Raises:
        TypeError: bad img dtype or type, non-numeric center, radius or color.
        ValueError: read-only or non-contiguous img, NaN/inf center, radius
            outside 0..2**30, bad thickness, color or line_type.
    """
    return _core._draw_circle("draw.circle", img, center, radius, color, thickness, line_type)


def _contour_list(func: str, pts: Any) -> list[NDArray[np.float64]]:
    """One (N, 2) array, an (N, 1, 2) or (K, N, 2) array, or a list of point arrays."""
    if isinstance(pts, np.ndarray):
        if pts.ndim == 3 and pts.shape[1] != 1 and pts.shape[2] == 2:
            return [_points_array(func, "pts", p) for p in pts]
        return [_points_array(func, "pts", pts)]
    if isinstance(pts, (list, tuple)):
        if len(pts) == 0:
            return []
        if np.ndim(pts[0]) == 1:  # one polyline given as a list of (x, y) points
            return [_points_array(func, "pts", pts)]
        return [_points_array(func, "pts", p) for p in pts]
    raise _type_error(func, "pts", "an (N, 2) array of points or a list of them", pts)


def polylines(img: NDArray[Any], pts: Any, color: Color, closed: bool = True, thickness: int = 1,
              line_type: str = "8", rule: str = "evenodd") -> NDArray[Any]:
    """Draw polylines or polygons (cv2.polylines, and cv2.fillPoly with thickness=-1).

    Args:
        img: (H, W) or (H, W, C) uint8, uint16 or float32 array, drawn on in place.
        pts: one (N, 2) array of (x, y) points (or (N, 1, 2), as cv2 contours)
            or a list of them.
        color: a number or one number per channel.
        closed: also join each polyline's last point to its first.
        thickness: 1..32767, or -1 to fill the region enclosed by all the
            polylines together under ``rule`` (boundary pixels included).
            Thick polylines have a round join at every vertex, as in OpenCV.
        line_type: "8", "4" or "aa".
        rule: fill rule for thickness=-1: "evenodd" (cv2.fillPoly's; nested
            contours make holes) or "nonzero" (winding number; a hole needs
            the opposite orientation).

    Returns:
        ``img``.

    Raises:
        TypeError: bad img dtype or type, points not numeric arrays.
        ValueError: read-only or non-contiguous img, points not (N, 2),
            NaN/inf coordinates, bad thickness, color, line_type or rule.
    """
    func = "draw.polylines"
    return _core._draw_polylines(func, img, _contour_list(func, pts), bool(closed), color,
                                 _thickness(func, thickness), _line_type(func, line_type), rule)


def contours(img: NDArray[Any], contours: Sequence[Any], color: Color, index: int = -1,
             thickness: int = 1, line_type: str = "8", rule: str = "evenodd") -> NDArray[Any]:
    """Draw closed contours (cv2.drawContours without hierarchy).

    Args:
        img: (H, W) or (H, W, C) uint8, uint16 or float32 array, drawn on in place.
        contours: a list of (N, 2) or (N, 1, 2) point arrays (e.g. from
            cv2.findContours).
        color: a number or one number per channel.
        index: the contour to draw, or -1 for all.
        thickness: 1..32767, or -1 to fill the selected contours together
            under ``rule`` (with "evenodd", contours inside others are holes).
        line_type: "8", "4" or "aa".
        rule: "evenodd" or "nonzero", for thickness=-1.

    Returns:
        ``img``.

    Raises:
        TypeError: bad img dtype or type, contours not a list of point arrays.
        ValueError: index out of range, read-only or non-contiguous img, bad
            points, thickness, color, line_type or rule.
    """
    func = "draw.contours"
    if isinstance(contours, np.ndarray) or not isinstance(contours, (list, tuple)):
        raise _type_error(func, "contours", "a list of (N, 2) point arrays", contours)
    if isinstance(index, (bool, np.bool_)) or not isinstance(index, (int, np.integer)):
        raise _type_error(func, "index", "an int", index)
    n = len(contours)
    if not -1 <= index < n:
        raise ValueError(f"{func}: parameter 'index': expected -1 or 0..{n - 1}; got {index}")
    chosen = contours if index == -1 else [contours[index]]
    arrays = [_points_array(func, "contours", c) for c in chosen]
    return _core._draw_polylines(func, img, arrays, True, color, _thickness(func, thickness),
                                 _line_type(func, line_type), rule)


def text_size(text: str, scale: int = 1) -> tuple[int, int]:
    """Size of the box that ``draw.text`` fills.

    Args:
        text: the string (ASCII; other characters count as one glyph each).
        scale: integer magnification 1..1024.

    Returns:
        (width, height) in pixels: each character advances 6 * scale, a line
        is 9 * scale high (7 above the baseline, 2 for descenders) and lines
        are 10 * scale apart; an empty string has width 0.

    Raises:
        TypeError: text not a str, scale not an int.
        ValueError: scale outside 1..1024.
    """
    func = "draw.text_size"
    if not isinstance(text, str):
        raise _type_error(func, "text", "a str", text)
    if isinstance(scale, (bool, np.bool_)) or not isinstance(scale, (int, np.integer)):
        raise _type_error(func, "scale", "an int", scale)
    if not 1 <= scale <= 1024:
        raise ValueError(f"{func}: parameter 'scale': expected 1..1024; got {scale}")
    w, h = _core._text_size(_ascii(text), int(scale))
    return int(w), int(h)


def _ascii(text: str) -> str:
    return "".join(c if c == "\n" or " " <= c <= "~" else "?" for c in text)


def text(img: NDArray[Any], text: str, org: Point, color: Color, scale: int = 1) -> NDArray[Any]:
    """Draw text with the built-in 5x7 bitmap font (like cv2.putText, no font files).

    Args:
        img: (H, W) or (H, W, C) uint8, uint16 or float32 array, drawn on in place.
        text: the string; printable ASCII, other characters draw as '?';
            '\\n' starts a new line.
        org: (x, y) of the **top-left** corner of the text box (cv2.putText
            takes the baseline's left end instead); the box is
            ``text_size(text, scale)``.
        color: a number or one number per channel.
        scale: integer magnification 1..1024: each font dot becomes a
            scale x scale square.

    Returns:
        ``img``.

    Raises:
        TypeError: bad img dtype or type, text not a str, scale not an int.
        ValueError: read-only or non-contiguous img, NaN/inf org, scale
            outside 1..1024, bad color.
    """
    func = "draw.text"
    if not isinstance(text, str):
        raise _type_error(func, "text", "a str", text)
    if isinstance(scale, (bool, np.bool_)) or not isinstance(scale, (int, np.integer)):
        raise _type_error(func, "scale", "an int", scale)
    x, y = _point(func, "org", org)
    return _core._draw_text(func, img, _ascii(text), x, y, int(min(max(scale, -1), 2**31)), color)


def _keypoint_fields(func: str, param: str, kps: Any) -> tuple[NDArray[np.float64], Any, Any]:
    """(N, 2) positions and optional sizes / angles from keypoints in any accepted form."""
    if isinstance(kps, np.ndarray) and kps.dtype.names:
        names = kps.dtype.names
        if "x" not in names or "y" not in names:
            raise ValueError(f"{func}: parameter '{param}': a structured keypoint array needs "
                             f"fields x and y; got {names}")
        xy = np.stack([kps["x"].astype(np.float64), kps["y"].astype(np.float64)], axis=-1)
        size = kps["size"].astype(np.float64) if "size" in names else None
        angle = kps["angle"].astype(np.float64) if "angle" in names else None
        return xy.reshape(-1, 2), size, angle
    if isinstance(kps, (list, tuple)) and len(kps) and hasattr(kps[0], "pt"):
        xy = np.array([k.pt for k in kps], np.float64)
        size = np.array([getattr(k, "size", 0.0) for k in kps], np.float64)
        angle = np.array([getattr(k, "angle", -1.0) for k in kps], np.float64)
        return xy, size, angle
    if isinstance(kps, (list, tuple)) and len(kps) == 0:
        return np.zeros((0, 2)), None, None
    a = np.asarray(kps) if not isinstance(kps, (str, bytes)) and kps is not None else None
    if a is None or a.dtype.kind not in "iuf":
        raise _type_error(func, param, "a structured keypoint array (x, y, size, angle) or an "
                          "(N, 2) array of points", kps)
    if a.ndim != 2 or a.shape[1] < 2:
        raise ValueError(f"{func}: parameter '{param}': expected an (N, 2) array of points; "
                         f"got shape {a.shape}")
    return np.ascontiguousarray(a[:, :2], np.float64), None, None


def keypoints(img: NDArray[Any], keypoints: Any, color: Color | None = None, radius: float = 3,
              thickness: int = 1, line_type: str = "aa", rich: bool = True) -> NDArray[Any]:
    """Draw keypoints as circles (cv2.drawKeypoints, in place).

    Args:
        img: (H, W) or (H, W, C) uint8, uint16 or float32 array, drawn on in place.
        keypoints: a structured array with fields x, y and optionally size
            and angle (degrees; negative = none), a list of objects with
            ``.pt`` (cv2.KeyPoint), or an (N, 2) array of (x, y).
        color: a number or one number per channel; None = green (gray
            images: the dtype's green luma).
        radius: circle radius for points without a size (and for all with
            ``rich=False``).
        thickness: circle outline thickness (1..32767, or -1 to fill).
        line_type: "8", "4" or "aa".
        rich: with sizes: radius size / 2 and, where angle >= 0, a line from
            the center along the angle (cv2's DRAW_RICH_KEYPOINTS).

    Returns:
        ``img``.

    Raises:
        TypeError: bad img or keypoints type.
        ValueError: read-only or non-contiguous img, NaN coordinates, bad
            radius, thickness, color or line_type.
    """
    func = "draw.keypoints"
    xy, size, angle = _keypoint_fields(func, "keypoints", keypoints)
    if color is None:
        color = _rgb_color(img, (0.0, 1.0, 0.0))
    th = _thickness(func, thickness)
    lt = _line_type(func, line_type)
    if rich and size is not None:
        radii = np.where(size > 0, size / 2.0, float(radius))
    else:
        radii = np.full(len(xy), float(radius))
    _core._draw_circles(func, img, xy, np.ascontiguousarray(radii, np.float64), color, th, lt)
    if rich and size is not None and angle is not None and len(xy):
        has = angle >= 0
        a = np.deg2rad(angle[has])
        r = radii[has]
        c = xy[has]
        seg = np.stack([c[:, 0], c[:, 1], c[:, 0] + r * np.cos(a), c[:, 1] + r * np.sin(a)], -1)
        _core._draw_lines(func, img, np.ascontiguousarray(seg, np.float64), color,
                          max(th, 1), lt)
    return img


def _match_pairs(func: str, m: Any, n1: int, n2: int) -> NDArray[np.int64]:
    """(M, 2) index pairs from matches in any accepted form, checked against n1, n2."""
    if isinstance(m, np.ndarray) and m.dtype.names:
        names = m.dtype.names
        for q, t in (("query_idx", "train_idx"), ("query", "train"), ("queryIdx", "trainIdx"),
                     ("idx1", "idx2"), ("i", "j")):
            if q in names and t in names:
                pairs = np.stack([m[q], m[t]], -1)
                break
        else:
            ints = [f for f in names if m.dtype[f].kind in "iu"]
            if len(ints) < 2:
                raise ValueError(f"{func}: parameter 'matches': a structured array needs two "
                                 f"integer index fields (query_idx, train_idx); got {names}")
            pairs = np.stack([m[ints[0]], m[ints[1]]], -1)
    elif isinstance(m, (list, tuple)) and len(m) and hasattr(m[0], "queryIdx"):
        pairs = np.array([(d.queryIdx, d.trainIdx) for d in m])
    elif isinstance(m, (list, tuple)) and len(m) == 0:
        pairs = np.zeros((0, 2), np.int64)
    else:
        pairs = np.asarray(m) if not isinstance(m, (str, bytes)) and m is not None else None
        if pairs is None or pairs.dtype.kind not in "iu":
            raise _type_error(func, "matches", "an (M, 2) integer array of (index1, index2), a "
                              "structured match array or a list of cv2.DMatch", m)
    pairs = np.asarray(pairs).reshape(-1, 2) if np.asarray(pairs).size else np.zeros((0, 2))
    pairs = pairs.astype(np.int64)
    if pairs.size and (pairs[:, 0].min() < 0 or pairs[:, 0].max() >= n1
                       or pairs[:, 1].min() < 0 or pairs[:, 1].max() >= n2):
        raise ValueError(f"{func}: parameter 'matches': indices must lie in 0..{n1 - 1} "
                         f"(kps1) and 0..{n2 - 1} (kps2)")
    return pairs


def _as_rgb(func: str, param: str, img: Any) -> NDArray[Any]:
    if not isinstance(img, np.ndarray):
        raise _type_error(func, param, "a numpy array of uint8, uint16 or float32", img)
    if img.dtype not in (np.uint8, np.uint16, np.float32) or img.dtype.byteorder == ">":
        raise TypeError(f"{func}: parameter '{param}': expected a numpy array of uint8, uint16 "
                        f"or float32; got {img.dtype}")
    if img.ndim == 2:
        img = img[:, :, None]
    if img.ndim != 3 or img.shape[2] not in (1, 2, 3, 4) or img.shape[0] == 0 or img.shape[1] == 0:
        raise ValueError(f"{func}: parameter '{param}': expected a non-empty (H, W) or (H, W, C) "
                         f"image, C = 1..4; got shape {img.shape}")
    if img.shape[2] in (1, 2):
        return np.repeat(img[:, :, :1], 3, axis=2)
    return img[:, :, :3]


def _palette(n: int, top: float) -> list[tuple[float, float, float]]:
    """n well-separated saturated colors (golden-ratio hue steps), deterministic."""
    out = []
    for i in range(n):
        r, g, b = colorsys.hsv_to_rgb((i * 0.6180339887498949) % 1.0, 0.9, 1.0)
        out.append((round(r * top, 6), round(g * top, 6), round(b * top, 6)))
    return out


def matches(img1: NDArray[Any], kps1: Any, img2: NDArray[Any], kps2: Any, matches: Any,
            color: Color | None = None, keypoint_color: Color | None = None, thickness: int = 1,
            line_type: str = "aa", draw_keypoints: bool = True) -> NDArray[Any]:
    """Side-by-side image of two images with lines between matched keypoints (cv2.drawMatches).

    Args:
        img1: first image, (H1, W1) or (H1, W1, C), uint8, uint16 or float32.
        kps1: its keypoints: structured array with x, y (as from ``vc.orb``),
            list of cv2.KeyPoint, or (N1, 2) array of (x, y).
        img2: second image, same dtype as img1 (any size and channel count).
        kps2: its keypoints.
        matches: (M, 2) integer array of (index into kps1, index into kps2),
            a structured array with fields query_idx / train_idx (or query /
            train, queryIdx / trainIdx), or a list of cv2.DMatch.
        color: one color (3 values) for every match line; None = a distinct
            color per match.
        keypoint_color: color of unmatched keypoint circles; None = gray.
        thickness: match line thickness 1..32767.
        line_type: "8", "4" or "aa".
        draw_keypoints: also draw every keypoint (radius 3 circles; matched
            ones in their match's color).

    Returns:
        New (max(H1, H2), W1 + W2, 3) array of the inputs' dtype: img1 at
        the left, img2 at x offset W1, both as RGB (gray repeated, alpha
        dropped), the rest 0.

    Raises:
        TypeError: non-array images, unsupported or different dtypes, bad
            keypoints or matches types.
        ValueError: bad shapes, match indices out of range, bad colors,
            thickness or line_type.
    """
    func = "draw.matches"
    a = _as_rgb(func, "img1", img1)
    b = _as_rgb(func, "img2", img2)
    if a.dtype != b.dtype:
        raise TypeError(f"{func}: parameter 'img2': expected the dtype of img1 ({a.dtype}); "
                        f"got {b.dtype}")
    p1, _, _ = _keypoint_fields(func, "kps1", kps1)
    p2, _, _ = _keypoint_fields(func, "kps2", kps2)
    pairs = _match_pairs(func, matches, len(p1), len(p2))
    th = _thickness(func, thickness)
    lt = _line_type(func, line_type)
    h1, w1 = a.shape[:2]
    h2, w2 = b.shape[:2]
    out = np.zeros((max(h1, h2), w1 + w2, 3), a.dtype)
    out[:h1, :w1] = a
    out[:h2, w1:] = b
    top = _dtype_max(out)
    q = p2 + np.array([w1, 0.0])
    if draw_keypoints and (len(p1) or len(q)):
        kc = keypoint_color if keypoint_color is not None else (0.5 * top,) * 3
        pts = np.ascontiguousarray(np.concatenate([p1, q]), np.float64)
        _core._draw_circles(func, out, pts, np.full(len(pts), 3.0), kc, 1, lt)
    colors = [color] * len(pairs) if color is not None else _palette(len(pairs), top)
    for (i, j), c in zip(pairs, colors):
        seg = np.array([[p1[i, 0], p1[i, 1], q[j, 0], q[j, 1]]], np.float64)
        _core._draw_lines(func, out, seg, c, th, lt)
        if draw_keypoints:
            _core._draw_circles(func, out, np.ascontiguousarray(seg.reshape(2, 2)),
                                np.array([3.0, 3.0]), c, 1, lt)
    return out

