"""Fixtures of the imports tests: spreadsheets built on the fly."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from berdaya.registry.tests.conftest import ensure_reference_data

HEADERS = [
    "NIK", "Nama Lengkap", "L/P", "Tgl Lahir", "Kecamatan", "RT", "RW", "Kelurahan", "No HP",
    "Nama Usaha", "Sektor", "Omzet", "Modal", "Tgl Mulai Usaha", "Tgl Daftar",
]  # fmt: skip


def person_row(n: int = 1, **over) -> list:
    """A valid row: a woman born 17 Aug 1985 in Beji (NIK day 57 = 17 + 40)."""
    values = {
        "NIK": f"327606570885{n:04d}",
        "Nama Lengkap": f"Siti Aminah {n}",
        "L/P": "P",
        "Tgl Lahir": "17/08/1985",
        "Kecamatan": "Beji",
        "RT": 3,
        "RW": 7,
        "Kelurahan": "Beji",
        "No HP": f"0812{n:08d}",
        "Nama Usaha": f"Warung Bu Siti {n}",
        "Sektor": "56103",
        "Omzet": "Rp 60.000.000",
        "Modal": "5jt",
        "Tgl Mulai Usaha": "1 Maret 2020",
        "Tgl Daftar": datetime.date(2023, 5, 10),
    }
    values.update(over)
    return [values[h] for h in HEADERS]


def xlsx_bytes(rows: list[list], headers: list[str] | None = None, *, merge=None) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = book.add_worksheet()
    datefmt = book.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row(0, 0, headers or HEADERS)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                ws.write_datetime(r, c, value, datefmt)
            elif isinstance(value, int | float):
                ws.write_number(r, c, value)
            elif value is not None:
                ws.write_string(r, c, value)
    if merge:
        ws.merge_range(*merge, "gabung")
    book.close()
    return out.getvalue()


def csv_bytes(rows: list[list], headers: list[str] | None = None, delimiter=";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers or HEADERS)
    for row in rows:
        writer.writerow(
            [v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else v for v in row]
        )
    return out.getvalue().encode("utf-8")


def upload(data: bytes, name: str = "data.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.fixture
def refdata(db):
    ensure_reference_data()
