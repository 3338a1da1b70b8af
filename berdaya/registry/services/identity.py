"""Identity changes (requested and decided) and linking a person to an account."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from berdaya.accounts.selectors import is_staff
from berdaya.core import events
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.notify import notify_user
from berdaya.core.privacy import access_record
from berdaya.registry import selectors
from berdaya.registry.cleaning import (
    Cleaner,
    clean_identity,
)
from berdaya.registry.models import (
    ChangeStatus,
    IdentityChange,
    Person,
    RegistryEvents,
)
from berdaya.registry.services.common import IDENTITY_FIELDS


# --- Identity changes -----------------------------------------------------------------------
def _identity_of(person: Person) -> dict:
    return {
        "nik": person.nik,
        "full_name": person.full_name,
        "birth_date": person.birth_date.isoformat(),
        "gender": person.gender,
    }


def identity_change_request(
    *, person: Person, actor, data: dict, reason: str = ""
) -> IdentityChange:
    """Ask staff to change NIK, name, birth date or gender; the change waits for review."""
    if not selectors.manages_person(actor, person):
        raise AccessDenied()
    before = _identity_of(person)
    merged = {**before, **{k: v for k, v in data.items() if k in IDENTITY_FIELDS and v}}
    c = Cleaner()
    cleaned = clean_identity(c, merged)
    c.raise_if_any()
    after_all = {
        "nik": cleaned["nik"],
        "full_name": cleaned["full_name"],
        "birth_date": cleaned["birth_date"].isoformat(),
        "gender": cleaned["gender"],
    }
    after = {k: v for k, v in after_all.items() if v != before[k]}
    if not after:
        raise RuleError.one("no_change", "Tidak ada data identitas yang berubah.")
    if "nik" in after and Person.objects.filter(nik=after["nik"]).exclude(pk=person.pk).exists():
        raise ConflictError("nik_registered", "NIK ini sudah terdaftar.")
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person.pk)
        if IdentityChange.objects.filter(person=person, status=ChangeStatus.PENDING).exists():
            raise ConflictError(
                "change_pending", "Masih ada perubahan identitas yang menunggu tinjauan."
            )
        change = IdentityChange.objects.create(
            person=person,
            before={k: before[k] for k in after},
            after=after,
            reason=(reason or "").strip(),
            requested_by=actor,
        )
        events.record(
            change,
            RegistryEvents.IDENTITY_CHANGE_REQUESTED,
            actor=actor,
            to_status=ChangeStatus.PENDING,
        )
    return change


def identity_change_decide(
    *, change: IdentityChange, reviewer, approve: bool, note: str = ""
) -> IdentityChange:
    if not is_staff(reviewer):
        raise AccessDenied()
    with transaction.atomic():
        # Lock order: the change, then its person (locked below, on its own: the person row is
        # what an import writes at the same moment; test_concurrency_person.py).
        change = (
            IdentityChange.objects.select_for_update(of=("self",))
            .select_related("person")
            .get(pk=change.pk)
        )
        if change.status != ChangeStatus.PENDING:
            raise ConflictError("change_decided", "Perubahan ini sudah diputuskan.")
        person = Person.objects.select_for_update().get(pk=change.person_id)
        if approve:
            after = dict(change.after)
            if (
                "nik" in after
                and Person.objects.filter(nik=after["nik"]).exclude(pk=person.pk).exists()
            ):
                raise ConflictError("nik_registered", "NIK ini sudah terdaftar.")
            if "birth_date" in after:
                after["birth_date"] = datetime.date.fromisoformat(after["birth_date"])
            for key, value in after.items():
                setattr(person, key, value)
            person.save()
            if "full_name" in after and person.user is not None:
                person.user.full_name = person.full_name
                person.user.save(update_fields=["full_name"])
        change.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
        change.decided_by = reviewer
        change.decided_at = timezone.now()
        change.decision_note = (note or "").strip()
        change.save()
        events.record(
            change,
            RegistryEvents.IDENTITY_CHANGE_APPROVED
            if approve
            else RegistryEvents.IDENTITY_CHANGE_REJECTED,
            actor=reviewer,
            from_status=ChangeStatus.PENDING,
            to_status=change.status,
            note=change.decision_note,
        )
        notify_user(
            person.user,
            title="Perubahan identitas " + ("disetujui" if approve else "ditolak"),
            body=change.decision_note,
            url=reverse("registry:dashboard"),
        )
    return change


# --- Personal data audit --------------------------------------------------------------------
# Kept for callers of the old name; the one implementation is berdaya.core.privacy.
personal_data_access_record = access_record


# --- For other apps: the registry's person of a NIK -----------------------------------------
def person_link(
    *, nik: str, gender: str | None = None, birth_date=None, field: str = "nik"
) -> tuple[str, Person | None]:
    """Check ``nik`` with the registry's NIK rules (cross-checked with ``gender`` and
    ``birth_date`` when given) and return (the clean NIK, the registry's Person with it or None).
    Raises RuleError ``nik_invalid``, ``nik_gender_mismatch`` or ``nik_birth_date_mismatch``.

    Used by the cooperatives app so a member who is also a mitra binaan is the same person; a
    person the registry does not know yet stays in the caller's own record (no address is known
    to create one here)."""
    from berdaya.registry.nik import validate_nik

    info = validate_nik(nik, gender=gender or None, birth_date=birth_date, field=field)
    return info.nik, Person.objects.filter(nik=info.nik).first()
