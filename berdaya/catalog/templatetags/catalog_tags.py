"""Template helpers of the catalog: photo ``srcset`` and JSON-LD data blocks."""

from __future__ import annotations

import json

from django import template
from django.utils.safestring import mark_safe

from berdaya.catalog import links

register = template.Library()

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def srcset(photo) -> str:
    return ", ".join(f"{links.photo_path(photo, w)} {w}w" for w in photo.WIDTHS)


@register.simple_tag
def photo_src(photo, width: int = 640) -> str:
    return links.photo_path(photo, width)


@register.filter
def ld_json(data) -> str:
    """A ``<script type="application/ld+json">`` block; ``<``, ``>`` and ``&`` are escaped, so
    no text inside can close the element."""
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
