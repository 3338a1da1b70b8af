"""A date typed as day, month and year (issue 14): a birth date is easier to give that way on a
cheap phone than through a calendar that opens on today. The three parts are sent as
``<name>_hari``, ``<name>_bulan`` and ``<name>_tahun`` and read back as one ISO string
(``YYYY-MM-DD``), so the services and their messages see what a date input would send.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
PARTS = (("hari", "Tanggal"), ("bulan", "Bulan"), ("tahun", "Tahun"))


class DatePartsWidget(forms.MultiWidget):
    template_name = "core/widgets/date_parts.html"

    def __init__(self, attrs: dict | None = None) -> None:
        numeric = {"inputmode": "numeric", "autocomplete": "off"}
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "hari": forms.TextInput(attrs={**numeric, "maxlength": 2, "class": "date-day"}),
            "bulan": forms.Select(
                choices=[("", "— bulan —")] + [(str(i), m) for i, m in enumerate(MONTHS, 1)]
            ),
            "tahun": forms.TextInput(attrs={**numeric, "maxlength": 4, "class": "date-year"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                day = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [day.day, day.month, day.year]
        return [None, None, None]

    # One ISO string rather than MultiWidget's list: the field and the services read a date.
    def value_from_datadict(self, data, files, name) -> str:  # type: ignore[override]
        day, month, year = (str(data.get(f"{name}_{part}") or "").strip() for part, _ in PARTS)
        if not (day or month or year):
            return str(data.get(name) or "").strip()  # one ISO field (API, older drafts)
        if day.isdecimal() and month.isdecimal() and year.isdecimal():
            return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
        return f"{year}-{month}-{day}"  # refused by the date check, with its message

    def value_omitted_from_data(self, data, files, name) -> bool:
        return all(f"{name}_{part}" not in data for part, _ in PARTS) and name not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["parts"] = list(
            zip(context["widget"]["subwidgets"], [label for _, label in PARTS], strict=True)
        )
        return context
