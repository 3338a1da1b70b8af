"""Template filters for Indonesian formats; loaded as a builtin in every template."""

from __future__ import annotations

from django import template

from berdaya.core.form_problems import field_problems
from berdaya.core.form_problems import form_problems as _form_problems
from berdaya.core.masking import mask_nik
from berdaya.core.money import format_rupiah, grouped
from berdaya.core.phones import format_phone

register = template.Library()


@register.filter
def rupiah(value):
    return format_rupiah(value)


@register.filter
def nik_masked(value):
    return mask_nik(value or "")


@register.filter
def hp(value):
    """+6281234567890 -> 0812-3456-7890"""
    return format_phone(value)


@register.filter
def angka(value):
    """1234567 -> 1.234.567"""
    try:
        return grouped(value)
    except (TypeError, ValueError):
        return value


@register.filter
def problems(field):
    """A bound field's messages, one per problem (``berdaya.core.form_problems``)."""
    return field_problems(field)


@register.filter
def form_problems(form):
    return _form_problems(form)
