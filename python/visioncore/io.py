"""Image files: ``imread`` and ``imwrite`` for PNG, JPEG, BMP and TIFF.

Decoding and encoding go through Pillow, except 16-bit color PNG (RGB, RGBA
and gray+alpha), which Pillow can only decode to 8 bits: that one is read and
written here with the standard library (zlib, struct) and numpy.

What each format holds (dtype x channels):

======  ========================  ==========================================
format  uint8                     uint16
======  ========================  ==========================================
PNG     gray, gray+alpha, RGB,    gray, gray+alpha, RGB, RGBA (lossless)
        RGBA (lossless)
TIFF    gray, gray+alpha, RGB,    gray only (Pillow has no 16-bit RGB TIFF)
        RGBA (uncompressed)
BMP     gray, RGB                 --
JPEG    gray, RGB (lossy)         --
======  ========================  ==========================================

Channel order is RGB(A), as everywhere in visioncore (OpenCV's ``cv2.imread``
returns BGR).
"""

from __future__ import annotations

import io as _io
import os
import struct
import zlib
from typing import Union

import numpy as np

from . import _core

PathLike = Union[str, "os.PathLike[str]"]

# Extension -> Pillow format name. Reading identifies the format from the
# file's first bytes instead, so a misnamed file still reads.
_EXTENSIONS = {
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".jpe": "JPEG",
    ".bmp": "BMP",
    ".tif": "TIFF",
    ".tiff": "TIFF",
}
_SUPPORTED_TEXT = ", ".join(sorted(_EXTENSIONS))
_MODES = ("rgb", "gray", "unchanged")

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# PNG color types -> channels (the ones visioncore reads and writes at 16 bits).
_PNG_CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}
_PNG_COLOR_TYPE = {1: 0, 2: 4, 3: 2, 4: 6}
_PNG_VALID_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
# IDAT payload size when writing (any size up to 2^31-1 is valid; moderate
# chunks keep memory peaks of streaming readers small).
_IDAT_CHUNK = 1 << 20


class _Corrupt(Exception):
    """Internal: the file's bytes do not form a valid image."""


def _pil():
    # Pillow is imported on first use so that `import visioncore` stays fast.
    from PIL import Image, ImageOps

    return Image, ImageOps


def _fspath(func: str, path) -> str:
    try:
        return os.fspath(path)
    except TypeError:
        raise TypeError(
            f"{func}: parameter 'path': expected str or os.PathLike; got {type(path).__name__}"
        ) from None


def _check_limits(func: str, path: str, width: int, height: int) -> None:
    """Refuses sizes above the library's limits before anything is decoded."""
    info = _core.build_info()
    max_side, max_pixels = int(info["max_side"]), int(info["max_pixels"])
    if width > max_side or height > max_side or width * height > max_pixels:
        raise _core.LimitExceeded(
            f"{func}: '{path}' declares a {width}x{height} image, above the limits of "
            f"{max_side} pixels per side and {max_pixels} pixels in all"
        )


def _sniff(data: bytes) -> str | None:
    if data.startswith(_PNG_SIGNATURE):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"BM"):
        return "BMP"
    if data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "TIFF"
    return None


# --------------------------------------------------------------------------
# PNG, 16-bit color: reader and writer (PNG specification, 2nd edition)
# --------------------------------------------------------------------------


