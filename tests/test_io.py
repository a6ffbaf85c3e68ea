"""imread / imwrite: round trips per format x dtype x channels, the 16-bit PNG
codec against OpenCV (both directions) and against an independent encoder
that uses every PNG filter, read modes, and every error path."""

from __future__ import annotations

import io
import pathlib
import struct
import time
import zlib

import numpy as np
import pytest
import visioncore as vc
from conftest import photo_rgb, random_image, structured_image

cv2 = pytest.importorskip("cv2")
Image = pytest.importorskip("PIL.Image")

SHAPES = [(1, 1), (37, 53)]
# (format extension, dtype, channels) that each format stores.
LOSSLESS = [
    ("png", np.uint8, 1), ("png", np.uint8, 2), ("png", np.uint8, 3), ("png", np.uint8, 4),
    ("png", np.uint16, 1), ("png", np.uint16, 2), ("png", np.uint16, 3), ("png", np.uint16, 4),
    ("tif", np.uint8, 1), ("tif", np.uint8, 2), ("tif", np.uint8, 3), ("tif", np.uint8, 4),
    ("tif", np.uint16, 1),
    ("bmp", np.uint8, 1), ("bmp", np.uint8, 3),
]
# combinations a format cannot store, with the error they raise
UNSUPPORTED = [
    ("jpg", np.uint16, 1, TypeError), ("jpg", np.uint16, 3, TypeError),
    ("bmp", np.uint16, 1, TypeError), ("bmp", np.uint16, 3, TypeError),
    ("tif", np.uint16, 2, TypeError), ("tif", np.uint16, 3, TypeError),
    ("tif", np.uint16, 4, TypeError),
    ("jpg", np.uint8, 2, ValueError), ("jpg", np.uint8, 4, ValueError),
    ("bmp", np.uint8, 2, ValueError), ("bmp", np.uint8, 4, ValueError),
]


def image(rng, shape, dtype, channels):
    return random_image(rng, *shape, None if channels == 1 else channels, dtype)


def to_bgr(img):
    """RGB(A) -> BGR(A) for comparison with cv2."""
    if img.ndim == 2:
        return img
    return img[:, :, [2, 1, 0, 3][: img.shape[2]]]


# --- PNG helpers independent of the code under test ---------------------------

def chunk(ctype: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + ctype + payload + struct.pack(
        ">I", zlib.crc32(ctype + payload))


def png_bytes(ihdr: tuple, stream: bytes, extra: list[bytes] = ()) -> bytes:
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", *ihdr))
            + b"".join(extra) + chunk(b"IDAT", zlib.compress(stream)) + chunk(b"IEND", b""))


def encode_all_filters(img: np.ndarray) -> bytes:
    """A plain, per-byte 16-bit PNG encoder that cycles through all five
    filter types row by row (PNG spec section 9)."""
    h, w = img.shape[:2]
    c = 1 if img.ndim == 2 else img.shape[2]
    raw = np.ascontiguousarray(img, dtype=">u2").view(np.uint8).reshape(h, w * c * 2)
    raw = raw.astype(int)
    bpp = 2 * c
    out = bytearray()
    for y in range(h):
        ftype = y % 5
        out.append(ftype)
        for x in range(raw.shape[1]):
            a = raw[y, x - bpp] if x >= bpp else 0
            b = raw[y - 1, x] if y > 0 else 0
            cc = raw[y - 1, x - bpp] if (y > 0 and x >= bpp) else 0
            if ftype == 0:
                pred = 0
            elif ftype == 1:
                pred = a
            elif ftype == 2:
                pred = b
            elif ftype == 3:
                pred = (a + b) // 2
            else:
                p = a + b - cc
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - cc)
                pred = a if (pa <= pb and pa <= pc) else (b if pb <= pc else cc)
            out.append((raw[y, x] - pred) % 256)
    color = {1: 0, 2: 4, 3: 2, 4: 6}[c]
    return png_bytes((w, h, 16, color, 0, 0, 0), bytes(out))


# --- round trips ---------------------------------------------------------------

