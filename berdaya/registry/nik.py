"""NIK (Nomor Induk Kependudukan): PPKKCC DDMMYY SSSS.

Women add 40 to the day of birth; serial 0000 is invalid; the birth date must exist. The
province/regency prefix is checked with python-stdnum's region table, but an unknown regency or
kecamatan only gives a warning (people move, tables lag behind new regions).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.id import nik as stdnum_nik

from berdaya.core.cleaning import CleanError, clean_nik
from berdaya.core.errors import RuleError

NIK_INVALID_MESSAGE = "NIK harus 16 angka sesuai KTP (kode wilayah, tanggal lahir, nomor urut)."


@dataclass(frozen=True)
class NikInfo:
    nik: str
    province_code: str  # "32"
    city_code: str  # "32.76"
    kecamatan_code: str  # "32.76.06"
    birth_date: datetime.date
    gender: str  # "L" or "P"
    serial: str
    warnings: list[str] = field(default_factory=list)


def _invalid(field_name: str, message: str = NIK_INVALID_MESSAGE) -> RuleError:
    return RuleError.one("nik_invalid", message, field=field_name)


def _birth_date(day: int, month: int, yy: int, *, today: datetime.date) -> datetime.date | None:
    """The two-digit year in the century that puts the birth date in the past."""
    for century in (2000, 1900):
        try:
            candidate = datetime.date(century + yy, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None


def _region_warnings(nik: str) -> list[str]:
    warnings: list[str] = []
    try:
        stdnum_nik._check_registration_place(nik)
    except StdnumError:
        warnings.append("Kode wilayah NIK tidak dikenal; periksa kembali NIK Anda.")
    except Exception:  # noqa: S110 - the region table is optional help, never a refusal
        pass
    return warnings


def parse_nik(nik: object, *, field: str = "nik", today: datetime.date | None = None) -> NikInfo:
    """Split a NIK into its parts. Raises RuleError ``nik_invalid`` (length, digits, impossible
    date, serial 0000)."""
    try:
        # Digits of other scripts (Arabic-Indic, fullwidth ...) become ASCII, so the same NIK is
        # the same string however it was typed; superscripts and other characters are refused.
        text = clean_nik(nik)
    except CleanError:
        if not str(nik or "").strip():
            raise _invalid(field, "NIK wajib diisi.") from None
        raise _invalid(field, "NIK harus terdiri dari 16 angka (0-9).") from None
    if text[12:] == "0000":
        raise _invalid(field, "Nomor urut NIK (4 angka terakhir) tidak boleh 0000.")
    raw_day, month, yy = int(text[6:8]), int(text[8:10]), int(text[10:12])
    if 1 <= raw_day <= 31:
        gender, day = "L", raw_day
    elif 41 <= raw_day <= 71:
        gender, day = "P", raw_day - 40
    else:
        raise _invalid(field, "Tanggal lahir pada NIK tidak mungkin (tanggal di luar 1-31).")
    today = today or datetime.date.today()
    birth_date = _birth_date(day, month, yy, today=today)
    if birth_date is None:
        raise _invalid(field, "Tanggal lahir pada NIK tidak ada di kalender.")
    return NikInfo(
        nik=text,
        province_code=text[:2],
        city_code=f"{text[:2]}.{text[2:4]}",
        kecamatan_code=f"{text[:2]}.{text[2:4]}.{text[4:6]}",
        birth_date=birth_date,
        gender=gender,
        serial=text[12:],
        warnings=_region_warnings(text),
    )


def validate_nik(
    nik: object,
    *,
    gender: str | None = None,
    birth_date: datetime.date | None = None,
    field: str = "nik",
) -> NikInfo:
    """Parse ``nik`` and cross-check it with the gender and birth date given on the form.

    Raises RuleError ``nik_invalid``, ``nik_gender_mismatch`` or ``nik_birth_date_mismatch``.
    """
    info = parse_nik(nik, field=field)
    if gender and gender != info.gender:
        said = "perempuan" if info.gender == "P" else "laki-laki"
        raise RuleError.one(
            "nik_gender_mismatch",
            f"NIK ini milik {said}, tidak cocok dengan jenis kelamin yang diisi.",
            field=field,
        )
    if birth_date and (birth_date.day, birth_date.month, birth_date.year % 100) != (
        info.birth_date.day,
        info.birth_date.month,
        info.birth_date.year % 100,
    ):
        raise RuleError.one(
            "nik_birth_date_mismatch",
            "Tanggal lahir pada NIK ({}) tidak cocok dengan tanggal lahir yang diisi.".format(
                info.birth_date.strftime("%d-%m-%y")
            ),
            field=field,
        )
    return info
