"""Opening uploaded images safely: an allow-list of formats and a pixel limit checked from the
header, before a single pixel is decoded (a 1 KB PNG can claim 50,000 x 50,000 pixels).

    from berdaya.core.images import ImageRefused, open_image

    try:
        image = open_image(upload)  # decoded, at most MAX_PIXELS, JPEG/PNG/WebP only
    except ImageRefused as exc:
        raise RuleError.one(exc.code, exc.message, field="photo") from None
"""

from __future__ import annotations

import io
import warnings
from typing import IO, Any

from PIL import Image, UnidentifiedImageError

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
MAX_PIXELS = 40_000_000  # 40 megapixels: any phone photo, far from a decompression bomb
MAX_BYTES = 5 * 1024 * 1024


def photo_input_attrs() -> dict[str, str]:
    """A photo file input's attributes: the types and size the server accepts, for the browser to
    check before sending (static/js/upload.js) and to send with a progress bar."""
    return {"accept": "image/jpeg,image/png,image/webp", "data-max-bytes": str(MAX_BYTES)}


class ImageRefused(ValueError):
    """An upload that is not an allowed image: stable ``code`` + Indonesian ``message``."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


def _read(upload: IO[bytes] | bytes | Any, max_bytes: int) -> bytes:
    if isinstance(upload, bytes):
        raw = upload
    else:
        if hasattr(upload, "seek"):
            upload.seek(0)
        raw = upload.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise ImageRefused("photo_too_large", f"Foto paling besar {max_bytes // (1024 * 1024)} MB.")
    if not raw:
        raise ImageRefused("photo_invalid", "Berkas kosong. Pilih foto JPG, PNG atau WebP.")
    return raw


def open_image(
    upload: IO[bytes] | bytes | Any,
    *,
    formats: tuple[str, ...] = ALLOWED_FORMATS,
    max_pixels: int = MAX_PIXELS,
    max_bytes: int = MAX_BYTES,
) -> Image.Image:
    """The decoded image of ``upload`` (a file object or bytes). Only ``formats`` are tried; the
    pixel count is checked from the header before decoding. Raises ``ImageRefused``
    (``photo_invalid``, ``photo_too_large``)."""
    raw = _read(upload, max_bytes)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw), formats=list(formats))  # the header only
            width, height = image.size
            if width < 1 or height < 1 or width * height > max_pixels:
                raise ImageRefused(
                    "photo_too_large",
                    f"Ukuran foto terlalu besar (paling banyak {max_pixels // 1_000_000} "
                    "megapiksel).",
                )
            image.load()
    except ImageRefused:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused(
            "photo_invalid", "Berkas bukan gambar yang diterima (foto JPG, PNG atau WebP)."
        ) from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise ImageRefused("photo_invalid", "Berkas foto rusak atau tidak lengkap.") from None
    return image