@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("ext,dtype,channels", LOSSLESS)
def test_lossless_round_trip(tmp_path, rng, ext, dtype, channels, shape):
    img = image(rng, shape, dtype, channels)
    path = tmp_path / f"img.{ext}"
    vc.imwrite(path, img)
    got = vc.imread(path, mode="unchanged")
    assert got.dtype == img.dtype and got.shape == img.shape
    assert got.flags.c_contiguous and got.flags.writeable
    np.testing.assert_array_equal(got, img)


@pytest.mark.parametrize("channels", [1, 3])
def test_jpeg_round_trip_within_tolerance(tmp_path, channels):
    img = photo_rgb()[:200, :300]
    if channels == 1:
        img = vc.rgb_to_gray(img)
    path = tmp_path / "img.jpg"
    vc.imwrite(path, img)
    got = vc.imread(path, mode="unchanged")
    assert got.dtype == np.uint8 and got.shape == img.shape
    err = np.abs(got.astype(int) - img.astype(int))
    assert err.mean() < 3 and np.percentile(err, 99) < 20
    # lower quality: smaller file, larger error
    vc.imwrite(tmp_path / "low.jpg", img, quality=20)
    assert (tmp_path / "low.jpg").stat().st_size < path.stat().st_size
    low = vc.imread(tmp_path / "low.jpg", mode="unchanged")
    assert np.abs(low.astype(int) - img.astype(int)).mean() > err.mean()


@pytest.mark.parametrize("ext,dtype,channels,error", UNSUPPORTED)
def test_format_cannot_store(tmp_path, rng, ext, dtype, channels, error):
    img = image(rng, (5, 6), dtype, channels)
    path = tmp_path / f"img.{ext}"
    fmt = {"jpg": "JPEG", "bmp": "BMP", "tif": "TIFF"}[ext]
    with pytest.raises(error, match=rf"imwrite: parameter 'img'.*{fmt}"):
        vc.imwrite(path, img)
    assert not path.exists()  # nothing half-written


def test_single_channel_3d_writes_gray(tmp_path, rng):
    img = random_image(rng, 9, 11, 1, np.uint16)
    vc.imwrite(tmp_path / "g.png", img)
    np.testing.assert_array_equal(vc.imread(tmp_path / "g.png", "unchanged"), img[:, :, 0])


def test_strided_and_big_endian_inputs(tmp_path, rng):
    big = random_image(rng, 40, 60, 3, np.uint16)
    view = big[3:30:2, 5:50:3]
    vc.imwrite(tmp_path / "v.png", view)
    np.testing.assert_array_equal(vc.imread(tmp_path / "v.png", "unchanged"), view)
    vc.imwrite(tmp_path / "be.png", view.astype(">u2"))
    np.testing.assert_array_equal(vc.imread(tmp_path / "be.png", "unchanged"), view)
    vc.imwrite(tmp_path / "v8.bmp", big[::2, ::3].astype(np.uint8))
    np.testing.assert_array_equal(vc.imread(tmp_path / "v8.bmp"), big[::2, ::3].astype(np.uint8))


def test_paths_extensions_and_sniffing(tmp_path, rng):
    img = random_image(rng, 8, 9, 3, np.uint8)
    for name in ("a.PNG", "b.TiFf", "c.Bmp"):
        vc.imwrite(str(tmp_path / name), img)
        np.testing.assert_array_equal(vc.imread(str(tmp_path / name)), img)
    vc.imwrite(tmp_path / "d.jpeg", img)
    vc.imwrite(tmp_path / "e.jpe", img)
    # reading identifies the format by content, not by name
    (tmp_path / "a.PNG").rename(tmp_path / "misnamed.dat")
    np.testing.assert_array_equal(vc.imread(tmp_path / "misnamed.dat"), img)


# --- 16-bit PNG against OpenCV, and every filter type ---------------------------

@pytest.mark.parametrize("channels", [1, 3, 4])
@pytest.mark.parametrize("shape", [(1, 1), (2, 3), (37, 53), (120, 257)])
def test_png16_ours_read_by_opencv(tmp_path, rng, channels, shape):
    for img in (image(rng, shape, np.uint16, channels),
                structured_image(*shape, None if channels == 1 else channels, np.uint16)):
        vc.imwrite(tmp_path / "o.png", img)
        ref = cv2.imread(str(tmp_path / "o.png"), cv2.IMREAD_UNCHANGED)
        assert ref.dtype == np.uint16
        np.testing.assert_array_equal(ref, to_bgr(img))


