"""Recommendations: an RT chair, RW chair or kelurahan officer recommends (or refuses) the
members living in their own scope, at the level that is open now; each gives a letter."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from berdaya.core import events
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.masking import mask_nik
from berdaya.financing.models import (
    Application,
    FinancingEvents,
    Level,
    Recommendation,
    Status,
)
from berdaya.financing.recommendation_rules import (
    LEVEL_ROLE,
    current_level,
    members_in_scope,
    recommended_member_ids,
    status_after_recommendations,
)
from berdaya.financing.services._common import (
    clear_recommendation_requests,
    lock_application,
    notify_applicants,
    notify_next_step,
    wrong_status,
)

E = FinancingEvents
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def _letter_number(rec: Recommendation) -> str:
    issued = timezone.localtime(rec.issued_at)
    return f"{rec.pk:05d}/REK-{rec.level.upper()}/{ROMAN[issued.month - 1]}/{issued.year}"


def recommendation_give(
    *, application: Application, official, level: str, approve: bool, note: str = ""
) -> Recommendation:
    """An RT chair, RW chair or kelurahan officer recommends (or refuses) the members living in
    their own scope, at the level that is open now."""
    if level not in LEVEL_ROLE:
        raise RuleError.one("level_unknown", "Tingkat rekomendasi tidak dikenal.", field="level")
    note = (note or "").strip()
    with transaction.atomic():
        application = lock_application(application)
        scope = members_in_scope(application, official, level)
        if not scope:
            raise AccessDenied("Tidak ada anggota pengajuan ini di wilayah Anda.")
        if application.status != Status.AWAITING_RECOMMENDATION:
            raise wrong_status(application, "diberi rekomendasi")
        if level not in application.product.recommendation_levels:
            raise RuleError.one(
                "level_not_required",
                "Produk ini tidak memerlukan rekomendasi tingkat ini.",
                field="level",
            )
        open_level = current_level(application)
        if level != open_level:
            raise ConflictError(
                "level_not_open",
                f"Rekomendasi tingkat {Level(open_level).label} harus selesai lebih dahulu."
                if open_level
                else "Semua rekomendasi sudah lengkap.",
            )
        done = recommended_member_ids(application, level)
        pending = [m for m in scope if m.pk not in done]
        if not pending:
            raise ConflictError(
                "already_recommended", "Anggota di wilayah Anda sudah diberi rekomendasi."
            )
        if not approve and not note:
            raise RuleError.one(
                "reason_required", "Tuliskan alasan penolakan rekomendasi.", field="note"
            )
        assignment = next(
            (a for a in official.role_assignments.all() if a.role == LEVEL_ROLE[level]), None
        )
        rec = Recommendation.objects.create(
            application=application,
            level=level,
            official=official,
            official_name=official.full_name,
            official_role=str(assignment) if assignment else Level(level).label,
            approved=bool(approve),
            note=note,
            member_names=[
                {"name": m.person.full_name, "nik_masked": mask_nik(m.person.nik)} for m in pending
            ],
        )
        rec.members.set(pending)
        rec.number = _letter_number(rec)
        rec.save(update_fields=["number"])
        before = application.status
        if approve:
            application.status = status_after_recommendations(application)
        else:
            application.status = Status.NEEDS_REVISION
            application.revision_note = note
        application.save(update_fields=["status", "revision_note", "updated_at"])
        events.record(
            application,
            E.RECOMMENDED if approve else E.RECOMMENDATION_REFUSED,
            actor=official,
            from_status=before,
            to_status=application.status,
            note=note,
            data={"level": level, "recommendation": rec.pk, "members": len(pending)},
        )
        # the request is handled: it leaves this official's new notifications, and everyone's
        # once the level is done or the application has moved on
        level_done = application.status != before or current_level(application) != level
        clear_recommendation_requests(application, None if level_done else [official])
        word = "memberi" if approve else "menolak"
        notify_applicants(
            application,
            f"{rec.official_role} {word} rekomendasi",
            note if not approve else f"Surat nomor {rec.number}",
        )
        if approve and (application.status != before or current_level(application) != level):
            notify_next_step(application)
    return rec
