"""
visioncore C++ core (use the `visioncore` package, not this module directly)
"""
from __future__ import annotations
import typing

from numpy.typing import NDArray
__all__: list[str] = ['LimitExceeded', 'available_isas', 'bgr_to_gray', 'build_info', 'cpu_features', 'default_num_threads', 'demosaic', 'get_isa', 'get_num_threads', 'gray_to_rgb', 'hsv_to_rgb', 'reset_isa', 'rgb_to_bgr', 'rgb_to_gray', 'rgb_to_hsv', 'rgb_to_rgba', 'rgba_to_rgb', 'set_isa', 'set_num_threads', 'yuv_to_rgb']
class LimitExceeded(ValueError):
    pass
def _active_calls() -> int:
    ...
def _busy_wait(seconds: typing.SupportsFloat | typing.SupportsIndex) -> None:
    ...
def _shutdown(timeout_s: typing.SupportsFloat | typing.SupportsIndex = 5.0) -> None:
    ...
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
def build_info() -> dict:
    """
    Build and runtime facts: version, compiler, compiled/available/active ISA levels, thread count, CUDA compiled and available, size limits.
    """
def cpu_features() -> dict:
    """
    The CPU features visioncore detected (cpuid/xgetbv on x86-64, hwcaps on aarch64).
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
def get_isa() -> str:
    """
    The SIMD level kernels are chosen from now ('scalar', 'sse4', 'avx2', 'avx512', 'neon').
    """
def get_num_threads() -> int:
    """
    Number of threads visioncore operations use (workers plus the caller).
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
def reset_isa() -> None:
    """
    Go back to the best SIMD level this CPU supports.
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