def _png_chunks(data: bytes):
    """Yields (type, payload) for every chunk after the signature, checking
    lengths and CRCs, up to and including IEND."""
    pos = len(_PNG_SIGNATURE)
    size = len(data)
    view = memoryview(data)
    while True:
        if pos + 12 > size:
            raise _Corrupt("the file is truncated (no IEND chunk)")
        length, ctype = struct.unpack_from(">I4s", data, pos)
        if length > 0x7FFFFFFF:
            raise _Corrupt(f"chunk {ctype!r} has an invalid length {length}")
        end = pos + 12 + length
        if end > size:
            raise _Corrupt(f"the file is truncated inside a {ctype.decode('latin-1')} chunk")
        payload = view[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack_from(">I", data, pos + 8 + length)
        if zlib.crc32(payload, zlib.crc32(ctype)) != crc:
            raise _Corrupt(f"CRC mismatch in a {ctype.decode('latin-1')} chunk")
        yield ctype, payload
        if ctype == b"IEND":
            return
        pos = end


def _png_header(data: bytes) -> tuple[int, int, int, int, int]:
    """(width, height, bit depth, color type, interlace) from IHDR."""
    if len(data) < 33:
        raise _Corrupt("the file is truncated (no complete IHDR chunk)")
    length, ctype = struct.unpack_from(">I4s", data, 8)
    if ctype != b"IHDR" or length != 13:
        raise _Corrupt("the first chunk is not a valid IHDR")
    width, height, depth, color, comp, filt, interlace = struct.unpack_from(">IIBBBBB", data, 16)
    (crc,) = struct.unpack_from(">I", data, 29)
    if zlib.crc32(data[12:29]) != crc:
        raise _Corrupt("CRC mismatch in the IHDR chunk")
    if width == 0 or height == 0 or width > 0x7FFFFFFF or height > 0x7FFFFFFF:
        raise _Corrupt(f"invalid image size {width}x{height}")
    if depth not in _PNG_VALID_DEPTHS.get(color, ()):
        raise _Corrupt(f"invalid bit depth {depth} for color type {color}")
    if comp != 0 or filt != 0 or interlace not in (0, 1):
        raise _Corrupt("unknown compression, filter or interlace method")
    return width, height, depth, color, interlace


def _paeth(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """The Paeth predictor on int16 arrays (PNG spec 9.4)."""
    pa = np.abs(b - c)
    pb = np.abs(a - c)
    pc = np.abs(a + b - 2 * c)
    return np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))


def _unfilter(filtered: np.ndarray, types: np.ndarray, bpp: int) -> np.ndarray:
    """Reverses the per-row PNG filters. filtered: (H, rowbytes) uint8 without
    the filter-type bytes; bpp: bytes per complete pixel (>= 1)."""
    h, rowbytes = filtered.shape
    w = rowbytes // bpp
    if np.all(types <= 2):
        # None, Sub and Up only: each row is a vector operation.
        out = np.empty_like(filtered)
        prev = np.zeros(rowbytes, np.uint8)
        for y in range(h):
            t = types[y]
            if t == 0:
                out[y] = filtered[y]
            elif t == 1:
                np.cumsum(filtered[y].reshape(w, bpp), axis=0, dtype=np.uint8,
                          out=out[y].reshape(w, bpp))
            else:
                np.add(filtered[y], prev, out=out[y])
            prev = out[y]
        return out
    # Average and Paeth depend on the reconstructed left neighbour, so a row
    # cannot be done in one vector step. Pixel (y, x) needs only (y, x-1),
    # (y-1, x) and (y-1, x-1): every anti-diagonal y + x = d depends only on
    # the two before it, so sweep the diagonals, each as one vector step.
    recon = np.zeros((h + 1, w + 1, bpp), np.int16)  # padded: recon[y+1, x+1]
    filt = filtered.reshape(h, w, bpp).astype(np.int16)
    types = types.astype(np.intp)
    for d in range(h + w - 1):
        ys = np.arange(max(0, d - w + 1), min(h - 1, d) + 1)
        xs = d - ys
        a = recon[ys + 1, xs]
        b = recon[ys, xs + 1]
        c = recon[ys, xs]
        t = types[ys][:, None]
        pred = np.where(t == 1, a, 0)
        pred = np.where(t == 2, b, pred)
        pred = np.where(t == 3, (a + b) >> 1, pred)
        pred = np.where(t == 4, _paeth(a, b, c), pred)
        recon[ys + 1, xs + 1] = (filt[ys, xs] + pred) & 0xFF
    return recon[1:, 1:].astype(np.uint8).reshape(h, rowbytes)