@pytest.mark.parametrize("level", [0, 1, 9])
@pytest.mark.parametrize("channels", [1, 3, 4])
@pytest.mark.parametrize("shape", [(1, 1), (37, 53), (120, 257)])
def test_png16_opencv_read_by_ours(tmp_path, rng, channels, shape, level):
    for img in (image(rng, shape, np.uint16, channels),
                structured_image(*shape, None if channels == 1 else channels, np.uint16)):
        path = str(tmp_path / "cv.png")
        assert cv2.imwrite(path, to_bgr(img), [cv2.IMWRITE_PNG_COMPRESSION, level])
        got = vc.imread(path, mode="unchanged")
        assert got.dtype == np.uint16
        np.testing.assert_array_equal(got, img)


def test_png8_and_tiff16_cross_opencv(tmp_path, rng):
    rgb = random_image(rng, 31, 45, 3, np.uint8)
    vc.imwrite(tmp_path / "o8.png", rgb)
    np.testing.assert_array_equal(cv2.imread(str(tmp_path / "o8.png")), to_bgr(rgb))
    cv2.imwrite(str(tmp_path / "c8.png"), to_bgr(rgb))
    np.testing.assert_array_equal(vc.imread(tmp_path / "c8.png"), rgb)
    g16 = random_image(rng, 31, 45, None, np.uint16)
    vc.imwrite(tmp_path / "o16.tif", g16)
    np.testing.assert_array_equal(cv2.imread(str(tmp_path / "o16.tif"), cv2.IMREAD_UNCHANGED), g16)
    cv2.imwrite(str(tmp_path / "c16.tif"), g16)
    np.testing.assert_array_equal(vc.imread(tmp_path / "c16.tif", "unchanged"), g16)


def test_jpeg_written_by_opencv_reads_close(tmp_path):
    img = photo_rgb()[:128, :160]
    cv2.imwrite(str(tmp_path / "c.jpg"), to_bgr(img))
    ours = vc.imread(tmp_path / "c.jpg")
    theirs = cv2.imread(str(tmp_path / "c.jpg"))[:, :, ::-1]
    assert np.abs(ours.astype(int) - theirs.astype(int)).max() <= 2  # IDCT variants


@pytest.mark.parametrize("channels", [1, 2, 3, 4])
@pytest.mark.parametrize("shape", [(1, 1), (5, 1), (1, 7), (11, 13)])
def test_png16_every_filter_type(tmp_path, rng, channels, shape):
    img = image(rng, shape, np.uint16, channels)
    (tmp_path / "f.png").write_bytes(encode_all_filters(img))
    np.testing.assert_array_equal(vc.imread(tmp_path / "f.png", mode="unchanged"), img)


def test_png16_smooth_image_all_filters(tmp_path):
    img = structured_image(23, 29, 3, np.uint16)
    (tmp_path / "f.png").write_bytes(encode_all_filters(img))
    np.testing.assert_array_equal(vc.imread(tmp_path / "f.png", mode="unchanged"), img)


def test_png16_ancillary_chunks_are_skipped(tmp_path, rng):
    img = random_image(rng, 4, 5, 3, np.uint16)
    stream = b"".join(b"\x00" + img[y].astype(">u2").tobytes() for y in range(4))
    extra = [chunk(b"gAMA", struct.pack(">I", 45455)), chunk(b"tEXt", b"Comment\x00hello")]
    (tmp_path / "x.png").write_bytes(png_bytes((5, 4, 16, 2, 0, 0, 0), stream, extra))
    np.testing.assert_array_equal(vc.imread(tmp_path / "x.png", mode="unchanged"), img)


def test_png16_large_is_reasonably_fast(tmp_path, rng):
    img = (np.cumsum(random_image(rng, 480, 640, 3, np.uint16) >> 8, axis=1)).astype(np.uint16)
    t0 = time.perf_counter()
    vc.imwrite(tmp_path / "l.png", img)
    got = vc.imread(tmp_path / "l.png", mode="unchanged")
    assert time.perf_counter() - t0 < 10
    np.testing.assert_array_equal(got, img)


