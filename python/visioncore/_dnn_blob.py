"""``vc.dnn.blob_from_image``: images -> a float32 CNN input tensor.

The work (resize or aspect-keeping crop, then conversion, per-channel
normalisation and the HWC -> CHW layout change in one threaded pass) is in
C++ (cpp/src/dnn/blob.cpp); the binding holds the docstring and the argument
checks, so this module only gives the function its place in ``vc.dnn``.
"""

from __future__ import annotations

from ._core.dnn import blob_from_image

__all__ = ["blob_from_image"]