def _decode_png16(data: bytes, width: int, height: int, color: int) -> np.ndarray:
    """Decodes a non-interlaced 16-bit PNG of color type 0, 2, 4 or 6."""
    channels = _PNG_CHANNELS[color]
    bpp = 2 * channels
    rowbytes = width * bpp
    expected = height * (rowbytes + 1)
    inflater = zlib.decompressobj()
    parts: list[bytes] = []
    total = 0
    seen_idat = idat_done = False
    for ctype, payload in _png_chunks(data):
        if ctype == b"IDAT":
            if idat_done:
                raise _Corrupt("IDAT chunks are not consecutive")
            seen_idat = True
            if total < expected:
                try:
                    # Never inflate more than the header promises (zip bombs).
                    piece = inflater.decompress(payload, expected - total)
                except zlib.error as e:
                    raise _Corrupt(f"corrupt compressed data ({e})") from None
                parts.append(piece)
                total += len(piece)
        else:
            if seen_idat:
                idat_done = True
            if ctype == b"IEND":
                break
            if ctype[0:1].isupper() and ctype not in (b"IHDR", b"PLTE"):
                raise _Corrupt(f"unknown critical chunk {ctype.decode('latin-1')!r}")
    if total < expected:
        raise _Corrupt(f"the image data is truncated ({total} of {expected} bytes)")
    raw = np.frombuffer(b"".join(parts), np.uint8).reshape(height, rowbytes + 1)
    types = raw[:, 0]
    if np.any(types > 4):
        raise _Corrupt(f"invalid filter type {int(types.max())}")
    pixels = _unfilter(raw[:, 1:], types, bpp)
    img = pixels.view(">u2").reshape(height, width, channels).astype(np.uint16)
    return img[:, :, 0] if channels == 1 else img


def _filter_rows(raw: np.ndarray, bpp: int) -> tuple[np.ndarray, np.ndarray]:
    """Chooses None, Sub or Up per row by the usual minimum-sum-of-absolute-
    differences heuristic. raw: (H, rowbytes) uint8. Returns (types, rows).
    Average and Paeth are left out on purpose: rows filtered with None, Sub or
    Up unfilter as whole-row vector operations when read back."""
    sub = raw.copy()
    np.subtract(raw[:, bpp:], raw[:, :-bpp], out=sub[:, bpp:])  # wraps modulo 256
    up = raw.copy()
    np.subtract(raw[1:], raw[:-1], out=up[1:])
    # |signed byte|: v for v < 128, 256 - v above.
    cost_of = np.minimum(np.arange(256), 256 - np.arange(256)).astype(np.uint32)
    costs = np.stack([cost_of[c].sum(axis=1) for c in (raw, sub, up)])
    types = np.argmin(costs, axis=0).astype(np.uint8)
    rows = np.where((types == 0)[:, None], raw, np.where((types == 1)[:, None], sub, up))
    return types, rows


def _png_chunk(ctype: bytes, payload: bytes) -> bytes:
    return (struct.pack(">I", len(payload)) + ctype + payload
            + struct.pack(">I", zlib.crc32(payload, zlib.crc32(ctype))))


def _encode_png16(img: np.ndarray) -> bytes:
    """Encodes (H, W, C) uint16, C in 1..4, as a 16-bit PNG."""
    h, w, c = img.shape
    raw = np.ascontiguousarray(img, dtype=">u2").view(np.uint8).reshape(h, w * c * 2)
    types, rows = _filter_rows(raw, 2 * c)
    stream = np.empty((h, raw.shape[1] + 1), np.uint8)
    stream[:, 0] = types
    stream[:, 1:] = rows
    # Level 3: about 4x faster than 6 on 16-bit photos, files ~2% larger.
    compressed = zlib.compress(stream.tobytes(), 3)
    ihdr = struct.pack(">IIBBBBB", w, h, 16, _PNG_COLOR_TYPE[c], 0, 0, 0)
    out = [_PNG_SIGNATURE, _png_chunk(b"IHDR", ihdr)]
    for i in range(0, max(len(compressed), 1), _IDAT_CHUNK):
        out.append(_png_chunk(b"IDAT", compressed[i : i + _IDAT_CHUNK]))
    out.append(_png_chunk(b"IEND", b""))
    return b"".join(out)


