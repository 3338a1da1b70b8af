"""XLSX exports written with XlsxWriter in constant-memory mode (rows streamed to disk)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence

import xlsxwriter
from django.http import FileResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence], *, sheet: str = "Data"
) -> FileResponse:
    """An XLSX download of ``rows`` under ``headers``. Money columns should be ints (Rupiah)."""
    tmp = tempfile.TemporaryFile(suffix=".xlsx")
    book = xlsxwriter.Workbook(tmp, {"constant_memory": True, "in_memory": False})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    ws.write_row(0, 0, list(headers), bold)
    for index, row in enumerate(rows, start=1):
        ws.write_row(index, 0, [("" if v is None else v) for v in row])
    ws.freeze_panes(1, 0)
    book.close()
    tmp.seek(0)
    return FileResponse(tmp, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
