"""``Cleaner``: cleans the fields of one submission (a form's data, an API body, an import row)
and collects every problem with the field it belongs to, so nothing is saved until all are gone.

    c = Cleaner("business.")
    name = c.text(data, "name", "Nama usaha", required=True, max_length=150)
    capital = c.rupiah(data, "capital_rupiah", "Modal usaha")
    c.raise_if_any()  # RuleError with every problem (API: 422)
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from berdaya.core.cleaning.numbers import INT_MAX, MAX_RUPIAH, clean_int, clean_rupiah
from berdaya.core.cleaning.text import CleanError, clean_text
from berdaya.core.errors import Problem, RuleError


class Cleaner:
    """Collects problems while cleaning the fields of one submission."""

    # Other spellings accepted for choice values ({"shop": "offline", ...}); per app subclass.
    aliases: ClassVar[dict[str, str]] = {}

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.problems: list[Problem] = []

    def field(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def add(self, code: str, message: str, name: str) -> None:
        self.problems.append(Problem(code, message, self.field(name)))

    def raise_if_any(self) -> None:
        if self.problems:
            raise RuleError(*self.problems)

    # --- value kinds ------------------------------------------------------------------------
    def text(
        self, data: Any, name: str, label: str, *, required: bool = False, max_length: int = 150
    ) -> str:
        try:
            value = clean_text(
                data.get(name), max_length=max_length, label=label, multiline=max_length > 300
            )
        except CleanError as exc:
            code = f"{name}_too_long" if exc.code == "text_too_long" else exc.code
            self.add(code, exc.message, name)
            return ""
        if required and not value:
            self.add(f"{name}_required", f"{label} wajib diisi.", name)
        return value

    def date(
        self, data: Any, name: str, label: str, *, required: bool = True
    ) -> datetime.date | None:
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
            text = clean_text(value, max_length=40, label=label)
            return datetime.date.fromisoformat(text)
        except ValueError:  # CleanError is a ValueError too
            self.add(f"{name}_invalid", f"{label} tidak valid (format TTTT-BB-HH).", name)
            return None

    def _choice_value(self, raw: Any, choices: Any) -> str:
        """The stored value of a submitted choice: the value itself, its enum name
        (``capital`` -> ``modal``) or a known alias; anything else is returned as given."""
        value = str(raw).strip()
        if value in choices.values:
            return value
        key = value.lower().replace("-", "_").replace(" ", "_")
        if key in choices.values:
            return key
        member = choices.__members__.get(key.upper())
        if member is not None:
            return str(member.value)
        alias = self.aliases.get(key)
        if alias is not None and alias in choices.values:
            return str(alias)
        return value

    def choice(self, data: Any, name: str, label: str, choices: Any, *, default: str = "") -> str:
        value = data.get(name) or default or ""
        value = value.strip() if isinstance(value, str) else value
        if value and (not isinstance(value, str) or value not in choices.values):
            self.add(f"{name}_invalid", f"{label} tidak dikenal.", name)
            return ""
        return value

    def choices(self, data: Any, name: str, label: str, choices: Any) -> list[str]:
        value = data.get(name) or []
        if isinstance(value, dict):
            # {"capital": true, "training": false, ...}: the ticked ones
            value = [k for k, ticked in value.items() if ticked]
        if isinstance(value, str):
            value = [v for v in value.split(",") if v]
        if not isinstance(value, (list, tuple)):
            value = [value]
        value = [self._choice_value(v, choices) for v in value]
        if any(v not in choices.values for v in value):
            self.add(f"{name}_invalid", f"{label} berisi pilihan yang tidak dikenal.", name)
            return []
        return sorted(set(value), key=value.index)

    def rupiah(
        self,
        data: Any,
        name: str,
        label: str,
        *,
        required: bool = True,
        low: int = 0,
        high: int = MAX_RUPIAH,
    ) -> int | None:
        try:
            return clean_rupiah(data.get(name), low=low, high=high, label=label, required=required)
        except CleanError as exc:
            code = f"{name}_required" if exc.code == "required" else exc.code
            self.add(code, exc.message, name)
            return None

    def count(
        self,
        data: Any,
        name: str,
        label: str,
        *,
        low: int = 0,
        high: int = 100_000,
        default: int | None = 0,
    ) -> int | None:
        try:
            return clean_int(
                data.get(name),
                low=low,
                high=min(high, INT_MAX),
                label=label,
                code=f"{name}_invalid",
                default=default,
            )
        except CleanError as exc:
            self.add(exc.code, exc.message, name)
            return default
