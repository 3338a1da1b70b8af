"""The one export of every staff list (issue 13): the list's own queryset (same selector, scope
and filter as the page) to XLSX or CSV, streamed, every cell formula-safe (``core.xlsx``), and
recorded with ``core.privacy.access_record`` (who, which list, the filter, how many rows).

    return export_list(request, fmt, queryset=qs.order_by("-pk"), columns=[
        Column("Nama", "person__full_name"),
        nik_column("NIK", "person__nik", full=selectors.can_see_full_nik(request.user)),
        choice_column("Status", "status", RegistrationStatus.choices),
    ], filename="mitra-binaan", subject="registry.Registration:list", purpose="...")

Rows are read with ``values_list`` of the columns' fields only (joins, never a query per row)
through ``.iterator(chunk_size=...)`` (a server-side cursor on PostgreSQL), so memory stays flat
at any size. ``export_rows`` takes rows a list builds itself (objects with computed values).

The row count: counted as the rows are written, never by a separate COUNT (a second scan of a
million rows, and a count that could differ from what was written). XLSX is written to a temp
file before the response is returned, so it is recorded right there with its exact count. CSV is
streamed after the view returns, so it is recorded when the stream ends: at the last row, or,
when the download is cut off, with the rows sent so far and "terputus" (the generator's
``finally`` runs when the server closes the response).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

from berdaya.core.masking import mask_nik
from berdaya.core.privacy import Action, access_record
from berdaya.core.xlsx import CSV_TYPE, csv_rows, xlsx_response

FORMATS = ("xlsx", "csv")
CHUNK = 2000


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # a values_list path, e.g. "person__full_name"
    convert: Callable[[Any], Any] | None = None


def nik_column(header: str, field: str, *, full: bool) -> Column:
    """The NIK in full when the role needs it (``full``), else masked by ``mask_nik``."""
    return Column(header, field, None if full else mask_nik)


def choice_column(header: str, field: str, choices: Iterable[tuple[Any, str]]) -> Column:
    labels = dict(choices)
    return Column(header, field, lambda v: labels.get(v, v))


def local_date(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(value).date() if value else None


def date_column(header: str, field: str) -> Column:
    """A timestamp written as the local date."""
    return Column(header, field, local_date)


def yes_no(value: Any) -> str:
    return "ya" if value else "tidak"


def filter_text(request) -> str:
    """The page's filter as it stands in the query string (paging cursors left out)."""
    query = request.GET.copy()
    for key in ("cursor", "setelah", "sebelum"):
        query.pop(key, None)
    return query.urlencode() or "semua"


def export_list(
    request,
    fmt: str,
    *,
    queryset: QuerySet,
    columns: Sequence[Column],
    filename: str,
    subject: str,
    purpose: str,
    sheet: str = "Data",
    filters: str | None = None,
    numbered: str = "",
) -> HttpResponseBase:
    """``queryset`` (ordered, already scoped and filtered like the page) as ``filename.xlsx`` or
    ``filename.csv``, recorded as an export of ``subject``. ``numbered``: the header of a first
    column numbering the rows 1, 2, 3 (none when empty)."""
    fields = [c.field for c in columns]
    converters = [c.convert for c in columns]
    headers = [c.header for c in columns]

    def rows() -> Iterator[list]:
        values = queryset.values_list(*fields).iterator(chunk_size=CHUNK)
        for number, row in enumerate(values, start=1):
            cells = [f(v) if f else v for f, v in zip(converters, row, strict=True)]
            yield [number, *cells] if numbered else cells

    return export_rows(
        request, fmt, headers=[numbered, *headers] if numbered else headers, rows=rows(),
        filename=filename,
        subject=subject, purpose=purpose, sheet=sheet, filters=filters,
    )  # fmt: skip


def export_rows(
    request,
    fmt: str,
    *,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    filename: str,
    subject: str,
    purpose: str,
    sheet: str = "Data",
    filters: str | None = None,
) -> HttpResponseBase:
    """``rows`` under ``headers`` as XLSX or CSV, counted as written and recorded."""
    if fmt not in FORMATS:
        raise Http404
    shown = filter_text(request) if filters is None else filters
    sent = 0

    def counted() -> Iterator[Sequence]:
        nonlocal sent
        for row in rows:
            sent += 1
            yield row

    def record(note: str = "") -> None:
        access_record(
            actor=request.user, action=Action.EXPORT, subject=subject, purpose=purpose,
            detail=f"{fmt.upper()} {sent} baris{note}; filter: {shown}",
        )  # fmt: skip

    if fmt == "xlsx":
        response = xlsx_response(f"{filename}.xlsx", headers, counted(), sheet=sheet)
        record()
        return response

    def lines() -> Iterator[str]:
        done = False
        try:
            yield from csv_rows(headers, counted())
            done = True
        finally:
            record("" if done else " (unduhan terputus)")

    streaming = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    streaming["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return streaming
