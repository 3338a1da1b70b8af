"""Set-based writes of the registry for bulk imports: persons, their businesses, verified legacy
registrations and their events, in one statement per table and batch (PostgreSQL: new rows by
``COPY`` straight into their tables, changed ones by ``COPY`` into a staging table and ``UPDATE
... FROM``; SQLite: ``bulk_create`` and ``executemany``). Never a ``save()`` per row. The caller
holds the transaction (one batch). The rows and their comparison are in ``bulk.rows``."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from berdaya.core.errors import ConflictError
from berdaya.core.models import Event
from berdaya.registry.bulk.lookup import first_business_of, persons_by_nik
from berdaya.registry.bulk.rows import (
    BUSINESS_COPY,
    BUSINESS_FIELDS,
    PERSON_COPY,
    PERSON_FIELDS,
    SHEET_BUSINESS_FIELDS,
    LegacyBatch,
    LegacyRow,
    Outcome,
    business_changes,
    changes_of,
    kbli_index,
    legacy_row,
    new_entrepreneur_since,
    noon_of,
    plain,
    with_lines,
)
from berdaya.registry.bulk.sql import (
    copy_line,
    copy_new,
    insert_new,
    insert_rows,
    merged_json,
    update_rows,
)
from berdaya.registry.models import (
    Business,
    PartnerSequence,
    Person,
    Registration,
    RegistrationStatus,
)

__all__ = [
    "BUSINESS_FIELDS", "PERSON_FIELDS", "LegacyBatch", "LegacyRow", "Outcome", "insert_new",
    "insert_rows", "kbli_index", "legacy_preview", "legacy_row", "legacy_undo", "legacy_upsert",
    "merged_json", "new_entrepreneur_since", "update_rows", "with_lines",
]  # fmt: skip


class EventKinds:
    """The registry event verbs written by bulk imports."""

    IMPORTED = "imported"  # a legacy registration came in, verified
    IMPORT_UPDATED = "import_updated"  # a person or business changed by an import
    IMPORT_UNDONE = "import_undone"  # an import's registration removed again


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
    niks = [r.nik for r in rows]
    existing = persons_by_nik(niks, PERSON_FIELDS, lock=True)
    businesses = first_business_of([p["id"] for p in existing.values()], BUSINESS_FIELDS)
    outcomes: list[Outcome] = []
    new_rows: list[LegacyRow] = []
    person_updates: list[dict] = []
    business_updates: list[dict] = []
    events: list[tuple] = []
    for row in rows:
        nik = row.nik
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
        changed_person = changes_of(current, row.person, PERSON_FIELDS)
        changed_business = {}
        if biz is not None:
            changed_business = business_changes(biz, row.business)
        if changed_person:
            person_updates.append({"id": current["id"], **changed_person, "updated_at": now})
            outcome.before["person"] = {k: plain(current[k]) for k in changed_person}
            events.append((Person, current["id"], {"fields": sorted(changed_person)}))
        if changed_business and biz is not None:
            business_updates.append({"id": biz["id"], **changed_business, "updated_at": now})
            outcome.before["business"] = {k: plain(biz[k]) for k in changed_business}
            events.append((Business, biz["id"], {"fields": sorted(changed_business)}))
        if changed_person or changed_business:
            outcome.action = "updated"
    _apply_updates(Person, person_updates)
    _apply_updates(Business, business_updates)
    outcomes += _create(new_rows, now=now, note=note, data=data, actor_id=actor_id)
    _events(events, verb=EventKinds.IMPORT_UPDATED, now=now, actor_id=actor_id, data=data)
    outcomes.sort(key=lambda o: o.row_number)
    return outcomes


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
        rows = [with_lines(r) for r in rows]
        stamp = copy_line([now, now])
        person_ids = copy_new(Person, person_cols, [f"{r.person_line}\t\t{stamp}" for r in rows])
        business_ids = copy_new(
            Business,
            business_cols,
            [f"{pid}\t{r.business_line}\t{stamp}" for r, pid in zip(rows, person_ids, strict=True)],
        )
        moments = {d: noon_of(d).isoformat() for d in {r.registered_on for r in rows}}
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
                [pid, bid, next(numbers[r.registered_on.year]), noon_of(r.registered_on),
                 noon_of(r.registered_on), r.is_new, RegistrationStatus.VERIFIED, note, now, now]
                for r, pid, bid in zip(rows, person_ids, business_ids, strict=True)
            ],
        )  # fmt: skip
    outcomes = []
    events = []
    for r, pid, bid, rid in zip(rows, person_ids, business_ids, reg_ids, strict=True):
        outcomes.append(Outcome(r.row_number, r.nik, "created", pid, bid, rid))
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
    types: dict = {}
    for model, _pk, _extra in items:
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model).pk
    with_data = merged_json(data)
    insert_rows(
        Event,
        ("content_type_id", "object_id", "data"),
        [[types[model], str(pk), with_data(extra)] for model, pk, extra in items],
        same={"verb": verb, "actor_id": actor_id, "from_status": from_status,
              "to_status": to_status, "note": note, "created_at": now},
    )  # fmt: skip


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
    existing = persons_by_nik([r.nik for r in rows], PERSON_FIELDS)
    businesses = first_business_of([p["id"] for p in existing.values()], BUSINESS_FIELDS)
    actions = []
    for row in rows:
        current = existing.get(row.nik)
        if current is None:
            actions.append("created")
            continue
        if on_existing != "update":
            actions.append("unchanged")
            continue
        biz = businesses.get(current["id"])
        changed = bool(changes_of(current, row.person, PERSON_FIELDS)) or bool(
            biz is not None and business_changes(biz, row.business)
        )
        actions.append("updated" if changed else "unchanged")
    return actions
