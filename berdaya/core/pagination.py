"""Keyset pagination: pages by the last seen id, never OFFSET and never COUNT(*) of the table."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass
class KeysetPage:
    items: list
    next_cursor: str | None
    has_more: bool


def keyset_page(qs: QuerySet, *, cursor: str | None, size: int = 25) -> KeysetPage:
    """Newest first by primary key. ``cursor`` is the last id of the previous page (as text).

    Filter ``qs`` first; an index on the filter columns plus ``id`` keeps each page cheap.
    """
    size = max(1, min(int(size or 25), 200))
    qs = qs.order_by("-pk")
    if cursor:
        try:
            qs = qs.filter(pk__lt=int(cursor))
        except (TypeError, ValueError):
            pass
    items = list(qs[: size + 1])
    has_more = len(items) > size
    items = items[:size]
    return KeysetPage(items, str(items[-1].pk) if has_more and items else None, has_more)
