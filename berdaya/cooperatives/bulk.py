"""Set-based writes of cooperative members for the bulk import: each row checked with the same
rules as ``services.members.member_add`` (``clean_member``: member number, NIK by the registry's
rules, dates, savings), then one statement per batch for the new members, one for the changed
ones and one for their events. The caller holds the transaction (one batch)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import ProtectedError
from django.utils import timezone

from berdaya.cooperatives import selectors
from berdaya.cooperatives.models import Cooperative, CooperativeEvents, Member, MemberStatus
from berdaya.cooperatives.services.members import CLOSED, clean_member
from berdaya.core.errors import ConflictError, RuleError
from berdaya.core.models import Event
from berdaya.registry.bulk import insert_rows, merged_json, update_rows

WRITTEN = (
    "full_name", "gender", "birth_date", "joined_on", "member_number", "person_id",
    "savings_pokok_rupiah", "savings_wajib_rupiah", "savings_sukarela_rupiah",
)  # fmt: skip


@dataclass
class MemberRow:
    row_number: int
    clean: dict  # clean_member's output (person as person_id)


@dataclass
class Outcome:
    row_number: int
    nik: str
    action: str
    member_id: int | None = None
    person_id: int | None = None
    business_id: int | None = None
    registration_id: int | None = None
    before: dict = field(default_factory=dict)


def cooperative_for_import(cooperative_id: int, user=None) -> Cooperative:
    """The open cooperative ``cooperative_id`` (RuleError when unknown or closed)."""
    coop = Cooperative.objects.filter(pk=cooperative_id).first()
    if coop is None:
        raise RuleError.one("cooperative_unknown", "Koperasi tidak ditemukan.", field="cooperative")
    if coop.status in CLOSED:
        raise RuleError.one(
            "cooperative_closed",
            f"Data anggota tidak dapat diubah: koperasi {coop.get_status_display().lower()}.",
            field="cooperative",
        )
    return coop


def can_import_members(user, cooperative_id: int) -> bool:
    """The cooperative's board, or DKUM staff of its area (``selectors.manages``)."""
    coop = Cooperative.objects.filter(pk=cooperative_id).first()
    return coop is not None and selectors.manages(user, coop)


def managed_ids(user) -> list[int]:
    """The cooperatives whose board ``user`` sits on (or registered)."""
    return list(selectors.managed_by(user).values_list("pk", flat=True))


def manageable_ids(user) -> list[int]:
    """The cooperatives whose members ``user`` may import: ``can_import_members`` as a list."""
    return list(selectors.manageable_by(user).values_list("pk", flat=True))


def manageable_choices(user) -> list[tuple[int, str]]:
    """``manageable_ids`` with their names, by name: the cooperatives to choose from on the
    import page."""
    return list(selectors.manageable_by(user).order_by("name", "pk").values_list("pk", "name"))


class MemberChecker:
    """``clean_member`` per row, plus what a batch cannot see: a member number that belongs to
    another person of this cooperative."""

    def __init__(self, cooperative_id: int) -> None:
        self.cooperative = cooperative_for_import(cooperative_id)
        self.number_owner = dict(
            Member.objects.filter(cooperative=self.cooperative).values_list("member_number", "nik")
        )

    def check(self, data: dict) -> tuple[dict | None, list[str]]:
        try:
            clean = clean_member(data)
        except RuleError as exc:
            return None, [p.message for p in exc.problems]
        owner = self.number_owner.get(clean["member_number"])
        if owner is not None and owner != clean["nik"]:
            return None, [f"Nomor anggota {clean['member_number']} sudah dipakai anggota lain."]
        person = clean.pop("person", None)
        clean["person_id"] = person.pk if person is not None else None
        return clean, []


