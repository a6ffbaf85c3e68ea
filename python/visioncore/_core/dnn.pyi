"""
CNN inference from ONNX models.
"""
from __future__ import annotations
import numpy
import typing

from numpy.typing import NDArray
__all__: list[str] = ['ModelError', 'blob_from_image']
class ModelError(ValueError):
    """
    A model file that cannot be accepted: malformed, inconsistent, unsafe or over a limit.
    
    Subclass of ValueError; the message names the element and the problem.
    """
class _OnnxModel:
    """
    A decoded ONNX model held by the C++ reader (see vc.dnn.read_model).
    """
    def initializer(self, name: str) -> numpy.ndarray:
        """
        A copy of the main graph's initializer `name` as a numpy array.
        """
    def summary(self) -> dict:
        """
        The model as nested dicts and lists (initializer arrays excluded).
        """
class _Net:
    """
    A loaded network (see vc.dnn.Net).
    """
    @staticmethod
    def load_bytes(data: bytes, num_threads: typing.SupportsInt | typing.SupportsIndex) -> _Net:
        """
        Loads a serialized model.
        
        Args:
            data: model bytes.
            num_threads: 0 for the library setting.
        
        Returns:
            _Net.
        
        Raises:
            ModelError: the model cannot be accepted.
        """
    @staticmethod
    def load_file(path: str, num_threads: typing.SupportsInt | typing.SupportsIndex) -> _Net:
        """
        Loads a model file.
        
        Args:
            path: model file.
            num_threads: 0 for the library setting.
        
        Returns:
            _Net.
        
        Raises:
            ModelError: the model cannot be accepted.
        """
    def inputs(self) -> list:
        ...
    def memory(self) -> tuple[int, int]:
        """
        (arena bytes, bytes without buffer reuse) of the current plan.
        """
    def node_ops(self) -> list[str]:
        """
        Op types of the nodes left after the graph passes.
        """
    def outputs(self) -> list:
        ...
    def plan_count(self) -> int:
        """
        Plans made since load; unchanged by a run that reuses the current plan.
        """
    def planned_ops(self) -> list[str]:
        """
        Op types the current plan runs (plan-time evaluated nodes excluded).
        """
    def profile(self) -> list:
        """
        (node index, name, op type, output shape, median microseconds, runs) per executed node.
        """
    def profiling(self) -> bool:
        """
        Whether runs record per-node times.
        """
    def run(self, arrays: list) -> list:
        """
        Runs with arrays in graph input order; returns the outputs in graph output order.
        """
    def set_profiling(self, on: bool) -> None:
        """
        Switches per-node profiling on (clearing the record) or off.
        """
class _Conv2dKernel:
    """
    A convolution with prepacked weights (benchmark entry point).
    """
    def __call__(self, x: typing.Any) -> numpy.ndarray:
        ...
    def __init__(self, w: typing.Any, bias: typing.Any, in_channels: typing.SupportsInt | typing.SupportsIndex, strides: typing.Any = (1, 1), pads: typing.Any = (0, 0, 0, 0), dilations: typing.Any = (1, 1), group: typing.SupportsInt | typing.SupportsIndex = 1, activation: str = 'none', alpha: typing.SupportsFloat | typing.SupportsIndex = 0.01, clip: typing.Any = None, in_size: typing.Any = None, winograd: typing.Any = None) -> None:
        """
        Packs the weights of a convolution once (arguments as _conv2d).
        
        Args:
            w: float32 array (Cout, C / group, kh, kw).
            bias: None or float32 (Cout,).
            in_channels: C.
            strides: (sh, sw).
            pads: (top, left, bottom, right).
            dilations: (dh, dw).
            group: number of groups.
            activation: as _conv2d.
            alpha: leaky_relu slope.
            clip: (min, max) for activation "clip".
            in_size: None or the (H, W) the path is chosen for (None: unknown).
            winograd: as _conv2d.
        
        Returns:
            A callable: kernel(x) -> y as _conv2d(x, w, bias, ...).
        
        Raises:
            TypeError: non-float32 operands.
            ValueError: inconsistent shapes or attributes.
        """
