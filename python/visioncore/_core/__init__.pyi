"""
visioncore C++ core (use the `visioncore` package, not this module directly)
"""
from __future__ import annotations
import numpy
import numpy.dtypes
import numpy.typing
import typing

from numpy.typing import NDArray
from . import dnn
__all__: list[str] = ['KEYPOINT_DTYPE', 'LimitExceeded', 'MATCH_DTYPE', 'absdiff', 'adaptive_threshold', 'add_weighted', 'approx_poly', 'arc_length', 'available_isas', 'bgr_to_gray', 'bilateral_filter', 'bounding_rect', 'box_filter', 'build_info', 'canny', 'canny_from_gradients', 'clahe', 'connected_components', 'contour_area', 'convert_scale', 'convex_hull', 'corner_harris', 'corner_min_eigen', 'corner_subpix', 'cpu_features', 'crop', 'default_num_threads', 'demosaic', 'deriv_kernels', 'dilate', 'distance_transform', 'dnn', 'equalize_hist', 'erode', 'estimate_affine_2d', 'fast', 'filter2d', 'find_contours', 'find_homography', 'flip', 'gaussian_blur', 'gaussian_kernel', 'gaussian_kernel_size', 'get_isa', 'get_num_threads', 'good_features_to_track', 'gray_to_rgb', 'histogram', 'hog', 'hough_circles', 'hough_lines', 'hough_lines_p', 'hsv_to_rgb', 'hu_moments', 'init_undistort_map', 'integral', 'knn_match', 'laplacian', 'lbp', 'lbp_histogram', 'match', 'match_template', 'median_blur', 'min_area_rect', 'min_max_loc', 'moments', 'morphology', 'normalize', 'orb', 'pad', 'ratio_test', 'remap', 'reset_isa', 'resize', 'rgb_to_bgr', 'rgb_to_gray', 'rgb_to_hsv', 'rgb_to_rgba', 'rgba_to_rgb', 'rotate90', 'scharr', 'sep_filter2d', 'set_isa', 'set_num_threads', 'sobel', 'structuring_element', 'threshold', 'threshold_otsu', 'threshold_triangle', 'undistort', 'warp_affine', 'warp_perspective', 'yuv_to_rgb']
class LimitExceeded(ValueError):
    pass
def _active_calls() -> int:
    ...
def _busy_wait(seconds: typing.SupportsFloat | typing.SupportsIndex) -> None:
    ...
def _draw_circle(func: str, img: NDArray[typing.Any], center: typing.Any, radius: typing.Any, color: typing.Any, thickness: typing.Any, line_type: typing.Any) -> numpy.ndarray:
    """
    Draws one circle in place; see visioncore.draw.circle.
    """
def _draw_circles(func: str, img: NDArray[typing.Any], centers: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], radii: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], color: typing.Any, thickness: typing.SupportsInt | typing.SupportsIndex, line_type: str) -> numpy.ndarray:
    """
    Draws circles in place; see visioncore.draw.circle.
    """
def _draw_line(func: str, img: NDArray[typing.Any], pt1: typing.Any, pt2: typing.Any, color: typing.Any, thickness: typing.Any, line_type: typing.Any) -> numpy.ndarray:
    """
    Draws one line in place; see visioncore.draw.line.
    """
def _draw_lines(func: str, img: NDArray[typing.Any], segments: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], color: typing.Any, thickness: typing.SupportsInt | typing.SupportsIndex, line_type: str) -> numpy.ndarray:
    """
    Draws line segments (N, 4) = x1, y1, x2, y2 in place; see visioncore.draw.line.
    """
def _draw_polylines(func: str, img: NDArray[typing.Any], contours: list, closed: bool, color: typing.Any, thickness: typing.SupportsInt | typing.SupportsIndex, line_type: str, rule: str) -> numpy.ndarray:
    """
    Draws or fills polylines in place; see visioncore.draw.polylines.
    """
def _draw_rectangle(func: str, img: NDArray[typing.Any], pt1: typing.Any, pt2: typing.Any, color: typing.Any, thickness: typing.Any, line_type: typing.Any) -> numpy.ndarray:
    """
    Draws a rectangle in place; see visioncore.draw.rectangle.
    """
def _draw_text(func: str, img: NDArray[typing.Any], text: str, x: typing.SupportsFloat | typing.SupportsIndex, y: typing.SupportsFloat | typing.SupportsIndex, scale: typing.SupportsInt | typing.SupportsIndex, color: typing.Any) -> numpy.ndarray:
    """
    Draws ASCII text in place with the built-in 5x7 font; see visioncore.draw.text.
    """
def _shutdown(timeout_s: typing.SupportsFloat | typing.SupportsIndex = 5.0) -> None:
    ...
def _text_size(text: str, scale: typing.SupportsInt | typing.SupportsIndex) -> tuple[int, int]:
    """
    (width, height) of the box draw.text fills; see visioncore.draw.
    """
