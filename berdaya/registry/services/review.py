"""Step 2: a registration is reviewed (verified, returned, rejected) and resubmitted."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from berdaya.accounts.selectors import is_staff
from berdaya.core import events
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.notify import notify_user
from berdaya.registry import rules, selectors
from berdaya.registry.models import (
    Registration,
    RegistryEvents,
)
from berdaya.registry.services.business import _business_apply
from berdaya.registry.services.common import Status, _status_url
from berdaya.registry.services.registration import _next_partner_number

REVIEW_DECISIONS = {
    "verify": Status.VERIFIED,
    "reject": Status.REJECTED,
    "revise": Status.NEEDS_REVISION,
}


def registration_review(
    *, registration: Registration, reviewer, decision: str, reason: str = ""
) -> Registration:
    """Verify, reject (with reason) or send back for revision (with what to fix) a submitted
    registration. A second decision on the same registration is a conflict."""
    if not is_staff(reviewer):
        raise AccessDenied()
    if decision not in REVIEW_DECISIONS:
        raise RuleError.one(
            "decision_invalid",
            "Pilih keputusan: verifikasi, minta perbaikan, atau tolak.",
            field="decision",
        )
    reason = (reason or "").strip()
    with transaction.atomic():
        reg = (
            Registration.objects.select_for_update()
            .select_related("person", "business")
            .get(pk=registration.pk)
        )
        if reg.status != Status.SUBMITTED:
            raise ConflictError(
                "registration_not_submitted",
                "Pendaftaran ini tidak lagi menunggu keputusan "
                f"(status: {reg.get_status_display()}).",
            )
        # Checked after the status: a decision on a decided registration is a conflict (409)
        # whatever it carries.
        if decision != "verify" and not reason:
            raise RuleError.one(
                "reason_required",
                "Tulis alasan penolakan atau hal yang perlu diperbaiki.",
                field="reason",
            )
        from_status = reg.status
        now = timezone.now()
        reg.status = REVIEW_DECISIONS[decision]
        reg.reviewed_by = reviewer
        reg.reason = reason
        if decision == "verify":
            reg.partner_number = _next_partner_number(timezone.localdate(now).year)
            reg.verified_at = now
            reg.is_new_entrepreneur = rules.is_new_entrepreneur(
                reg.person,
                started_on=reg.business.started_on,
                registered_on=timezone.localdate(reg.submitted_at),
            )
        reg.save()
        events.record(
            reg,
            RegistryEvents(decision),
            actor=reviewer,
            from_status=from_status,
            to_status=reg.status,
            note=reason,
        )
        _notify_status(reg)
    return reg


def _notify_status(reg: Registration) -> None:
    user = reg.person.user
    if reg.status == Status.VERIFIED:
        title = f"Selamat, usaha Anda terverifikasi sebagai mitra binaan ({reg.partner_number})"
        body = "Isi laporan perkembangan usaha setiap bulan dari halaman Usaha Saya."
    elif reg.status == Status.REJECTED:
        title, body = "Pendaftaran mitra binaan ditolak", f"Alasan: {reg.reason}"
    elif reg.status == Status.NEEDS_REVISION:
        title, body = "Pendaftaran perlu diperbaiki", f"Yang perlu diperbaiki: {reg.reason}"
    else:
        title, body = "Pendaftaran dikirim ulang", "Perbaikan Anda sedang diperiksa staf DKUM."
    notify_user(user, title=title, body=body, url=_status_url(reg))


def registration_resubmit(
    *, registration: Registration, actor, business: dict | None = None, note: str = ""
) -> Registration:
    """The applicant sends a registration back after fixing what staff asked."""
    with transaction.atomic():
        reg = (
            Registration.objects.select_for_update()
            .select_related("person", "business")
            .get(pk=registration.pk)
        )
        if not selectors.manages_person(actor, reg.person):
            raise AccessDenied()
        if reg.status != Status.NEEDS_REVISION:
            raise ConflictError(
                "registration_not_in_revision", "Pendaftaran ini tidak sedang diminta perbaikan."
            )
        if business:
            _business_apply(reg.business, business, actor=actor)
        reg.status = Status.SUBMITTED
        reg.submitted_at = timezone.now()
        reg.save(update_fields=["status", "submitted_at", "updated_at"])
        events.record(
            reg,
            RegistryEvents.RESUBMITTED,
            actor=actor,
            from_status=Status.NEEDS_REVISION,
            to_status=Status.SUBMITTED,
            note=(note or "").strip(),
        )
        _notify_status(reg)
    return reg
