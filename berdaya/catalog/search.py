"""The public catalog search: filters, full-text + trigram search on PostgreSQL (icontains on
SQLite), and keyset pages in a daily-rotating order.

The order: every product has a fixed random ``shuffle`` key. A day's seed picks a point on that
circle; the day's list starts there, walks the keys upward and wraps around to the smallest keys.
So a different seller leads every day, yet a page is one indexed range scan
(``status, shuffle, id``) continued from the cursor ``seed.phase.shuffle.id``, never OFFSET.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, TrigramSimilarity
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from berdaya.catalog import selectors
from berdaya.catalog.models import Product, ProductStatus, SearchWord, Stock
from berdaya.catalog.words import words_of

SHUFFLE_SPACE = 2**31
_FLAGS_TRUE = {"1", "true", "yes", "ya", "on"}


@dataclass
class Filters:
    q: str = ""
    category: str = ""
    kecamatan: str = ""
    halal: bool = False
    ready: bool = False
    price_min: int | None = None
    price_max: int | None = None

    @classmethod
    def from_params(cls, params) -> Filters:
        def number(name: str) -> int | None:
            text = str(params.get(name) or "").replace(".", "").strip()
            return int(text) if text.isdecimal() and len(text) < 13 else None

        return cls(
            q=str(params.get("q") or "").strip()[:100],
            category=str(params.get("category") or params.get("kategori") or "").strip()[:40],
            kecamatan=str(params.get("kecamatan") or "").strip()[:8],
            halal=str(params.get("halal") or "").lower() in _FLAGS_TRUE,
            ready=str(params.get("ready") or params.get("stock") or "").lower()
            in _FLAGS_TRUE | {"ready"},
            price_min=number("price_min"),
            price_max=number("price_max"),
        )

    def any(self) -> bool:
        return bool(
            self.q or self.category or self.kecamatan or self.halal or self.ready
            or self.price_min is not None or self.price_max is not None
        )  # fmt: skip


@dataclass
class Page:
    items: list[Product]
    next_cursor: str | None
    corrected: str = ""  # the query as corrected for a typo


def day_seed(day: datetime.date | None = None) -> int:
    day = day or timezone.localdate()
    digest = hashlib.sha256(f"berdaya-katalog-{day.isoformat()}".encode()).hexdigest()
    return int(digest[:8], 16) % SHUFFLE_SPACE


# Up to this many matches a search reads its matches by the GIN index and sorts them; above it,
# walking the order index and stopping after a page of matches is cheaper.
SORT_BELOW = 600


def corrected_words(words: list[str]) -> list[str]:
    """Each word replaced by the most similar word of the catalog (trigram similarity on the
    small word list, GIN index), or kept when nothing is similar."""
    fixed = []
    for word in words:
        best = (
            SearchWord.objects.filter(word__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("word", word))
            .order_by("-similarity", "word")
            .values_list("word", flat=True)
            .first()
        )
        fixed.append(best or word)
    return fixed


def _matches(words: list[str]) -> tuple[Q, int]:
    raw = " & ".join(f"{w}:*" for w in words)
    match = Q(search_vector=SearchQuery(raw, search_type="raw", config="simple"))
    return match, Product.objects.filter(match)[:SORT_BELOW].count()  # GIN bitmap, capped


def apply_query(qs: QuerySet[Product], q: str) -> tuple[QuerySet[Product], bool, str]:
    """``qs`` narrowed to ``q``; whether to sort the (few) matches rather than walk the order
    index; and the corrected query when ``q`` had a typo. On PostgreSQL: the words as prefixes
    (``simple`` full-text search, GIN index); when nothing has them, the words corrected to the
    catalog's nearest words by trigram similarity ("kripik" finds "keripik"). On SQLite: every
    word by icontains."""
    words = words_of(q)
    if not words:
        return qs, False, ""
    if connection.vendor == "postgresql":
        match, found = _matches(words)
        corrected = ""
        if not found:
            fixed = corrected_words(words)
            if fixed != words:
                match, found = _matches(fixed)
                corrected = " ".join(fixed)
        return qs.filter(match), found < SORT_BELOW, corrected
    for word in words:
        qs = qs.filter(search_text__icontains=word)
    return qs, False, ""


def filtered(f: Filters) -> tuple[QuerySet[Product], bool, str]:
    """Published products matching ``f``, from the product table alone (the check that the
    owner is still verified is made when the page's rows are read, in ``page``)."""
    qs = Product.objects.filter(status=ProductStatus.PUBLISHED)
    if f.category:
        category = selectors.category_by_slug(f.category)
        qs = qs.filter(category=category) if category else qs.none()
    if f.kecamatan:
        qs = qs.filter(business__kelurahan__kecamatan_id=f.kecamatan)
    if f.halal:
        qs = qs.filter(is_halal=True)
    if f.ready:
        qs = qs.filter(stock=Stock.READY)
    if f.price_min is not None:
        qs = qs.filter(Q(price_rupiah__gte=f.price_min) | Q(price_max_rupiah__gte=f.price_min))
    if f.price_max is not None:
        qs = qs.filter(price_rupiah__lte=f.price_max)
    return apply_query(qs, f.q)


Key = tuple[int, int, int]  # (phase, shuffle, id): a position in the day's order


def _parse_cursor(cursor: str | None) -> tuple[int, Key] | None:
    try:
        seed, phase, key, pk = (int(part) for part in str(cursor or "").split("."))
    except ValueError:
        return None
    if not (0 <= seed < SHUFFLE_SPACE and phase in (0, 1)):
        return None
    return seed, (phase, key, pk)


def _next_keys(qs, *, seed: int, after: Key | None, want: int, sort: bool) -> list[Key]:
    """The next ``want`` positions after ``after`` in the day's order (index range scans)."""
    order = F("shuffle") + 0 if sort else F("shuffle")
    keys: list[Key] = []
    for phase in (0, 1):
        if after is not None and phase < after[0]:
            continue
        part = qs.filter(shuffle__gte=seed) if phase == 0 else qs.filter(shuffle__lt=seed)
        if after is not None and phase == after[0]:
            part = part.filter(Q(shuffle__gt=after[1]) | Q(shuffle=after[1], pk__gt=after[2]))
        rows = part.order_by(order, "pk").values_list("shuffle", "pk")[: want - len(keys)]
        keys.extend((phase, key, pk) for key, pk in rows)
        if len(keys) >= want:
            break
    return keys


def page(f: Filters, *, cursor: str | None = None, size: int = 24) -> Page:
    """One page of public products in the day's order, continued from ``cursor``."""
    size = max(1, min(int(size or 24), 60))
    parsed = _parse_cursor(cursor)
    seed, after = parsed if parsed else (day_seed(), None)
    qs, sort, corrected = filtered(f)
    items: list[Product] = []
    for _round in range(5):  # more rounds only when owners lost their verification
        want = size + 1 - len(items)
        keys = _next_keys(qs, seed=seed, after=after, want=want, sort=sort)
        if not keys:
            break
        rows = selectors.public_cards().in_bulk([k[2] for k in keys])
        for key in keys:
            if key[2] in rows:
                rows[key[2]].position = key  # type: ignore[attr-defined]
                items.append(rows[key[2]])
        after = keys[-1]
        if len(items) > size or len(keys) < want:
            break
    has_more = len(items) > size
    items = selectors.with_places(items[:size])
    next_cursor = None
    if has_more and items:
        phase, key, pk = items[-1].position  # type: ignore[attr-defined]
        next_cursor = f"{seed}.{phase}.{key}.{pk}"
    return Page(items, next_cursor, corrected)