def _conv2d(x: typing.Any, w: typing.Any, bias: typing.Any = None, strides: typing.Any = (1, 1), pads: typing.Any = (0, 0, 0, 0), dilations: typing.Any = (1, 1), group: typing.SupportsInt | typing.SupportsIndex = 1, activation: str = 'none', alpha: typing.SupportsFloat | typing.SupportsIndex = 0.01, clip: typing.Any = None, winograd: typing.Any = None) -> numpy.ndarray:
    """
    2-D convolution, NCHW float32, ONNX Conv semantics (test and benchmark entry point).
    
    Args:
        x: float32 array (N, C, H, W).
        w: float32 array (Cout, C / group, kh, kw).
        bias: None or float32 (Cout,).
        strides: (sh, sw).
        pads: (top, left, bottom, right).
        dilations: (dh, dw).
        group: number of groups (C and Cout divisible by it).
        activation: "none", "relu", "relu6", "clip", "leaky_relu", "sigmoid", "hardswish".
        alpha: leaky_relu slope.
        clip: (min, max) for activation "clip".
        winograd: None (take the Winograd path where it is cheaper at this input
            size), True (wherever it applies: 3x3, stride 1, no dilation, group 1,
            at least 32 channels in and out) or False (never).
    
    Returns:
        float32 array (N, Cout, OH, OW).
    
    Raises:
        TypeError: non-float32 or non-array operands.
        ValueError: inconsistent shapes, group, strides, pads, dilations or options.
    """
def _conv2d_path(w: typing.Any, in_channels: typing.SupportsInt | typing.SupportsIndex, strides: typing.Any = (1, 1), pads: typing.Any = (0, 0, 0, 0), dilations: typing.Any = (1, 1), group: typing.SupportsInt | typing.SupportsIndex = 1, in_size: typing.Any = None, winograd: typing.Any = None) -> str:
    """
    The path _conv2d takes for these weights and attributes.
    
    Args:
        w: float32 array (Cout, C / group, kh, kw).
        in_channels: C.
        strides: (sh, sw).
        pads: (top, left, bottom, right).
        dilations: (dh, dw).
        group: number of groups.
        in_size: None or the input (H, W) the path is chosen for (None: unknown,
            taken as large).
        winograd: as _conv2d.
    
    Returns:
        "gemm1x1", "direct", "winograd", "im2col" or "depthwise3x3".
    
    Raises:
        TypeError: a non-float32 w.
        ValueError: inconsistent attributes.
    """
def _fma_peak_gflops(threads: typing.SupportsInt | typing.SupportsIndex = 1, seconds: typing.SupportsFloat | typing.SupportsIndex = 0.2, isa: typing.Any = None) -> float:
    """
    Measured peak float32 multiply-add rate (benchmark entry point).
    
    Each of ``threads`` threads runs independent register-resident FMA chains
    for about ``seconds`` at the vector width of ``isa`` (None: the active level;
    "avx512": 16 lanes, "avx2": 8 lanes with FMA, otherwise 4-lane multiply and
    add). One FMA counts as 2 flops.
    
    Args:
        threads: 1..256 threads, started together (not the pool).
        seconds: duration of the timed run, in (0, 10].
        isa: None or a level name of ``vc.available_isas()``.
    
    Returns:
        float: GFLOP/s of all threads together.
    
    Raises:
        ValueError: threads or seconds out of range, an unknown or unavailable level.
    """
def _gemm(a: typing.Any, b: typing.Any, bias: typing.Any = None, bias_axis: str = 'column', activation: str = 'none', alpha: typing.SupportsFloat | typing.SupportsIndex = 0.01, clip: typing.Any = None, packed: str = 'b') -> numpy.ndarray:
    """
    Packed SGEMM C = act(A @ B + bias) (test and benchmark entry point).
    
    Args:
        a: float32 array (M, K); a positive row stride is used as is.
        b: float32 array (K, N).
        bias: None or float32 (N,) for bias_axis "column", (M,) for "row".
        bias_axis: "column" (default) or "row".
        activation: "none", "relu", "relu6", "clip", "leaky_relu", "sigmoid", "hardswish".
        alpha: leaky_relu slope.
        clip: (min, max) for activation "clip".
        packed: which operand is packed whole up front: "b" (default, A packed per
            block) or "a" (B packed per block, as convolution does).
    
    Returns:
        float32 array (M, N).
    
    Raises:
        TypeError: non-float32 or non-array operands.
        ValueError: mismatched shapes, empty operands, unknown options.
    """
