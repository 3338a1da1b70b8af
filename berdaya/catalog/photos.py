"""Product photos: checked by content with Pillow, re-encoded to WebP in three widths without
metadata. Runs before the database write (never inside a transaction)."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from berdaya.core.errors import RuleError
from berdaya.core.images import ImageRefused, open_image

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # checked from the header, before any pixel is decoded
WIDTHS = (320, 640, 1280)


@dataclass
class Renditions:
    token: str
    width: int
    height: int
    files: dict[int, bytes]


def _refuse(code: str, message: str) -> RuleError:
    return RuleError.one(code, message, field="file")


def process(upload) -> Renditions:
    """``upload``: a Django UploadedFile (or any file object with ``size``/``read``)."""
    size = getattr(upload, "size", None)
    if size is None:
        data = upload.read()
        size = len(data)
        upload = io.BytesIO(data)
    if size > MAX_BYTES:
        raise _refuse(
            "photo_too_large", "Foto lebih dari 5 MB. Kecilkan ukurannya lalu unggah lagi."
        )
    if size == 0:
        raise _refuse("photo_invalid", "Berkas kosong. Pilih foto JPG, PNG atau WebP.")
    try:
        image = open_image(upload, max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS)
    except ImageRefused as exc:
        raise _refuse(exc.code, exc.message) from None
    upright: Image.Image = ImageOps.exif_transpose(image)
    alpha = upright.mode in ("RGBA", "LA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    image = upright.convert("RGBA" if alpha else "RGB")
    files: dict[int, bytes] = {}
    for target in WIDTHS:
        copy = image.copy()
        if copy.width > target:
            copy = copy.resize(
                (target, max(1, round(copy.height * target / copy.width))), Image.Resampling.LANCZOS
            )
        out = io.BytesIO()
        # A fresh image carries no EXIF/GPS/XMP/ICC: nothing is passed to save().
        clean = Image.new(copy.mode, copy.size)
        clean.paste(copy)
        clean.save(out, format="WEBP", quality=78, method=4)
        files[target] = out.getvalue()
    return Renditions(secrets.token_hex(12), image.width, image.height, files)


def store(renditions: Renditions, *, product_id: int) -> list[str]:
    names = []
    for width, data in renditions.files.items():
        name = f"catalog/{product_id}/{renditions.token}-{width}.webp"
        names.append(default_storage.save(name, ContentFile(data)))
    return names


def delete_files(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            pass
