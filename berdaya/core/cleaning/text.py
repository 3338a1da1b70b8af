"""Text and digits: the checks every submitted string passes, whatever way it came in.

Plain functions that return the clean value or raise ``CleanError`` (a ``ValueError`` with a stable
``code`` and an Indonesian ``message``), so forms, API schemas and imports share one implementation.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any


class CleanError(ValueError):
    """A submitted value that cannot be used: stable machine ``code`` + Indonesian ``message``."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


# Control characters other than tab, newline and carriage return (C0, DEL, C1).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
REPLACEMENT_CHARACTER = "\ufffd"


def text_problem(value: str) -> CleanError | None:
    """Why ``value`` cannot be stored as text (NUL, control character, unpaired surrogate, a
    character broken in transit), or None when it can."""
    if "\x00" in value:
        return CleanError("text_nul", "Teks tidak boleh berisi karakter NUL.")
    if _SURROGATE.search(value) or REPLACEMENT_CHARACTER in value:
        return CleanError(
            "text_invalid_character", "Teks berisi karakter rusak (bukan UTF-8 yang sah)."
        )
    if _CONTROL.search(value):
        return CleanError("text_control_character", "Teks berisi karakter kontrol yang tidak sah.")
    return None


def clean_text(
    value: Any,
    *,
    max_length: int | None,
    label: str = "Teks",
    required: bool = False,
    multiline: bool = False,
) -> str:
    """A storable string: NFC-normalised, stripped, single-line unless ``multiline`` (runs of
    whitespace become one space), without NUL/control/broken characters, at most ``max_length``
    characters (the column's length). None becomes ""."""
    if value is None:
        text = ""
    elif isinstance(value, str):
        text = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        text = str(value)
    else:
        raise CleanError("text_invalid", f"{label} harus berupa teks.")
    problem = text_problem(text)
    if problem is not None:
        raise CleanError(problem.code, f"{label}: {problem.message}")
    text = unicodedata.normalize("NFC", text).strip()
    if not multiline:
        text = _SPACES.sub(" ", text)
    if required and not text:
        raise CleanError("required", f"{label} wajib diisi.")
    if max_length is not None and len(text) > max_length:
        raise CleanError("text_too_long", f"{label} paling banyak {max_length} karakter.")
    return text


def to_ascii_digits(value: str) -> str:
    """Every decimal digit of any script (Arabic-Indic ٠١٢, Persian ۰۱۲, fullwidth ０１２,
    Devanagari ...) as its ASCII digit; other characters unchanged. Superscripts (²), circled
    digits (①) and other characters that are 'digits' but not decimal are left as they are, so a
    check for ASCII digits refuses them."""
    out = []
    for ch in value:
        if ch.isascii():
            out.append(ch)
            continue
        digit = unicodedata.decimal(ch, None)
        out.append(str(digit) if digit is not None else ch)
    return "".join(out)


def clean_digits(
    value: Any,
    *,
    label: str,
    code: str,
    length: int | None = None,
    min_length: int = 1,
    max_length: int = 64,
    separators: str = " .-",
) -> str:
    """A string of ASCII digits (decimal digits of other scripts normalised), with the given
    ``separators`` removed. Refuses anything else with ``code`` (e.g. ``nik_invalid``)."""
    if value is None or isinstance(value, bool):
        value = ""
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise CleanError(code, f"{label} harus berupa angka.")
    problem = text_problem(value)
    if problem is not None:
        raise CleanError(code, f"{label}: {problem.message}")
    text = to_ascii_digits(value).strip()
    text = "".join(ch for ch in text if ch not in separators)
    if not (text.isascii() and text.isdigit()):
        raise CleanError(code, f"{label} hanya boleh berisi angka 0-9.")
    if length is not None and len(text) != length:
        raise CleanError(code, f"{label} harus terdiri dari {length} angka.")
    if not (min_length <= len(text) <= max_length):
        raise CleanError(code, f"{label} harus {min_length} sampai {max_length} angka.")
    return text


def clean_nik(value: Any, *, label: str = "NIK") -> str:
    """16 ASCII digits (spaces, dots and dashes dropped; other scripts' digits normalised).
    Only the shape: the NIK's own rules (date, serial) are ``registry.nik.parse_nik``'s."""
    return clean_digits(value, label=label, code="nik_invalid", length=16)


def clean_phone_digits(value: Any, *, label: str = "Nomor HP") -> str:
    """A phone number with ASCII digits and an optional leading ``+`` (separators dropped);
    the number itself is checked by ``berdaya.accounts.phones.normalize_phone``."""
    if value is None or isinstance(value, bool):
        value = ""
    if not isinstance(value, (str, int)):
        raise CleanError("phone_invalid", f"{label} harus berupa angka.")
    text = to_ascii_digits(str(value)).strip()
    plus = text.startswith("+")
    digits = clean_digits(
        text.lstrip("+"),
        label=label,
        code="phone_invalid",
        min_length=0,
        max_length=20,
        separators=" .-()",
    )
    return ("+" if plus else "") + digits
