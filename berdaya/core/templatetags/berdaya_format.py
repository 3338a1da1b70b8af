"""Template filters for Indonesian formats; loaded as a builtin in every template."""

from __future__ import annotations

from django import template

from berdaya.core.masking import mask_nik
from berdaya.core.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(value):
    return format_rupiah(value)


@register.filter
def nik_masked(value):
    return mask_nik(value or "")


@register.filter
def angka(value):
    """1234567 -> 1.234.567"""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return value
