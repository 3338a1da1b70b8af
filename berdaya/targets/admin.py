from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from berdaya.targets.models import Target, TargetYear
from berdaya.targets.services import target_problems


class TargetYearFormSet(forms.BaseInlineFormSet):
    """Checks the whole target (period and yearly breakdown) with the service's rules."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        target = self.instance
        if target.period_start is None or target.period_end is None or target.number is None:
            return
        years = [
            (f.cleaned_data["year"], f.cleaned_data["number"])
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        problems = target_problems(
            name=target.name,
            rule=target.rule,
            period_start=target.period_start,
            period_end=target.period_end,
            number=target.number,
            years=years,
        )
        if problems:
            raise ValidationError([p.message for p in problems])


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["name", "rule", "period_start", "period_end", "number"]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            raise ValidationError(
                {"period_end": "Akhir periode tidak boleh sebelum awal periode."},
                code="period_end_before_start",
            )
        return data


class TargetYearInline(admin.TabularInline):
    model = TargetYear
    formset = TargetYearFormSet
    extra = 0


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    form = TargetForm
    list_display = ["name", "rule", "period_start", "period_end", "number"]
    inlines = [TargetYearInline]