def _active(coop_id: int, niks: list[str]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for i in range(0, len(niks), 5000):
        for m in Member.objects.filter(
            cooperative_id=coop_id, status=MemberStatus.ACTIVE, nik__in=niks[i : i + 5000]
        ).values("id", "nik", *WRITTEN):
            out.setdefault(m["nik"], m)
    return out


def _changes(current: dict, clean: dict) -> dict:
    return {k: clean[k] for k in WRITTEN if clean.get(k) is not None and current[k] != clean[k]}


def members_preview(*, cooperative_id: int, rows: list[MemberRow], on_existing: str) -> list[str]:
    existing = _active(cooperative_id, [r.clean["nik"] for r in rows])
    actions = []
    for r in rows:
        current = existing.get(r.clean["nik"])
        if current is None:
            actions.append("created")
        elif on_existing == "update" and _changes(current, r.clean):
            actions.append("updated")
        else:
            actions.append("unchanged")
    return actions


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def members_upsert(
    *, cooperative_id: int, rows: list[MemberRow], on_existing: str, actor, data: dict
) -> list[Outcome]:
    """Write one batch of members (new NIKs added active; active members updated or skipped)."""
    coop = Cooperative.objects.select_for_update().get(pk=cooperative_id)
    if coop.status in CLOSED:
        raise ConflictError("cooperative_closed", "Koperasi ini sudah ditutup.")
    now = timezone.now()
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    existing = _active(coop.pk, [r.clean["nik"] for r in rows])
    outcomes: list[Outcome] = []
    new: list[MemberRow] = []
    updates: dict[tuple, list[list]] = defaultdict(list)
    events: list[tuple[str, dict]] = []
    for r in rows:
        current = existing.get(r.clean["nik"])
        if current is None:
            new.append(r)
            continue
        outcome = Outcome(r.row_number, r.clean["nik"], "unchanged", member_id=current["id"])
        outcomes.append(outcome)
        changed = _changes(current, r.clean) if on_existing == "update" else {}
        if changed:
            names = tuple(sorted(changed))
            updates[names].append([changed[n] for n in names] + [now, current["id"]])
            outcome.action = "updated"
            outcome.before = {"member": {k: _plain(current[k]) for k in changed}}
            events.append((CooperativeEvents.MEMBER_UPDATED,
                           {"member": current["id"], "fields": sorted(changed)}))  # fmt: skip
    for names, values in updates.items():
        update_rows(Member, [*names, "updated_at"], values)
    if new:
        cols = ("cooperative_id", "nik", "status", "status_on", *WRITTEN, "created_at",
                "updated_at")  # fmt: skip
        values = [
            [coop.pk, r.clean["nik"], MemberStatus.ACTIVE, r.clean["joined_on"],
             *(r.clean[k] for k in WRITTEN), now, now]
            for r in new
        ]  # fmt: skip
        ids = dict((nik, pk) for pk, nik in insert_rows(Member, cols, values, returning="nik"))
        for r in new:
            pk = ids[r.clean["nik"]]
            outcomes.append(Outcome(r.row_number, r.clean["nik"], "created", member_id=pk))
            events.append((CooperativeEvents.MEMBER_ADDED,
                           {"member": pk, "member_number": r.clean["member_number"]}))  # fmt: skip
    _events(coop, events, now=now, actor_id=actor_id, data=data)
    outcomes.sort(key=lambda o: o.row_number)
    return outcomes


def _events(coop, items, *, now, actor_id, data) -> None:
    if not items:
        return
    ct = ContentType.objects.get_for_model(Cooperative).pk
    with_data = merged_json(data)
    insert_rows(
        Event, ("verb", "data"), [[verb, with_data(extra)] for verb, extra in items],
        same={"content_type_id": ct, "object_id": str(coop.pk), "actor_id": actor_id,
              "created_at": now},
    )  # fmt: skip


def members_touched(*, member_ids: list[int], since) -> int:
    touched = 0
    for i in range(0, len(member_ids), 5000):
        touched += Member.objects.filter(
            pk__in=member_ids[i : i + 5000], updated_at__gt=since
        ).count()
    return touched


def members_undo(*, created: list[int], restored: list[tuple[int, dict]]) -> None:
    """Remove the members an import added and put back what it changed (inside the caller's
    transaction, after ``members_touched``)."""
    now = timezone.now()
    try:
        for i in range(0, len(created), 5000):
            Member.objects.filter(pk__in=created[i : i + 5000]).delete()
    except ProtectedError:
        raise ConflictError("import_touched", "Anggota hasil impor ini sudah dipakai data lain.")
    groups: dict[tuple, list[list]] = defaultdict(list)
    for pk, before in restored:
        values = dict(before.get("member") or {})
        for key in ("birth_date", "joined_on"):
            if isinstance(values.get(key), str):
                values[key] = datetime.date.fromisoformat(values[key])
        if values:
            names = tuple(sorted(values))
            groups[names].append([values[n] for n in names] + [now, pk])
    for names, grouped in groups.items():
        update_rows(Member, [*names, "updated_at"], grouped)