# --------------------------------------------------------------------------
# Pillow images -> arrays
# --------------------------------------------------------------------------


def _pil_to_array(im, fmt: str, path: str) -> np.ndarray:
    """The pixels as stored: (H, W) or (H, W, C) uint8 / uint16 / float32.
    Palettes are expanded to RGB(A) and exotic color spaces converted to RGB."""
    m = im.mode
    if m in ("L", "LA", "RGB", "RGBA"):
        pass
    elif m == "1":
        im = im.convert("L")
    elif m in ("P", "PA"):
        transparent = m == "PA" or "transparency" in im.info
        im = im.convert("RGBA" if transparent else "RGB")
    elif m == "La":
        im = im.convert("LA")
    elif m == "RGBa":
        im = im.convert("RGBA")
    elif m in ("RGBX", "CMYK", "YCbCr", "LAB", "HSV"):
        im = im.convert("RGB")
    elif m.startswith("I;16"):
        return np.array(im).astype(np.uint16)
    elif m == "I" and fmt == "PNG":
        # Older Pillow versions open 16-bit gray PNG as 32-bit "I".
        return np.array(im).astype(np.uint16)
    elif m == "F":
        return np.array(im, dtype=np.float32)
    else:
        raise TypeError(
            f"imread: '{path}' holds pixels of Pillow mode '{m}'; visioncore reads 8-bit and "
            "16-bit gray/RGB(A) images and 32-bit float gray TIFF"
        )
    return np.array(im)


def _tiff_bits(im) -> tuple[int, ...]:
    tags = getattr(im, "tag_v2", None)
    if tags is None:
        return ()
    bits = tags.get(258, ())
    return tuple(bits) if isinstance(bits, (tuple, list)) else (int(bits),)


