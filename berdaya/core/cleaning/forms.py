"""The cleaning layer for Django forms: field classes and a mixin for every form.

    class ReviewForm(CleaningFormMixin, forms.Form):
        reason = CleanCharField(max_length=500, required=False, multiline=True)
        nik = NikField()
        amount = RupiahField()

``CleaningFormMixin`` also guards the fields it did not declare itself: every text field refuses
NUL, control and broken characters; every integer field is bounded by its model column (ModelForm)
or by a 32-bit integer, so a form never lets a value through that would crash the database.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from berdaya.core.cleaning.numbers import (
    INT_MAX,
    INT_MIN,
    MAX_RUPIAH,
    clean_int,
    clean_rupiah,
    column_bounds,
)
from berdaya.core.cleaning.text import (
    CleanError,
    clean_nik,
    clean_phone_digits,
    clean_text,
    text_problem,
)


def validate_text(value: Any) -> None:
    """A Django validator: refuses NUL, control and broken characters."""
    if isinstance(value, str):
        problem = text_problem(value)
        if problem is not None:
            raise ValidationError(problem.message, code=problem.code)


def _form_error(exc: CleanError) -> ValidationError:
    return ValidationError(exc.message, code=exc.code)


class CleanCharField(forms.CharField):
    """A CharField cleaned by ``clean_text`` (single line unless ``multiline``)."""

    def __init__(self, *args: Any, multiline: bool = False, **kwargs: Any) -> None:
        self.multiline = multiline
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> str:
        try:
            return clean_text(value, max_length=None, multiline=self.multiline)
        except CleanError as exc:
            raise _form_error(exc) from None


class NikField(forms.CharField):
    """A NIK: 16 ASCII digits (other scripts' digits normalised, superscripts refused)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> str:
        if value in self.empty_values:
            return ""
        try:
            return clean_nik(value)
        except CleanError as exc:
            raise _form_error(exc) from None


class PhoneDigitsField(forms.CharField):
    def to_python(self, value: Any) -> str:
        if value in self.empty_values:
            return ""
        try:
            return clean_phone_digits(value)
        except CleanError as exc:
            raise _form_error(exc) from None


class BoundedIntegerField(forms.IntegerField):
    """An IntegerField that is always bounded (default: a 32-bit column) and reads other
    scripts' digits."""

    def __init__(self, *args: Any, low: int = INT_MIN, high: int = INT_MAX, **kwargs: Any):
        kwargs.setdefault("min_value", low)
        kwargs.setdefault("max_value", high)
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> int | None:
        try:
            return clean_int(value, low=INT_MIN * 2**32, high=INT_MAX * 2**32)
        except CleanError as exc:
            raise _form_error(exc) from None


def group_rupiah(value: Any) -> Any:
    """A saved whole amount as it is typed: 5000000 -> "5.000.000", -2500000 -> "-2.500.000".
    Anything else (a string as the user typed it, None) is returned unchanged."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, int):
        sign = "-" if value < 0 else ""
        return sign + f"{abs(value):,}".replace(",", ".")
    return value


class RupiahInput(forms.TextInput):
    """The one input for every Rupiah amount: a numeric keyboard, and a saved amount shown with
    thousands separators ("5.000.000"), which every amount field reads back. A value the user
    typed (a form shown again with an error) is kept exactly as typed."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        return super().format_value(group_rupiah(value))


class RupiahField(forms.Field):
    """Integer Rupiah ("1.500.000", "Rp 1.500.000" or 1500000); negative amounts refused."""

    widget = RupiahInput

    def __init__(self, *args: Any, low: int = 0, high: int = MAX_RUPIAH, **kwargs: Any):
        self.low, self.high = low, high
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        try:
            return clean_rupiah(value, low=self.low, high=self.high)
        except CleanError as exc:
            raise _form_error(exc) from None


def guard_field(field: forms.Field, model_field: Any = None) -> None:
    """Add the layer's checks to one form field that was not declared with the classes above."""
    if isinstance(field, forms.CharField) and validate_text not in field.validators:
        field.validators.append(validate_text)
        if model_field is not None and field.max_length is None:
            max_length = getattr(model_field, "max_length", None)
            if max_length:
                field.max_length = max_length
                field.validators.append(forms.CharField(max_length=max_length).validators[0])
    if isinstance(field, forms.IntegerField) and not isinstance(field, BoundedIntegerField):
        low, high = column_bounds(model_field) if model_field is not None else (INT_MIN, INT_MAX)
        if field.min_value is None or field.min_value < low:
            field.min_value = low
            field.validators.append(MinValueValidator(low))
        if field.max_value is None or field.max_value > high:
            field.max_value = high
            field.validators.append(MaxValueValidator(high))


class CleaningFormMixin:
    """Put first in a form's bases: every field gets the cleaning layer's checks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model = getattr(getattr(self, "_meta", None), "model", None)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            model_field = None
            if model is not None:
                try:
                    model_field = model._meta.get_field(name)
                except Exception:  # noqa: BLE001 - a form field without a model field
                    model_field = None
            guard_field(field, model_field)