def _read_onnx_bytes(data: bytes) -> _OnnxModel:
    """
    Decodes a serialized ONNX model; external data is not allowed.
    
    Args:
        data: the model bytes.
    
    Returns:
        _OnnxModel.
    
    Raises:
        ModelError: malformed, over a limit, or referencing external data.
    """
def _read_onnx_file(path: str) -> _OnnxModel:
    """
    Decodes the ONNX model file at `path` and its external data.
    
    Args:
        path: model file (str).
    
    Returns:
        _OnnxModel.
    
    Raises:
        ModelError: malformed, unsafe or over a limit.
    """
def _supported_ops() -> list[str]:
    """
    Sorted ONNX operator names vc.dnn.Net accepts.
    """
def blob_from_image(img: NDArray[typing.Any], size: typing.Any = None, mean: typing.Any = 0.0, std: typing.Any = 1.0, swap_rb: typing.Any = False, crop: typing.Any = False, layout: str = 'NCHW', scale: typing.Any = None) -> numpy.ndarray:
    """
    Images -> a float32 CNN input tensor, in one pass (cf. cv2.dnn.blobFromImage).
    
    For each image: if ``size`` differs from the image's size it is resized
    (bilinear, half-pixel centres: ``vc.resize``; uint8 bit-identical to
    ``cv2.resize`` INTER_LINEAR), or with ``crop=True`` scaled by
    ``max(W / w, H / h)`` keeping the aspect ratio and centre-cropped to W x H
    (as OpenCV does). Then, per output channel c (after the optional R <-> B
    swap of channels 0 and 2)::
    
        out = (x * scale - mean[c]) / std[c]
    
    computed as ``x * (scale / std[c]) + (-mean[c] / std[c])`` in float32, and
    laid out as NCHW (or NHWC). ``mean`` and ``std`` are in output channel order.
    ImageNet preprocessing of an RGB uint8 image::
    
        blob = vc.dnn.blob_from_image(img, (224, 224), mean=(0.485, 0.456, 0.406),
                                      std=(0.229, 0.224, 0.225))
    
    ``cv2.dnn.blobFromImage(img, s, size, m, swapRB)``, which computes
    ``(x - m) * s``, is ``blob_from_image(img, size, mean=m * s, scale=s, swap_rb=swapRB)``.
    
    Args:
        img: uint8 or float32 image (H, W) or (H, W, C) with C = 1, 3 or 4, a
            batch (N, H, W, C), or a list / tuple of images (same dtype and
            channel count; sizes may differ when ``size`` is given).
        size: (width, height) of the output, or None for the images' own size
            (then all images must have one size).
        mean: a number or one per channel (output order), subtracted after scaling.
        std: a number or one per channel, non-zero; the divisor.
        swap_rb: swap channels 0 and 2 (RGB <-> BGR); needs 3 or 4 channels.
        crop: keep the aspect ratio and centre-crop to ``size`` (needs ``size``).
        layout: "NCHW" (default) or "NHWC".
        scale: multiplies the pixel values first; None: 1/255 for uint8 (to
            [0, 1]), 1 for float32 (taken as already scaled).
    
    Returns:
        float32 array (N, C, H, W), or (N, H, W, C) for layout "NHWC"; N = 1
        for a single image.
    
    Raises:
        TypeError: ``img`` is not an array or a list of arrays, a dtype other
            than uint8 / float32, or a parameter of the wrong type.
        ValueError: 2 channels, images that differ in dtype, channels or (without
            ``size``) size, a bad ``size``, ``mean`` / ``std`` of the wrong length,
            non-finite values, ``std`` or ``scale`` 0, ``swap_rb`` on 1 channel,
            ``crop`` without ``size``, an unknown ``layout``, or a result above
            the size limits.
    
    Example:
        >>> blob = vc.dnn.blob_from_image(img, (224, 224))  # doctest: +SKIP
        >>> probs = net(blob)  # doctest: +SKIP
    """
