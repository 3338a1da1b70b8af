"""Writes of the training app. Each workflow step locks its row, checks, writes one event and
notifies on commit (through ``notify_user``, which queues on commit)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from berdaya.accounts.selectors import is_staff
from berdaya.core import events
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.masking import mask_nik
from berdaya.core.notify import notify_user
from berdaya.regions.selectors import kecamatan_get
from berdaya.training import selectors
from berdaya.training.models import (
    Attendance,
    AttendanceMethod,
    Batch,
    BatchStatus,
    Certificate,
    Enrollment,
    EnrollmentStatus,
    Program,
    Session,
)


def _require_staff(user) -> None:
    if not is_staff(user):
        raise AccessDenied("Hanya staf DKUM yang dapat melakukan ini.")


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M")


# --- Programs and batches ------------------------------------------------------------------


def program_create(
    *, actor, name: str, completion_percent: int = 80, description: str = ""
) -> Program:
    _require_staff(actor)
    name = (name or "").strip()
    if not name:
        raise RuleError.one("name_required", "Nama program wajib diisi.", field="name")
    if not isinstance(completion_percent, int) or not 1 <= completion_percent <= 100:
        raise RuleError.one(
            "completion_percent_invalid",
            "Syarat kehadiran harus antara 1 dan 100 persen.",
            field="completion_percent",
        )
    if Program.objects.filter(name__iexact=name).exists():
        raise ConflictError("program_exists", f"Program {name!r} sudah ada.")
    try:
        with transaction.atomic():
            program = Program.objects.create(
                name=name, completion_percent=completion_percent, description=description
            )
            events.record(program, "created", actor=actor)
    except IntegrityError:
        raise ConflictError("program_exists", f"Program {name!r} sudah ada.") from None
    return program


def program_resolve(value: int | str) -> Program:
    """The program by its id or (kindly) its exact name; else RuleError ``program_unknown``."""
    program = None
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        program = Program.objects.filter(pk=int(value)).first()
    if program is None and isinstance(value, str) and value.strip():
        program = Program.objects.filter(name__iexact=value.strip()).first()
    if program is None:
        raise RuleError.one(
            "program_unknown", "Program pelatihan tidak ditemukan.", field="program"
        )
    return program


@dataclass
class SessionTime:
    starts_at: datetime
    ends_at: datetime
    topic: str = ""


def _check_sessions(sessions: list[SessionTime]) -> None:
    if not sessions:
        raise RuleError.one(
            "sessions_required", "Angkatan harus punya paling sedikit satu sesi.", field="sessions"
        )
    problems = []
    for i, s in enumerate(sessions):
        if s.ends_at <= s.starts_at:
            problems.append(
                (
                    "session_time_invalid",
                    f"Sesi {i + 1}: waktu selesai harus setelah waktu mulai.",
                    f"sessions.{i}",
                )
            )
    if problems:
        raise RuleError(*problems)


def batch_create(
    *,
    actor,
    program: Program,
    name: str,
    capacity: int,
    sessions: list[SessionTime],
    kecamatan_code: str | None = None,
    venue: str = "",
    online_url: str = "",
    trainer: str = "",
    status: str = BatchStatus.OPEN,
) -> Batch:
    _require_staff(actor)
    name = (name or "").strip()
    if not name:
        raise RuleError.one("name_required", "Nama angkatan wajib diisi.", field="name")
    if not isinstance(capacity, int) or capacity < 1:
        raise RuleError.one(
            "capacity_invalid", "Kapasitas harus paling sedikit 1 orang.", field="capacity"
        )
    if status not in (BatchStatus.OPEN, BatchStatus.CLOSED):
        raise RuleError.one("status_invalid", "Status pendaftaran tidak dikenal.", field="status")
    kecamatan = kecamatan_get(kecamatan_code) if kecamatan_code else None
    _check_sessions(sessions)
    ordered = sorted(sessions, key=lambda s: s.starts_at)
    with transaction.atomic():
        batch = Batch.objects.create(
            program=program,
            name=name,
            capacity=capacity,
            kecamatan=kecamatan,
            venue=venue,
            online_url=online_url,
            trainer=trainer,
            status=status,
            starts_on=timezone.localtime(ordered[0].starts_at).date(),
            ends_on=timezone.localtime(ordered[-1].ends_at).date(),
            created_by=actor,
        )
        Session.objects.bulk_create(
            Session(
                batch=batch,
                number=i,
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                topic=s.topic,
                checkin_code=secrets.token_urlsafe(16),
            )
            for i, s in enumerate(ordered, start=1)
        )
        events.record(batch, "created", actor=actor, to_status=batch.status)
    return batch


def batch_set_open(*, batch: Batch, actor, open: bool) -> Batch:
    """Open or close registration."""
    _require_staff(actor)
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == BatchStatus.COMPLETED:
            raise ConflictError("batch_completed", "Angkatan ini sudah selesai.")
        target = BatchStatus.OPEN if open else BatchStatus.CLOSED
        if batch.status != target:
            before = batch.status
            batch.status = target
            batch.save(update_fields=["status", "updated_at"])
            events.record(batch, "status", actor=actor, from_status=before, to_status=target)
    return batch


# --- Registration, waiting list, cancellation ---------------------------------------------


def _batch_url(batch: Batch) -> str:
    return reverse("training:batch_detail", args=[batch.pk])


def _notify_place(enrollment: Enrollment) -> None:
    batch = enrollment.batch
    user = enrollment.person.user
    first = batch.sessions.order_by("starts_at").first()
    when = f" Sesi pertama: {_when(first.starts_at)}." if first else ""
    where = f" Tempat: {batch.venue}." if batch.venue else ""
    if enrollment.status == EnrollmentStatus.REGISTERED:
        notify_user(
            user,
            title=f"Pendaftaran pelatihan diterima: {batch.program.name}",
            body=f"Anda terdaftar di {batch.name}.{when}{where}",
            url=_batch_url(batch),
        )
    else:
        notify_user(
            user,
            title=f"Anda masuk daftar tunggu: {batch.program.name}",
            body=f"{batch.name} sudah penuh. Kami kabari bila ada tempat kosong.",
            url=_batch_url(batch),
        )


def enrollment_register(*, batch: Batch, person, actor=None) -> Enrollment:
    """Register ``person`` in ``batch``: a place while there is room, else the waiting list.

    The batch row is locked, so two registrations at once never exceed the capacity."""
    if person is None:
        raise RuleError.one(
            "person_required",
            "Lengkapi data diri Anda (pendaftaran mitra binaan) sebelum mendaftar pelatihan.",
        )
    with transaction.atomic():
        batch = Batch.objects.select_for_update().select_related("program").get(pk=batch.pk)
        if batch.status != BatchStatus.OPEN:
            raise RuleError.one(
                "batch_closed", "Pendaftaran angkatan ini sudah ditutup.", field="batch"
            )
        existing = Enrollment.objects.filter(batch=batch, person=person).first()
        if existing is not None and existing.status != EnrollmentStatus.CANCELLED:
            raise ConflictError("already_registered", "Anda sudah terdaftar di angkatan ini.")
        taken = batch.enrollments.filter(status=EnrollmentStatus.REGISTERED).count()
        waiting = batch.enrollments.filter(status=EnrollmentStatus.WAITLISTED).exists()
        status = (
            EnrollmentStatus.REGISTERED
            if taken < batch.capacity and not waiting
            else EnrollmentStatus.WAITLISTED
        )
        now = timezone.now()
        if existing is None:
            enrollment = Enrollment.objects.create(
                batch=batch,
                person=person,
                status=status,
                registered_at=now,
                registered_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            before = ""
        else:
            enrollment, before = existing, existing.status
            enrollment.status, enrollment.registered_at, enrollment.cancelled_at = status, now, None
            enrollment.save(update_fields=["status", "registered_at", "cancelled_at", "updated_at"])
        events.record(enrollment, "registered", actor=actor, from_status=before, to_status=status)
        enrollment.batch = batch
        _notify_place(enrollment)
    return enrollment


def _promote_from_waiting_list(batch: Batch, actor) -> list[Enrollment]:
    """Fill free places from the waiting list, first come first served. Batch row is locked."""
    free = batch.capacity - batch.enrollments.filter(status=EnrollmentStatus.REGISTERED).count()
    promoted: list[Enrollment] = []
    if free <= 0:
        return promoted
    waiting = batch.enrollments.filter(status=EnrollmentStatus.WAITLISTED).select_related(
        "person__user"
    )
    for enrollment in waiting.order_by("registered_at", "id")[:free]:
        enrollment.status = EnrollmentStatus.REGISTERED
        enrollment.save(update_fields=["status", "updated_at"])
        events.record(
            enrollment,
            "promoted",
            actor=actor,
            from_status=EnrollmentStatus.WAITLISTED,
            to_status=EnrollmentStatus.REGISTERED,
        )
        enrollment.batch = batch
        _notify_place(enrollment)
        promoted.append(enrollment)
    return promoted


def enrollment_cancel(*, enrollment: Enrollment, actor) -> Enrollment:
    """The participant (or staff) cancels a place; the first on the waiting list moves up."""
    if not (
        is_staff(actor) or (enrollment.person.user_id and enrollment.person.user_id == actor.pk)
    ):
        raise AccessDenied()
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=enrollment.batch_id)
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if batch.status == BatchStatus.COMPLETED:
            raise ConflictError("batch_completed", "Angkatan ini sudah selesai.")
        if enrollment.status == EnrollmentStatus.CANCELLED:
            raise ConflictError("already_cancelled", "Pendaftaran ini sudah dibatalkan.")
        before = enrollment.status
        enrollment.status = EnrollmentStatus.CANCELLED
        enrollment.cancelled_at = timezone.now()
        enrollment.save(update_fields=["status", "cancelled_at", "updated_at"])
        events.record(
            enrollment, "cancelled", actor=actor, from_status=before, to_status=enrollment.status
        )
        _promote_from_waiting_list(batch, actor)
    return enrollment


def batch_set_capacity(*, batch: Batch, actor, capacity: int) -> Batch:
    """Change the capacity; a larger one promotes from the waiting list."""
    _require_staff(actor)
    if not isinstance(capacity, int) or capacity < 1:
        raise RuleError.one(
            "capacity_invalid", "Kapasitas harus paling sedikit 1 orang.", field="capacity"
        )
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=batch.pk)
        taken = batch.enrollments.filter(status=EnrollmentStatus.REGISTERED).count()
        if capacity < taken:
            raise RuleError.one(
                "capacity_below_registered",
                f"Sudah ada {taken} peserta terdaftar; kapasitas tidak boleh lebih kecil.",
                field="capacity",
            )
        events.record(batch, "capacity", actor=actor, data={"from": batch.capacity, "to": capacity})
        batch.capacity = capacity
        batch.save(update_fields=["capacity", "updated_at"])
        _promote_from_waiting_list(batch, actor)
    return batch


# --- Attendance ------------------------------------------------------------------------------


def _participant(session: Session, person) -> Enrollment:
    enrollment = Enrollment.objects.filter(
        batch_id=session.batch_id, person=person, status=EnrollmentStatus.REGISTERED
    ).first()
    if enrollment is None:
        raise RuleError.one(
            "not_participant", "Orang ini bukan peserta terdaftar angkatan ini.", field="nik"
        )
    return enrollment


def _attend(
    session: Session, enrollment: Enrollment, method: str, actor
) -> tuple[Attendance, bool]:
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=session.batch_id)
        if batch.status == BatchStatus.COMPLETED and method == AttendanceMethod.QR:
            raise ConflictError("batch_completed", "Angkatan ini sudah selesai.")
        attendance, created = Attendance.objects.get_or_create(
            session=session,
            enrollment=enrollment,
            defaults={
                "method": method,
                "recorded_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        if created:
            events.record(
                enrollment, "attended", actor=actor, data={"session": session.number, "by": method}
            )
    return attendance, created


def attendance_record(*, session: Session, person, actor) -> tuple[Attendance, bool]:
    """Staff record that ``person`` attended ``session`` (during it or afterwards, never before
    it starts). Recording twice keeps one row. Returns (attendance, created)."""
    _require_staff(actor)
    if person is None:
        raise RuleError.one("nik_unknown", "NIK ini tidak terdaftar.", field="nik")
    if timezone.now() < session.starts_at:
        raise RuleError.one(
            "session_not_started",
            f"Sesi {session.number} baru mulai {_when(session.starts_at)}.",
            field="session",
        )
    return _attend(session, _participant(session, person), AttendanceMethod.STAFF, actor)


def attendance_remove(*, session: Session, enrollment: Enrollment, actor) -> None:
    """Staff correct a wrong attendance mark (before the batch is completed)."""
    _require_staff(actor)
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=session.batch_id)
        if batch.status == BatchStatus.COMPLETED:
            raise ConflictError("batch_completed", "Angkatan ini sudah selesai.")
        deleted, _ = Attendance.objects.filter(session=session, enrollment=enrollment).delete()
        if deleted:
            events.record(
                enrollment, "attendance_removed", actor=actor, data={"session": session.number}
            )


def attendance_checkin(*, session: Session, code: str, user, now=None) -> tuple[Attendance, bool]:
    """A participant scans the session's QR code: valid only with this session's code and only
    while the session runs."""
    if not code or not secrets.compare_digest(str(code), session.checkin_code):
        raise RuleError.one(
            "checkin_code_invalid", "Kode QR ini bukan untuk sesi ini.", field="code"
        )
    now = now or timezone.now()
    if not session.starts_at <= now <= session.ends_at:
        raise RuleError.one(
            "checkin_outside_session",
            f"Presensi dengan kode QR hanya selama sesi ({_when(session.starts_at)}"
            f" - {timezone.localtime(session.ends_at):%H:%M}).",
            field="code",
        )
    person = selectors.person_for_user(user)
    if person is None:
        raise RuleError.one("person_required", "Lengkapi data diri Anda terlebih dahulu.")
    enrollment = _participant(session, person)
    return _attend(session, enrollment, AttendanceMethod.QR, user)


# --- Completion and certificates -------------------------------------------------------------


@dataclass
class CompletionResult:
    batch: Batch
    certified: list[dict] = field(default_factory=list)
    not_certified: list[dict] = field(default_factory=list)


def _certificate_number(batch: Batch, issued_on, seq: int) -> str:
    return f"DKUM/{issued_on.year}/{batch.pk:04d}/{seq:03d}"


def verify_url(certificate: Certificate) -> str:
    return settings.BERDAYA_PUBLIC_URL + reverse("training:verify", args=[certificate.code])


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
                    code=secrets.token_urlsafe(12),
                    attended_sessions=count,
                    total_sessions=total,
                )
                events.record(certificate, "issued", actor=actor)
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
                "completed",
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
        events.record(certificate, "revoked", actor=actor, note=reason)
    return certificate


# --- Reminders -----------------------------------------------------------------------------


def reminders_send(*, now=None, hours_ahead: int = 24) -> int:
    """Remind registered participants of a batch whose first session starts within
    ``hours_ahead`` hours. Each participant is reminded once (``reminded_at``)."""
    from datetime import timedelta

    now = now or timezone.now()
    sent = 0
    upcoming = Session.objects.filter(
        starts_at__gt=now, starts_at__lte=now + timedelta(hours=hours_ahead)
    ).exclude(batch__status=BatchStatus.COMPLETED)
    for session in upcoming.select_related("batch__program"):
        due = Enrollment.objects.filter(
            batch=session.batch, status=EnrollmentStatus.REGISTERED, reminded_at__isnull=True
        ).select_related("person__user")
        for enrollment in due:
            with transaction.atomic():
                claimed = Enrollment.objects.filter(
                    pk=enrollment.pk, reminded_at__isnull=True
                ).update(reminded_at=now)
                if not claimed:
                    continue
                batch = session.batch
                place = batch.venue or batch.online_url or "-"
                notify_user(
                    enrollment.person.user,
                    title=f"Pengingat pelatihan: {batch.program.name}",
                    body=f"Sesi {session.number} mulai {_when(session.starts_at)} di {place}.",
                    url=_batch_url(batch),
                )
                sent += 1
    return sent


def personal_data_exported(*, actor, batch: Batch) -> None:
    """Audit an export of a roster with unmasked NIK (UU 27/2022)."""
    from berdaya.core.models import PersonalDataAccess

    PersonalDataAccess.objects.create(
        actor=actor,
        action="export",
        subject=f"training.Batch:{batch.pk}",
        purpose="daftar peserta pelatihan (verifikasi identitas)",
    )
