"""Turning spreadsheet cells into values: NIK (never a float that lost digits), rupiah amounts
(``Rp 5.000.000``, ``5jt``, ``1,5 jt``), dates (Excel serials, ``17/08/2025``, ``17-8-2025``,
``17 Agustus 2025``), gender (``L``/``P``/``Laki-laki``), counts and phones.

Each parser returns the value or raises ``CellError`` with the reason in Indonesian."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from berdaya.accounts.phones import normalize_phone
from berdaya.core.errors import RuleError


class CellError(ValueError):
    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


_SPACES = re.compile(r"\s{2,}|[\t\n\r\x0b\x0c]")


def text(value) -> str:
    if value is None:
        return ""
    if value.__class__ is str:
        out = value.strip()
    elif isinstance(value, float) and value.is_integer():
        return str(int(value))
    elif isinstance(value, datetime.datetime):
        return value.date().isoformat()
    else:
        out = str(value).strip()
    if "\x00" in out:
        out = out.replace("\x00", "")
    if _SPACES.search(out):
        out = re.sub(r"\s+", " ", out)
    return out


# --- NIK ------------------------------------------------------------------------------------
def nik_text(value) -> str:
    """The NIK as 16 characters of text. A NIK the spreadsheet stored as a number is refused when
    digits may have been lost (Excel keeps 15 significant digits: the 16th becomes 0), and so is
    one written in scientific notation."""
    if isinstance(value, bool):
        raise CellError("nik_invalid", "NIK harus terdiri dari 16 angka.")
    if isinstance(value, float | int):
        number = value
        if isinstance(number, float) and (not number.is_integer() or number >= 2**53):
            raise _nik_number()
        digits = str(int(number))
        if len(digits) >= 15 and digits.endswith("0"):
            raise _nik_number()
        return digits
    raw = str(value or "").strip().lstrip("'")
    if raw.isdecimal():
        return raw
    if _SCIENTIFIC.fullmatch(raw):
        raise _nik_number()
    return _NIK_SEPARATORS.sub("", raw)


_SCIENTIFIC = re.compile(r"\d+([.,]\d+)?[eE]\+?\d+")
_NIK_SEPARATORS = re.compile(r"[\s.\-]")


def _nik_number() -> CellError:
    return CellError(
        "nik_as_number",
        "NIK tersimpan sebagai angka sehingga digit terakhirnya bisa hilang (Excel hanya "
        "menyimpan 15 digit). Ubah format kolom NIK menjadi Teks lalu ketik ulang NIK-nya.",
    )


@lru_cache(maxsize=65536)
def _nik_date_part(part: str):
    """(gender, birth date) of a NIK's DDMMYY part, as ``registry.nik.parse_nik`` reads it
    (women add 40 to the day; the century that puts the date in the past), without its
    region-table lookup (a warning only). A test checks it agrees with ``parse_nik``."""
    raw_day, month, yy = int(part[0:2]), int(part[2:4]), int(part[4:6])
    if 1 <= raw_day <= 31:
        gender, day = "L", raw_day
    elif 41 <= raw_day <= 71:
        gender, day = "P", raw_day - 40
    else:
        return None, "nik_invalid", "Tanggal lahir pada NIK tidak mungkin (tanggal di luar 1-31)."
    today = datetime.date.today()
    for century in (2000, 1900):
        try:
            candidate = datetime.date(century + yy, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return (gender, candidate), "", ""
    return None, "nik_invalid", "Tanggal lahir pada NIK tidak ada di kalender."


def nik_parts(nik: str) -> tuple[str, datetime.date]:
    """(gender, birth date) of a compact NIK, by the same rules as ``registry.nik.parse_nik``
    (16 digits, serial not 0000, a day of birth that exists, women +40)."""
    if len(nik) != 16 or not (nik.isascii() and nik.isdigit()):
        raise CellError("nik_invalid", "NIK harus terdiri dari 16 angka.")
    if nik[12:] == "0000":
        raise CellError("nik_invalid", "Nomor urut NIK (4 angka terakhir) tidak boleh 0000.")
    parts, code, message = _nik_date_part(nik[6:12])
    if parts is None:
        raise CellError(code, message)
    return parts


# --- gender ---------------------------------------------------------------------------------
GENDER_WORDS = {
    "l": "L", "lk": "L", "laki": "L", "laki-laki": "L", "laki laki": "L", "pria": "L",
    "m": "L", "male": "L", "cowok": "L",
    "p": "P", "pr": "P", "perempuan": "P", "wanita": "P", "w": "P", "f": "P", "female": "P",
    "cewek": "P", "ibu": "P",
}  # fmt: skip


def gender(value) -> str:
    word = text(value).lower().rstrip(".")
    if not word:
        return ""
    found = GENDER_WORDS.get(word)
    if found is None:
        raise CellError("gender_invalid", f"Jenis kelamin {text(value)!r} tidak dikenal (L/P).")
    return found


# --- amounts --------------------------------------------------------------------------------
MULTIPLIERS = {
    "rb": 1_000, "ribu": 1_000, "k": 1_000,
    "jt": 1_000_000, "juta": 1_000_000, "j": 1_000_000,
    "m": 1_000_000_000, "miliar": 1_000_000_000, "milyar": 1_000_000_000, "mlyr": 1_000_000_000,
}  # fmt: skip
MAX_RUPIAH = 10**15
_AMOUNT = re.compile(r"^(?P<num>\d[\d.,]*)\s*(?P<unit>[a-z]*)$")
_RP = re.compile(r"^rp\.?\s*")
_THOUSANDS = re.compile(r"\d{1,3}([.,]\d{3})+")


def rupiah(value) -> int | None:
    """``Rp 5.000.000``, ``5000000``, ``5jt``, ``1,5 jt``, ``2.5 juta``, ``750rb`` -> int rupiah."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError("money_invalid", "Nilai Rupiah tidak valid.")
    if isinstance(value, int | float):
        if value < 0:
            raise CellError("money_negative", "Nilai Rupiah tidak boleh negatif.")
        if isinstance(value, float) and not value.is_integer():
            raise CellError("money_invalid", "Nilai Rupiah harus bilangan bulat.")
        number = int(value)
    else:
        raw = str(value).strip().lower()
        if raw.startswith("-"):
            raise CellError("money_negative", "Nilai Rupiah tidak boleh negatif.")
        raw = _RP.sub("", raw).replace(" ", "").rstrip(",-")
        if raw.endswith(",00") or raw.endswith(".00") and raw.count(".") > 1:
            raw = raw[:-3]
        match = _AMOUNT.match(raw)
        if not match:
            raise CellError("money_invalid", f"Nilai Rupiah {text(value)!r} tidak dapat dibaca.")
        num, unit = match["num"], match["unit"]
        if unit and unit not in MULTIPLIERS:
            raise CellError("money_invalid", f"Satuan {unit!r} pada nilai Rupiah tidak dikenal.")
        if unit:
            # "1,5 jt" / "1.5 jt": a decimal separator before a unit
            try:
                amount = Decimal(num.replace(",", ".")) * MULTIPLIERS[unit]
            except InvalidOperation:
                raise CellError("money_invalid", "Nilai Rupiah tidak dapat dibaca.") from None
            if amount != amount.to_integral_value():
                raise CellError("money_invalid", "Nilai Rupiah harus bilangan bulat.")
            number = int(amount)
        else:
            # Indonesian thousands separators: 5.000.000 (or 5,000,000 typed the English way)
            if num.isdecimal() or _THOUSANDS.fullmatch(num):
                number = int(num.replace(".", "").replace(",", ""))
            else:
                raise CellError("money_invalid", f"Nilai Rupiah {text(value)!r} tidak jelas.")
    if number > MAX_RUPIAH:
        raise CellError("money_invalid", "Nilai Rupiah terlalu besar.")
    return number


