"""Members of a cooperative: add (also called by the bulk import), edit and status changes."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from berdaya.cooperatives import selectors
from berdaya.cooperatives.cleaning import Cleaner
from berdaya.cooperatives.models import (
    Cooperative,
    CooperativeEvents,
    CooperativeStatus,
    Gender,
    Member,
    MemberStatus,
)
from berdaya.core import events
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.registry.services import person_link

CLOSED = (CooperativeStatus.REJECTED, CooperativeStatus.DISSOLVED)
MEMBER_FIELDS = (
    "member_number", "nik", "full_name", "gender", "birth_date", "joined_on",
    "savings_pokok_rupiah", "savings_wajib_rupiah", "savings_sukarela_rupiah",
)  # fmt: skip
SAVINGS = (
    ("savings_pokok_rupiah", "Simpanan pokok"),
    ("savings_wajib_rupiah", "Simpanan wajib"),
    ("savings_sukarela_rupiah", "Simpanan sukarela"),
)


def clean_member(data: dict) -> dict:
    """A member's fields; raises RuleError with every problem (NIK by the registry's rules)."""
    c = Cleaner()
    today = timezone.localdate()
    out: dict = {
        "member_number": c.text(
            data, "member_number", "Nomor anggota", required=True, max_length=30
        ),
        "full_name": c.text(data, "full_name", "Nama lengkap", required=True),
        "gender": c.choice(data, "gender", "Jenis kelamin", Gender),
        "birth_date": c.date(data, "birth_date", "Tanggal lahir"),
        "joined_on": c.date(data, "joined_on", "Tanggal masuk"),
    }
    if out["birth_date"] and out["birth_date"] > today:
        c.add("birth_date_future", "Tanggal lahir tidak boleh di masa depan.", "birth_date")
    if out["joined_on"] and out["joined_on"] > today:
        c.add("joined_on_future", "Tanggal masuk tidak boleh di masa depan.", "joined_on")
    for name, label in SAVINGS:
        out[name] = c.integer(data, name, label, required=False)
    try:
        out["nik"], out["person"] = person_link(
            nik=str(data.get("nik") or ""),
            gender=out["gender"] if out["gender"] in Gender.values else None,
            birth_date=out["birth_date"],
        )
    except RuleError as exc:
        c.problems.extend(exc.problems)
    c.raise_if_any()
    return out


def _require_manager(actor, cooperative: Cooperative) -> None:
    if not selectors.manages(actor, cooperative):
        raise AccessDenied()


def _lock_open(cooperative: Cooperative) -> Cooperative:
    coop = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
    if coop.status in CLOSED:
        raise ConflictError(
            "cooperative_closed",
            f"Data anggota tidak dapat diubah: koperasi {coop.get_status_display().lower()}.",
        )
    return coop


def _check_unique(
    coop: Cooperative, clean: dict, *, exclude: int | None = None, active: bool = True
) -> None:
    others = Member.objects.filter(cooperative=coop)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.filter(member_number=clean["member_number"]).exists():
        raise ConflictError(
            "member_number_taken",
            f"Nomor anggota {clean['member_number']} sudah dipakai anggota lain.",
        )
    if active and others.filter(nik=clean["nik"], status=MemberStatus.ACTIVE).exists():
        raise ConflictError("already_member", "Orang dengan NIK ini sudah menjadi anggota aktif.")


def member_add(*, cooperative: Cooperative, actor, data: dict, check_access: bool = True):
    """Add one active member. The page, the API and the bulk import call this. Codes:
    ``nik_invalid`` (and the NIK cross-checks), ``member_number_taken`` (409),
    ``already_member`` (409), ``negative_amount``, ``joined_on_future``."""
    if check_access:
        _require_manager(actor, cooperative)
    clean = clean_member(data)
    try:
        with transaction.atomic():
            coop = _lock_open(cooperative)
            _check_unique(coop, clean)
            member = Member.objects.create(
                cooperative=coop,
                status=MemberStatus.ACTIVE,
                status_on=clean["joined_on"],
                **clean,
            )
            events.record(
                coop,
                CooperativeEvents.MEMBER_ADDED,
                actor=actor,
                data={"member": member.pk, "member_number": member.member_number},
            )
    except IntegrityError:
        raise ConflictError(
            "member_number_taken", "Nomor anggota ini sudah dipakai anggota lain."
        ) from None
    return member


def _current(member: Member) -> dict:
    return {name: getattr(member, name) for name in MEMBER_FIELDS}


def member_update(*, member: Member, actor, data: dict) -> Member:
    """Edit a member's data (only the fields given change); the same rules as adding."""
    _require_manager(actor, member.cooperative)
    given = {k: v for k, v in data.items() if k in MEMBER_FIELDS and v is not None}
    clean_member({**_current(member), **given})  # refusals before any lock
    try:
        with transaction.atomic():
            coop = _lock_open(member.cooperative)
            member = Member.objects.select_for_update().get(pk=member.pk)
            # Checked again on the locked row: the fields not given keep what a concurrent
            # edit wrote (not the caller's stale copy).
            clean = clean_member({**_current(member), **given})
            _check_unique(
                coop, clean, exclude=member.pk, active=member.status == MemberStatus.ACTIVE
            )
            changed = [k for k, v in clean.items() if getattr(member, k) != v]
            for key in changed:
                setattr(member, key, clean[key])
            if changed:
                member.save()
                events.record(
                    coop,
                    CooperativeEvents.MEMBER_UPDATED,
                    actor=actor,
                    data={"member": member.pk, "fields": [k for k in changed if k != "person"]},
                )
    except IntegrityError:
        raise ConflictError(
            "member_number_taken", "Nomor anggota ini sudah dipakai anggota lain."
        ) from None
    return member