def absdiff(a: typing.Any, b: typing.Any, *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Absolute difference |a - b|, identical to cv2.absdiff.
    
    Exact for every dtype: int16 saturates to 32767, float32 NaN stays NaN.
    
    Args:
        a: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16, int16 or float32.
        b: array of a's shape and dtype.
        out: optional array of a's shape and dtype to write into; it may be
            ``a`` or ``b`` itself.
    
    Returns:
        Array of a's shape and dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype, b's dtype differs from a's, non-array input.
        ValueError: b's shape differs from a's, empty image, or a bad ``out``.
    
    Example:
        >>> motion = vc.absdiff(frame, previous)
    """
def adaptive_threshold(img: NDArray[typing.Any], max_value: typing.SupportsFloat | typing.SupportsIndex, method: str, block_size: typing.Any, c: typing.SupportsFloat | typing.SupportsIndex, *, mode: str = 'binary', out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Adaptive threshold against the local mean (cv2.adaptiveThreshold), bit-identical.
    
    The local mean over block_size x block_size pixels (replicated border) is
    the box mean ("mean") or the Gaussian-weighted mean ("gaussian", sigma
    derived from block_size), rounded to uint8 as OpenCV does. Then
    "binary": dst = max_value where img - mean > -ceil(c), else 0;
    "binary_inv": dst = max_value where img - mean <= -floor(c), else 0.
    
    Args:
        img: (H, W) uint8 array (or (H, W, 1)).
        max_value: value of the set pixels (rounded, saturated to 0..255; a
            negative value gives an all-zero image).
        method: "mean" or "gaussian".
        block_size: odd window size >= 3.
        c: constant subtracted from the mean.
        mode: "binary" (default) or "binary_inv".
        out: optional uint8 array of img's shape to write into.
    
    Returns:
        uint8 array of img's shape (``out`` if given).
    
    Raises:
        TypeError: non-uint8 or non-array input.
        ValueError: not one channel, even or too small block_size, NaN/Inf
            max_value or c, unknown method or mode, or a bad ``out``.
    
    Example:
        >>> binary = vc.adaptive_threshold(gray, 255, "gaussian", 11, 2)
    """
def add_weighted(a: typing.Any, alpha: typing.SupportsFloat | typing.SupportsIndex, b: typing.Any, beta: typing.SupportsFloat | typing.SupportsIndex, gamma: typing.SupportsFloat | typing.SupportsIndex = 0.0, dtype: typing.Any = None, *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Weighted sum a * alpha + b * beta + gamma, identical to cv2.addWeighted.
    
    dst = saturate(fma(a, alpha, fma(b, beta, gamma))) in float32, OpenCV's
    vector loop for every dtype (its scalar loop, which it uses only for
    arrays of fewer samples than one vector, e.g. < 8 on AVX2, can differ
    by one unit at exact ties). Integer results are clamped to the dtype's
    range (NaN gives its minimum) and rounded half to even; results beyond
    +-2^31 saturate (OpenCV overflows them).
    
    Args:
        a: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16, int16 or float32.
        alpha: weight of ``a`` (finite).
        b: array of a's shape and dtype.
        beta: weight of ``b`` (finite).
        gamma: offset (finite; default 0).
        dtype: result dtype: uint8, uint16, int16 or float32; None keeps a's.
        out: optional array of a's shape and ``dtype`` to write into; it may be
            ``a`` or ``b`` itself when the dtypes match.
    
    Returns:
        Array of a's shape with dtype ``dtype`` (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype, b's dtype differs from a's, non-array input.
        ValueError: b's shape differs from a's, NaN or infinite weights, empty
            image, or a bad ``out``.
    
    Example:
        >>> blend = vc.add_weighted(img1, 0.7, img2, 0.3)
    """
def approx_poly(points: typing.Any, epsilon: typing.SupportsFloat | typing.SupportsIndex, closed: bool = True) -> numpy.ndarray:
    """
    Simplify a curve with the Douglas-Peucker algorithm (cv2.approxPolyDP).
    
    Iterative (an explicit stack), with OpenCV's choices: a closed curve is
    split at two roughly farthest points, and points left on almost straight
    runs are removed at the end, so the output matches OpenCV's.
    
    Args:
        points: (N, 2) (or OpenCV's (N, 1, 2)) int32 or float32 array of (x, y),
            N >= 1.
        epsilon: largest distance from the curve to its simplification (>= 0).
        closed: treat the curve as closed.
    
    Returns:
        (K, 2) array of kept points, the input's dtype.
    
    Raises:
        TypeError: points not an int32 / float32 array.
        ValueError: bad shape, no points, NaN or Inf, epsilon < 0 or not finite.
    
    Example:
        >>> poly = vc.approx_poly(contours[0], 0.01 * vc.arc_length(contours[0]))
    """
def arc_length(points: typing.Any, closed: bool = True) -> float:
    """
    Perimeter of a closed polygon or length of an open curve (cv2.arcLength).
    
    Args:
        points: (N, 2) (or OpenCV's (N, 1, 2)) int32 or float32 array of (x, y),
            N >= 1.
        closed: include the segment from the last point back to the first.
    
    Returns:
        float length.
    
    Raises:
        TypeError: points not an int32 / float32 array.
        ValueError: bad shape, no points, NaN or Inf.
    
    Example:
        >>> vc.arc_length(contours[0], closed=True)
    """
def available_isas() -> list[str]:
    """
    SIMD levels compiled into this build and supported by this CPU, lowest first.
    """
def bgr_to_gray(img: NDArray[typing.Any], *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Convert a BGR (or BGRA) image to gray: Y = 0.299 R + 0.587 G + 0.114 B.
    
    Bit-identical to OpenCV's COLOR_BGR2GRAY for uint8 and uint16.
    
    Args:
        img: (H, W, 3) or (H, W, 4) array in B, G, R(, A) order; uint8, uint16 or float32.
        out: optional (H, W) array of the same dtype to write into.
    
    Returns:
        (H, W) array of the input dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype or non-array input.
        ValueError: wrong shape, empty image, or a bad ``out``.
    """
def bilateral_filter(img: NDArray[typing.Any], d: typing.Any, sigma_color: typing.Any, sigma_space: typing.Any, *, border: str = 'reflect101', border_value: typing.Any = None, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Edge-preserving bilateral filter (cv2.bilateralFilter numerics).
    
    out(p) = sum_q w(p, q) img(q) / sum_q w(p, q) over the disc |q - p| <= r, with
    w = exp(-|q - p|^2 / (2 sigma_space^2)) * exp(-c^2 / (2 sigma_color^2)) and
    c = the sum over channels of |img(q) - img(p)|. r = d // 2 for d > 0, else
    round(1.5 * sigma_space); at least 1, at most 255. uint8 reads the color
    factor from a table of integer distances and rounds half to even (within 1
    of OpenCV); float32 interpolates a table over the image's value range like
    OpenCV (within 1e-5 relative), skips NaN neighbours, and a NaN pixel weighs
    its neighbours by distance only.
    
    Args:
        img: (H, W), (H, W, 1) or (H, W, 3) array, uint8 or float32 (float32
            without +-Inf; NaN allowed).
        d: window diameter; <= 0 derives it from sigma_space.
        sigma_color: range sigma (> 0, finite), in pixel units.
        sigma_space: spatial sigma (> 0, finite), in pixels. As in OpenCV,
            sigmas <= 1e-6 return a copy.
        border: "reflect101" (default), "replicate", "reflect", "wrap" or "constant".
        border_value: for "constant": a number or one per channel (default 0).
        out: optional array of the input's shape and dtype to write into (must
            not overlap ``img``).
    
    Returns:
        Array of the input's shape and dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype, non-array input, non-number parameters.
        ValueError: 2 or 4 channels, sigma <= 0 or not finite, a window radius
            above 255, Inf in a float32 image, unknown border, empty image, or a
            bad ``out``.
    
    Example:
        >>> smooth = vc.bilateral_filter(photo, 9, 75, 75)
    """
def bounding_rect(points: typing.Any) -> tuple[int, int, int, int]:
    """
    Upright bounding box of a point set (cv2.boundingRect).
    
    Args:
        points: (N, 2) (or OpenCV's (N, 1, 2)) int32 or float32 array of (x, y),
            N >= 1.
    
    Returns:
        (x, y, w, h) ints: x, y the floor of the minimum coordinates, w, h such
        that the floors of every coordinate lie in [x, x + w) x [y, y + h).
    
    Raises:
        TypeError: points not an int32 / float32 array.
        ValueError: bad shape, no points, NaN or Inf.
    
    Example:
        >>> x, y, w, h = vc.bounding_rect(contours[0])
    """
def box_filter(img: NDArray[typing.Any], ksize: typing.Any, *, normalize: bool = True, border: str = 'reflect101', out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Box filter: the mean (or, with normalize=False, the sum) over a window
    (like cv2.boxFilter with ddepth=-1; cv2.blur when normalized).
    
    Running sums make the cost per pixel independent of the window size. uint8
    means are bit-identical to OpenCV; uint16/int16 means round like OpenCV's
    (within 1); float32 windows up to 7x7 are summed directly in float32, larger
    ones with running sums in double.
    
    Args:
        img: (H, W) or (H, W, C) array, C in 1..4; uint8, uint16, int16 or float32.
        ksize: window size, an int or a (width, height) pair, each 1..4095 (even
            sizes are allowed; the anchor is at ksize // 2).
        normalize: divide by the window area (default) or return sums
            (saturated for integer dtypes).
        border: "reflect101" (default), "replicate", "reflect", "wrap" or
            "constant" (zeros).
        out: optional array of img's shape and dtype to write into.
    
    Returns:
        Array of img's shape and dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype, or a non-int ksize.
        ValueError: empty image, ksize out of range, unknown border, or a bad ``out``.
    
    Example:
        >>> mean = vc.box_filter(gray, 5)
    """
def build_info() -> dict:
    """
    Build and runtime facts: version, compiler, compiled/available/active ISA levels, thread count, CUDA compiled and available, size limits.
    """
def canny(img: NDArray[typing.Any], low: typing.Any, high: typing.Any, *, aperture: typing.Any = 3, l2_gradient: bool = False, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Canny edge detector (cv2.Canny), same edge maps as OpenCV.
    
    Sobel gradients with the given aperture (replicated border; aperture 7 is
    scaled by 1/16 as in OpenCV), magnitude |dx| + |dy| or, with l2_gradient,
    sqrt(dx^2 + dy^2), non-maximum suppression in 4 directions, then hysteresis:
    pixels above ``high`` start edges that continue through 8-connected pixels
    above ``low``. Unlike cv2.Canny, low > high is an error (OpenCV swaps them).
    
    Args:
        img: (H, W) or (H, W, 1) uint8 array.
        low: lower hysteresis threshold (>= 0, finite).
        high: upper hysteresis threshold (>= low, finite).
        aperture: Sobel size: 3 (default), 5 or 7.
        l2_gradient: use the L2 norm of the gradient instead of L1.
        out: optional uint8 array of img's shape to write into.
    
    Returns:
        uint8 array of img's shape: 255 on edges, 0 elsewhere (``out`` if given).
    
    Raises:
        TypeError: non-uint8 input or non-numeric thresholds.
        ValueError: empty or multi-channel input, negative or non-finite
            thresholds, low > high, aperture not 3/5/7, or a bad ``out``.
    
    Example:
        >>> edges = vc.canny(gray, 50, 150)
    """
def canny_from_gradients(dx: typing.Any, dy: typing.Any, low: typing.Any, high: typing.Any, *, l2_gradient: bool = False, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Canny edges from precomputed gradients (cv2.Canny(dx, dy, ...)).
    
    The same non-maximum suppression and hysteresis as ``canny``, on the given
    int16 derivatives (for example ``vc.sobel(gray, 1, 0)`` and
    ``vc.sobel(gray, 0, 1)``).
    
    Args:
        dx: (H, W) int16 x derivative.
        dy: (H, W) int16 y derivative, same shape as dx.
        low: lower hysteresis threshold (>= 0, finite).
        high: upper hysteresis threshold (>= low, finite).
        l2_gradient: use the L2 norm of the gradient instead of L1.
        out: optional uint8 array of dx's shape to write into.
    
    Returns:
        uint8 array of dx's shape: 255 on edges, 0 elsewhere (``out`` if given).
    
    Raises:
        TypeError: dx or dy not int16, or non-numeric thresholds.
        ValueError: empty or mismatched gradients, bad thresholds, or a bad ``out``.
    
    Example:
        >>> edges = vc.canny_from_gradients(vc.sobel(g, 1, 0), vc.sobel(g, 0, 1), 50, 150)
    """
def clahe(img: NDArray[typing.Any], clip_limit: typing.Any = 40.0, tile_grid: typing.Any = (8, 8), *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Contrast-limited adaptive histogram equalization (cv2.createCLAHE(...).apply).
    
    Bit-identical to OpenCV: one clipped, equalized lookup table per tile (the
    image is extended by reflect101 to a multiple of the grid for the tile
    histograms, as OpenCV does), each pixel the bilinear blend of its four
    nearest tiles' tables.
    
    Args:
        img: (H, W) (or (H, W, 1)) uint8 or uint16 array.
        clip_limit: contrast limit relative to a flat histogram (OpenCV's
            clipLimit), finite and > 0; default 40.
        tile_grid: (tiles_x, tiles_y): tiles across and down (OpenCV's
            tileGridSize), each in 1..image width / height; default (8, 8).
        out: optional array of img's shape and dtype (must not overlap ``img``).
    
    Returns:
        Array of img's shape and dtype (``out`` if given).
    
    Raises:
        TypeError: non-array input, a dtype other than uint8/uint16, or a
            non-numeric clip_limit / non-integer tile_grid.
        ValueError: more than one channel, clip_limit <= 0 or not finite,
            tile_grid not a pair or outside 1..width / 1..height, or a bad ``out``.
    
    Example:
        >>> enhanced = vc.clahe(gray, clip_limit=2.0, tile_grid=(8, 8))
    """
def connected_components(binary: typing.Any, connectivity: typing.SupportsInt | typing.SupportsIndex = 8, stats: bool = True, *, out: NDArray[typing.Any] | None = None) -> tuple:
    """
    Label the connected components of a binary image (cv2.connectedComponentsWithStats).
    
    Labels are identical to OpenCV's: background 0, components 1..count-1
    numbered as OpenCV numbers them (8-connectivity: raster order of each
    component's first 2x2 block, i.e. of pixel-row pairs then column pairs;
    4-connectivity: raster order of the first pixel). A two-pass block scan with
    union-find, threaded by row bands; identical for every thread count.
    
    Args:
        binary: (H, W) uint8 array, nonzero = foreground (pass a bool mask as
            ``mask.view(np.uint8)``).
        connectivity: 8 (default) or 4.
        stats: also return the per-label statistics and centroids.
        out: optional (H, W) int32 array for the labels (must not overlap
            ``binary``).
    
    Returns:
        (count, labels) with ``stats=False``; otherwise (count, labels, stats,
        centroids): count includes the background; labels (H, W) int32; stats
        (count, 5) int32 with columns x, y, width, height, area (row 0 is the
        background); centroids (count, 2) float64 (x, y) means.
    
    Raises:
        TypeError: binary not a uint8 array, bad ``out`` dtype.
        ValueError: empty or non-2-D image, connectivity not 4 or 8, bad ``out``.
    
    Example:
        >>> n, labels, stats, centroids = vc.connected_components(mask > 0)
    """
def contour_area(points: typing.Any, oriented: bool = False) -> float:
    """
    Area of a polygon (cv2.contourArea), by the shoelace formula.
    
    Args:
        points: (N, 2) (or OpenCV's (N, 1, 2)) int32 or float32 array of (x, y),
            N >= 1.
        oriented: return the signed area: positive when the points run
            counter-clockwise in x-right / y-up terms (clockwise on screen).
    
    Returns:
        float area (absolute unless ``oriented``).
    
    Raises:
        TypeError: points not an int32 / float32 array.
        ValueError: bad shape, no points, NaN or Inf.
    
    Example:
        >>> vc.contour_area(contours[0])
    """
def convert_scale(img: NDArray[typing.Any], dtype: typing.Any, alpha: typing.SupportsFloat | typing.SupportsIndex = 1.0, beta: typing.SupportsFloat | typing.SupportsIndex = 0.0, *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Scale, shift and convert: img * alpha + beta as ``dtype``, like OpenCV's convertTo.
    
    dst = saturate(fma(float32(img), float32(alpha), float32(beta))): one
    fused multiply-add in float32, exactly as OpenCV's
    ``src.convertTo(dst, type, alpha, beta)`` for these dtypes. Integer
    results are clamped to the dtype's range (NaN gives its minimum: 0 or
    -32768) and rounded half to even. Unlike OpenCV, results beyond +-2^31
    saturate (OpenCV's int overflow maps e.g. 3e9 to 0 in uint8). Same
    dtype with alpha = 1, beta = 0 is a copy. Not cv2.convertScaleAbs (no
    absolute value here).
    
    Args:
        img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16, int16 or float32.
        dtype: the result dtype (np.uint8, "float32", ...): uint8, uint16,
            int16 or float32; None keeps img's dtype.
        alpha: scale factor (finite).
        beta: offset added after scaling (finite).
        out: optional array of img's shape and ``dtype`` to write into; it may
            be ``img`` itself when the dtypes match.
    
    Returns:
        Array of img's shape with dtype ``dtype`` (``out`` if given).
    
    Raises:
        TypeError: unsupported img dtype or ``dtype``, non-array input.
        ValueError: NaN or infinite alpha / beta, empty image, or a bad ``out``.
    
    Example:
        >>> f = vc.convert_scale(img, np.float32, 1 / 255)
    """
def convex_hull(points: typing.Any, clockwise: bool = False) -> numpy.ndarray:
    """
    Convex hull of a point set (cv2.convexHull with returnPoints=True).
    
    Andrew's monotone chain: hull vertices only (collinear and repeated points
    dropped), in OpenCV's order: counter-clockwise in x-right / y-up terms
    (clockwise=False) from the rightmost point, and a hull of a contour starts
    where its indices run in contour order, as OpenCV does.
    
    Args:
        points: (N, 2) (or OpenCV's (N, 1, 2)) int32 or float32 array of (x, y),
            N >= 1.
        clockwise: orientation of the output (OpenCV's meaning).
    
    Returns:
        (M, 2) array of hull points, the input's dtype.
    
    Raises:
        TypeError: points not an int32 / float32 array.
        ValueError: bad shape, no points, NaN or Inf.
    
    Example:
        >>> hull = vc.convex_hull(contours[0])
    """
def corner_harris(img: NDArray[typing.Any], block_size: typing.Any, ksize: typing.Any, k: typing.Any, *, border: str = 'reflect101', out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Harris corner response (cv2.cornerHarris).
    
    With Sobel derivatives dx, dy (size ksize, scaled by 1 / (2**(ksize-1) *
    block_size), and by 1/255 for uint8 input, as OpenCV) summed over a
    block_size x block_size window: a = sum dx^2, b = sum dx*dy, c = sum dy^2,
    the response is a*c - b^2 - k*(a + c)^2.
    
    Args:
        img: (H, W) uint8 or float32 array.
        block_size: window side, 1..255.
        ksize: Sobel aperture 1, 3, 5 or 7.
        k: Harris free parameter (finite; typically 0.04..0.06).
        border: "reflect101" (default), "replicate", "reflect", "wrap" or
            "constant" (zeros).
        out: optional float32 array of img's shape to write into.
    
    Returns:
        float32 array of img's shape (``out`` if given).
    
    Raises:
        TypeError: input not uint8/float32, or non-numeric arguments.
        ValueError: empty or multi-channel input, bad block_size or ksize,
            non-finite k, unknown border, or a bad ``out``.
    
    Example:
        >>> r = vc.corner_harris(gray, 2, 3, 0.04)
    """
def corner_min_eigen(img: NDArray[typing.Any], block_size: typing.Any, *, ksize: typing.Any = 3, border: str = 'reflect101', out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Minimal eigenvalue of the gradient covariance (cv2.cornerMinEigenVal).
    
    With a, b, c as in ``corner_harris``: (a + c)/2 - sqrt(((a - c)/2)^2 + b^2).
    
    Args:
        img: (H, W) uint8 or float32 array.
        block_size: window side, 1..255.
        ksize: Sobel aperture 1, 3 (default), 5 or 7.
        border: "reflect101" (default), "replicate", "reflect", "wrap" or
            "constant" (zeros).
        out: optional float32 array of img's shape to write into.
    
    Returns:
        float32 array of img's shape (``out`` if given).
    
    Raises:
        TypeError: input not uint8/float32, or non-integer sizes.
        ValueError: empty or multi-channel input, bad block_size or ksize,
            unknown border, or a bad ``out``.
    
    Example:
        >>> r = vc.corner_min_eigen(gray, 3)
    """
def corner_subpix(img: NDArray[typing.Any], corners: typing.Any, *, win: typing.Any = (5, 5), zero_zone: typing.Any = (-1, -1), max_iter: typing.Any = 30, eps: typing.Any = 0.01) -> numpy.typing.NDArray[numpy.float32]:
    """
    Refine corner positions to sub-pixel accuracy (cv2.cornerSubPix).
    
    Iterates, for each point, the least-squares intersection of the lines
    through the window's pixels along their gradients, with Gaussian weights,
    until a step is at most eps or after max_iter steps (at most 100, like
    OpenCV's TermCriteria EPS + COUNT). A point whose result moves further than
    the window from its start keeps its start.
    
    Args:
        img: (H, W) uint8 or float32 array, at least 2 * win + 5 on each side.
        corners: (N, 2) float32 array of (x, y) inside the image (not modified).
        win: (w, h) half sizes of the search window; the window is
            (2w + 1) x (2h + 1). Default (5, 5).
        zero_zone: (w, h) half sizes of a central dead zone, or (-1, -1) (default)
            for none.
        max_iter: most iterations per point (>= 1; at most 100 are run).
        eps: stop when a step is at most this many pixels (>= 0).
    
    Returns:
        (N, 2) float32 array of refined (x, y).
    
    Raises:
        TypeError: input not uint8/float32, corners not a float32 array,
            non-numeric arguments.
        ValueError: empty or multi-channel input, corners not of shape (N, 2) or
            outside the image, bad win / zero_zone / max_iter / eps, or an image
            smaller than the window.
    
    Example:
        >>> pts = vc.corner_subpix(gray, vc.good_features_to_track(gray, 100, 0.01, 10))
    """
def cpu_features() -> dict:
    """
    The CPU features visioncore detected (cpuid/xgetbv on x86-64, hwcaps on aarch64).
    """
def crop(img: NDArray[typing.Any], x: typing.Any, y: typing.Any, w: typing.Any, h: typing.Any, *, copy: bool = False) -> NDArray[typing.Any]:
    """
    The ``w x h`` rectangle at column ``x``, row ``y``: ``img[y:y+h, x:x+w]``.
    
    Unlike plain slicing, a rectangle reaching outside the image is an error
    rather than silently smaller. Bounds are checked with 64-bit integers.
    
    Args:
        img: (H, W) or (H, W, C) numpy array of any dtype.
        x, y: top-left corner, >= 0.
        w, h: size, >= 1, with ``x + w <= W`` and ``y + h <= H``.
        copy: return a C-contiguous copy instead of a view.
    
    Returns:
        A view sharing ``img``'s memory (or a copy when ``copy=True``).
    
    Raises:
        TypeError: non-array input, non-integer coordinates.
        ValueError: a rectangle not inside the image, empty sizes.
    
    Example:
        >>> roi = vc.crop(img, 10, 20, 64, 48)
    """
def default_num_threads() -> int:
    """
    The thread count set_num_threads(0) restores: the process's CPU affinity count.
    """
def demosaic(raw: NDArray[typing.Any], pattern: str, *, method: str = 'bilinear', out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Demosaic a Bayer raw image into RGB.
    
    ``pattern`` names the sensor's top-left 2x2 block row by row (case-insensitive),
    as ROS, MATLAB and camera vendors do. OpenCV names its codes after the second
    row's second and third pixels instead; the equivalents are:
    
        =======  ======================
        pattern  OpenCV code
        =======  ======================
        RGGB     COLOR_BayerBG2RGB
        BGGR     COLOR_BayerRG2RGB
        GRBG     COLOR_BayerGB2RGB
        GBRG     COLOR_BayerGR2RGB
        =======  ======================
    
    Methods:
        ``"bilinear"``: bit-identical to OpenCV's cvtColor with the code above for
        images of at least 3x3, borders included (the outermost rows and columns
        repeat their inner neighbours). Means of 2 or 4 samples, rounded. A side
        of exactly 2 pixels, where OpenCV returns zeros, uses mirrored neighbours.
        ``"malvar"``: gradient-corrected linear interpolation (Malvar, He, Cutler,
        ICASSP 2004; the paper's 5x5 filters in exact integer arithmetic),
        saturated to the dtype's range; mirrored (reflect-101) borders. Sharper
        than bilinear (several dB higher PSNR on natural images) at some cost in
        speed.
    
    Args:
        raw: (H, W) or (H, W, 1) array, uint8 or uint16, at least 2x2 (odd sizes
            are fine).
        pattern: ``"RGGB"``, ``"BGGR"``, ``"GRBG"`` or ``"GBRG"``.
        method: ``"bilinear"`` (default) or ``"malvar"``.
        out: optional (H, W, 3) array of the input dtype to write into.
    
    Returns:
        (H, W, 3) RGB array of the input dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype or non-array input.
        ValueError: wrong shape, an image smaller than 2x2, an unknown pattern or
            method, or a bad ``out``.
    
    Example:
        >>> rgb = vc.demosaic(np.zeros((480, 640), np.uint8), "RGGB")
    """
def deriv_kernels(dx: typing.Any, dy: typing.Any, ksize: typing.Any = 3) -> tuple[numpy.typing.NDArray[numpy.float32], numpy.typing.NDArray[numpy.float32]]:
    """
    The separable kernels of sobel / scharr (cv2.getDerivKernels, unnormalized).
    
    Args:
        dx: order of the x derivative.
        dy: order of the y derivative (dx + dy > 0).
        ksize: 1, 3, 5 ... 31, or -1 for Scharr.
    
    Returns:
        (kx, ky): two 1-D float32 arrays; the filter is sep_filter2d(img, kx, ky).
    
    Raises:
        TypeError: non-integer arguments.
        ValueError: bad orders or ksize.
    
    Example:
        >>> vc.deriv_kernels(1, 0, 3)
        (array([-1.,  0.,  1.], dtype=float32), array([1., 2., 1.], dtype=float32))
    """
def dilate(img: NDArray[typing.Any], kernel: NDArray[typing.Any] = None, *, ksize: typing.Any = 3, shape: str = 'rect', anchor: typing.Any = None, iterations: typing.Any = 1, border: str = 'default', border_value: typing.Any = None, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Dilate: the maximum over the structuring element around each pixel.
    
    dst(x, y) = max over kernel(i, j) != 0 of img(x + j - ax, y + i - ay), per
    channel (cv2.dilate; the kernel is not reflected). Same costs and exactness
    as ``erode``.
    
    Args:
        img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16, int16 or float32.
        kernel: structuring element, a 2-D array of any numeric or bool dtype
            (nonzero = member, at least one), sides up to 1023; None builds one
            from ``ksize`` and ``shape``.
        ksize: for ``kernel=None``: k (a k x k element) or (width, height).
        shape: for ``kernel=None``: "rect" (default), "ellipse" or "cross".
        anchor: (x, y) inside the kernel; None = its center (width // 2, height // 2).
        iterations: passes (>= 0; 0 copies). As in OpenCV, an all-ones kernel
            applied n times is one rectangle of n * (k - 1) + 1 (the border is
            applied once); other kernels are applied n times.
        border: "default" (OpenCV's default: a constant that never wins, i.e.
            the dtype's maximum for erosion and minimum for dilation, float32
            +-FLT_MAX), "reflect101", "replicate", "reflect", "wrap" or
            "constant" (with ``border_value``; without one it equals "default").
        border_value: for "constant": a number or one per channel (saturated to
            the dtype).
        out: optional array of the input's shape and dtype to write into (must
            not overlap ``img``).
    
    Returns:
        Array of the input's shape and dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype, non-array input or kernel, non-int sizes.
        ValueError: empty image, bad kernel, anchor outside the kernel, negative
            iterations, unknown shape or border, or a bad ``out``.
    
    Example:
        >>> grown = vc.dilate(mask, np.ones((3, 7), np.uint8))
    """
def distance_transform(binary: typing.Any, metric: str = 'l2', *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Distance from every pixel to the nearest zero pixel (cv2.distanceTransform).
    
    All metrics are exact: "l2" the Euclidean distance (as cv2.DIST_L2 with
    DIST_MASK_PRECISE; Felzenszwalb-Huttenlocher lower envelope on integer
    squared distances), "l1" |dx| + |dy| (cv2.DIST_L1, mask 3) and "chessboard"
    max(|dx|, |dy|) (cv2.DIST_C, mask 3). Zero pixels get 0. An image without
    any zero pixel gets FLT_MAX (3.4028235e38) everywhere (OpenCV: FLT_MAX for
    l1 / chessboard, 2**64 for l2).
    
    Args:
        binary: (H, W) uint8 array; zero pixels are the targets.
        metric: "l2" (default), "l1" or "chessboard".
        out: optional (H, W) float32 array to write into (must not overlap
            ``binary``).
    
    Returns:
        (H, W) float32 array of distances (``out`` if given).
    
    Raises:
        TypeError: binary not a uint8 array, bad ``out`` dtype.
        ValueError: empty or non-2-D image, unknown metric, bad ``out``.
    
    Example:
        >>> dist = vc.distance_transform(mask, "l2")
    """
def equalize_hist(img: NDArray[typing.Any], *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Histogram equalization of a gray image (cv2.equalizeHist), bit-identical.
    
    The lowest occupied level maps to 0 and level v to
    round(255 * (cdf(v) - cdf(lowest)) / (N - cdf(lowest))); an image of one
    level is returned unchanged.
    
    Args:
        img: (H, W) (or (H, W, 1)) uint8 array.
        out: optional uint8 array of img's shape to write into (must not
            overlap ``img``).
    
    Returns:
        uint8 array of img's shape (``out`` if given).
    
    Raises:
        TypeError: non-array or non-uint8 input, or an ``out`` of another dtype.
        ValueError: more than one channel, empty image, or a bad ``out``.
    
    Example:
        >>> flat = vc.equalize_hist(gray)
    """
def erode(img: NDArray[typing.Any], kernel: NDArray[typing.Any] = None, *, ksize: typing.Any = 3, shape: str = 'rect', anchor: typing.Any = None, iterations: typing.Any = 1, border: str = 'default', border_value: typing.Any = None, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Erode: the minimum over the structuring element around each pixel.
    
    dst(x, y) = min over kernel(i, j) != 0 of img(x + j - ax, y + i - ay), per
    channel (cv2.erode). Rectangles cost O(1) per pixel in their height (van
    Herk/Gil-Werman) and O(log width); other shapes are cut into row runs.
    Identical to OpenCV for every dtype (min is exact).
    
    Args:
        img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16, int16 or float32.
        kernel: structuring element, a 2-D array of any numeric or bool dtype
            (nonzero = member, at least one), sides up to 1023; None builds one
            from ``ksize`` and ``shape``.
        ksize: for ``kernel=None``: k (a k x k element) or (width, height).
        shape: for ``kernel=None``: "rect" (default), "ellipse" or "cross".
        anchor: (x, y) inside the kernel; None = its center (width // 2, height // 2).
        iterations: passes (>= 0; 0 copies). As in OpenCV, an all-ones kernel
            applied n times is one rectangle of n * (k - 1) + 1 (the border is
            applied once); other kernels are applied n times.
        border: "default" (OpenCV's default: a constant that never wins, i.e.
            the dtype's maximum for erosion and minimum for dilation, float32
            +-FLT_MAX), "reflect101", "replicate", "reflect", "wrap" or
            "constant" (with ``border_value``; without one it equals "default").
        border_value: for "constant": a number or one per channel (saturated to
            the dtype).
        out: optional array of the input's shape and dtype to write into (must
            not overlap ``img``).
    
    Returns:
        Array of the input's shape and dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype, non-array input or kernel, non-int sizes.
        ValueError: empty image, bad kernel (empty, all zero, too large, NaN),
            anchor outside the kernel, negative iterations, unknown shape or
            border, or a bad ``out``.
    
    Example:
        >>> thin = vc.erode(mask, ksize=5, shape="ellipse")
    """
def estimate_affine_2d(src: NDArray[typing.Any], dst: typing.Any, method: str = 'ransac', reproj_threshold: typing.SupportsFloat | typing.SupportsIndex = 3.0, max_iters: typing.SupportsInt | typing.SupportsIndex = 2000, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.995, seed: typing.Any = None) -> tuple:
    """
    2-D affine map A (2x3) with dst ~ A @ [x, y, 1], robust to outliers.
    
    As find_homography with 3-pair minimal sets; the refit is linear least
    squares on the inliers.
    
    Args:
        src: (N, 2) or (N, 1, 2) points, N >= 3, float or integer.
        dst: the matching points, same count.
        method: "ransac", "lmeds" or "none".
        reproj_threshold: inlier distance in pixels, > 0.
        max_iters: 1..1000000 minimal sets at most.
        confidence: in (0, 1).
        seed: None or an int in 0..2^64-1.
    
    Returns:
        (A, inlier_mask): (2, 3) float64 and (N,) bool.
    
    Raises:
        TypeError: non-arrays, non-numeric dtypes, a non-int seed.
        ValueError: fewer than 3 pairs, different counts, NaN / inf, all points
            collinear, bad options, or no model found.
    """
def fast(img: NDArray[typing.Any], threshold: typing.SupportsInt | typing.SupportsIndex = 10, nonmax: bool = True) -> numpy.ndarray:
    """
    FAST-9/16 corners, the same keypoints as cv2.FastFeatureDetector (TYPE_9_16).
    
    A pixel p is a corner when 9 contiguous pixels of the 16 on the radius-3
    circle are all brighter than p + threshold or all darker than p - threshold.
    The response is OpenCV's score: the largest threshold at which p is still a
    corner (max over the 9-arcs of the smallest difference, minus 1). With
    nonmax, a corner is kept only if its score is strictly greater than its 8
    neighbours' (non-corners count 0). Corners lie at least 3 pixels inside.
    
    Args:
        img: (H, W) or (H, W, 1) uint8 image (any strides).
        threshold: int in 0..255.
        nonmax: non-maximum suppression over 3x3 neighbourhoods.
    
    Returns:
        Keypoints, a structured array (vc.KEYPOINT_DTYPE) with fields x, y,
        size, angle, response (float32) and octave (int32), row-major order;
        size 7, angle -1, octave 0, response = score (0 without nonmax).
    
    Raises:
        TypeError: img not a uint8 array.
        ValueError: wrong shape, empty image, threshold outside 0..255.
    """
def filter2d(img: NDArray[typing.Any], kernel: NDArray[typing.Any], *, anchor: typing.Any = None, delta: typing.SupportsFloat | typing.SupportsIndex = 0.0, border: str = 'reflect101', border_value: typing.Any = 0, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Correlate an image with a 2-D kernel (like cv2.filter2D with ddepth=-1).
    
    dst(x, y) = saturate(delta + sum over (i, j) of kernel[j, i] * img(x + i - ax, y + j - ay)),
    summed in float32 over the non-zero coefficients. This is correlation, as in
    OpenCV: flip the kernel for a convolution. Any kernel size works (direct
    summation; OpenCV uses a DFT for large kernels, so results there may differ
    by rounding).
    
    Args:
        img: (H, W) or (H, W, C) array, C in 1..4; uint8, uint16, int16 or float32.
        kernel: 2-D float32 or float64 array (kh, kw), sides up to 4095, at most
            2**20 coefficients, finite values.
        anchor: (x, y) position of the output pixel inside the kernel; None
            (default) is the centre (kw // 2, kh // 2).
        delta: added to every result.
        border: "reflect101" (default), "replicate", "reflect", "wrap" or "constant".
        border_value: for "constant": a number or one per channel.
        out: optional array of img's shape and dtype to write into.
    
    Returns:
        Array of img's shape and dtype (``out`` if given); integer results round
        half to even and saturate.
    
    Raises:
        TypeError: unsupported dtype of img or kernel, or non-array input.
        ValueError: empty image, bad kernel shape or non-finite values, anchor
            outside the kernel, unknown border, or a bad ``out``.
    
    Example:
        >>> sharp = vc.filter2d(img, np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], np.float32))
    """
def find_contours(binary: typing.Any, mode: str = 'list', approx: str = 'simple') -> tuple[list, numpy.typing.NDArray[numpy.int32]]:
    """
    Borders of the foreground regions (cv2.findContours).
    
    Suzuki-Abe border following, iterative, with OpenCV's conventions: the
    image is framed by one zero pixel (shapes touching the border are closed),
    outer borders and hole borders, the same points in the same order, the
    same contour order and the same hierarchy as cv2.findContours.
    
    Args:
        binary: (H, W) uint8 array, nonzero = foreground.
        mode: "external" (outermost borders only), "list" (every border, no
            nesting; default) or "tree" (every border with the full nesting).
        approx: "none" (every border pixel) or "simple" (default: only the
            points where the chain direction changes, as CHAIN_APPROX_SIMPLE).
    
    Returns:
        (contours, hierarchy): a list of (N, 2) int32 arrays of (x, y) points,
        and an (M, 4) int32 array [next, prev, first_child, parent] per contour
        (-1 for none; in "list" / "external" mode children and parents are -1).
    
    Raises:
        TypeError: binary not a uint8 array.
        ValueError: empty or non-2-D image, unknown mode or approx.
    
    Example:
        >>> contours, hierarchy = vc.find_contours(mask, "tree")
    """
def find_homography(src: NDArray[typing.Any], dst: typing.Any, method: str = 'ransac', reproj_threshold: typing.SupportsFloat | typing.SupportsIndex = 3.0, max_iters: typing.SupportsInt | typing.SupportsIndex = 2000, confidence: typing.SupportsFloat | typing.SupportsIndex = 0.995, seed: typing.Any = None) -> tuple:
    """
    Homography H with dst ~ H @ [x, y, 1], robust to outliers.
    
    "ransac": 4-pair minimal sets (normalized DLT), inliers within
    reproj_threshold pixels (forward error), the model with most inliers, the
    iteration count adapted to the inlier ratio and confidence; "lmeds": the
    model with the least median error; "none": least squares on every pair.
    The winner is refitted on its inliers (normalized least squares, then
    Levenberg-Marquardt on the reprojection error) and the mask recomputed.
    Deterministic: seed None means seed 0.
    
    Args:
        src: (N, 2) or (N, 1, 2) points, N >= 4, float or integer.
        dst: the matching points, same count.
        method: "ransac", "lmeds" or "none".
        reproj_threshold: inlier distance in pixels, > 0.
        max_iters: 1..1000000 minimal sets at most.
        confidence: in (0, 1).
        seed: None or an int in 0..2^64-1.
    
    Returns:
        (H, inlier_mask): (3, 3) float64 with H[2, 2] = 1, (N,) bool.
    
    Raises:
        TypeError: non-arrays, non-numeric dtypes, a non-int seed.
        ValueError: fewer than 4 pairs, different counts, NaN / inf, all points
            collinear, bad options, or no model found (every minimal set
            degenerate).
    """
def flip(img: NDArray[typing.Any], axis: typing.Any, *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Mirror an image.
    
    ``axis``: ``"horizontal"`` mirrors left-right (``cv2.flip(img, 1)``),
    ``"vertical"`` top-bottom (``cv2.flip(img, 0)``), ``"both"`` is a 180-degree
    rotation (``cv2.flip(img, -1)``).
    
    Args:
        img: (H, W) or (H, W, C) array with C in 1..4; uint8, uint16, int16 or float32.
        axis: ``"horizontal"``, ``"vertical"`` or ``"both"``.
        out: optional array of the input's shape and dtype (not overlapping it).
    
    Returns:
        The mirrored array (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype, non-string axis.
        ValueError: unknown axis, a bad ``out``.
    
    Example:
        >>> mirrored = vc.flip(img, "horizontal")
    """
def gaussian_blur(img: NDArray[typing.Any], ksize: typing.Any, sigma: typing.Any, *, sigma_y: typing.Any = None, border: str = 'reflect101', out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Gaussian blur with OpenCV's rules (cv2.GaussianBlur).
    
    ksize 0 (or a 0 side) derives the size from sigma: round(sigma * 3 * 2 + 1) | 1
    for uint8, round(sigma * 4 * 2 + 1) | 1 otherwise. sigma <= 0 with a size
    derives sigma = 0.3 * ((ksize - 1) * 0.5 - 1) + 0.8 (sizes 3..9 then use
    OpenCV's fixed dyadic kernels). uint8 and uint16 results are bit-identical
    to OpenCV (its fixed-point path, 8 resp. 16 fraction bits); int16 and
    float32 filter in float32.
    
    Args:
        img: (H, W) or (H, W, C) array, C in 1..4; uint8, uint16, int16 or float32.
        ksize: an int or a (width, height) pair: odd sizes 1..4095, or 0 to derive
            from sigma.
        sigma: standard deviation along x (finite); <= 0 derives it from ksize.
        sigma_y: along y; None or <= 0 means the same as sigma.
        border: "reflect101" (default), "replicate", "reflect", "wrap" or
            "constant" (zeros).
        out: optional array of img's shape and dtype to write into.
    
    Returns:
        Array of img's shape and dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype, or non-numeric ksize/sigma.
        ValueError: even or negative ksize, ksize 0 with sigma <= 0, NaN/Inf sigma,
            a sigma whose kernel would exceed 4095, unknown border, or a bad ``out``.
    
    Example:
        >>> blur = vc.gaussian_blur(img, 5, 1.2)
    """
def gaussian_kernel(n: typing.Any, sigma: typing.Any) -> numpy.typing.NDArray[numpy.float64]:
    """
    OpenCV's Gaussian kernel (cv2.getGaussianKernel) as float64 taps summing to 1.
    
    sigma <= 0 derives sigma = 0.3 * ((n - 1) * 0.5 - 1) + 0.8; then sizes 1, 3,
    5, 7 and 9 use OpenCV's fixed dyadic kernels. gaussian_blur uses exactly
    these taps (rounded to fixed point for uint8/uint16, to float32 otherwise).
    
    Args:
        n: number of taps, 1..4095.
        sigma: standard deviation (finite); <= 0 derives it from n.
    
    Returns:
        (n,) float64 array.
    
    Raises:
        TypeError: non-numeric arguments.
        ValueError: n out of range, NaN/Inf sigma.
    
    Example:
        >>> vc.gaussian_kernel(5, 0)
        array([0.0625, 0.25  , 0.375 , 0.25  , 0.0625])
    """
def gaussian_kernel_size(sigma: typing.Any, dtype: typing.Any) -> int:
    """
    The kernel size gaussian_blur derives from sigma when ksize is 0 (OpenCV's rule).
    
    round(sigma * 3 * 2 + 1) | 1 for uint8 images, round(sigma * 4 * 2 + 1) | 1
    for the other dtypes; 0 for sigma <= 0.
    
    Args:
        sigma: standard deviation (finite).
        dtype: the image dtype (numpy dtype or type).
    
    Returns:
        int, odd (or 0).
    
    Raises:
        TypeError: a non-numeric sigma or an unknown dtype.
        ValueError: NaN/Inf sigma, or a size above 4095.
    
    Example:
        >>> vc.gaussian_kernel_size(1.0, np.uint8)
        7
    """
def get_isa() -> str:
    """
    The SIMD level kernels are chosen from now ('scalar', 'sse4', 'avx2', 'avx512', 'neon').
    """
def get_num_threads() -> int:
    """
    Number of threads visioncore operations use (workers plus the caller).
    """
def good_features_to_track(img: NDArray[typing.Any], max_corners: typing.Any, quality_level: typing.Any, min_distance: typing.Any, *, mask: NDArray[typing.Any] = None, block_size: typing.Any = 3, use_harris: bool = False, k: typing.Any = 0.04) -> numpy.typing.NDArray[numpy.float32]:
    """
    Strongest corners (cv2.goodFeaturesToTrack, gradient size 3).
    
    The min-eigenvalue (or Harris) response; values not above quality_level
    times the maximum (over the mask) are dropped; the remaining 3x3 local maxima
    (away from the outermost pixel ring, inside the mask) are taken strongest
    first, skipping any closer than min_distance to one already taken, up to
    max_corners.
    
    Args:
        img: (H, W) uint8 or float32 array.
        max_corners: most corners returned; 0 means no limit.
        quality_level: fraction of the best response a corner needs, in (0, 1).
        min_distance: minimum Euclidean distance between corners (>= 0).
        mask: optional (H, W) uint8 array; corners only where it is non-zero.
        block_size: covariance window side, 1..255 (default 3).
        use_harris: use the Harris response instead of the min eigenvalue.
        k: Harris parameter (default 0.04).
    
    Returns:
        (N, 2) float32 array of (x, y), strongest first.
    
    Raises:
        TypeError: input not uint8/float32, mask not uint8, non-numeric arguments.
        ValueError: empty or multi-channel input, max_corners < 0,
            quality_level outside (0, 1), negative min_distance, bad block_size,
            non-finite k, or a mask of another shape.
    
    Example:
        >>> pts = vc.good_features_to_track(gray, 500, 0.01, 10)
    """
def gray_to_rgb(img: NDArray[typing.Any], *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Replicate a gray image into three equal channels (OpenCV COLOR_GRAY2RGB).
    
    Args:
        img: (H, W) or (H, W, 1) array, uint8, uint16 or float32.
        out: optional (H, W, 3) array of the same dtype to write into.
    
    Returns:
        (H, W, 3) array of the input dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype or non-array input.
        ValueError: wrong shape, empty image, or a bad ``out``.
    
    Example:
        >>> rgb = vc.gray_to_rgb(np.zeros((480, 640), np.uint8))
    """
def histogram(img: NDArray[typing.Any], bins: typing.Any = 256, range: typing.Any = None, mask: NDArray[typing.Any] = None) -> numpy.typing.NDArray[numpy.int64]:
    """
    Per-channel histogram over uniform bins (cv2.calcHist, numpy.histogram).
    
    Bins split the half-open range [lo, hi) evenly: a sample v with lo <= v < hi
    counts in bin floor((v - lo) * bins / (hi - lo)) (computed as cv2.calcHist
    does, clamped to the last bin); samples outside the range and NaN are not
    counted. Counts are exact int64 (cv2.calcHist returns the same values as
    float32).
    
    Args:
        img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16 or float32.
        bins: number of bins, 1..1048576 (default 256).
        range: (lo, hi) pair of numbers, lo < hi. Default for uint8 (0, 256),
            for uint16 (0, 65536); required for float32 (a float image has no
            natural range).
        mask: optional (H, W) uint8 array; only pixels where it is nonzero count.
    
    Returns:
        int64 array of shape (bins,) for an (H, W) image, (C, bins) for an
        (H, W, C) image (row c is channel c).
    
    Raises:
        TypeError: non-array input, unsupported dtype, non-uint8 mask, or a
            non-integer ``bins``.
        ValueError: bad shape, bins outside 1..1048576, range not a finite
            (lo, hi) with lo < hi (or missing for float32), mask of another size.
    
    Example:
        >>> h = vc.histogram(gray)                      # 256 counts
        >>> h = vc.histogram(img_f32, 64, range=(0, 1))
    """
def hog(img: NDArray[typing.Any], cell: typing.Any = (8, 8), block: typing.Any = (2, 2), bins: typing.Any = 9, block_norm: str = 'L2-Hys') -> numpy.typing.NDArray[numpy.float32]:
    """
    Histogram of oriented gradients (Dalal-Triggs), as skimage.feature.hog.
    
    Central-difference gradients (zero on the outer rows/columns), for color
    images the channel of largest magnitude per pixel; each pixel adds its
    magnitude to the bin of its unsigned orientation (0..180 degrees, no
    interpolation), per cell, divided by the cell area; blocks of cells slide
    one cell at a time and are normalized (eps = 1e-5). Matches
    skimage.feature.hog(img, bins, cell, block, block_norm, channel_axis=-1
    for color) within float32 rounding (skimage returns float64).
    
    Args:
        img: (H, W) or (H, W, C) uint8 or float32, C in 1..4.
        cell: pixels per cell, k or (rows, cols).
        block: cells per block, k or (rows, cols).
        bins: orientation bins over 180 degrees, 1..180.
        block_norm: "L1", "L1-sqrt", "L2" or "L2-Hys" (L2, clip at 0.2, L2).
    
    Returns:
        float32 vector laid out [block_row][block_col][cell_row][cell_col][bin]
        with (H // cell_rows - block_rows + 1) x (W // cell_cols - block_cols + 1)
        blocks.
    
    Raises:
        TypeError: non-array input, unsupported dtype, non-int sizes.
        ValueError: empty image, non-positive sizes, no block fitting the image,
            an unknown block_norm.
    
    Example:
        >>> f = vc.hog(gray, cell=(8, 8), block=(2, 2))
    """
def hough_circles(img: NDArray[typing.Any], dp: typing.Any, min_dist: typing.Any, param1: typing.Any = 100.0, param2: typing.Any = 100.0, min_radius: typing.Any = 0, max_radius: typing.Any = 0) -> numpy.typing.NDArray[numpy.float32]:
    """
    Circles by the Hough gradient method (cv2.HoughCircles with HOUGH_GRADIENT).
    
    Canny edges (thresholds param1 / 2 and param1) vote along their Sobel
    gradient, both ways, for radii min_radius..max_radius in an accumulator
    of 1/dp resolution; centers are local maxima with more than ``param2``
    votes; each center takes the radius supported by the most edge pixels
    (relative to the radius); circles closer than ``min_dist`` to a stronger
    one are dropped. Strongest first.
    
    Args:
        img: (H, W) uint8 grayscale image (smooth it first for noisy input).
        dp: inverse accumulator resolution, in [1, 1024].
        min_dist: smallest distance between centers, > 0.
        param1: the upper Canny threshold, > 0.
        param2: the accumulator threshold for centers, > 0.
        min_radius: smallest radius, >= 0.
        max_radius: largest radius; 0 = the larger image side; -1 = centers
            only (radius 0).
    
    Returns:
        (N, 3) float32 array of (x, y, radius).
    
    Raises:
        TypeError: non-array or non-uint8 image, non-numeric parameters.
        ValueError: empty or multi-channel image, parameters out of range.
    
    Example:
        >>> circles = vc.hough_circles(gray, 1.5, 20, 100, 30, 10, 60)
    """
def hough_lines(edges: typing.Any, rho: typing.Any, theta: typing.Any, threshold: typing.Any, min_theta: typing.Any = 0.0, max_theta: typing.Any = 3.141592653589793) -> numpy.typing.NDArray[numpy.float32]:
    """
    Straight lines by the standard Hough transform (cv2.HoughLines).
    
    Each nonzero pixel (x, y) votes for every angle min_theta + n * theta
    (n >= 0, up to max_theta; a last angle repeating 0 at pi is dropped) at
    rho = round_half_even(x cos + y sin) in steps of ``rho``; lines are the
    accumulator cells with more than ``threshold`` votes that are local
    maxima, strongest first (ties in (angle, rho) order) -- the same lines,
    in the same order, as OpenCV.
    
    Args:
        edges: (H, W) uint8 edge map, nonzero = edge (e.g. from Canny).
        rho: distance resolution in pixels, > 0.
        theta: angle resolution in radians, > 0.
        threshold: votes a line needs (strictly more), > 0.
        min_theta: smallest angle, in [0, pi].
        max_theta: largest angle, in [min_theta, pi].
    
    Returns:
        (N, 2) float32 array of (rho, theta), x cos(theta) + y sin(theta) = rho.
    
    Raises:
        TypeError: non-array or non-uint8 edges, non-numeric parameters.
        ValueError: empty or multi-channel edges, rho/theta/threshold <= 0,
            angles out of range, an accumulator over 2^30 cells.
    
    Example:
        >>> lines = vc.hough_lines(vc_edges, 1, np.pi / 180, 100)
    """
def hough_lines_p(edges: typing.Any, rho: typing.Any, theta: typing.Any, threshold: typing.Any, min_line_length: typing.Any = 0.0, max_line_gap: typing.Any = 0.0, seed: typing.Any = None) -> numpy.typing.NDArray[numpy.int32]:
    """
    Line segments by the progressive probabilistic Hough transform (cv2.HoughLinesP).
    
    OpenCV's algorithm: edge points are taken in random order and vote; when
    a cell reaches ``threshold`` the line is followed from the point both
    ways across gaps of at most ``max_line_gap`` pixels, kept when it spans
    at least ``min_line_length`` pixels in x or y, and its points (and their
    votes) are removed. The random order comes from ``seed``: the same seed
    gives the same segments; like OpenCV's, results are not unique.
    
    Args:
        edges: (H, W) uint8 edge map, nonzero = edge.
        rho: distance resolution in pixels, > 0.
        theta: angle resolution in radians, > 0.
        threshold: votes a line needs, > 0.
        min_line_length: shortest segment kept (x or y extent), >= 0.
        max_line_gap: largest gap bridged on a line, >= 0.
        seed: None (a fresh random order) or an int >= 0.
    
    Returns:
        (N, 4) int32 array of segments (x1, y1, x2, y2).
    
    Raises:
        TypeError: non-array or non-uint8 edges, non-numeric parameters.
        ValueError: empty or multi-channel edges, rho/theta/threshold <= 0,
            negative length or gap.
    
    Example:
        >>> segs = vc.hough_lines_p(edges, 1, np.pi / 180, 50, 30, 5, seed=0)
    """
def hsv_to_rgb(img: NDArray[typing.Any], *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Convert HSV to RGB, as OpenCV COLOR_HSV2RGB.
    
    uint8: H in [0, 180) (values up to 255 wrap around), S and V in [0, 255];
    the result is truncated to uint8, bit-identical to OpenCV's vectorized path
    (OpenCV's scalar tail rounds instead, so cv2 itself differs by 1 on a few
    pixels at the end of short rows). float32: H in degrees (H >= 360 wraps
    around, negative H takes the 0-60 degree formula, NaN or infinite H gives
    NaN), S and V in [0, 1]; bit-identical to OpenCV's vectorized float path.
    
    Args:
        img: (H, W, 3) array of H, S, V; uint8 or float32.
        out: optional (H, W, 3) array of the same dtype to write into.
    
    Returns:
        (H, W, 3) RGB array of the input dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype or non-array input.
        ValueError: wrong shape, empty image, or a bad ``out``.
    
    Example:
        >>> rgb = vc.hsv_to_rgb(vc.rgb_to_hsv(img))
    """
def hu_moments(m: typing.Any) -> numpy.typing.NDArray[numpy.float64]:
    """
    The seven Hu invariants of a moments dict (cv2.HuMoments).
    
    Args:
        m: a dict from ``moments`` (or cv2.moments): nu20 ... nu03 are used.
    
    Returns:
        (7,) float64 array.
    
    Raises:
        TypeError: m not a dict.
        ValueError: a normalised moment missing.
    
    Example:
        >>> hu = vc.hu_moments(vc.moments(contours[0]))
    """
def init_undistort_map(K: typing.Any, dist: typing.Any, size: typing.Any, *, new_K: typing.Any = None) -> tuple:
    """
    Lens-undistortion maps, as ``cv2.initUndistortRectifyMap(K, dist, None, new_K or K, size, cv2.CV_32FC1)``.
    
    For each output pixel (u, v): (x, y, 1) ~ new_K^-1 (u, v, 1); with
    r2 = x^2 + y^2 the distorted point is
    ``xd = x (1 + k1 r2 + k2 r2^2 + k3 r2^3) + 2 p1 x y + p2 (r2 + 2 x^2)`` and
    ``yd = y (1 + k1 r2 + k2 r2^2 + k3 r2^3) + p1 (r2 + 2 y^2) + 2 p2 x y``;
    ``map_x = fx xd + cx``, ``map_y = fy yd + cy``. Computed in float64, stored as
    float32 (within 1e-3 pixel of OpenCV). Only fx, fy, cx, cy of ``K`` are used.
    
    Args:
        K: 3x3 camera matrix ``[[fx, 0, cx], [0, fy, cy], [0, 0, 1]]``.
        dist: ``(k1, k2, p1, p2)`` or ``(k1, k2, p1, p2, k3)`` (OpenCV's order).
        size: output ``(width, height)``.
        new_K: 3x3 camera matrix of the undistorted image (default ``K``).
    
    Returns:
        ``(map_x, map_y)``: two (height, width) float32 arrays for :func:`remap`.
    
    Raises:
        TypeError: non-numeric arguments.
        ValueError: wrong shapes, a dist of another length, NaN/Inf, zero focal
            lengths or a singular ``new_K``.
    
    Example:
        >>> mx, my = vc.init_undistort_map(K, dist, (640, 480))
        >>> fixed = vc.remap(img, mx, my)
    """
def integral(img: NDArray[typing.Any], squared: bool = False, *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Integral image (cv2.integral / cv2.integral2), identical values.
    
    sum[y, x] is the sum of img[:y, :x] per channel (row 0 and column 0 are
    zero); sqsum the same for the squared values. Sum dtype: int32 for uint8
    when it cannot overflow (H * W <= 8,421,504, any image up to 3840x2160),
    int64 for larger uint8 images and for uint16, float64 for float32 (summed
    in OpenCV's order: identical bits). sqsum is float64.
    
    Args:
        img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16 or float32.
        squared: also return the integral of the squared values.
        out: optional output: the sum array, or with squared=True a
            (sum, sqsum) tuple of arrays, of the returned shapes and dtypes.
    
    Returns:
        The (H + 1, W + 1) (or (H + 1, W + 1, C)) sum array; with squared=True
        a (sum, sqsum) tuple.
    
    Raises:
        TypeError: non-array input, unsupported dtype, or an ``out`` of the
            wrong type or dtype.
        ValueError: bad shape, empty image, or an ``out`` of the wrong shape,
            read-only, non-contiguous or overlapping the input.
    
    Example:
        >>> s = vc.integral(gray)
        >>> box = s[y1, x1] - s[y0, x1] - s[y1, x0] + s[y0, x0]
    """
def knn_match(d1: typing.Any, d2: typing.Any, k: typing.SupportsInt | typing.SupportsIndex = 2, metric: str = 'hamming') -> tuple[numpy.typing.NDArray[numpy.int32], numpy.typing.NDArray[numpy.float32]]:
    """
    The k nearest d2 rows of every d1 row, as cv2.BFMatcher.knnMatch.
    
    Args:
        d1: (N, D) query descriptors: uint8 for "hamming", float32 for "l2".
        d2: (M, D) train descriptors, same dtype and D.
        k: neighbours per query, 1..1024.
        metric: "hamming" or "l2".
    
    Returns:
        (indices, distances): (N, k) int32 train indices and (N, k) float32
        distances, nearest first (ties: lower train index first). When M < k the
        missing slots hold index -1 and distance inf.
    
    Raises:
        TypeError: non-arrays or the wrong dtype for the metric.
        ValueError: not 2-D, different descriptor lengths, k out of range.
    """
def laplacian(img: NDArray[typing.Any], *, ksize: typing.Any = 1, scale: typing.SupportsFloat | typing.SupportsIndex = 1.0, delta: typing.SupportsFloat | typing.SupportsIndex = 0.0, dtype: typing.Any = None, border: str = 'reflect101', out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Laplacian d2/dx2 + d2/dy2 (cv2.Laplacian).
    
    ksize=1 uses the 3x3 kernel [[0, 1, 0], [1, -4, 1], [0, 1, 0]], ksize=3
    [[2, 0, 2], [0, -8, 0], [2, 0, 2]]; larger odd sizes sum two Sobel
    second derivatives. dst = saturate(scale * laplacian + delta).
    
    Args:
        img: (H, W) or (H, W, C) array, C in 1..4; uint8, uint16, int16 or float32.
        ksize: odd size in 1..31 (default 1).
        scale: factor applied to the result.
        delta: added to the result.
        dtype: None (int16 for uint8/int16 input, float32 otherwise), numpy.int16
            or numpy.float32.
        border: "reflect101" (default), "replicate", "reflect", "wrap" or
            "constant" (zeros).
        out: optional array of img's shape and the output dtype.
    
    Returns:
        Array of img's shape in the output dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype or dtype/input combination.
        ValueError: even or out-of-range ksize, NaN/Inf scale or delta, unknown
            border, or a bad ``out``.
    
    Example:
        >>> lap = vc.laplacian(gray, ksize=3)
    """
def lbp(img: NDArray[typing.Any], radius: typing.Any = 1.0, points: typing.Any = 8, method: str = 'default', *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Local binary pattern codes, as skimage.feature.local_binary_pattern.
    
    Neighbour i of ``points`` lies on the circle of ``radius`` at angle
    2 pi i / points (row offset -r sin, column offset r cos), bilinearly
    interpolated (zeros outside the image); bit i is set when it is >= the
    center. "default": sum of bit_i 2^i; "ror": the smallest value over bit
    rotations; "uniform": the number of set bits when the chain of bits
    changes at most twice, else points + 1. The same codes as skimage
    (which returns them as float64).
    
    Args:
        img: (H, W) uint8 or float32.
        radius: circle radius in pixels, in (0, 1024].
        points: neighbours, 1..16.
        method: "default", "ror" or "uniform".
        out: optional (H, W) array of the result dtype.
    
    Returns:
        (H, W) uint8 codes for points <= 8, uint16 for more.
    
    Raises:
        TypeError: non-array input or unsupported dtype.
        ValueError: empty or multi-channel image, radius or points out of
            range, an unknown method, a bad ``out``.
    
    Example:
        >>> codes = vc.lbp(gray, 1, 8, "uniform")
    """
def lbp_histogram(codes: typing.Any, bins: typing.Any, normalize: bool = True) -> numpy.typing.NDArray[numpy.float32]:
    """
    Histogram of LBP codes (the usual texture descriptor built on lbp).
    
    Args:
        codes: (H, W) uint8 or uint16 codes from ``lbp``.
        bins: number of bins, larger than every code: 2**points for "default"
            and "ror", points + 2 for "uniform".
        normalize: divide by the pixel count (bins sum to 1).
    
    Returns:
        (bins,) float32 array.
    
    Raises:
        TypeError: non-array codes or unsupported dtype.
        ValueError: empty codes, bins out of range or not above every code.
    
    Example:
        >>> h = vc.lbp_histogram(vc.lbp(gray, 1, 8, "uniform"), 10)
    """
def match(d1: typing.Any, d2: typing.Any, metric: str = 'hamming', cross_check: bool = False) -> numpy.ndarray:
    """
    Brute-force nearest-neighbour matching, as cv2.BFMatcher.match.
    
    For every row of d1 (query) the nearest row of d2 (train); ties go to the
    lowest train index. With cross_check, a match (i, j) is kept only if i is
    also the nearest d1 row of j (ties: lowest query index), as BFMatcher's
    crossCheck=True.
    
    Args:
        d1: (N, D) query descriptors: uint8 for "hamming", float32 for "l2".
        d2: (M, D) train descriptors, same dtype and D.
        metric: "hamming" (differing bits) or "l2" (Euclidean distance).
        cross_check: keep only mutual nearest neighbours.
    
    Returns:
        Structured array (vc.MATCH_DTYPE) with fields query_idx, train_idx
        (int32) and distance (float32), in query order.
    
    Raises:
        TypeError: non-arrays or the wrong dtype for the metric.
        ValueError: not 2-D, different descriptor lengths, unknown metric.
    """
def match_template(img: NDArray[typing.Any], templ: typing.Any, method: str = 'ccoeff_normed', mask: NDArray[typing.Any] = None, *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Compare a template against every placement in an image (cv2.matchTemplate).
    
    For each top-left position (x, y) of the h x w template T over the H x W
    image I (sums over the template and the channels):
    
    - "sqdiff": sum (T - I)^2; "sqdiff_normed" divides by sqrt(sum T^2 * sum I^2)
    - "ccorr": sum T * I; "ccorr_normed" divides by the same
    - "ccoeff": sum T' * I' with T' = T - mean(T), I' = I - mean of the window
      (per channel); "ccoeff_normed" divides by sqrt(sum T'^2 * sum I'^2)
    
    Normalized results follow OpenCV's guards (a flat window gives 0, 1 for
    "sqdiff_normed"; a constant template gives 1 everywhere for
    "ccoeff_normed"). Small templates are correlated directly (SIMD), large
    ones by FFT tiles; window sums are exact running sums in double. Results
    are within float rounding (about 1e-6 of the response scale) of OpenCV and
    identical for every ISA level and thread count.
    
    Args:
        img: (H, W) or (H, W, C) uint8 or float32, C in 1..4.
        templ: (h, w[, C]) of the same dtype and channels, h <= H, w <= W.
        method: "sqdiff", "sqdiff_normed", "ccorr", "ccorr_normed", "ccoeff"
            or "ccoeff_normed" (default).
        mask: None, or (h, w) / (h, w, C) uint8 (nonzero = used, as weight 1)
            or float32 (weights); OpenCV's masked formulas, every term weighed
            by mask^2 and means mask-weighted.
        out: optional float32 (H - h + 1, W - w + 1) array to write into.
    
    Returns:
        float32 array of shape (H - h + 1, W - w + 1).
    
    Raises:
        TypeError: non-array inputs, unsupported or mismatched dtypes.
        ValueError: empty inputs, a template larger than the image, channel or
            mask size mismatch, an unknown method, a bad ``out``.
    
    Example:
        >>> r = vc.match_template(img, img[10:26, 20:36], "sqdiff")
        >>> vc.min_max_loc(r)[2]
        (20, 10)
    """
def median_blur(img: NDArray[typing.Any], ksize: typing.Any, *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Median of the ksize x ksize window around each pixel (cv2.medianBlur).
    
    Per channel, with the replicate border. ksize 3 and 5 use sorting networks
    (uint8, uint16, float32); larger odd sizes (uint8 only, up to 255) use
    Perreault & Hebert's constant-time histogram median, so the cost does not
    grow with ksize. Identical to OpenCV.
    
    Args:
        img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16 or float32.
        ksize: odd window side: 1 (copy), 3 or 5 for every dtype, 7..255 for uint8.
        out: optional array of the input's shape and dtype to write into (must
            not overlap ``img``).
    
    Returns:
        Array of the input's shape and dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype, non-array input, non-int ksize.
        ValueError: even or out-of-range ksize, ksize > 5 for uint16/float32,
            empty image, or a bad ``out``.
    
    Example:
        >>> clean = vc.median_blur(noisy, 5)
    """
def min_area_rect(points: typing.Any) -> tuple[tuple[float, float], tuple[float, float], float]:
    """
    Rotated rectangle of least area around a point set (cv2.minAreaRect).
    
    Rotating calipers over the convex hull, computed in float64. The result
    uses OpenCV's convention: angle in [-90, 0) degrees, (w, h) the sides
    along that angle and its normal.
    
    Args:
        points: (N, 2) (or OpenCV's (N, 1, 2)) int32 or float32 array of (x, y),
            N >= 1.
    
    Returns:
        ((cx, cy), (w, h), angle) floats.
    
    Raises:
        TypeError: points not an int32 / float32 array.
        ValueError: bad shape, no points, NaN or Inf.
    
    Example:
        >>> (cx, cy), (w, h), angle = vc.min_area_rect(contours[0])
    """
def min_max_loc(img: NDArray[typing.Any], mask: NDArray[typing.Any] = None) -> tuple[float, float, tuple[int, int], tuple[int, int]]:
    """
    Smallest and largest value of a 1-channel image and where they first occur (cv2.minMaxLoc).
    
    Positions are the first in raster order. NaNs are skipped (all NaN: both
    values NaN and positions (-1, -1)). With a mask only nonzero mask pixels
    count; if none does, both values are 0.0 and positions (-1, -1).
    
    Args:
        img: (H, W) or (H, W, 1) uint8, uint16, int16 or float32.
        mask: None or a uint8 array of the same size.
    
    Returns:
        (min_val, max_val, (min_x, min_y), (max_x, max_y)) with float values.
    
    Raises:
        TypeError: non-array input or unsupported dtype.
        ValueError: empty or multi-channel image, mask of another size.
    
    Example:
        >>> vc.min_max_loc(np.array([[3, 1], [7, 7]], np.uint8))
        (1.0, 7.0, (1, 0), (0, 1))
    """
def moments(img: NDArray[typing.Any], binary: bool = False) -> dict:
    """
    Spatial, central and normalised moments up to order 3 (cv2.moments).
    
    For an image, m_pq = sum x^p y^q img(x, y) (``binary``: nonzero counts as
    1); uint8 sums are exact integers per row, combined in row order, so the
    result is the same for every thread count and ISA level. For a point list
    (int32 points, or float32 of shape (N, 2) / (N, 1, 2)) the moments of the
    polygon by Green's theorem, as OpenCV.
    
    Args:
        img: (H, W) uint8, uint16, int16 or float32 image, or an (N, 2) point
            array (int32 or float32).
        binary: images only: treat every nonzero pixel as 1.
    
    Returns:
        dict with m00, m10, m01, m20, m11, m02, m30, m21, m12, m03, mu20, mu11,
        mu02, mu30, mu21, mu12, mu03, nu20, nu11, nu02, nu30, nu21, nu12, nu03
        (floats; central / normalised ones 0 when m00 is 0).
    
    Raises:
        TypeError: unsupported dtype or a non-array.
        ValueError: empty image or point list, NaN / Inf points, bad shape.
    
    Example:
        >>> m = vc.moments(mask, binary=True); cx = m["m10"] / m["m00"]
    """
def morphology(img: NDArray[typing.Any], op: str, kernel: NDArray[typing.Any] = None, *, ksize: typing.Any = 3, shape: str = 'rect', anchor: typing.Any = None, iterations: typing.Any = 1, border: str = 'default', border_value: typing.Any = None, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Morphological operation built from erosion and dilation (cv2.morphologyEx).
    
    op: "erode", "dilate", "open" (dilate(erode(img))), "close"
    (erode(dilate(img))), "gradient" (dilate - erode), "tophat" (img - open) or
    "blackhat" (close - img). Differences saturate for integer dtypes.
    
    Args:
        img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16, int16 or float32.
        op: the operation name.
        kernel: structuring element, a 2-D array of any numeric or bool dtype
            (nonzero = member, at least one), sides up to 1023; None builds one
            from ``ksize`` and ``shape``.
        ksize: for ``kernel=None``: k (a k x k element) or (width, height).
        shape: for ``kernel=None``: "rect" (default), "ellipse" or "cross".
        anchor: (x, y) inside the kernel; None = its center (width // 2, height // 2).
        iterations: passes (>= 0; 0 copies). As in OpenCV, an all-ones kernel
            applied n times is one rectangle of n * (k - 1) + 1 (the border is
            applied once); other kernels are applied n times.
        border: "default" (OpenCV's default: a constant that never wins, i.e.
            the dtype's maximum for erosion and minimum for dilation, float32
            +-FLT_MAX), "reflect101", "replicate", "reflect", "wrap" or
            "constant" (with ``border_value``; without one it equals "default").
        border_value: for "constant": a number or one per channel (saturated to
            the dtype).
        out: optional array of the input's shape and dtype to write into (must
            not overlap ``img``).
    
    Returns:
        Array of the input's shape and dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype, non-array input or kernel, non-int sizes.
        ValueError: unknown op, shape or border, empty image, bad kernel, anchor
            outside the kernel, negative iterations, or a bad ``out``.
    
    Example:
        >>> clean = vc.morphology(mask, "open", ksize=3)
    """
def normalize(img: NDArray[typing.Any], alpha: typing.SupportsFloat | typing.SupportsIndex = 0.0, beta: typing.SupportsFloat | typing.SupportsIndex = 255.0, norm: str = 'minmax', dtype: typing.Any = None, *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Normalize the value range or the norm, identical to cv2.normalize (no mask).
    
    "minmax": maps [min(img), max(img)] onto [min(alpha, beta), max(alpha,
    beta)] over all samples: scale = (hi - lo) / (max - min) (0 for a
    constant image, which gives lo), shift = lo - min * scale. "l1", "l2",
    "inf": scale = alpha / norm(img) (0 for a zero image), shift = 0 (beta
    unused), so that the result's norm is alpha. Scale and shift are
    computed in double as OpenCV does, then applied like ``convert_scale``
    (float32 fused multiply-add, saturation, round half to even). float32 NaN
    samples are ignored by "minmax" / "inf" (OpenCV ignores them too,
    except where one starts a vector block) and stay NaN; they make "l1" /
    "l2" norms NaN, which gives scale 0 as in OpenCV.
    
    Args:
        img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16, int16 or float32.
        alpha: lower range bound ("minmax") or the target norm (finite).
        beta: upper range bound ("minmax"; finite).
        norm: "minmax" (default), "l1", "l2" or "inf".
        dtype: result dtype: uint8, uint16, int16 or float32; None keeps img's.
        out: optional array of img's shape and ``dtype`` to write into; it may
            be ``img`` itself when the dtypes match.
    
    Returns:
        Array of img's shape with dtype ``dtype`` (``out`` if given).
    
    Raises:
        TypeError: unsupported img dtype or ``dtype``, non-array input.
        ValueError: unknown norm, NaN or infinite alpha / beta, empty image,
            or a bad ``out``.
    
    Example:
        >>> u8 = vc.normalize(depth, 0, 255, dtype=np.uint8)
    """
def orb(img: NDArray[typing.Any], n_features: typing.SupportsInt | typing.SupportsIndex = 500, scale_factor: typing.SupportsFloat | typing.SupportsIndex = 1.2, n_levels: typing.SupportsInt | typing.SupportsIndex = 8, fast_threshold: typing.SupportsInt | typing.SupportsIndex = 20, mask: NDArray[typing.Any] = None, edge_threshold: typing.SupportsInt | typing.SupportsIndex = 31, patch_size: typing.SupportsInt | typing.SupportsIndex = 31) -> tuple[numpy.ndarray, numpy.typing.NDArray[numpy.uint8]]:
    """
    ORB keypoints and 256-bit binary descriptors (oriented FAST, rotated BRIEF).
    
    A scale pyramid (bilinear resize by 1 / scale_factor per level); FAST with
    fast_threshold on every level, at least max(edge_threshold,
    ceil(patch_size / 2 * sqrt 2) + 1) pixels inside; the feature budget split over
    the levels as a geometric series; per level the best by FAST score (2x the
    budget) then by Harris response (7x7 block, k = 0.04); the angle of the
    intensity centroid over a disc of radius patch_size / 2; 256 tests of our own
    Gaussian sampling pattern (tools/make_orb_pattern.py), rotated by the angle, on
    the level blurred by a 7x7 Gaussian with sigma 2. The same image gives the same
    result at every thread count and ISA level.
    
    Args:
        img: (H, W) uint8 image.
        n_features: maximum number of keypoints, 1..1000000.
        scale_factor: pyramid ratio in (1, 4].
        n_levels: pyramid levels, 1..32.
        fast_threshold: FAST threshold, 0..255.
        mask: None or an (H, W) uint8 array; keypoints only where nonzero.
        edge_threshold: border (pixels) without keypoints, 0..1024.
        patch_size: described patch side, 5..255.
    
    Returns:
        (keypoints, descriptors): a vc.KEYPOINT_DTYPE structured array of N
        keypoints (x, y, size in input pixels: a level-l pixel x_l maps to
        (x_l + 0.5) * W / w_l - 0.5; angle in degrees [0, 360); response =
        Harris response; octave = level), level by level, each by
        decreasing response; and an (N, 32) uint8 array (bit i of byte j = test
        8 j + i).
    
    Raises:
        TypeError: img or mask not uint8 arrays.
        ValueError: wrong shapes, a mask of another size, parameters out of range.
    """
def pad(img: NDArray[typing.Any], top: typing.Any, bottom: typing.Any, left: typing.Any, right: typing.Any, *, border: str = 'constant', border_value: typing.Any = 0, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Add borders around an image, like ``cv2.copyMakeBorder``.
    
    Args:
        img: (H, W) or (H, W, C) array with C in 1..4; uint8, uint16, int16 or float32.
        top, bottom, left, right: border widths in pixels, >= 0 (any size, also
            larger than the image).
        border: ``"constant"`` (default), ``"replicate"``, ``"reflect"``, ``"wrap"``
            or ``"reflect101"``.
        border_value: number or per-channel sequence for ``"constant"``.
        out: optional (H + top + bottom, W + left + right[, C]) array.
    
    Returns:
        The padded array of the input dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype, non-integer sizes.
        ValueError: negative sizes, unknown border, a bad ``out``.
        LimitExceeded: a result above the size limits.
    
    Example:
        >>> framed = vc.pad(img, 8, 8, 8, 8, border="reflect101")
    """
def ratio_test(knn: typing.Any, ratio: typing.SupportsFloat | typing.SupportsIndex = 0.75) -> numpy.ndarray:
    """
    Lowe's ratio test on knn_match output.
    
    Keeps query i with its nearest neighbour when distance[i, 0] < ratio *
    distance[i, 1] (a missing second neighbour, distance inf, always passes).
    
    Args:
        knn: the (indices, distances) pair returned by knn_match (k >= 2).
        ratio: in (0, 1].
    
    Returns:
        Structured array (vc.MATCH_DTYPE): query_idx, train_idx, distance, in
        query order.
    
    Raises:
        TypeError: knn not a pair of int32 / float32 arrays.
        ValueError: shapes that do not match or k < 2, ratio out of range.
    """
def remap(img: NDArray[typing.Any], map_x: NDArray[typing.Any], map_y: NDArray[typing.Any], *, interpolation: str = 'linear', border: str = 'constant', border_value: typing.Any = 0, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Sample an image at arbitrary coordinates: ``out[y, x] = img[map_y[y, x], map_x[y, x]]``.
    
    Like ``cv2.remap`` with two CV_32FC1 maps (uint8 within 1, nearest identical,
    float32 within 1e-4).
    
    Args:
        img: (H, W) or (H, W, C) array with C in 1..4; uint8, uint16 or float32.
        map_x: (h, w) float32 array of source x coordinates (finite).
        map_y: (h, w) float32 array of source y coordinates (finite), same shape.
        interpolation: ``"nearest"``, ``"linear"`` (default) or ``"cubic"``.
        border: ``"constant"`` (default), ``"replicate"``, ``"reflect"``, ``"wrap"``
            or ``"reflect101"``.
        border_value: number or per-channel sequence used by ``"constant"``.
        out: optional (h, w[, C]) array of the input dtype.
    
    Returns:
        The (h, w[, C]) result of the input dtype (``out`` if given).
    
    Raises:
        TypeError: a map that is not float32, unsupported image dtype.
        ValueError: maps of different shapes, NaN/Inf in a map, unknown
            interpolation or border, a bad ``out``.
    
    Example:
        >>> ys, xs = np.indices((480, 640), dtype=np.float32)
        >>> shifted = vc.remap(img, xs + 0.5, ys)
    """
def reset_isa() -> None:
    """
    Go back to the best SIMD level this CPU supports.
    """
def resize(img: NDArray[typing.Any], size: typing.Any = None, *, scale: typing.Any = None, interpolation: str = 'linear', out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Resize an image to ``size=(w, h)`` or by ``scale=(fx, fy)``.
    
    Pixel centres use the half-pixel convention (as OpenCV, Pillow, PyTorch
    ``align_corners=False``). Numerics follow ``cv2.resize``:
    
    - ``"nearest"``: source index ``floor(x / scale)`` (``cv2.INTER_NEAREST``,
      identical results).
    - ``"linear"``: bilinear with edge clamping; uint8 uses OpenCV's 11-bit fixed
      point weights and rounding (identical to ``cv2.INTER_LINEAR``). Exactly 2x
      shrinking is the 2x2 box average, as in OpenCV.
    - ``"area"``: when shrinking, the average over each destination pixel's
      footprint (integer factors: plain box averages); when enlarging, bilinear
      with area-style weights (``cv2.INTER_AREA``).
    - ``"cubic"``: Keys bicubic with a = -0.75 and edge replication
      (``cv2.INTER_CUBIC``); uint8 within 1 of OpenCV.
    
    Args:
        img: (H, W) or (H, W, C) array with C in 1..4; uint8, uint16 or float32.
        size: output ``(width, height)``, positive integers. Exactly one of
            ``size`` and ``scale`` must be given.
        scale: ``(fx, fy)`` factors (or one number for both) > 0; the output is
            ``round(W * fx) x round(H * fy)`` (ties to even) and the factors
            themselves map coordinates, as ``cv2.resize(img, None, fx=, fy=)``.
        interpolation: ``"nearest"``, ``"linear"`` (default), ``"area"`` or ``"cubic"``.
        out: optional array of the output shape and the input dtype.
    
    Returns:
        The resized array (``out`` if given): (h, w) or (h, w, C), the input dtype.
    
    Raises:
        TypeError: unsupported dtype, non-array input, non-numeric size/scale.
        ValueError: both or neither of size/scale, non-positive or non-finite
            factors, an empty result, unknown interpolation, a bad ``out``.
        LimitExceeded: an output above the size limits.
    
    Example:
        >>> small = vc.resize(img, (320, 240), interpolation="area")
        >>> big = vc.resize(img, scale=2.0, interpolation="cubic")
    """
def rgb_to_bgr(img: NDArray[typing.Any], *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Swap the first and third channels: RGB <-> BGR, RGBA <-> BGRA.
    
    The same function converts in both directions (OpenCV COLOR_RGB2BGR,
    COLOR_RGBA2BGRA). A 4th channel is copied unchanged.
    
    Args:
        img: (H, W, 3) or (H, W, 4) array, uint8, uint16 or float32.
        out: optional array of the same shape and dtype to write into. It may be
            ``img`` itself to convert in place (``vc.rgb_to_bgr(a, out=a)``);
            any other overlap with ``img`` is an error.
    
    Returns:
        Array of the input shape and dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype or non-array input.
        ValueError: wrong shape, empty image, or a bad ``out`` (including one
            that partially overlaps ``img``).
    
    Example:
        >>> bgr = vc.rgb_to_bgr(rgb)
        >>> _ = vc.rgb_to_bgr(rgb, out=rgb)  # in place
    """
def rgb_to_gray(img: NDArray[typing.Any], *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Convert an RGB (or RGBA) image to gray: Y = 0.299 R + 0.587 G + 0.114 B.
    
    Bit-identical to OpenCV's COLOR_RGB2GRAY for uint8 and uint16 (15-bit fixed
    point with rounding); float32 within one float ulp.
    
    Args:
        img: (H, W, 3) or (H, W, 4) array, uint8, uint16 or float32. Alpha is ignored.
        out: optional (H, W) array of the same dtype to write into.
    
    Returns:
        (H, W) array of the input dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype or non-array input.
        ValueError: wrong shape, empty image, or a bad ``out``.
    
    Example:
        >>> gray = vc.rgb_to_gray(np.zeros((480, 640, 3), np.uint8))
    """
def rgb_to_hsv(img: NDArray[typing.Any], *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Convert RGB (or RGBA, alpha ignored) to HSV, as OpenCV COLOR_RGB2HSV.
    
    uint8: H in [0, 180) (degrees / 2), S and V in [0, 255]; bit-identical to
    OpenCV (12-bit fixed point). float32 (RGB in [0, 1]): H in degrees [0, 360)
    (a hue just below 360 may round to 360.0), S and V in [0, 1]; bit-identical
    to OpenCV's vectorized float path (its scalar tail may differ by one ulp).
    uint16 is not supported (nor is it by OpenCV).
    
    Args:
        img: (H, W, 3) or (H, W, 4) array, uint8 or float32.
        out: optional (H, W, 3) array of the same dtype to write into.
    
    Returns:
        (H, W, 3) array of the input dtype: H, S, V (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype or non-array input.
        ValueError: wrong shape, empty image, or a bad ``out``.
    
    Example:
        >>> hsv = vc.rgb_to_hsv(np.zeros((480, 640, 3), np.uint8))
    """
def rgb_to_rgba(img: NDArray[typing.Any], *, alpha: typing.Any = None, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Append an alpha channel (OpenCV COLOR_RGB2RGBA; also BGR -> BGRA).
    
    Args:
        img: (H, W, 3) array, uint8, uint16 or float32.
        alpha: value of the new channel. Default: opaque, i.e. the dtype's
            maximum (255, 65535) or 1.0 for float32. Must be an integer in
            [0, 255] for uint8, in [0, 65535] for uint16, a finite value for
            float32.
        out: optional (H, W, 4) array of the same dtype to write into.
    
    Returns:
        (H, W, 4) array of the input dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype, non-array input, or a non-numeric ``alpha``.
        ValueError: wrong shape, empty image, a bad ``out``, or ``alpha`` out of
            range for the dtype.
    
    Example:
        >>> rgba = vc.rgb_to_rgba(np.zeros((480, 640, 3), np.uint8), alpha=128)
    """
def rgba_to_rgb(img: NDArray[typing.Any], *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Drop the alpha channel (OpenCV COLOR_RGBA2RGB; also BGRA -> BGR).
    
    Args:
        img: (H, W, 4) array, uint8, uint16 or float32.
        out: optional (H, W, 3) array of the same dtype to write into.
    
    Returns:
        (H, W, 3) array of the input dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype or non-array input.
        ValueError: wrong shape, empty image, or a bad ``out``.
    
    Example:
        >>> rgb = vc.rgba_to_rgb(np.zeros((480, 640, 4), np.uint8))
    """
def rotate90(img: NDArray[typing.Any], k: typing.Any = 1, *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Rotate by ``k`` quarter turns counter-clockwise, like ``numpy.rot90(img, k)``.
    
    ``k = 1`` equals ``cv2.rotate(img, cv2.ROTATE_90_COUNTERCLOCKWISE)``, ``k = -1``
    (or 3) ``cv2.ROTATE_90_CLOCKWISE``, ``k = 2`` ``cv2.ROTATE_180``. Any integer k
    (taken modulo 4).
    
    Args:
        img: (H, W) or (H, W, C) array with C in 1..4; uint8, uint16, int16 or float32.
        k: number of counter-clockwise quarter turns.
        out: optional array of the rotated shape ((W, H[, C]) for odd k).
    
    Returns:
        The rotated array, C-contiguous (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype, non-integer k.
        ValueError: a bad ``out``.
    
    Example:
        >>> portrait = vc.rotate90(img, -1)
    """
def scharr(img: NDArray[typing.Any], dx: typing.Any, dy: typing.Any, *, scale: typing.SupportsFloat | typing.SupportsIndex = 1.0, delta: typing.SupportsFloat | typing.SupportsIndex = 0.0, dtype: typing.Any = None, border: str = 'reflect101', out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Scharr 3x3 first derivative (cv2.Scharr): kernels [-1, 0, 1] and [3, 10, 3].
    
    Args:
        img: (H, W) or (H, W, C) array, C in 1..4; uint8, uint16, int16 or float32.
        dx: 1 for d/dx (then dy = 0).
        dy: 1 for d/dy (then dx = 0).
        scale: factor applied to the derivative.
        delta: added to the result.
        dtype: None (int16 for uint8/int16 input, float32 otherwise), numpy.int16
            or numpy.float32.
        border: "reflect101" (default), "replicate", "reflect", "wrap" or
            "constant" (zeros).
        out: optional array of img's shape and the output dtype.
    
    Returns:
        Array of img's shape in the output dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype or dtype/input combination.
        ValueError: (dx, dy) not (1, 0) or (0, 1), NaN/Inf scale or delta,
            unknown border, or a bad ``out``.
    
    Example:
        >>> gx = vc.scharr(gray, 1, 0)
    """
def sep_filter2d(img: NDArray[typing.Any], kx: typing.Any, ky: typing.Any, *, anchor: typing.Any = None, delta: typing.SupportsFloat | typing.SupportsIndex = 0.0, border: str = 'reflect101', border_value: typing.Any = 0, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Separable correlation: each row with ``kx``, then each column with ``ky``
    (like cv2.sepFilter2D with ddepth=-1), summed in float32.
    
    Coefficients that are exactly zero are skipped (an Inf pixel never meets a
    zero tap). uint8 images with small integer kernels, or with dyadic kernels
    such as [1, 4, 6, 4, 1] / 16, take exact integer paths that give the same
    numbers as the float32 sums.
    
    Args:
        img: (H, W) or (H, W, C) array, C in 1..4; uint8, uint16, int16 or float32.
        kx: row kernel, 1-D float32 or float64 array of up to 4095 taps (an (n, 1)
            or (1, n) array is accepted too, e.g. from cv2.getGaussianKernel).
        ky: column kernel, same rules.
        anchor: (x, y) inside the (len(kx), len(ky)) kernel; None is the centre.
        delta: added to every result.
        border: "reflect101" (default), "replicate", "reflect", "wrap" or "constant".
        border_value: for "constant": a number or one per channel.
        out: optional array of img's shape and dtype to write into.
    
    Returns:
        Array of img's shape and dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype of img or of a kernel, or non-array input.
        ValueError: empty image, bad kernel shape or non-finite values, anchor
            outside the kernel, unknown border, or a bad ``out``.
    
    Example:
        >>> k = np.array([1, 2, 1], np.float32) / 4
        >>> smooth = vc.sep_filter2d(img, k, k)
    """
def set_isa(name: str) -> None:
    """
    Force the SIMD level kernels are chosen from.
    
    Args:
        name: 'scalar', 'sse4', 'avx2', 'avx512' or 'neon'.
    
    Raises:
        ValueError: an unknown name, or a level this CPU or build lacks.
    """
def set_num_threads(n: typing.SupportsInt | typing.SupportsIndex) -> None:
    """
    Set the number of threads every visioncore operation uses.
    
    Args:
        n: 1..256 threads; 0 or a negative value restores the default (the CPUs in
           this process's affinity mask, or VISIONCORE_NUM_THREADS).
    
    Raises:
        ValueError: n above 256.
    """
def sobel(img: NDArray[typing.Any], dx: typing.Any, dy: typing.Any, *, ksize: typing.Any = 3, scale: typing.SupportsFloat | typing.SupportsIndex = 1.0, delta: typing.SupportsFloat | typing.SupportsIndex = 0.0, dtype: typing.Any = None, border: str = 'reflect101', out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Sobel derivative of order (dx, dy) (cv2.Sobel).
    
    dst = saturate(scale * derivative + delta), the derivative being the
    separable Sobel kernel of size ksize (binomial smoothing, finite
    differences); ksize=1 uses a 3-tap difference without smoothing (dx, dy
    <= 2) and ksize=-1 the 3x3 Scharr kernel. Integer inputs with the default
    scale give exactly OpenCV's integers.
    
    Args:
        img: (H, W) or (H, W, C) array, C in 1..4; uint8, uint16, int16 or float32.
        dx: order of the x derivative (>= 0).
        dy: order of the y derivative (>= 0); dx + dy > 0 and each below ksize.
        ksize: 1, 3 (default), 5, 7 ... 31, or -1 for Scharr.
        scale: factor applied to the derivative.
        delta: added to the result.
        dtype: output dtype: None (int16 for uint8/int16 input, float32 otherwise),
            numpy.int16 (uint8/int16 input only) or numpy.float32.
        border: "reflect101" (default), "replicate", "reflect", "wrap" or
            "constant" (zeros).
        out: optional array of img's shape and the output dtype.
    
    Returns:
        Array of img's shape in the output dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported input dtype or dtype/input combination.
        ValueError: bad orders or ksize, NaN/Inf scale or delta, unknown
            border, or a bad ``out``.
    
    Example:
        >>> gx = vc.sobel(gray, 1, 0)              # int16
        >>> gy = vc.sobel(gray, 0, 1, dtype=np.float32)
    """
def structuring_element(shape: str, ksize: typing.Any, anchor: typing.Any = None) -> numpy.typing.NDArray[numpy.uint8]:
    """
    Structuring element for morphology, identical to cv2.getStructuringElement.
    
    Args:
        shape: "rect" (all ones), "ellipse" (the ellipse inscribed in the box)
            or "cross" (the anchor's row and column).
        ksize: k (a k x k element) or (width, height); sides in 1..1023.
        anchor: (x, y) for "cross"; None = the center (width // 2, height // 2).
    
    Returns:
        (height, width) uint8 array of 0 and 1.
    
    Raises:
        TypeError: ksize or anchor not ints.
        ValueError: unknown shape, size outside 1..1023, anchor outside the element.
    
    Example:
        >>> vc.structuring_element("ellipse", 5)
    """
def threshold(img: NDArray[typing.Any], thresh: typing.SupportsFloat | typing.SupportsIndex, max_value: typing.SupportsFloat | typing.SupportsIndex = 255.0, mode: str = 'binary', *, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Fixed-level threshold, identical to cv2.threshold(img, thresh, max_value, type)[1].
    
    Per sample (channels alike), with t the threshold:
    "binary": max_value if img > t else 0; "binary_inv": 0 if img > t else
    max_value; "trunc": t if img > t else img; "tozero": img if img > t else 0;
    "tozero_inv": 0 if img > t else img.
    For integer dtypes t = floor(thresh) and max_value is rounded (half to
    even) and saturated to the dtype ("trunc" ignores it); a t below the
    dtype's range or at / above its maximum gives OpenCV's constant or copied
    image (so +-inf is fine). float32: t = float32(thresh); a NaN sample
    gives 0 in "binary" and "binary_inv" and stays NaN in the other modes,
    and "tozero" with t = +inf keeps +inf samples, as in OpenCV. Returns the image only (cv2 returns a (t, image) pair).
    
    Args:
        img: (H, W) or (H, W, C) array, C = 1..4; uint8, uint16, int16 or float32.
        thresh: the threshold (not NaN).
        max_value: value of the set samples in "binary" / "binary_inv"
            (finite; default 255).
        mode: "binary" (default), "binary_inv", "trunc", "tozero" or "tozero_inv".
        out: optional array of img's shape and dtype to write into; it may be
            ``img`` itself (in place), any other overlap is an error.
    
    Returns:
        Array of img's shape and dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype, non-array input, non-number thresh or
            max_value.
        ValueError: unknown mode, NaN thresh, non-finite max_value, empty
            image, or a bad ``out``.
    
    Example:
        >>> mask = vc.threshold(gray, 127, 255, "binary")
    """
def threshold_otsu(img: NDArray[typing.Any], mask: NDArray[typing.Any] = None) -> float:
    """
    Otsu's threshold level (what cv2.threshold returns with THRESH_OTSU).
    
    The level t maximising the between-class variance of {v <= t} and {v > t},
    the lowest on ties; identical to OpenCV. Use it with vc.threshold.
    
    Args:
        img: (H, W) (or (H, W, 1)) uint8 or uint16 array.
        mask: optional (H, W) uint8 array; only pixels where it is nonzero count.
    
    Returns:
        The level as a float (an integer value).
    
    Raises:
        TypeError: non-array input, a dtype other than uint8/uint16, or a
            non-uint8 mask.
        ValueError: more than one channel, empty image, or a mask of another
            size.
    
    Example:
        >>> t = vc.threshold_otsu(gray)
    """
def threshold_triangle(img: NDArray[typing.Any], mask: NDArray[typing.Any] = None) -> float:
    """
    Triangle threshold level (what cv2.threshold returns with THRESH_TRIANGLE).
    
    Zack's method: the level farthest from the line joining the histogram peak
    to the end of its longer tail, as OpenCV computes it (identical).
    
    Args:
        img: (H, W) (or (H, W, 1)) uint8 array.
        mask: optional (H, W) uint8 array; only pixels where it is nonzero count.
    
    Returns:
        The level as a float (an integer value).
    
    Raises:
        TypeError: non-array or non-uint8 input, or a non-uint8 mask.
        ValueError: more than one channel, empty image, or a mask of another
            size.
    
    Example:
        >>> t = vc.threshold_triangle(gray)
    """
def undistort(img: NDArray[typing.Any], K: typing.Any, dist: typing.Any, *, new_K: typing.Any = None, interpolation: str = 'linear', out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Remove lens distortion: ``remap(img, *init_undistort_map(K, dist, size, new_K=new_K))``.
    
    Pixels mapping outside the source become 0. The maps stay float32 (computed
    block by block, never stored), so the result equals ``cv2.remap`` with
    ``cv2.initUndistortRectifyMap(..., cv2.CV_32FC1)`` maps; ``cv2.undistort``
    quantizes its maps to 1/32 pixel and differs slightly at sharp edges.
    
    Args:
        img: (H, W) or (H, W, C) array with C in 1..4; uint8, uint16 or float32.
        K: 3x3 camera matrix.
        dist: ``(k1, k2, p1, p2)`` or ``(k1, k2, p1, p2, k3)``.
        new_K: 3x3 camera matrix of the result (default ``K``).
        interpolation: ``"nearest"``, ``"linear"`` (default) or ``"cubic"``.
        out: optional array of the input's shape and dtype.
    
    Returns:
        The undistorted image (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype or non-numeric arguments.
        ValueError: as :func:`init_undistort_map`, or a bad ``out``.
    
    Example:
        >>> fixed = vc.undistort(img, K, (-0.3, 0.1, 0.0, 0.0))
    """
def warp_affine(img: NDArray[typing.Any], M: typing.Any, size: typing.Any, *, interpolation: str = 'linear', border: str = 'constant', border_value: typing.Any = 0, inverse_map: bool = False, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Apply an affine transform: like ``cv2.warpAffine``.
    
    By default ``M`` maps source coordinates to destination coordinates and is
    inverted here (OpenCV's behaviour without ``WARP_INVERSE_MAP``); with
    ``inverse_map=True`` it maps destination pixels to source coordinates:
    ``src = (M[0,0] x + M[0,1] y + M[0,2], M[1,0] x + M[1,1] y + M[1,2])``.
    Coordinates and weights are float32 as in OpenCV 5 (uint8 within 1 of it,
    nearest identical, float32 within 1e-4).
    
    Args:
        img: (H, W) or (H, W, C) array with C in 1..4; uint8, uint16 or float32.
        M: 2x3 matrix (array-like of numbers, finite, invertible unless inverse_map).
        size: output ``(width, height)``.
        interpolation: ``"nearest"``, ``"linear"`` (default) or ``"cubic"``.
        border: ``"constant"`` (default), ``"replicate"``, ``"reflect"``, ``"wrap"``
            or ``"reflect101"``: how pixels outside the source are read.
        border_value: number or per-channel sequence used by ``"constant"``
            (converted to the dtype with rounding and saturation).
        inverse_map: ``M`` already maps destination to source.
        out: optional array of the output shape and the input dtype.
    
    Returns:
        The warped (height, width[, C]) array of the input dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype, non-array input, non-numeric matrix.
        ValueError: wrong matrix shape, NaN/Inf entries, a singular matrix,
            unknown interpolation or border, a bad ``out``.
    
    Example:
        >>> M = np.array([[0.96, -0.26, 40.0], [0.26, 0.96, -60.0]])
        >>> rotated = vc.warp_affine(img, M, (img.shape[1], img.shape[0]))
    """
def warp_perspective(img: NDArray[typing.Any], H: typing.Any, size: typing.Any, *, interpolation: str = 'linear', border: str = 'constant', border_value: typing.Any = 0, inverse_map: bool = False, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Apply a perspective transform (homography): like ``cv2.warpPerspective``.
    
    ``H`` maps source to destination coordinates and is inverted here, unless
    ``inverse_map=True``, in which case a destination pixel (x, y) reads the
    source at ``((H0 x + H1 y + H2) / w, (H3 x + H4 y + H5) / w)`` with
    ``w = H6 x + H7 y + H8`` (``w == 0`` reads as outside).
    
    Args:
        img: (H, W) or (H, W, C) array with C in 1..4; uint8, uint16 or float32.
        H: 3x3 matrix (array-like of numbers, finite, invertible unless inverse_map).
        size: output ``(width, height)``.
        interpolation: ``"nearest"``, ``"linear"`` (default) or ``"cubic"``.
        border: ``"constant"`` (default), ``"replicate"``, ``"reflect"``, ``"wrap"``
            or ``"reflect101"``.
        border_value: number or per-channel sequence used by ``"constant"``.
        inverse_map: ``H`` already maps destination to source.
        out: optional array of the output shape and the input dtype.
    
    Returns:
        The warped (height, width[, C]) array of the input dtype (``out`` if given).
    
    Raises:
        TypeError: unsupported dtype, non-array input, non-numeric matrix.
        ValueError: wrong matrix shape, NaN/Inf entries, a singular matrix,
            unknown interpolation or border, a bad ``out``.
    
    Example:
        >>> H = np.array([[1.0, 0.1, 0.0], [0.0, 1.0, 0.0], [1e-4, 0.0, 1.0]])
        >>> warped = vc.warp_perspective(img, H, (640, 480))
    """
def yuv_to_rgb(buffer: NDArray[typing.Any], width: typing.SupportsInt | typing.SupportsIndex, height: typing.SupportsInt | typing.SupportsIndex, layout: str, *, standard: str = 'bt601', full_range: bool = False, out: NDArray[typing.Any] | None = None) -> NDArray[typing.Any]:
    """
    Decode a YUV frame (camera / video buffer) into RGB.
    
    Layouts (case-insensitive), 8 bits per sample, rows tightly packed:
    
        ``"NV12"``  Y plane, then H/2 rows of interleaved U,V pairs (4:2:0)
        ``"NV21"``  as NV12 with V,U pairs
        ``"I420"``  Y plane, then the U plane (W/2 x H/2), then the V plane
        ``"YV12"``  as I420 with the V plane first
        ``"YUYV"``  Y0 U Y1 V per two pixels (YUY2, 4:2:2)
        ``"UYVY"``  U Y0 V Y1 per two pixels (4:2:2)
    
    Limited range (default): Y in [16, 235], U and V in [16, 240]; Y below 16 is
    treated as black. ``full_range=True``: all in 0..255 (JPEG style). Chroma is
    replicated over its 2x2 (4:2:0) or 2x1 (4:2:2) block. The default BT.601
    limited range is bit-identical to OpenCV's ``COLOR_YUV2RGB_NV12``, ``_NV21``,
    ``_I420``, ``_YV12``, ``_YUYV`` and ``_UYVY``; other settings follow the
    textbook equations (Kr, Kb = 0.299, 0.114 for BT.601 and 0.2126, 0.0722 for
    BT.709) within 1 level.
    
    Args:
        buffer: any uint8 array holding the frame bytes in C order (OpenCV's
            (H*3//2, W) for 4:2:0, (H, W, 2) for 4:2:2, or 1-D); extra bytes after
            the frame are ignored.
        width, height: frame size in pixels; even where chroma is subsampled
            (width always, height for 4:2:0).
        layout: one of the layouts above.
        standard: ``"bt601"`` (default) or ``"bt709"``.
        full_range: chroma and luma use the full 0..255 range.
        out: optional (height, width, 3) uint8 array to write into.
    
    Returns:
        (height, width, 3) uint8 RGB array (``out`` if given).
    
    Raises:
        TypeError: ``buffer`` is not a uint8 array.
        ValueError: unknown layout or standard, non-positive or odd sizes,
            ``buffer`` shorter than the frame, or a bad ``out``.
        LimitExceeded: sizes above the library's limits.
    
    Example:
        >>> frame = np.zeros((480 * 3 // 2, 640), np.uint8)
        >>> rgb = vc.yuv_to_rgb(frame, 640, 480, "NV12")
    """
KEYPOINT_DTYPE: numpy.dtypes.VoidDType
MATCH_DTYPE: numpy.dtypes.VoidDType
