"""The staff queue's searches, duplicates, NIK warnings, reports and the KBLI lookup."""

from __future__ import annotations

import datetime
import json
import math
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from berdaya.accounts.phones import normalize_phone
from berdaya.core.cleaning import text_problem, to_ascii_digits
from berdaya.core.errors import RuleError
from berdaya.core.pagination import KeysetPage
from berdaya.registry.models import (
    Business,
    DevelopmentReport,
    KbliCode,
    Person,
    Registration,
)
from berdaya.registry.nik import parse_nik
from berdaya.registry.references import registration_pk
from berdaya.registry.selectors.visible import businesses_visible_to, registrations_visible_to


@dataclass
class QueueFilters:
    kecamatan: str = ""
    kelurahan: str = ""
    section: str = ""
    size: str = ""
    status: str = ""
    gender: str = ""
    new: str = ""  # "1" new entrepreneurs only, "0" the others
    q: str = ""


def registration_search(user, f: QueueFilters) -> QuerySet[Registration]:
    """The verification queue / partner list with indexed filters (no COUNT, no OFFSET)."""
    qs = registrations_visible_to(user).select_related(
        "person", "business__kelurahan__kecamatan", "business__kbli"
    )
    if f.kelurahan:
        qs = qs.filter(business__kelurahan_id=f.kelurahan)
    elif f.kecamatan:
        qs = qs.filter(business__kelurahan__kecamatan_id=f.kecamatan)
    if f.section:
        qs = qs.filter(business__kbli_section=f.section)
    if f.size:
        qs = qs.filter(business__size_class=f.size)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.gender:
        qs = qs.filter(person__gender=f.gender)
    if f.new in ("1", "0"):
        qs = qs.filter(is_new_entrepreneur=f.new == "1")
    return _matching(qs, f.q, person="person__", business="business__", registration="")


def _matching(qs: QuerySet, text: str, *, person: str, business: str, registration: str):
    """``qs`` (registrations or businesses) narrowed to the staff search ``text``: a
    registration's reference (``DFT-000123``: its id), a partner number, a NIK, a phone however
    written, an NIB, or else part of the person's or the business's name.
    ``person``/``business``/``registration`` are the lookup prefixes from ``qs``'s model ("" for
    the model itself).

    Every kind is an indexed lookup on PostgreSQL at a million persons: the exact ones through
    their B-tree indexes, a name through the trigram indexes of migration 0005 (on the very
    ``UPPER(...)`` expression ``icontains`` writes). A condition on two joined tables OR-ed
    together cannot use an index on either, so each side is its own subquery and the two are
    joined by UNION; a name so common that the first page is found sooner by walking the list's
    order is left to that walk (``_common_name``)."""
    q = (text or "").strip()
    if not q:
        return qs
    digits = "".join(ch for ch in to_ascii_digits(q) if ch.isascii() and ch.isdigit())
    only_digits = digits == to_ascii_digits(q).replace(" ", "")
    phone = _phone_of(q)
    reference = registration_pk(q)
    if reference is not None:
        # A registration's reference (DFT-000123, as the registrant reads it out): its id.
        return qs.filter(**{f"{registration}pk": reference})
    if q.upper().startswith("MB-"):
        # Partner numbers are written upper case (``services.review``): the unique index.
        return qs.filter(**{f"{registration}partner_number": q.upper()})
    if len(digits) == 16 and only_digits:
        return qs.filter(**{f"{person}nik": digits})
    if phone and len(digits) == 13 and only_digits:  # 08xx... or an NIB
        return _either(qs, {f"{person}phone": phone}, {f"{business}nib": digits})
    if phone:
        return qs.filter(**{f"{person}phone": phone})
    if len(digits) == 13 and only_digits:
        return qs.filter(**{f"{business}nib": digits})
    by_name = {f"{person}full_name__icontains": q}, {f"{business}name__icontains": q}
    if connection.vendor != "postgresql" or _common_name(q):
        return qs.filter(Q(**by_name[0]) | Q(**by_name[1]))
    return _either(qs, *by_name)


def _either(qs: QuerySet, one: dict, other: dict) -> QuerySet:
    """Rows of ``qs`` matching ``one`` or ``other`` (conditions on two different joined
    tables), as ``pk IN (... UNION ...)``: each side an index scan of its own."""
    model = qs.model._default_manager
    ids = model.filter(**one).values("pk").union(model.filter(**other).values("pk"))
    return qs.filter(pk__in=ids)


def _phone_of(q: str) -> str:
    """The number in E.164 when ``q`` is an Indonesian phone number however written
    (0812-3456-7890, +62 812 3456 7890, 6281234567890); else ""."""
    text = to_ascii_digits(q).strip()
    bare = "".join(ch for ch in text if ch not in " -().")
    if not (bare.lstrip("+").isascii() and bare.lstrip("+").isdigit()):
        return ""
    if not (bare.startswith(("0", "62", "+62"))):
        return ""
    try:
        return normalize_phone(bare)
    except RuleError:
        return ""


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MICROSECOND = datetime.timedelta(microseconds=1)