# From which status a member may move to which (deceased is final; a member who left or was
# expelled may be active again).
STATUS_MOVES = {
    MemberStatus.ACTIVE: {MemberStatus.RESIGNED, MemberStatus.DECEASED, MemberStatus.EXPELLED},
    MemberStatus.RESIGNED: {MemberStatus.ACTIVE},
    MemberStatus.EXPELLED: {MemberStatus.ACTIVE},
    MemberStatus.DECEASED: set(),
}


def member_status_set(*, member: Member, actor, status: str, on) -> Member:
    """Record that a member resigned, died or was expelled (or re-joined) on a date."""
    _require_manager(actor, member.cooperative)
    c = Cleaner()
    status = c.choice({"status": status}, "status", "Status anggota", MemberStatus)
    day = c.date({"on": on}, "on", "Tanggal")
    if day and day > timezone.localdate():
        c.add("status_date_future", "Tanggal tidak boleh di masa depan.", "on")
    if day and day < member.joined_on:
        c.add("status_date_before_joined", "Tanggal tidak boleh sebelum tanggal masuk.", "on")
    c.raise_if_any()
    with transaction.atomic():
        coop = _lock_open(member.cooperative)
        member = Member.objects.select_for_update().get(pk=member.pk)
        if status not in STATUS_MOVES[MemberStatus(member.status)]:
            raise ConflictError(
                "member_status_invalid",
                f"Status {member.get_status_display()} tidak dapat diubah menjadi "
                f"{MemberStatus(status).label}.",
            )
        if status == MemberStatus.ACTIVE:
            active = Member.objects.filter(
                cooperative=coop, nik=member.nik, status=MemberStatus.ACTIVE
            )
            if active.exclude(pk=member.pk).exists():
                raise ConflictError(
                    "already_member", "Orang dengan NIK ini sudah menjadi anggota aktif."
                )
        from_status = member.status
        member.status, member.status_on = status, day
        member.save(update_fields=["status", "status_on", "updated_at"])
        events.record(
            coop,
            CooperativeEvents.MEMBER_STATUS_CHANGED,
            actor=actor,
            from_status=from_status,
            to_status=status,
            data={"member": member.pk, "member_number": member.member_number, "on": str(day)},
        )
    return member