def _apply_mode(img: np.ndarray, mode: str) -> np.ndarray:
    if mode == "unchanged":
        return img
    channels = 1 if img.ndim == 2 else img.shape[2]
    if mode == "gray":
        if channels == 1:
            return img
        if channels == 2:
            return np.ascontiguousarray(img[:, :, 0])
        return _core.rgb_to_gray(img)  # same numerics as OpenCV's RGB2GRAY
    # rgb
    if channels == 1:
        return np.repeat(img[:, :, None], 3, axis=2)
    if channels == 2:
        return np.repeat(img[:, :, :1], 3, axis=2)
    if channels == 4:
        return np.ascontiguousarray(img[:, :, :3])
    return img


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def imread(path: PathLike, mode: str = "rgb") -> np.ndarray:
    """Read a PNG, JPEG, BMP or TIFF file into a numpy array.

    The format is identified from the file's first bytes, not its name.

    Args:
        path: file to read (str or os.PathLike).
        mode: what to return:

            - ``"rgb"`` (default): (H, W, 3). Gray files are replicated to three
              channels; alpha is dropped (not composited); palettes expanded.
            - ``"gray"``: (H, W). Color files are converted with
              :func:`visioncore.rgb_to_gray` (OpenCV's RGB2GRAY numerics);
              a gray+alpha file gives its gray channel.
            - ``"unchanged"``: as stored: (H, W) gray, (H, W, 2) gray+alpha,
              (H, W, 3) RGB or (H, W, 4) RGBA; palettes expanded to RGB(A).

            All three keep the file's bit depth: 8-bit files give uint8,
            16-bit files give uint16 (also for ``"rgb"`` and ``"gray"``), and
            32-bit float gray TIFF gives float32. ``"rgb"`` and ``"gray"``
            apply the EXIF orientation of JPEG and TIFF files, as
            ``cv2.imread`` does; ``"unchanged"`` does not.

    Returns:
        A new C-contiguous array, channel order RGB(A).

    Raises:
        FileNotFoundError: the file does not exist.
        ValueError: bad ``mode``; the file is not PNG/JPEG/BMP/TIFF, or is
            corrupt or truncated (the message names the path); or an
            interlaced 16-bit color PNG or a 16-bit RGB TIFF, which this
            reader does not decode.
        visioncore.LimitExceeded: the header declares an image larger than
            ``build_info()["max_side"]`` / ``["max_pixels"]`` (checked before
            decoding; also Pillow's own decompression-bomb limit).
        TypeError: ``path`` is not a path, or the file holds a pixel format
            visioncore has no dtype for (e.g. 32-bit integer TIFF).

    Example:
        >>> img = vc.imread("photo.jpg")                   # (H, W, 3) uint8
        >>> raw = vc.imread("depth.png", mode="unchanged")  # (H, W) uint16
    """
    if not isinstance(mode, str) or mode not in _MODES:
        raise ValueError(
            f"imread: parameter 'mode': expected one of 'rgb', 'gray', 'unchanged'; got {mode!r}"
        )
    path = _fspath("imread", path)
    with open(path, "rb") as f:
        data = f.read()
    fmt = _sniff(data)
    if fmt is None:
        what = "is empty" if not data else "is not a PNG, JPEG, BMP or TIFF file"
        raise ValueError(f"imread: '{path}' {what} (supported: {_SUPPORTED_TEXT})")
    try:
        if fmt == "PNG":
            width, height, depth, color, interlace = _png_header(data)
            _check_limits("imread", path, width, height)
            if depth == 16 and color in (2, 4, 6):
                if interlace:
                    raise ValueError(
                        f"imread: '{path}' is an interlaced (Adam7) 16-bit color PNG, which "
                        "visioncore does not decode; re-save it without interlacing"
                    )
                return _apply_mode(_decode_png16(data, width, height, color), mode)
            # Pillow tolerates a missing IEND and some CRC errors; check the
            # chunk structure here so that every PNG is held to the same rules.
            for _ in _png_chunks(data):
                pass
        img = _read_with_pillow(data, fmt, mode, path)
    except _Corrupt as e:
        raise ValueError(f"imread: cannot decode '{path}': {e}") from None
    return _apply_mode(img, mode)


def _read_with_pillow(data: bytes, fmt: str, mode: str, path: str) -> np.ndarray:
    Image, ImageOps = _pil()
    try:
        im = Image.open(_io.BytesIO(data), formats=[fmt])
    except Image.DecompressionBombError as e:
        raise _core.LimitExceeded(
            f"imread: '{path}': {e} (Pillow's limit, PIL.Image.MAX_IMAGE_PIXELS)"
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError) as e:
        raise _Corrupt(str(e) or type(e).__name__) from None
    with im:
        _check_limits("imread", path, im.width, im.height)
        if fmt == "TIFF" and im.mode in ("RGB", "RGBA") and max(_tiff_bits(im), default=8) > 8:
            raise ValueError(
                f"imread: '{path}' is a {max(_tiff_bits(im))}-bit RGB TIFF, which Pillow decodes "
                "only to 8 bits; visioncore does not read it (save 16-bit color as PNG)"
            )
        try:
            im.load()
            if mode != "unchanged" and fmt in ("JPEG", "TIFF"):
                im = ImageOps.exif_transpose(im)
            return _pil_to_array(im, fmt, path)
        except (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError,
                zlib.error) as e:
            raise _Corrupt(str(e) or type(e).__name__) from None


