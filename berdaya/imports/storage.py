"""A local path for a stored upload (calamine reads files by path), and the download of an
import's invalid rows (the page and the API give the same file)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator

from django.http import FileResponse, Http404

from berdaya.core.xlsx import XLSX_TYPE


@contextlib.contextmanager
def local_path(field_file) -> Iterator[str]:
    """The file's own path when the storage is on disk, else a temporary copy."""
    try:
        path = field_file.path
    except (NotImplementedError, AttributeError, ValueError):
        path = None
    if path and os.path.exists(path):
        yield path
        return
    suffix = os.path.splitext(field_file.name or "")[1]
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as tmp:
        with field_file.storage.open(field_file.name, "rb") as src:
            shutil.copyfileobj(src, tmp, 1024 * 1024)
        name = tmp.name
    try:
        yield name
    finally:
        os.unlink(name)


def errors_download(imp) -> FileResponse:
    """The XLSX of ``imp``'s invalid rows (original columns plus ``alasan``); 404 without one."""
    if not imp.errors_file:
        raise Http404("Tidak ada baris bermasalah.")
    return FileResponse(
        imp.errors_file.open("rb"),
        as_attachment=True,
        filename=f"impor-{imp.pk}-baris-bermasalah.xlsx",
        content_type=XLSX_TYPE,
    )
