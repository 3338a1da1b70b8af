"""Typed helpers for Django forms."""

from __future__ import annotations

from django import forms


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's own copy of its declared choice field ``name``, typed as one.

    ``form.fields`` is typed ``dict[str, Field]``, so setting ``choices`` on a field needs the
    narrowing; a form that declares ``name`` as anything else is a programming error.
    """
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField), f"{type(form).__name__}.{name} is no ChoiceField"
    return field
