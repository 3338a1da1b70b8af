"""Set-based writes of the registry for bulk imports: persons, their businesses, verified legacy
registrations and their events, in one statement per table and batch (PostgreSQL: ``COPY`` into
a staging table, then ``INSERT ... SELECT`` / ``UPDATE ... FROM``; SQLite: ``bulk_create`` and
``executemany``). Never a ``save()`` per row. The caller holds the transaction (one batch)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
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
from berdaya.registry.bulk.sql import copy_line, copy_new, insert_new, insert_rows, update_rows

__all__ = [
    "insert_new",
    "insert_rows",
    "update_rows",
    "legacy_upsert",
    "legacy_preview",
    "legacy_undo",
]
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


# The columns of a new person's and business's COPY text (``LegacyRow``), in order.
PERSON_COPY = ("nik", *PERSON_FIELDS)
BUSINESS_COPY = (
    *BUSINESS_FIELDS, "legal_form", "marketing_channels", "kelurahan_id", "rw", "rt",
    "street_address",
)  # fmt: skip


@dataclass(slots=True)
class LegacyRow:
    """One checked sheet row, ready to write. ``legacy_row`` makes it (in the import's check
    thread), so the work per row is done before the batch's transaction: the size class, the
    new-entrepreneur flag and, for PostgreSQL, the person's and business's ``COPY`` text."""

    row_number: int
    person: dict  # nik + PERSON_FIELDS
    business: dict  # BUSINESS_FIELDS without the size class
    registered_on: datetime.date
    size: tuple[str, str] = ("", "")  # size_class, size_rule
    is_new: bool = False  # a new entrepreneur when registered (rules.is_new_entrepreneur)
    person_line: str = ""  # PERSON_COPY as COPY text (PostgreSQL)
    business_line: str = ""  # BUSINESS_COPY as COPY text (PostgreSQL)


def legacy_row(
    number: int, person: dict, business: dict, registered_on: datetime.date, *, lines: bool
) -> LegacyRow:
    """A ``LegacyRow`` with what it needs worked out; ``lines``: with its COPY text too."""
    size = _size(business["capital_rupiah"], business["annual_sales_rupiah"])
    row = LegacyRow(
        number, person, business, registered_on, size,
        business["started_on"] >= new_entrepreneur_since(registered_on),
    )  # fmt: skip
    if lines:
        row.person_line = copy_line([person[f] for f in PERSON_COPY])
        row.business_line = copy_line(
            [*(business[f] for f in SHEET_BUSINESS_FIELDS), *size, "perorangan", [],
             person["kelurahan_id"], person["rw"], person["rt"], person["street_address"]]
        )  # fmt: skip
    return row


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


@lru_cache(maxsize=65536)
def new_entrepreneur_since(registered_on: datetime.date) -> datetime.date:
    """The earliest start of a business that makes its new owner a new entrepreneur when
    registered on ``registered_on``: ``rules.is_new_entrepreneur`` for a person without
    certificates (a new person); worked out once per registration day (a test checks they
    agree)."""
    return registered_on - relativedelta(months=settings.BERDAYA_NEW_ENTREPRENEUR_MONTHS)


def _reserve_partner_numbers(years: list[int]) -> dict[int, list[str]]:
    """MB-YYYY-NNNNNN numbers for ``years`` (one per entry), taken from the yearly sequences
    in one statement, whose rows stay locked until the batch commits (years in order, so two
    imports never wait on each other in a circle)."""
    wanted = Counter(years)
    table = connection.ops.quote_name(PartnerSequence._meta.db_table)
    pairs = sorted(wanted.items())
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("year", "last") VALUES {", ".join(["(%s, %s)"] * len(pairs))} '  # noqa: S608
            f'ON CONFLICT ("year") DO UPDATE SET "last" = {table}."last" + EXCLUDED."last" '
            'RETURNING "year", "last"',
            [v for pair in pairs for v in pair],
        )
        lasts = dict(cursor.fetchall())
    return {
        year: [f"MB-{year}-{n:06d}" for n in range(lasts[year] - count + 1, lasts[year] + 1)]
        for year, count in pairs
    }


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


REGISTRATION_COLS = (
    "person_id", "business_id", "partner_number", "submitted_at", "verified_at",
    "is_new_entrepreneur", "status", "reason", "created_at", "updated_at",
)  # fmt: skip


def _create(rows: list[LegacyRow], *, now, note: str, data: dict, actor_id) -> list[Outcome]:
    """New persons, their businesses and verified registrations (PostgreSQL: from the rows'
    prepared COPY text, so the transaction does little more than send them)."""
    if not rows:
        return []
    numbers = {
        year: iter(taken)
        for year, taken in _reserve_partner_numbers([r.registered_on.year for r in rows]).items()
    }
    person_cols = (*PERSON_COPY, "consent_text", "created_at", "updated_at")
    business_cols = ("owner_id", *BUSINESS_COPY, "created_at", "updated_at")
    if on_postgres():
        stamp = copy_line([now, now])
        person_ids = copy_new(Person, person_cols, [f"{r.person_line}\t\t{stamp}" for r in rows])
        business_ids = copy_new(
            Business,
            business_cols,
            [f"{pid}\t{r.business_line}\t{stamp}" for r, pid in zip(rows, person_ids, strict=True)],
        )
        moments = {d: _moment(d).isoformat() for d in {r.registered_on for r in rows}}
        rest = copy_line([RegistrationStatus.VERIFIED, note, now, now])
        reg_ids = copy_new(
            Registration,
            REGISTRATION_COLS,
            [
                f"{pid}\t{bid}\t{next(numbers[r.registered_on.year])}\t{moments[r.registered_on]}"
                f"\t{moments[r.registered_on]}\t{'t' if r.is_new else 'f'}\t{rest}"
                for r, pid, bid in zip(rows, person_ids, business_ids, strict=True)
            ],
        )
    else:
        person_ids = insert_new(
            Person, person_cols, [[*(r.person[f] for f in PERSON_COPY), "", now, now] for r in rows]
        )
        business_ids = insert_new(
            Business,
            business_cols,
            [
                [pid, *(r.business[f] for f in SHEET_BUSINESS_FIELDS), *r.size, "perorangan", [],
                 r.person["kelurahan_id"], r.person["rw"], r.person["rt"],
                 r.person["street_address"], now, now]
                for r, pid in zip(rows, person_ids, strict=True)
            ],
        )  # fmt: skip
        reg_ids = insert_new(
            Registration,
            REGISTRATION_COLS,
            [
                [pid, bid, next(numbers[r.registered_on.year]), _moment(r.registered_on),
                 _moment(r.registered_on), r.is_new, RegistrationStatus.VERIFIED, note, now, now]
                for r, pid, bid in zip(rows, person_ids, business_ids, strict=True)
            ],
        )  # fmt: skip
    outcomes = []
    events = []
    for r, pid, bid, rid in zip(rows, person_ids, business_ids, reg_ids, strict=True):
        outcomes.append(Outcome(r.row_number, r.person["nik"], "created", pid, bid, rid))
        events.append((Registration, rid, {"row": r.row_number}))
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
