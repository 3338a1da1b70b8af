"""Reading an uploaded spreadsheet (XLSX, XLS, ODS with python-calamine; CSV with the standard
library) into a header row and data rows, refusing what is plainly not a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from berdaya.core.errors import RuleError

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
HEADER_SCAN_ROWS = 10  # the header is the first row (of the first ten) that has text in it

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Plainly not a spreadsheet: executables, PDF, images, archives other than zip.
BINARY_MAGICS = (
    b"MZ",
    b"\x7fELF",
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"Rar!",
    b"7z\xbc\xaf",
    b"\x1f\x8b",
    b"\xca\xfe\xba\xbe",
    b"\xcf\xfa\xed\xfe",
)


def unreadable(message: str = "") -> RuleError:
    return RuleError.one(
        "file_unreadable",
        message
        or "Berkas ini bukan lembar kerja yang dapat dibaca. "
        "Unggah berkas XLSX, XLS, ODS atau CSV.",
        field="file",
    )


def sniff_format(head: bytes) -> str:
    """``xlsx`` (zip: XLSX or ODS), ``xls`` (OLE), ``csv``; RuleError for anything else."""
    if not head:
        raise RuleError.one("file_empty", "Berkas kosong: tidak ada isinya.", field="file")
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "xls"
    if any(head.startswith(m) for m in BINARY_MAGICS) or b"\x00" in head[:4096]:
        raise unreadable()
    return "csv"


@dataclass
class Sheet:
    headers: list[str]
    header_row: int  # 1-based row number of the header in the file
    rows: Iterator[tuple[int, list]]  # (1-based row number, cells)
    merged_rows: set[int] = field(default_factory=set)  # data rows touched by merged cells
    merged_header: bool = False
    size_hint: int = 0  # about how many data rows follow the header (for a progress bar)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise unreadable("Berkas CSV tidak dapat dibaca (bukan teks UTF-8).")


def _csv_rows(path: Path) -> Iterator[list]:
    text = _decode(path.read_bytes())
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def _sheet_rows(path: Path, fmt: str):
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        sheet = book.get_sheet_by_index(0)
        merged = list(sheet.merged_cell_ranges or []) if fmt == "zip" else []
        return sheet, merged
    except Exception:  # calamine raises several kinds for a broken or foreign file
        raise unreadable() from None


def open_sheet(path: str | Path) -> Sheet:
    """The first sheet of the file at ``path``: its header row and an iterator of data rows.
    RuleError ``file_empty`` / ``file_unreadable`` / ``sheet_empty`` when there is nothing to
    read."""
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(8192)
    fmt = sniff_format(head)
    merged: list = []
    if fmt == "csv":
        source: Iterator[list] = _csv_rows(path)
        with path.open("rb") as fh:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    else:
        sheet, merged = _sheet_rows(path, fmt)
        lines = sheet.height
        try:
            source = iter(sheet.iter_rows())
        except Exception:
            raise unreadable() from None
    header: list[str] | None = None
    header_row = 0
    number = 0
    try:
        for number, cells in enumerate(source, start=1):
            texts = [_cell_text(c) for c in cells]
            if sum(1 for t in texts if t) >= 2 or (number == HEADER_SCAN_ROWS and any(texts)):
                header, header_row = texts, number
                break
            if number >= HEADER_SCAN_ROWS:
                break
    except Exception:
        raise unreadable() from None
    if header is None:
        raise RuleError.one(
            "sheet_empty",
            "Lembar kerja pertama tidak berisi judul kolom dan data.",
            field="file",
        )
    while header and not header[-1]:
        header.pop()
    merged_rows: set[int] = set()
    merged_header = False
    for rng in merged:
        (r0, _c0), (r1, _c1) = rng
        rows = set(range(r0 + 1, r1 + 2))  # calamine: 0-based inclusive
        if header_row in rows:
            merged_header = True
        merged_rows |= {r for r in rows if r > header_row}

    def data_rows() -> Iterator[tuple[int, list]]:
        try:
            for n, cells in enumerate(source, start=header_row + 1):
                if cells.__class__ is not list:
                    cells = list(cells)
                if len(cells) > cells.count("") + cells.count(None):  # not an empty row
                    yield n, cells
        except Exception:
            raise unreadable("Berkas rusak di tengah jalan; periksa dan simpan ulang.") from None

    return Sheet(
        header, header_row, data_rows(), merged_rows, merged_header, max(0, lines - header_row)
    )
