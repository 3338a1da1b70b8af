"""Reading what a bulk write compares against: persons by NIK and their first business, in one
statement per batch (PostgreSQL: an ``= ANY(%s)`` array parameter; SQLite: ``IN`` per 5,000)."""

from __future__ import annotations

from django.db import connection

from berdaya.registry.bulk.sql import select_any
from berdaya.registry.models import Business, Person


def _chunks(ids: list, size: int = 5000):
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def persons_by_nik(niks: list[str], fields, *, lock: bool = False) -> dict[str, dict]:
    """The persons with these NIKs (``id``, ``nik`` and fields), in one query per 5,000
    (PostgreSQL: one ``= ANY(%s)`` array parameter, locked ``FOR UPDATE`` with ``lock``)."""
    out: dict[str, dict] = {}
    if connection.vendor == "postgresql":
        names = ("id", "nik", *fields)
        for row in select_any(Person, names, "nik", niks, lock=lock):
            out[row[1]] = dict(zip(names, row, strict=True))
        return out
    for chunk in _chunks(niks):
        qs = Person.objects.filter(nik__in=chunk)
        if lock:
            qs = qs.select_for_update()
        out.update((p["nik"], p) for p in qs.values("id", "nik", *fields))
    return out


def first_business_of(owner_ids: list[int], fields) -> dict[int, dict]:
    """Each owner's first business (``id``, ``owner_id`` and fields)."""
    out: dict[int, dict] = {}
    if not owner_ids:
        return out
    names = ("id", "owner_id", *fields)
    if connection.vendor == "postgresql":
        for row in sorted(select_any(Business, names, "owner_id", owner_ids), key=_first):
            out.setdefault(row[1], dict(zip(names, row, strict=True)))
        return out
    for chunk in _chunks(owner_ids):
        for b in (
            Business.objects.filter(owner_id__in=chunk).order_by("owner_id", "id").values(*names)
        ):
            out.setdefault(b["owner_id"], b)
    return out


def _first(row: tuple):
    return row[0]
