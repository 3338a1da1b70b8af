"""Spreadsheets written by Berdaya never carry a live formula (issue 8, class 3)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from berdaya.core.xlsx import FORMULA_PREFIXES, csv_rows, safe_cell, xlsx_response

DANGEROUS = ['=HYPERLINK("http://x","klik")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def _read_xlsx(response) -> list[tuple]:
    data = b"".join(response.streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book.active
    return [tuple(c for c in row) for row in ws.iter_rows()]


def test_it_writes_every_dangerous_string_as_text_and_numbers_as_numbers():
    rows = [[text, -5, 7, "Usaha biasa"] for text in DANGEROUS]
    cells = _read_xlsx(xlsx_response("x.xlsx", ["=Nama", "Angka", "Lain", "Teks"], rows))
    header, body = cells[0], cells[1:]
    assert header[0].data_type == "s" and header[0].value == "'=Nama"
    for row, text in zip(body, DANGEROUS, strict=True):
        assert row[0].data_type == "s"
        assert row[0].value.startswith("'")  # xlsx stores \r as _x000D_
        assert row[1].data_type == "n" and row[1].value == -5
        assert row[3].value == "Usaha biasa"


def test_it_neutralises_every_dangerous_string_in_csv():
    text = "".join(csv_rows(["Nama"], [[t, -5] for t in DANGEROUS]))
    reader = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row[0] for row in reader[1:]] == ["'" + t for t in DANGEROUS]
    assert all(row[1] == "-5" for row in reader[1:])


@given(st.text(max_size=30))
def test_it_never_lets_a_string_cell_begin_like_a_formula(value):
    cell = safe_cell(value)
    assert not cell.startswith(FORMULA_PREFIXES)
    assert cell.lstrip("'") == value.lstrip("'") or cell == value


@pytest.mark.parametrize("value", [0, -1, 2.5, True])
def test_it_keeps_non_strings_as_they_are(value):
    assert safe_cell(value) == value
