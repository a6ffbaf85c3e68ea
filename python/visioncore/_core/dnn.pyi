"""
CNN inference from ONNX models.
"""
from __future__ import annotations
__all__: list[str] = list()
