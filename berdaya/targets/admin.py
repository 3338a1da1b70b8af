from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from berdaya.core.cleaning.forms import CleaningFormMixin
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


class TargetForm(CleaningFormMixin, forms.ModelForm):
    class Meta:
        model = Target
        fields = ["name", "rule", "period_start", "period_end", "number"]

    def clean(self):
        """The target's own fields, by the service's rules; each message beside its field."""
        data = super().clean()
        assert data is not None  # ModelForm.clean returns cleaned_data
        if any(data.get(f) is None for f in ("period_start", "period_end", "number")):
            return data
        problems = target_problems(
            name=data.get("name", ""),
            rule=data.get("rule", ""),
            period_start=data["period_start"],
            period_end=data["period_end"],
            number=data["number"],
        )
        for problem in problems:
            field = {"target": "number"}.get(problem.field or "", problem.field)
            self.add_error(field if field in self.fields else None, problem.message)
        return data


class TargetYearForm(CleaningFormMixin, forms.ModelForm):
    class Meta:
        model = TargetYear
        fields = ["year", "number"]


class TargetYearInline(admin.TabularInline):
    model = TargetYear
    form = TargetYearForm
    formset = TargetYearFormSet
    extra = 0


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    form = TargetForm
    list_display = ["name", "rule", "period_start", "period_end", "number"]
    inlines = [TargetYearInline]