def waiting_page(qs: QuerySet[Registration], *, cursor: str | None, size: int = 25) -> KeysetPage:
    """The registrations waiting for a decision, the one waiting longest first: keyset pages
    by (submitted_at, id); ``cursor`` is ``<submitted_at in µs since 1970>_<id>`` of the previous
    page's last row, safe in a URL (the index on status, submitted_at, id serves it)."""
    qs = qs.order_by("submitted_at", "pk")
    if cursor:
        stamp, _, pk = cursor.partition("_")
        try:
            after = EPOCH + int(stamp) * MICROSECOND
            qs = qs.filter(Q(submitted_at__gt=after) | Q(submitted_at=after, pk__gt=int(pk)))
        except (ValueError, OverflowError):
            pass
    items = list(qs[: size + 1])
    has_more = len(items) > size
    items = items[:size]
    last = items[-1] if has_more and items else None
    next_cursor = f"{(last.submitted_at - EPOCH) // MICROSECOND}_{last.pk}" if last else None
    return KeysetPage(items, next_cursor, has_more)


def business_search(user, f: QueueFilters) -> QuerySet[Business]:
    qs = businesses_visible_to(user).select_related(
        "owner", "kbli", "registration", "kelurahan__kecamatan"
    )
    if f.kelurahan:
        qs = qs.filter(kelurahan_id=f.kelurahan)
    elif f.kecamatan:
        qs = qs.filter(kelurahan__kecamatan_id=f.kecamatan)
    if f.section:
        qs = qs.filter(kbli_section=f.section)
    if f.size:
        qs = qs.filter(size_class=f.size)
    if f.status:
        qs = qs.filter(registration__status=f.status)
    if f.gender:
        qs = qs.filter(owner__gender=f.gender)
    if f.new in ("1", "0"):
        qs = qs.filter(registration__is_new_entrepreneur=f.new == "1")
    return _matching(qs, f.q, person="owner__", business="", registration="registration__")


def likely_duplicates(registration: Registration) -> list[tuple[Person, str]]:
    """Other persons with the same name and birth date, or the same phone (same NIK cannot
    exist): flagged for the reviewer."""
    person = registration.person
    found: list[tuple[Person, str]] = []
    same_name = Person.objects.filter(
        full_name__iexact=person.full_name, birth_date=person.birth_date
    ).exclude(pk=person.pk)
    for other in same_name[:10]:
        found.append((other, "nama dan tanggal lahir sama"))
    for other in Person.objects.filter(phone=person.phone).exclude(pk=person.pk)[:10]:
        if all(o.pk != other.pk for o, _ in found):
            found.append((other, "nomor HP sama"))
    return found


def nik_warnings(person: Person) -> list[str]:
    try:
        return parse_nik(person.nik).warnings
    except Exception:
        return []


def reports_of(business: Business) -> QuerySet[DevelopmentReport]:
    return DevelopmentReport.objects.filter(business=business).order_by("period")


def kbli_search(query: str, *, limit: int = 15) -> list[KbliCode]:
    """5-digit KBLI codes whose code, title or description match every word of ``query``."""
    if not isinstance(query, str) or text_problem(query) is not None:
        return []
    words = [w for w in query.split() if len(w) >= 2][:5]
    if not words:
        return []
    qs = KbliCode.objects.filter(version="2020", level="kelompok")
    if len(words) == 1 and words[0].isascii() and words[0].isdigit():
        return list(qs.filter(code__startswith=words[0])[:limit])
    for word in words:
        qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    # Titles that match come first.
    items = list(qs[:200])
    items.sort(key=lambda k: (not all(w.lower() in k.title.lower() for w in words), k.code))
    return items[:limit]


def _common_name(q: str) -> bool:
    """Whether so many persons or businesses bear ``q`` that the first page is found sooner
    by walking the list in its order (checking each row's names) than by fetching every match
    through the trigram indexes and sorting them. The walk reads about 26 x N / M rows for M
    matches among N persons, the fetch about M: they cost the same near M = 4 sqrt(N) (4,000 at
    a million, measured in ``bench/bench_search.py``). M and N are the planner's estimates
    (statistics of the indexed expressions, migration 0005), so the choice costs no scan."""
    people = _estimated_rows(Person.objects.filter(full_name__icontains=q))
    businesses = _estimated_rows(Business.objects.filter(name__icontains=q))
    persons = _estimated_rows(Person.objects.all())
    return people + businesses >= 4 * math.sqrt(max(persons, 1))


def _estimated_rows(qs: QuerySet) -> int:
    plan = json.loads(qs.explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])