# --- read modes ------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_modes_on_rgb_file(tmp_path, rng, dtype):
    img = random_image(rng, 17, 19, 3, dtype)
    vc.imwrite(tmp_path / "c.png", img)
    rgb = vc.imread(tmp_path / "c.png")  # default mode: rgb, keeps 16 bits
    assert rgb.dtype == np.dtype(dtype) and rgb.shape == (17, 19, 3)
    np.testing.assert_array_equal(rgb, img)
    gray = vc.imread(tmp_path / "c.png", mode="gray")
    assert gray.dtype == np.dtype(dtype) and gray.shape == (17, 19)
    np.testing.assert_array_equal(gray, cv2.cvtColor(img, cv2.COLOR_RGB2GRAY))


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_modes_on_rgba_file(tmp_path, rng, dtype):
    img = random_image(rng, 17, 19, 4, dtype)
    vc.imwrite(tmp_path / "c.png", img)
    np.testing.assert_array_equal(vc.imread(tmp_path / "c.png"), img[:, :, :3])
    np.testing.assert_array_equal(vc.imread(tmp_path / "c.png", "gray"),
                                  cv2.cvtColor(img, cv2.COLOR_RGBA2GRAY))
    np.testing.assert_array_equal(vc.imread(tmp_path / "c.png", "unchanged"), img)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_modes_on_gray_and_gray_alpha_files(tmp_path, rng, dtype):
    g = random_image(rng, 6, 7, None, dtype)
    vc.imwrite(tmp_path / "g.png", g)
    np.testing.assert_array_equal(vc.imread(tmp_path / "g.png"), np.dstack([g, g, g]))
    np.testing.assert_array_equal(vc.imread(tmp_path / "g.png", "gray"), g)
    ga = random_image(rng, 6, 7, 2, dtype)
    vc.imwrite(tmp_path / "ga.png", ga)
    got = vc.imread(tmp_path / "ga.png")
    assert got.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(got, np.repeat(ga[:, :, :1], 3, axis=2))
    np.testing.assert_array_equal(vc.imread(tmp_path / "ga.png", "gray"), ga[:, :, 0])


def test_palette_and_bilevel_files(tmp_path, rng):
    rgb = random_image(rng, 10, 12, 3, np.uint8) // 64 * 64  # few colors
    pal = Image.fromarray(rgb).quantize(16)
    pal.save(tmp_path / "p.png")
    np.testing.assert_array_equal(vc.imread(tmp_path / "p.png"), np.asarray(pal.convert("RGB")))
    pal.save(tmp_path / "pt.png", transparency=0)
    assert vc.imread(tmp_path / "pt.png", "unchanged").shape == (10, 12, 4)
    bits = Image.fromarray(rgb[:, :, 0] > 100)
    bits.save(tmp_path / "b.png")
    got = vc.imread(tmp_path / "b.png", "unchanged")
    assert got.dtype == np.uint8
    np.testing.assert_array_equal(got, np.where(rgb[:, :, 0] > 100, 255, 0))


def test_float_tiff_reads_as_float32(tmp_path, rng):
    f = rng.random((5, 6), dtype=np.float32)
    Image.fromarray(f, mode="F").save(tmp_path / "f.tif")
    got = vc.imread(tmp_path / "f.tif", "unchanged")
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, f)
    assert vc.imread(tmp_path / "f.tif").shape == (5, 6, 3)


def test_exif_orientation_applied_except_unchanged(tmp_path, rng):
    img = random_image(rng, 16, 24, 3, np.uint8)
    pil = Image.fromarray(img)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise on display
    pil.save(tmp_path / "o.jpg", exif=exif.tobytes(), quality=100)
    assert vc.imread(tmp_path / "o.jpg", "unchanged").shape == (16, 24, 3)
    assert vc.imread(tmp_path / "o.jpg").shape == (24, 16, 3)
    assert vc.imread(tmp_path / "o.jpg", "gray").shape == (24, 16)
    assert cv2.imread(str(tmp_path / "o.jpg")).shape == (24, 16, 3)  # same as OpenCV


