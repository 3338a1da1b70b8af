"""The one writer of spreadsheets (XLSX and CSV) that Berdaya hands out.

Every string cell is written as text, never as a formula: a string that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading apostrophe (OWASP "CSV injection"), so
text typed by the public (a business name ``=HYPERLINK(...)``) can never become a live formula in
a staff member's spreadsheet. Numbers stay numbers (a negative int is still a number); only
strings are neutralised. Use ``xlsx_response`` / ``csv_response`` (or ``safe_cell`` when writing
rows yourself) for every export.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import xlsxwriter
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """``value`` with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def safe_cell(value: Any) -> Any:
    """A value ready for a cell: numbers, booleans and dates as they are, None as "", anything
    else as neutralised text."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (bool, int, float, decimal.Decimal, datetime.date)):
        return value
    return safe_text(str(value))


def write_xlsx(
    target: Any, headers: Sequence[str], rows: Iterable[Sequence], *, sheet: str = "Data"
) -> None:
    """Write one sheet into ``target`` (a path or a binary file object), rows streamed."""
    book = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "in_memory": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    datetime_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for col, header in enumerate(headers):
        ws.write_string(0, col, safe_text(str(header)), bold)
    for index, row in enumerate(rows, start=1):
        for col, raw in enumerate(row):
            value = safe_cell(raw)
            if isinstance(value, str):
                ws.write_string(index, col, value)
            elif isinstance(value, bool):
                ws.write_boolean(index, col, value)
            elif isinstance(value, datetime.datetime):
                ws.write_datetime(index, col, value, datetime_format)
            elif isinstance(value, datetime.date):
                ws.write_datetime(index, col, value, date_format)
            else:
                ws.write_number(index, col, value)
    ws.freeze_panes(1, 0)
    book.close()


def xlsx_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence], *, sheet: str = "Data"
) -> FileResponse:
    """An XLSX download of ``rows`` under ``headers``. Money columns should be ints (Rupiah)."""
    tmp = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(tmp, headers, rows, sheet=sheet)
    tmp.seek(0)
    return FileResponse(tmp, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(headers: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The lines of a CSV file (UTF-8 BOM first, so Excel reads the characters right)."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow([safe_text(str(h)) for h in headers])
    for row in rows:
        cells = []
        for raw in row:
            value = safe_cell(raw)
            if isinstance(value, datetime.datetime):
                value = value.isoformat(sep=" ", timespec="minutes")
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            cells.append(value)
        yield writer.writerow(cells)


def csv_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """A CSV download of ``rows`` under ``headers``, streamed, every string neutralised."""
    response = StreamingHttpResponse(csv_rows(headers, rows), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
