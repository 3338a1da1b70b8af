"""Completion: certificates issued at the end of a batch, and revoked."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from berdaya.core import events
from berdaya.core.codes import readable_code
from berdaya.core.errors import ConflictError, RuleError
from berdaya.core.masking import mask_nik
from berdaya.core.notify import notify_user
from berdaya.core.public_url import public_url
from berdaya.training.models import (
    Attendance,
    Batch,
    BatchStatus,
    Certificate,
    Enrollment,
    EnrollmentStatus,
    TrainingEvents,
)
from berdaya.training.services.common import _require_staff, _when


@dataclass
class CompletionResult:
    batch: Batch
    certified: list[dict] = field(default_factory=list)
    not_certified: list[dict] = field(default_factory=list)


def _certificate_number(batch: Batch, issued_on, seq: int) -> str:
    return f"DKUM/{issued_on.year}/{batch.pk:04d}/{seq:03d}"


def verify_url(certificate: Certificate, request=None) -> str:
    """The certificate's verification address: on BERDAYA_PUBLIC_URL when it is set, else on
    the address ``request`` reached (berdaya.core.public_url); without a request, the setting."""
    path = reverse("training:verify", args=[certificate.code])
    if request is not None:
        return public_url(request, path)
    return settings.BERDAYA_PUBLIC_URL + path


def batch_complete(*, batch: Batch, actor, issued_on=None) -> CompletionResult:
    """Close the batch and issue a certificate to each participant who attended at least the
    program's ``completion_percent`` of the sessions. Running it again (after attendance was
    recorded late) issues only the missing certificates, never a second one."""
    _require_staff(actor)
    with transaction.atomic():
        batch = Batch.objects.select_for_update().select_related("program").get(pk=batch.pk)
        sessions = list(batch.sessions.order_by("starts_at"))
        if sessions and timezone.now() < sessions[-1].ends_at:
            raise RuleError.one(
                "batch_not_finished",
                f"Sesi terakhir baru selesai {_when(sessions[-1].ends_at)}.",
                field="batch",
            )
        total = len(sessions)
        issued_on = issued_on or timezone.localdate()
        percent = batch.program.completion_percent
        participants = (
            batch.enrollments.filter(status=EnrollmentStatus.REGISTERED)
            .select_related("person__user")
            .order_by("person__full_name", "id")
        )
        attended = dict.fromkeys([e.pk for e in participants], 0)
        for enrollment_id in Attendance.objects.filter(enrollment__in=list(attended)).values_list(
            "enrollment_id", flat=True
        ):
            attended[enrollment_id] += 1
        existing = {c.person_id: c for c in batch.certificates.all()}
        seq = len(existing)
        result = CompletionResult(batch=batch)
        for enrollment in participants:
            count = attended[enrollment.pk]
            row = {
                "nik": mask_nik(enrollment.person.nik),
                "name": enrollment.person.full_name,
                "attended": count,
                "sessions": total,
            }
            certificate = existing.get(enrollment.person_id)
            if certificate is None and total and count * 100 >= percent * total:
                seq += 1
                certificate = Certificate.objects.create(
                    number=_certificate_number(batch, issued_on, seq),
                    person=enrollment.person,
                    batch=batch,
                    enrollment=enrollment,
                    issued_on=issued_on,
                    code=readable_code(),
                    attended_sessions=count,
                    total_sessions=total,
                )
                events.record(certificate, TrainingEvents.CERTIFICATE_ISSUED, actor=actor)
                notify_user(
                    enrollment.person.user,
                    title=f"Sertifikat pelatihan terbit: {batch.program.name}",
                    body=f"Nomor {certificate.number}. Unduh dari halaman Pelatihan.",
                    url=reverse("training:index"),
                )
            if certificate is not None:
                result.certified.append({**row, "certificate": certificate.number})
            else:
                result.not_certified.append({**row, "reason": f"kehadiran di bawah {percent}%"})
        if batch.status != BatchStatus.COMPLETED:
            before = batch.status
            batch.status = BatchStatus.COMPLETED
            batch.completed_at = timezone.now()
            batch.save(update_fields=["status", "completed_at", "updated_at"])
            events.record(
                batch,
                TrainingEvents.COMPLETED,
                actor=actor,
                from_status=before,
                to_status=batch.status,
                data={"certified": len(result.certified)},
            )
            Enrollment.objects.filter(batch=batch, status=EnrollmentStatus.WAITLISTED).update(
                status=EnrollmentStatus.CANCELLED, cancelled_at=timezone.now()
            )
    return result


def certificate_revoke(*, certificate: Certificate, actor, reason: str) -> Certificate:
    _require_staff(actor)
    reason = (reason or "").strip()
    if not reason:
        raise RuleError.one("reason_required", "Alasan pencabutan wajib diisi.", field="reason")
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at is not None:
            raise ConflictError("already_revoked", "Sertifikat ini sudah dicabut.")
        certificate.revoked_at = timezone.now()
        certificate.revoked_reason = reason
        certificate.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
        events.record(certificate, TrainingEvents.CERTIFICATE_REVOKED, actor=actor, note=reason)
    return certificate