# --- errors ------------------------------------------------------------------------

def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError):
        vc.imread(tmp_path / "nope.png")


@pytest.mark.parametrize("mode", ["RGB", "color", "", None, 1])
def test_bad_mode(tmp_path, mode):
    with pytest.raises(ValueError, match="imread: parameter 'mode'"):
        vc.imread(tmp_path / "whatever.png", mode=mode)


@pytest.mark.parametrize("content", [b"", b"hello world", b"GIF89a" + bytes(40),
                                     b"\x89PNG\r\n\x1a\n" + bytes(10), b"\xff\xd8\xff" + bytes(20)])
def test_undecodable_names_path(tmp_path, content):
    path = tmp_path / "bad.png"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="bad.png"):
        vc.imread(path)


@pytest.mark.parametrize("ext,dtype,channels", [("png", np.uint8, 3), ("png", np.uint16, 3),
                                                ("png", np.uint16, 1), ("jpg", np.uint8, 3),
                                                ("bmp", np.uint8, 3), ("tif", np.uint8, 3)])
@pytest.mark.parametrize("keep", [0.3, 0.8, -8])
def test_truncated_names_path(tmp_path, rng, ext, dtype, channels, keep):
    img = image(rng, (40, 50), dtype, channels)
    vc.imwrite(tmp_path / f"ok.{ext}", img)
    data = (tmp_path / f"ok.{ext}").read_bytes()
    cut = data[:keep] if keep < 0 else data[: int(len(data) * keep)]
    (tmp_path / f"cut.{ext}").write_bytes(cut)
    with pytest.raises(ValueError, match=f"cut.{ext}"):
        vc.imread(tmp_path / f"cut.{ext}")


def test_png16_corruption_detected(tmp_path, rng):
    img = random_image(rng, 20, 30, 3, np.uint16)
    vc.imwrite(tmp_path / "ok.png", img)
    data = bytearray((tmp_path / "ok.png").read_bytes())
    flipped = bytearray(data)
    flipped[60] ^= 0xFF  # inside IDAT: CRC no longer matches
    (tmp_path / "crc.png").write_bytes(bytes(flipped))
    with pytest.raises(ValueError, match="CRC"):
        vc.imread(tmp_path / "crc.png")
    stream = bytes([7]) + bytes(30 * 6)  # filter type 7 does not exist
    (tmp_path / "ft.png").write_bytes(png_bytes((30, 1, 16, 2, 0, 0, 0), stream))
    with pytest.raises(ValueError, match="filter type"):
        vc.imread(tmp_path / "ft.png")
    (tmp_path / "z.png").write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 3, 3, 16, 2, 0, 0, 0))
        + chunk(b"IDAT", b"not zlib at all") + chunk(b"IEND", b""))
    with pytest.raises(ValueError, match="z.png"):
        vc.imread(tmp_path / "z.png")
    (tmp_path / "d.png").write_bytes(png_bytes((3, 3, 16, 3, 0, 0, 0), b""))  # palette 16-bit
    with pytest.raises(ValueError, match="bit depth"):
        vc.imread(tmp_path / "d.png")


def test_interlaced_png16_color_rejected(tmp_path):
    (tmp_path / "i.png").write_bytes(png_bytes((4, 4, 16, 2, 0, 0, 1), b"\x00" * 10))
    with pytest.raises(ValueError, match="interlaced"):
        vc.imread(tmp_path / "i.png")


def test_rgb16_tiff_is_a_clear_error(tmp_path, rng):
    img = random_image(rng, 6, 7, 3, np.uint16)
    cv2.imwrite(str(tmp_path / "r.tif"), img)
    with pytest.raises(ValueError, match="16-bit RGB TIFF"):
        vc.imread(tmp_path / "r.tif")


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.bool_, np.int32, np.int16, np.int8,
                                   np.uint32, np.complex64])