def imwrite(path: PathLike, img: np.ndarray, *, quality: int = 95) -> None:
    """Write an image to a PNG, JPEG, BMP or TIFF file, chosen by extension.

    Args:
        path: destination; the extension picks the format
            (.png, .jpg/.jpeg/.jpe, .bmp, .tif/.tiff, any case).
        img: (H, W), (H, W, 1), (H, W, 2) gray+alpha, (H, W, 3) RGB or
            (H, W, 4) RGBA array, uint8 or uint16. Per format:
            PNG: uint8 and uint16, 1-4 channels (lossless).
            TIFF: uint8 with 1-4 channels, uint16 gray (uncompressed, lossless).
            BMP: uint8 gray or RGB. JPEG: uint8 gray or RGB (lossy).
        quality: JPEG quality 1..100 (ignored by the other formats).

    Raises:
        TypeError: ``img`` is not a numpy array or its dtype is not uint8 /
            uint16 (float images: scale and convert explicitly), or the format
            cannot store 16 bits (JPEG, BMP; TIFF with more than one channel).
        ValueError: unknown extension (the message lists the supported ones),
            a shape the format cannot store (e.g. alpha in JPEG/BMP), an
            empty image, or a bad ``quality``.
        visioncore.LimitExceeded: the image is above the library's size limits.
        OSError: the file cannot be written (e.g. FileNotFoundError for a
            missing folder).

    Example:
        >>> vc.imwrite("out.png", img)
    """
    path = _fspath("imwrite", path)
    ext = os.path.splitext(path)[1].lower()
    fmt = _EXTENSIONS.get(ext)
    if fmt is None:
        raise ValueError(
            f"imwrite: parameter 'path': expected a file name ending in one of {_SUPPORTED_TEXT};"
            f" got '{path}'"
        )
    if not isinstance(img, np.ndarray):
        raise TypeError(
            f"imwrite: parameter 'img': expected a numpy array; got {type(img).__name__}"
        )
    dt = img.dtype
    if dt.kind != "u" or dt.itemsize not in (1, 2):
        raise TypeError(
            f"imwrite: parameter 'img': expected uint8 or uint16 array; got {dt} {img.shape}"
        )
    if img.ndim not in (2, 3) or (img.ndim == 3 and not 1 <= img.shape[2] <= 4):
        raise ValueError(
            "imwrite: parameter 'img': expected an array of shape (H, W) or (H, W, C) with "
            f"C = 1..4; got {dt} {img.shape}"
        )
    if img.shape[0] == 0 or img.shape[1] == 0:
        raise ValueError(f"imwrite: parameter 'img': expected a non-empty image; got {img.shape}")
    if isinstance(quality, bool) or not isinstance(quality, (int, np.integer)) \
            or not 1 <= quality <= 100:
        raise ValueError(f"imwrite: parameter 'quality': expected an int in 1..100; got {quality!r}")
    _check_limits("imwrite", path, img.shape[1], img.shape[0])
    if img.ndim == 3 and img.shape[2] == 1:
        img = img[:, :, 0]
    channels = 1 if img.ndim == 2 else img.shape[2]
    sixteen = dt.itemsize == 2
    img = np.ascontiguousarray(img, dtype=np.uint16 if sixteen else np.uint8)

    if sixteen and (fmt in ("JPEG", "BMP") or (fmt == "TIFF" and channels > 1)):
        what = f"16-bit {channels}-channel TIFF" if fmt == "TIFF" else f"16-bit {fmt}"
        raise TypeError(
            f"imwrite: parameter 'img': {what} is not supported; got uint16 {img.shape} "
            f"(write PNG to keep 16 bits, or convert to uint8)"
        )
    if fmt in ("JPEG", "BMP") and channels not in (1, 3):
        raise ValueError(
            f"imwrite: parameter 'img': {fmt} stores gray (H, W) or RGB (H, W, 3) images; "
            f"got {dt} {img.shape} (write PNG or TIFF to keep an alpha channel)"
        )

    if sixteen and fmt == "PNG" and channels > 1:
        encoded = _encode_png16(img)
    else:
        Image, _ = _pil()
        buf = _io.BytesIO()
        pil = Image.fromarray(img)
        options = {"quality": int(quality)} if fmt == "JPEG" else {}
        pil.save(buf, format=fmt, **options)
        encoded = buf.getvalue()
    # Encode fully first, so a failure never leaves a partial file behind.
    with open(path, "wb") as f:
        f.write(encoded)
