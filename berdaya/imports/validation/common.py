"""What every kind's row check shares: reading mapped cells, the person's identity fields."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from berdaya.imports import values
from berdaya.imports.regions_index import RegionIndex
from berdaya.registry import rules

MIN_AGE_YEARS = rules.MIN_AGE_YEARS
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Row:
    """One data row: its cells by field name, and the reasons it cannot be imported.

    ``memo`` (shared by the rows of one sheet) remembers each field's answer per cell value: a
    legacy sheet repeats the same dates, amounts, RT/RW and sectors many times, so each distinct
    value is parsed once. Answers depend only on the value (and the day of the import)."""

    __slots__ = ("number", "cells", "by_field", "reasons", "memo")

    def __init__(
        self, number: int, cells: list, columns: dict[str, int], memo: dict | None = None
    ) -> None:
        self.number = number
        self.cells = cells
        width = len(cells)
        self.by_field = {name: (cells[i] if i < width else None) for name, i in columns.items()}
        self.reasons: list[str] = []
        self.memo = memo

    def get(self, name: str):
        value = self.by_field.get(name)
        return None if value == "" else value

    def text(self, name: str, label: str, *, required=False, max_length=150) -> str:
        return self._answer(name, name, _text_answer, label, required, max_length)

    def parse(self, parser, name: str, *args, **kwargs):
        return self._answer((parser, name), name, _parse_answer, parser, args, kwargs)

    def _answer(self, memo_key, name: str, answer, *args):
        """``answer(raw, *args)`` -> (value, reason) for the cell of ``name``, remembered per
        distinct cell value under ``memo_key`` (a field is read the same way wherever a kind
        reads it) when the sheet shares a memo; a reason is recorded."""
        raw = self.by_field.get(name)
        memo = self.memo
        if memo is None:
            value, reason = answer(raw, *args)
        else:
            seen = memo.get(memo_key)
            if seen is None:
                seen = memo[memo_key] = {}
            # Text is its own key; other values keep their type (1, 1.0 and True are equal).
            key = raw if raw.__class__ is str else (raw.__class__, raw)
            found = seen.get(key)
            if found is None:
                found = answer(raw, *args)
                if len(seen) < MEMO_LIMIT:
                    seen[key] = found
            value, reason = found
        if reason:
            self.reasons.append(reason)
        return value


# Answers remembered per field: enough for the repeated values of a large sheet (a date column
# of 1,000,000 rows has a few tens of thousands), bounded so that a column of unique values
# (phones, names) cannot grow without end.
MEMO_LIMIT = 20_000


def _text_answer(raw, label: str, required: bool, max_length: int) -> tuple[str, str]:
    value = values.text(None if raw == "" else raw)
    if _CONTROL.search(value):
        return "", f"{label} berisi karakter yang tidak sah."
    if required and not value:
        return value, f"{label} wajib diisi."
    if len(value) > max_length:
        return value, f"{label} paling banyak {max_length} karakter."
    return value, ""


def _parse_answer(raw, parser, args, kwargs) -> tuple:
    try:
        return parser(None if raw == "" else raw, *args, **kwargs), ""
    except values.CellError as exc:
        return None, exc.message


def identity(row: Row, today: datetime.date) -> dict:
    """NIK, name, gender and birth date, cross-checked like ``registry.cleaning.clean_identity``.
    Gender and birth date missing from the sheet are read from the NIK."""
    out: dict = {}
    try:
        nik = values.nik_text(row.get("nik"))
        if not nik:
            raise values.CellError("nik_required", "NIK wajib diisi.")
        nik_gender, nik_birth = values.nik_parts(nik)
    except values.CellError as exc:
        row.reasons.append(exc.message)
        nik, nik_gender, nik_birth = "", None, None
    out["nik"] = nik
    out["full_name"] = row.text("full_name", "Nama lengkap", required=True)
    gender = row.parse(values.gender, "gender")
    birth = row.parse(values.date, "birth_date")
    if birth is not None:
        if birth > today:
            row.reasons.append("Tanggal lahir tidak boleh di masa depan.")
        elif rules.age_on(birth, today) < MIN_AGE_YEARS:
            row.reasons.append(
                f"Pendaftar harus berusia minimal {MIN_AGE_YEARS} tahun (sudah memiliki KTP)."
            )
        elif birth.year < 1900:
            row.reasons.append("Tanggal lahir tidak valid.")
    if nik_gender is not None and nik_birth is not None:
        if gender and gender != nik_gender:
            said = "perempuan" if nik_gender == "P" else "laki-laki"
            row.reasons.append(
                f"NIK ini milik {said}, tidak cocok dengan jenis kelamin yang diisi."
            )
        if birth and (birth.day, birth.month, birth.year % 100) != (
            nik_birth.day,
            nik_birth.month,
            nik_birth.year % 100,
        ):
            row.reasons.append(
                "Tanggal lahir pada NIK ({}) tidak cocok dengan tanggal lahir yang diisi.".format(
                    nik_birth.strftime("%d-%m-%y")
                )
            )
        gender = gender or nik_gender
        birth = birth or nik_birth
        if "birth_date" not in row.by_field or row.get("birth_date") is None:
            if rules.age_on(nik_birth, today) < MIN_AGE_YEARS:
                row.reasons.append(f"Menurut NIK, pemilik belum berusia {MIN_AGE_YEARS} tahun.")
    out["gender"] = gender or ""
    out["birth_date"] = birth
    return out


def contact_address(row: Row, regions: RegionIndex) -> dict:
    out: dict = {}
    out["phone"] = row.parse(values.phone, "phone") or ""
    if not out["phone"] and not any("Nomor HP" in r for r in row.reasons):
        row.reasons.append("Nomor HP wajib diisi.")
    email = values.text(row.get("email")).lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            row.reasons.append("Alamat email tidak valid.")
            email = ""
    out["email"] = email
    code, why = regions.kelurahan(
        values.text(row.get("kelurahan")), values.text(row.get("kecamatan"))
    )
    if code is None:
        row.reasons.append(why)
    out["kelurahan_id"] = code
    for name in ("rw", "rt"):
        label = name.upper()
        number = row.parse(values.count, name, label=label, low=1, high=999)
        if number is None and not any(r.startswith(f"{label} harus") for r in row.reasons):
            row.reasons.append(f"{label} wajib diisi.")
        out[name] = number
    out["street_address"] = row.text("street_address", "Alamat jalan", max_length=200)
    return out
