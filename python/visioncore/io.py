"""Image files: imread / imwrite through Pillow (filled in by the io work)."""

from __future__ import annotations


def imread(path, mode="rgb"):  # pragma: no cover - placeholder replaced below
    raise NotImplementedError


def imwrite(path, img):  # pragma: no cover
    raise NotImplementedError
