"""Set-based writes of the registry for bulk imports: persons, their businesses, verified legacy
registrations and their events, in one statement per table and batch (PostgreSQL: ``COPY`` into
a staging table, then ``INSERT ... SELECT`` / ``UPDATE ... FROM``; SQLite: ``bulk_create`` and
``executemany``). Never a ``save()`` per row. The caller holds the transaction (one batch)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from berdaya.core.errors import ConflictError
from berdaya.core.models import Event
from berdaya.registry import rules
from berdaya.registry.bulk.lookup import first_business_of, persons_by_nik
from berdaya.registry.bulk.sql import insert_rows, update_rows

__all__ = ["insert_rows", "update_rows", "legacy_upsert", "legacy_preview", "legacy_undo"]
from berdaya.registry.models import (
    Business,
    KbliCode,
    PartnerSequence,
    Person,
    Registration,
    RegistrationStatus,
)

PERSON_FIELDS = (
    "full_name", "gender", "birth_date", "phone", "email", "kelurahan_id", "rw", "rt",
    "street_address",
)  # fmt: skip
BUSINESS_FIELDS = (
    "name", "kbli_id", "kbli_version", "kbli_section", "started_on", "nib", "npwp",
    "capital_rupiah", "annual_sales_rupiah", "workers_women", "workers_men", "size_class",
    "size_rule",
)  # fmt: skip
SHEET_BUSINESS_FIELDS = BUSINESS_FIELDS[:-2]  # the size class and rule come from the amounts
assert BUSINESS_FIELDS[-2:] == ("size_class", "size_rule")
# Fields an update leaves alone when the sheet has nothing for them.
KEEP_WHEN_EMPTY = {"email", "street_address", "nib", "npwp"}


class EventKinds:
    """The registry event verbs written by bulk imports."""

    IMPORTED = "imported"  # a legacy registration came in, verified
    IMPORT_UPDATED = "import_updated"  # a person or business changed by an import
    IMPORT_UNDONE = "import_undone"  # an import's registration removed again


def kbli_index() -> dict[str, tuple[int, str, str]]:
    """``{code: (id, version, kategori)}`` of the KBLI 2020 kelompok (5-digit) codes."""
    return {
        code: (pk, version, section)
        for pk, code, version, section in KbliCode.objects.filter(
            version="2020", level="kelompok"
        ).values_list("pk", "code", "version", "section")
    }


@dataclass
class LegacyRow:
    row_number: int
    person: dict  # nik + PERSON_FIELDS
    business: dict  # BUSINESS_FIELDS without the size class
    registered_on: datetime.date


@dataclass
class Outcome:
    row_number: int
    nik: str
    action: str  # created | updated | unchanged
    person_id: int | None = None
    business_id: int | None = None
    registration_id: int | None = None
    before: dict = field(default_factory=dict)


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


@lru_cache(maxsize=65536)
def _size(capital: int, sales: int) -> tuple[str, str]:
    """``rules.classify_size``, once per pair of amounts (a sheet repeats them)."""
    return rules.classify_size(capital_rupiah=capital, annual_sales_rupiah=sales)


def new_entrepreneur_since(registered_on: datetime.date) -> datetime.date:
    """The earliest start of a business that makes its new owner a new entrepreneur when
    registered on ``registered_on``: ``rules.is_new_entrepreneur`` for a person without
    certificates (a new person); ``_create`` works it out once per registration day (a test
    checks they agree)."""
    return registered_on - relativedelta(months=settings.BERDAYA_NEW_ENTREPRENEUR_MONTHS)


def _reserve_partner_numbers(years: list[int]) -> dict[int, list[str]]:
    """MB-YYYY-NNNNNN numbers for ``years`` (one per entry), taken from the locked sequence."""
    wanted: dict[int, int] = defaultdict(int)
    for year in years:
        wanted[year] += 1
    out: dict[int, list[str]] = {}
    for year in sorted(wanted):
        PartnerSequence.objects.get_or_create(year=year)
        seq = PartnerSequence.objects.select_for_update().get(year=year)
        first = seq.last + 1
        seq.last += wanted[year]
        seq.save(update_fields=["last"])
        out[year] = [f"MB-{year}-{n:06d}" for n in range(first, seq.last + 1)]
    return out


def legacy_upsert(
    *, rows: list[LegacyRow], on_existing: str, actor, note: str, data: dict
) -> list[Outcome]:
    """Write one batch: new NIKs become a person, a business and a verified registration dated
    by ``registered_on``; known NIKs are updated (``on_existing="update"``) or left alone
    (``"skip"``). Call inside ``transaction.atomic``. Returns one outcome per row."""
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    niks = [r.person["nik"] for r in rows]
    existing = persons_by_nik(niks, PERSON_FIELDS, lock=True)
    businesses = first_business_of([p["id"] for p in existing.values()], BUSINESS_FIELDS)
    outcomes: list[Outcome] = []
    new_rows: list[LegacyRow] = []
    person_updates: list[dict] = []
    business_updates: list[dict] = []
    events: list[tuple] = []
    for row in rows:
        nik = row.person["nik"]
        current = existing.get(nik)
        if current is None:
            new_rows.append(row)
            continue
        outcome = Outcome(row.row_number, nik, "unchanged", person_id=current["id"])
        outcomes.append(outcome)
        biz = businesses.get(current["id"])
        if biz is not None:
            outcome.business_id = biz["id"]
        if on_existing != "update":
            continue
        changed_person = _changes(current, row.person, PERSON_FIELDS)
        changed_business = {}
        if biz is not None:
            changed_business = _business_changes(biz, row.business)
        if changed_person:
            person_updates.append({"id": current["id"], **changed_person, "updated_at": now})
            outcome.before["person"] = {k: _plain(current[k]) for k in changed_person}
            events.append((Person, current["id"], {"fields": sorted(changed_person)}))
        if changed_business and biz is not None:
            business_updates.append({"id": biz["id"], **changed_business, "updated_at": now})
            outcome.before["business"] = {k: _plain(biz[k]) for k in changed_business}
            events.append((Business, biz["id"], {"fields": sorted(changed_business)}))
        if changed_person or changed_business:
            outcome.action = "updated"
    _apply_updates(Person, person_updates)
    _apply_updates(Business, business_updates)
    outcomes += _create(new_rows, now=now, note=note, data=data, actor_id=actor_id)
    _events(events, verb=EventKinds.IMPORT_UPDATED, now=now, actor_id=actor_id, data=data)
    outcomes.sort(key=lambda o: o.row_number)
    return outcomes


def _changes(current: dict, wanted: dict, names) -> dict:
    """The fields of ``wanted`` that differ from ``current`` (None, and "" for the fields in
    KEEP_WHEN_EMPTY, mean "nothing in the sheet": never a change)."""
    return {
        name: value
        for name in names
        if (value := wanted.get(name)) is not None
        and current.get(name) != value
        and not (value == "" and name in KEEP_WHEN_EMPTY)
    }


def _business_changes(current: dict, business: dict) -> dict:
    """``_changes`` of a sheet's business (without its size class) against ``current``, the
    size class and rule worked out from the amounts (no copy of the row's dict)."""
    out = _changes(current, business, BUSINESS_FIELDS)
    size_class, size_rule = _size(business["capital_rupiah"], business["annual_sales_rupiah"])
    if current.get("size_class") != size_class:
        out["size_class"] = size_class
    if current.get("size_rule") != size_rule:
        out["size_rule"] = size_rule
    return out


def _apply_updates(model, updates: list[dict]) -> None:
    by_fields: dict[tuple, list[dict]] = defaultdict(list)
    for u in updates:
        by_fields[tuple(sorted(k for k in u if k != "id"))].append(u)
    for names, items in by_fields.items():
        update_rows(model, names, [[u[n] for n in names] + [u["id"]] for u in items])


def _create(rows: list[LegacyRow], *, now, note: str, data: dict, actor_id) -> list[Outcome]:
    if not rows:
        return []
    person_cols = ("nik", *PERSON_FIELDS, "consent_text", "created_at", "updated_at")
    person_values = [
        [r.person["nik"], *(r.person[f] for f in PERSON_FIELDS), "", now, now] for r in rows
    ]
    person_ids = dict(
        (nik, pk) for pk, nik in insert_rows(Person, person_cols, person_values, returning="nik")
    )
    biz_cols = (
        "owner_id", *BUSINESS_FIELDS, "legal_form", "marketing_channels", "kelurahan_id", "rw",
        "rt", "street_address", "created_at", "updated_at",
    )  # fmt: skip
    biz_values = []
    for r in rows:
        b = r.business
        p = r.person
        biz_values.append(
            [person_ids[p["nik"]], *(b[f] for f in SHEET_BUSINESS_FIELDS),
             *_size(b["capital_rupiah"], b["annual_sales_rupiah"]), "perorangan", [],
             p["kelurahan_id"], p["rw"], p["rt"], p["street_address"], now, now]
        )  # fmt: skip
    business_ids = dict(
        (owner, pk)
        for pk, owner in insert_rows(Business, biz_cols, biz_values, returning="owner_id")
    )
    numbers = {
        year: iter(taken)
        for year, taken in _reserve_partner_numbers([r.registered_on.year for r in rows]).items()
    }
    reg_cols = (
        "person_id", "business_id", "status", "partner_number", "submitted_at", "verified_at",
        "reason", "is_new_entrepreneur", "created_at", "updated_at",
    )  # fmt: skip
    reg_values = []
    moments: dict[datetime.date, datetime.datetime] = {}
    sinces: dict[datetime.date, datetime.date] = {}
    for r in rows:
        pid = person_ids[r.person["nik"]]
        at = moments.get(r.registered_on)
        if at is None:
            at = moments[r.registered_on] = _moment(r.registered_on)
        since = sinces.get(r.registered_on)
        if since is None:
            since = sinces[r.registered_on] = new_entrepreneur_since(r.registered_on)
        new = r.business["started_on"] >= since
        reg_values.append(
            [pid, business_ids[pid], RegistrationStatus.VERIFIED,
             next(numbers[r.registered_on.year]), at, at, note, new, now, now]
        )  # fmt: skip
    reg_ids = dict(
        (biz, pk)
        for pk, biz in insert_rows(Registration, reg_cols, reg_values, returning="business_id")
    )
    outcomes = []
    events = []
    for r in rows:
        pid = person_ids[r.person["nik"]]
        bid = business_ids[pid]
        outcomes.append(Outcome(r.row_number, r.person["nik"], "created", pid, bid, reg_ids[bid]))
        events.append((Registration, reg_ids[bid], {"row": r.row_number}))
    _events(
        events, verb=EventKinds.IMPORTED, now=now, actor_id=actor_id, data=data,
        to_status=RegistrationStatus.VERIFIED, note=note,
    )  # fmt: skip
    return outcomes


def _events(items, *, verb, now, actor_id, data, from_status="", to_status="", note="") -> None:
    """Event rows for ``items`` [(model, pk, extra data)], written in one statement."""
    if not items:
        return
    types = {}
    cols = ("content_type_id", "object_id", "verb", "actor_id", "from_status", "to_status",
            "note", "data", "created_at")  # fmt: skip
    values = []
    for model, pk, extra in items:
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model).pk
        values.append(
            [types[model], str(pk), verb, actor_id, from_status, to_status, note,
             {**data, **extra}, now]
        )  # fmt: skip
    insert_rows(Event, cols, values)


