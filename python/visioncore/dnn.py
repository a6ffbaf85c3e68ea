"""CNN inference from ONNX models: ``vc.dnn``."""

from __future__ import annotations

from ._core import dnn as _dnn  # noqa: F401  (the C++ side of this module)
