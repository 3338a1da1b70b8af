"""The XLSX of an import's invalid rows, written while the rows are checked."""

from __future__ import annotations

import datetime
import tempfile
from typing import IO

import xlsxwriter
from django.core.files import File

from berdaya.imports.models import Import


class ErrorsBook:
    """The invalid rows as XLSX, written as they are found (constant memory): ``baris``, the
    original columns, then ``alasan``.

    The book may be written by another process (the import's checks, forked after
    ``shared_file``): that process ``finish``-es it, and this one, told so, ``adopt``-s what
    was written into the shared file."""

    def __init__(self, file: IO[bytes] | None = None) -> None:
        self.headers: list[str] = []
        self.count = 0
        self._tmp: IO[bytes] | None = file
        self._book: xlsxwriter.Workbook | None = None
        self._finished = False  # closed into ``_tmp``, here or in the process that wrote it

    def shared_file(self) -> IO[bytes]:
        """The file the book is written into, opened now (before a fork that writes it)."""
        if self._tmp is None:
            self._tmp = tempfile.TemporaryFile(suffix=".xlsx")
        return self._tmp

    def finish(self) -> bool:
        """Close the book into its file (once); True when it holds a row."""
        if self._book is not None:
            assert self._tmp is not None
            self._book.close()
            self._tmp.flush()
            self._book, self._finished = None, True
        return self._finished

    def adopt(self, count: int) -> None:
        """The book another process wrote into ``shared_file`` and finished, ``count`` rows."""
        self.count, self._finished = count, True

    def add(self, number: int, cells: list, reason: str) -> None:
        if self._book is None:
            self._open()
        ws, width, index = self._ws, len(self.headers), self.count + 1
        self.count = index
        ws.write_number(index, 0, number)
        for col in range(width):
            value = cells[col] if col < len(cells) else None
            if value is None or value == "":
                continue
            if isinstance(value, datetime.datetime | datetime.date):
                ws.write_datetime(index, col + 1, value, self._date)
            elif isinstance(value, float | int) and not isinstance(value, bool):
                ws.write_number(index, col + 1, value)
            else:
                ws.write_string(index, col + 1, str(value), self._text)
        ws.write_string(index, width + 1, reason)

    def _open(self) -> None:
        self.shared_file()
        self._book = book = xlsxwriter.Workbook(
            self._tmp, {"constant_memory": True, "in_memory": False}
        )
        self._ws = ws = book.add_worksheet("Baris bermasalah")
        self._text = book.add_format({"num_format": "@"})
        self._date = book.add_format({"num_format": "dd/mm/yyyy"})
        ws.write_row(0, 0, ["baris", *self.headers, "alasan"], book.add_format({"bold": True}))
        ws.freeze_panes(1, 0)

    def save_to(self, imp: Import) -> None:
        """Attach the book to ``imp.errors_file`` (or remove an old one when no row failed)."""
        self.finish()
        if not self._finished:
            if imp.errors_file:
                imp.errors_file.delete(save=False)
            return
        assert self._tmp is not None
        self._tmp.seek(0)
        imp.errors_file.save(f"impor-{imp.pk}-baris-bermasalah.xlsx", File(self._tmp), save=False)

    def close(self) -> None:
        if self._tmp is not None:
            self._tmp.close()