# --- undo ---------------------------------------------------------------------------------------
def legacy_untouched_since(
    *, person_ids: list[int], business_ids: list[int], registration_ids: list[int], since
) -> int:
    """How many of these rows were changed after ``since`` (0: the import can be undone)."""
    touched = 0
    for model, ids in ((Person, person_ids), (Business, business_ids),
                       (Registration, registration_ids)):  # fmt: skip
        for chunk in _chunks(ids):
            touched += model.objects.filter(pk__in=chunk, updated_at__gt=since).count()
    for chunk in _chunks(person_ids):
        touched += Person.objects.filter(pk__in=chunk, user__isnull=False).count()
    return touched


def legacy_undo(
    *,
    created: list[tuple[int, int, int]],
    restored: list[tuple[int | None, int | None, dict]],
    actor,
    data: dict,
) -> None:
    """Remove the registrations, businesses and persons an import created, and put back the
    values it changed. Call inside ``transaction.atomic`` after ``legacy_untouched_since``.
    ConflictError ``import_touched`` when other data now depends on them."""
    from django.db.models import ProtectedError

    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    reg_ids = [c[2] for c in created if c[2]]
    try:
        for model, ids in ((Registration, reg_ids), (Business, [c[1] for c in created if c[1]]),
                           (Person, [c[0] for c in created if c[0]])):  # fmt: skip
            for chunk in _chunks(ids):
                model.objects.filter(pk__in=chunk).delete()
    except ProtectedError:
        raise ConflictError(
            "import_touched",
            "Data hasil impor ini sudah dipakai data lain (misalnya pengajuan pembiayaan atau "
            "pelatihan), jadi impor tidak dapat dibatalkan.",
        ) from None
    people: list[dict] = []
    shops: list[dict] = []
    for person_id, business_id, before in restored:
        if person_id and before.get("person"):
            people.append({"id": person_id, **_typed(before["person"]), "updated_at": now})
        if business_id and before.get("business"):
            shops.append({"id": business_id, **_typed(before["business"]), "updated_at": now})
    _apply_updates(Person, people)
    _apply_updates(Business, shops)
    _events(
        [(Registration, pk, {}) for pk in reg_ids], verb=EventKinds.IMPORT_UNDONE, now=now,
        actor_id=actor_id, data=data, from_status=RegistrationStatus.VERIFIED,
    )  # fmt: skip


def _typed(values: dict) -> dict:
    out = dict(values)
    for key in ("birth_date", "started_on"):
        if isinstance(out.get(key), str):
            out[key] = datetime.date.fromisoformat(out[key])
    return out


def _chunks(ids: list[int], size: int = 5000):
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def legacy_preview(*, rows: list[LegacyRow], on_existing: str) -> list[str]:
    """What ``legacy_upsert`` would do with each row (created | updated | unchanged), without
    writing: the dry run's counts come from the same comparison."""
    existing = persons_by_nik([r.person["nik"] for r in rows], PERSON_FIELDS)
    businesses = first_business_of([p["id"] for p in existing.values()], BUSINESS_FIELDS)
    actions = []
    for row in rows:
        current = existing.get(row.person["nik"])
        if current is None:
            actions.append("created")
            continue
        if on_existing != "update":
            actions.append("unchanged")
            continue
        biz = businesses.get(current["id"])
        changed = bool(_changes(current, row.person, PERSON_FIELDS)) or bool(
            biz is not None and _business_changes(biz, row.business)
        )
        actions.append("updated" if changed else "unchanged")
    return actions
