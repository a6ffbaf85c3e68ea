"""
CNN inference from ONNX models.
"""
from __future__ import annotations
import numpy
import typing

from numpy.typing import NDArray
__all__: list[str] = ['ModelError']
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
    def planned_ops(self) -> list[str]:
        """
        Op types the current plan runs (plan-time evaluated nodes excluded).
        """
    def run(self, arrays: list) -> list:
        """
        Runs with arrays in graph input order; returns the outputs in graph output order.
        """
class _Conv2dKernel:
    """
    A convolution with prepacked weights (benchmark entry point).
    """
    def __call__(self, x: typing.Any) -> numpy.ndarray:
        ...
    def __init__(self, w: typing.Any, bias: typing.Any, in_channels: typing.SupportsInt | typing.SupportsIndex, strides: typing.Any = (1, 1), pads: typing.Any = (0, 0, 0, 0), dilations: typing.Any = (1, 1), group: typing.SupportsInt | typing.SupportsIndex = 1, activation: str = 'none', alpha: typing.SupportsFloat | typing.SupportsIndex = 0.01, clip: typing.Any = None) -> None:
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
        
        Returns:
            A callable: kernel(x) -> y as _conv2d(x, w, bias, ...).
        
        Raises:
            TypeError: non-float32 operands.
            ValueError: inconsistent shapes or attributes.
        """
def _conv2d(x: typing.Any, w: typing.Any, bias: typing.Any = None, strides: typing.Any = (1, 1), pads: typing.Any = (0, 0, 0, 0), dilations: typing.Any = (1, 1), group: typing.SupportsInt | typing.SupportsIndex = 1, activation: str = 'none', alpha: typing.SupportsFloat | typing.SupportsIndex = 0.01, clip: typing.Any = None) -> numpy.ndarray:
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
    
    Returns:
        float32 array (N, Cout, OH, OW).
    
    Raises:
        TypeError: non-float32 or non-array operands.
        ValueError: inconsistent shapes, group, strides, pads, dilations or options.
    """
def _conv2d_path(w: typing.Any, in_channels: typing.SupportsInt | typing.SupportsIndex, strides: typing.Any = (1, 1), pads: typing.Any = (0, 0, 0, 0), dilations: typing.Any = (1, 1), group: typing.SupportsInt | typing.SupportsIndex = 1) -> str:
    """
    The path _conv2d takes for these weights and attributes.
    
    Args:
        w: float32 array (Cout, C / group, kh, kw).
        in_channels: C.
        strides: (sh, sw).
        pads: (top, left, bottom, right).
        dilations: (dh, dw).
        group: number of groups.
    
    Returns:
        "gemm1x1", "im2col" or "depthwise3x3".
    
    Raises:
        TypeError: a non-float32 w.
        ValueError: inconsistent attributes.
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
