"""A local path for a stored upload (calamine reads files by path)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator


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