def test_imwrite_bad_dtype(tmp_path, dtype):
    with pytest.raises(TypeError, match="imwrite: parameter 'img'.*uint8 or uint16"):
        vc.imwrite(tmp_path / "x.png", np.zeros((4, 5, 3), dtype))
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("shape", [(5,), (2, 3, 4, 1), (4, 5, 5), (0, 5), (4, 0, 3)])
def test_imwrite_bad_shape(tmp_path, shape):
    with pytest.raises(ValueError, match="imwrite: parameter 'img'"):
        vc.imwrite(tmp_path / "x.png", np.zeros(shape, np.uint8))


def test_imwrite_bad_arguments(tmp_path):
    img = np.zeros((4, 5, 3), np.uint8)
    with pytest.raises(TypeError, match="numpy array"):
        vc.imwrite(tmp_path / "x.png", [[1, 2], [3, 4]])
    for name in ("x.gif", "x", "x.png.txt", "x.webp"):
        with pytest.raises(ValueError, match=r"\.png.*\.tiff|\.bmp.*\.png"):
            vc.imwrite(tmp_path / name, img)
    for q in (0, 101, 2.5, "high", True):
        with pytest.raises(ValueError, match="quality"):
            vc.imwrite(tmp_path / "x.jpg", img, quality=q)
    with pytest.raises(TypeError, match="path"):
        vc.imwrite(123, img)
    with pytest.raises(TypeError, match="path"):
        vc.imread(None)
    with pytest.raises(FileNotFoundError):
        vc.imwrite(tmp_path / "no" / "such" / "dir.png", img)


def test_read_directory_is_oserror(tmp_path):
    with pytest.raises(OSError):
        vc.imread(tmp_path)


# --- decompression bombs: refused from the header, fast ---------------------------

def bmp_header(width: int, height: int) -> bytes:
    return (b"BM" + struct.pack("<IHHI", 54, 0, 0, 54)
            + struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, 0, 0, 0, 0, 0))


def jpeg_header(width: int, height: int) -> bytes:
    sof = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + b"\xff\xc0" + struct.pack(">H", len(sof) + 2) + sof + b"\xff\xd9"


@pytest.mark.parametrize("depth,color", [(8, 2), (16, 2), (16, 6), (16, 0), (8, 0)])
@pytest.mark.parametrize("size", [(1 << 16, 1 << 15), (1 << 21, 1)])
def test_png_bomb_refused_from_header(tmp_path, depth, color, size):
    w, h = size
    (tmp_path / "bomb.png").write_bytes(png_bytes((w, h, depth, color, 0, 0, 0), b"\x00" * 64))
    t0 = time.perf_counter()
    with pytest.raises(vc.LimitExceeded, match="bomb.png"):
        vc.imread(tmp_path / "bomb.png")
    assert time.perf_counter() - t0 < 1.0


@pytest.mark.parametrize("maker,name", [(bmp_header, "bomb.bmp"), (jpeg_header, "bomb.jpg")])
def test_other_bombs_refused(tmp_path, maker, name):
    (tmp_path / name).write_bytes(maker(60000, 60000))
    t0 = time.perf_counter()
    with pytest.raises(vc.LimitExceeded):
        vc.imread(tmp_path / name)
    assert time.perf_counter() - t0 < 1.0
    assert issubclass(vc.LimitExceeded, ValueError)


def test_zip_bomb_inflates_only_what_the_header_declares(tmp_path):
    # A 2x2 16-bit RGB image whose IDAT inflates to 64 MiB: only 26 bytes are
    # used, the rest is never inflated.
    stream = bytes(2 * (1 + 12)) + bytes(64 << 20)
    (tmp_path / "z.png").write_bytes(png_bytes((2, 2, 16, 2, 0, 0, 0), stream))
    np.testing.assert_array_equal(vc.imread(tmp_path / "z.png", "unchanged"),
                                  np.zeros((2, 2, 3), np.uint16))


def test_pathlib_and_bytes_io_independence(tmp_path, rng):
    img = random_image(rng, 5, 5, 3, np.uint8)
    p = pathlib.Path(tmp_path) / "p.png"
    vc.imwrite(p, img)
    buf = io.BytesIO(p.read_bytes())
    np.testing.assert_array_equal(np.asarray(Image.open(buf)), img)  # a normal PNG
