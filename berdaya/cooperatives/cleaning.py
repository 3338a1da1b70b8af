"""Turning submitted values (page, API, import) into typed values or problems with codes.

A ``Cleaner`` collects every problem of one submission, so the person sees them all at once and
nothing is saved until all are gone.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from berdaya.core.errors import Problem, RuleError

MAX_RUPIAH = 10**15
MAX_COUNT = 10**7
_NUL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _ascii_digits(text: str) -> str:
    return "".join(str(int(ch)) if ch.isdecimal() else ch for ch in text)


class Cleaner:
    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.problems: list[Problem] = []

    def add(self, code: str, message: str, name: str) -> None:
        self.problems.append(Problem(code, message, f"{self.prefix}{name}"))

    def raise_if_any(self) -> None:
        if self.problems:
            raise RuleError(*self.problems)

    def text(
        self, data: dict, name: str, label: str, *, required: bool = False, max_length: int = 150
    ) -> str:
        value = _NUL.sub("", str(data.get(name) or "")).strip()
        value = re.sub(r"\s+", " ", value)
        if required and not value:
            self.add(f"{name}_required", f"{label} wajib diisi.", name)
        elif len(value) > max_length:
            self.add(f"{name}_too_long", f"{label} paling banyak {max_length} karakter.", name)
            value = value[:max_length]
        return value

    def digits(self, data: dict, name: str) -> str:
        return _ascii_digits(re.sub(r"[\s.\-]", "", str(data.get(name) or "")))

    def date(self, data: dict, name: str, label: str, *, required: bool = True):
        value = data.get(name)
        if value in (None, ""):
            if required:
                self.add(f"{name}_required", f"{label} wajib diisi.", name)
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(_ascii_digits(str(value).strip()))
        except ValueError:
            self.add(f"{name}_invalid", f"{label} tidak valid (format TTTT-BB-HH).", name)
            return None

    def integer(
        self,
        data: dict,
        name: str,
        label: str,
        *,
        required: bool = True,
        minimum: int | None = 0,
        maximum: int = MAX_RUPIAH,
        default: Any = 0,
    ) -> Any:
        """A whole number. Below ``minimum`` (0 for amounts and counts) is ``negative_amount``."""
        value = data.get(name)
        if value in (None, ""):
            if required:
                self.add(f"{name}_required", f"{label} wajib diisi.", name)
            return default
        if isinstance(value, bool):
            self.add(f"{name}_invalid", f"{label} harus berupa angka bulat.", name)
            return default
        if isinstance(value, float):
            if not value.is_integer():
                self.add(f"{name}_invalid", f"{label} harus berupa angka bulat.", name)
                return default
            value = int(value)
        if not isinstance(value, int):
            text = _ascii_digits(re.sub(r"[\s.]|^Rp", "", str(value).strip()))
            try:
                value = int(text)
            except ValueError:
                self.add(f"{name}_invalid", f"{label} harus berupa angka bulat.", name)
                return default
        if minimum is not None and value < minimum:
            self.add("negative_amount", f"{label} tidak boleh negatif.", name)
            return default
        if abs(value) > maximum:
            self.add(f"{name}_too_large", f"{label} terlalu besar.", name)
            return default
        return value

    def choice(self, data: dict, name: str, label: str, choices, *, code: str = "") -> str:
        value = str(data.get(name) or "").strip()
        if not value:
            # (the code stays ``<name>_invalid``: API clients read it)
            self.add(code or f"{name}_invalid", f"Pilih {label[:1].lower()}{label[1:]}.", name)
        elif value not in choices.values:
            self.add(code or f"{name}_invalid", f"{label} tidak dikenal.", name)
        return value

    def email(self, data: dict, name: str = "email") -> str:
        value = self.text(data, name, "Email", max_length=254).lower()
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.add("email_invalid", "Alamat email tidak valid.", name)
        return value

    def small_number(self, data: dict, name: str, label: str) -> int | None:
        """RW or RT: 1 to 999."""
        text = self.digits(data, name)
        if not text.isdecimal() or not 1 <= int(text) <= 999:
            self.add(f"{name}_invalid", f"{label} harus berupa angka 1-999.", name)
            return None
        return int(text)
