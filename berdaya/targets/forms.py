"""The form an admin uses to set a period's target in the app (not only in the Django admin).

It only collects input; the rules are the service's (``services.target_problems``), whose
messages are put beside their fields.
"""

from __future__ import annotations

from django import forms

from berdaya.core.cleaning.forms import BoundedIntegerField, CleaningFormMixin
from berdaya.core.errors import RuleError
from berdaya.targets.models import Rule

YEAR_ROWS = 5
TARGET_MAX = 10**15  # rupiah targets run to tens of billions
FIELD_OF_PROBLEM = {"target": "number", "years": "years"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TargetSetForm(CleaningFormMixin, forms.Form):
    name = forms.CharField(label="Nama target", max_length=150)
    rule = forms.ChoiceField(
        label="Yang dihitung", choices=Rule.choices, help_text="Cara menghitung ada di dasbor."
    )
    period_start = forms.DateField(label="Awal periode", widget=DateInput())
    period_end = forms.DateField(label="Akhir periode", widget=DateInput())
    number = BoundedIntegerField(
        label="Target",
        low=1,
        high=TARGET_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text="Untuk dana disalurkan: dalam rupiah, tanpa titik.",
    )

    def __init__(self, *args, year_rows: int = YEAR_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.year_rows = year_rows
        for i in range(1, year_rows + 1):
            self.fields[f"year_{i}"] = BoundedIntegerField(
                label=f"Tahun ({i})", required=False, low=2000, high=2100
            )
            self.fields[f"year_{i}_number"] = BoundedIntegerField(
                label=f"Target tahun itu ({i})", required=False, low=0, high=TARGET_MAX
            )

    def main_fields(self):
        return [self[n] for n in ("name", "rule", "period_start", "period_end", "number")]

    def year_pairs(self):
        """The bound fields of each year row, for the template: [(year, number), ...]."""
        return [(self[f"year_{i}"], self[f"year_{i}_number"]) for i in range(1, self.year_rows + 1)]

    def years(self) -> list[tuple[int, int]]:
        """The filled year rows (a row with a year and no number counts as 0)."""
        out = []
        for i in range(1, self.year_rows + 1):
            year = self.cleaned_data.get(f"year_{i}")
            number = self.cleaned_data.get(f"year_{i}_number")
            if year is not None or number is not None:
                if year is None:
                    self.add_error(f"year_{i}", "Isi tahunnya, atau kosongkan baris ini.")
                    continue
                out.append((year, number or 0))
        return out

    def add_problems(self, exc: RuleError) -> None:
        for problem in exc.problems:
            name = FIELD_OF_PROBLEM.get(problem.field or "", problem.field or "")
            if name == "years":
                name = "year_1"
            self.add_error(name if name in self.fields else None, problem.message)
