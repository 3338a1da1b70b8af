"""The public lists (search results, storefront grids) are the same for every visitor and are
cached for ``TTL`` seconds in Django's cache. Every catalog write bumps a generation number, so
in this process a change shows at once; other processes show it within ``TTL``."""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from berdaya.catalog import search

TTL = 60
_GENERATION = "catalog:generation"


def generation() -> int:
    value = cache.get(_GENERATION)
    if value is None:
        cache.add(_GENERATION, 1, None)
        value = cache.get(_GENERATION) or 1
    return int(value)


def changed() -> None:
    """Call after any write that changes what the public lists show."""
    try:
        cache.incr(_GENERATION)
    except ValueError:
        cache.set(_GENERATION, 2, None)


def results_key(filters: search.Filters, cursor: str | None) -> str:
    text = repr((sorted(vars(filters).items()), cursor, search.day_seed()))
    return f"catalog:results:{generation()}:{hashlib.sha256(text.encode()).hexdigest()[:32]}"


def storefront_key(slug: str) -> str:
    return f"catalog:storefront:{generation()}:{slug}"