# --- dates ----------------------------------------------------------------------------------
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "maret": 3,
    "mar": 3, "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11, "nop": 11, "desember": 12,
    "des": 12, "dec": 12, "may": 5, "august": 8, "october": 10, "december": 12,
}  # fmt: skip
EXCEL_EPOCH = datetime.date(1899, 12, 30)
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_WORD_DATE = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")
_YEAR = re.compile(r"(19|20)\d\d")
_SERIAL = re.compile(r"\d{5}(\.0+)?")


def _year(y: str) -> int:
    number = int(y)
    if len(y) == 2:  # 17/08/25: this century unless that is in the future
        this = datetime.date.today().year % 100
        number += 2000 if number <= this else 1900
    return number


def _make(y: int, m: int, d: int, raw) -> datetime.date:
    try:
        return datetime.date(y, m, d)
    except ValueError:
        raise CellError("date_invalid", f"Tanggal {text(raw)!r} tidak ada di kalender.") from None


def date(value, *, year_only: bool = False) -> datetime.date | None:
    """A date from a date cell, an Excel serial (45886), ``17/08/2025``, ``17-8-2025``,
    ``17 Agustus 2025``, ``2025-08-17``; with ``year_only`` also ``2019`` (-> 1 January)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise CellError("date_invalid", "Tanggal tidak valid.")
    if isinstance(value, int | float):
        if year_only and 1900 <= value <= 2100 and float(value).is_integer():
            return datetime.date(int(value), 1, 1)
        if not 1 <= value <= 2958465:
            raise CellError("date_invalid", f"Tanggal {text(value)!r} tidak valid.")
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    raw = text(value).lower()
    if year_only and _YEAR.fullmatch(raw):
        return datetime.date(int(raw), 1, 1)
    if _SERIAL.fullmatch(raw):  # an Excel serial that came through as text
        return date(float(raw))
    if m := _NUMERIC_DATE.match(raw):
        return _make(_year(m[3]), int(m[2]), int(m[1]), value)
    if m := _ISO_DATE.match(raw):
        return _make(int(m[1]), int(m[2]), int(m[3]), value)
    if m := _WORD_DATE.match(raw.replace(",", " ").replace("  ", " ")):
        month = MONTHS.get(m[2])
        if month is None:
            raise CellError("date_invalid", f"Nama bulan pada {text(value)!r} tidak dikenal.")
        return _make(int(m[3]), month, int(m[1]), value)
    raise CellError(
        "date_invalid",
        f"Tanggal {text(value)!r} tidak dapat dibaca (tulis misalnya 17/08/2025 atau "
        "17 Agustus 2025).",
    )


# --- counts ---------------------------------------------------------------------------------
def count(value, *, label: str, low: int = 0, high: int = 100_000, code: str = "") -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = text(value)
    if not raw.isdecimal() or not low <= int(raw) <= high:
        raise CellError(code or "count_invalid", f"{label} harus angka {low} sampai {high}.")
    return int(raw)


# --- phones ---------------------------------------------------------------------------------
_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-]+$")
_NOT_DIGIT = re.compile(r"\D")


_PHONE_SHAPES: dict[tuple[str, int], bool] = {}


def _phone_shape_valid(nsn: str) -> bool:
    # Indonesian numbers starting with 8 are told apart by their first four digits (mobile
    # 8[1-35-9], toll-free 800, 804, 809, 8071) and their length; others by six.
    key = (nsn[:4] if nsn[0] == "8" else nsn[:6], len(nsn))
    known = _PHONE_SHAPES.get(key)
    if known is None:
        try:
            normalize_phone("0" + nsn)
            known = True
        except RuleError:
            known = False
        if len(_PHONE_SHAPES) < 100_000:
            _PHONE_SHAPES[key] = known
    return known


def phone(value) -> str:
    """E.164, by the accounts app's ``normalize_phone`` (phonenumbers). Plain Indonesian numbers
    (``0812-3456-7890``, ``62812...``, ``+62 812...``) are decided once per number prefix and
    length, which is what the phonenumbers metadata for Indonesia looks at; anything else goes
    through ``normalize_phone`` itself."""
    raw = text(value)
    if not raw:
        return ""
    if isinstance(value, float | int) and not raw.startswith("0"):
        raw = "0" + raw if not raw.startswith("62") else raw  # the leading 0 lost in a number cell
    if _PHONE_CHARS.match(raw):
        digits = _NOT_DIGIT.sub("", raw)
        if digits.startswith("62"):
            nsn = digits[2:]
        elif digits.startswith("0"):
            nsn = digits[1:]
        else:
            nsn = ""
        if nsn and nsn[0] != "0" and (not raw.startswith("+") or raw.startswith("+62")):
            if _phone_shape_valid(nsn):
                return "+62" + nsn
            raise CellError("phone_invalid", _phone_message())
    try:
        return normalize_phone(raw)
    except RuleError:
        raise CellError("phone_invalid", _phone_message()) from None


def _phone_message() -> str:
    return "Nomor HP tidak valid. Tulis nomor Indonesia, misalnya 0812 3456 7890."
