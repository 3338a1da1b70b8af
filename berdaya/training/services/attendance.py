"""Attendance: recorded by staff, removed, or checked in by the participant with the code."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from berdaya.core import events
from berdaya.core.dates import time_of_day
from berdaya.core.errors import ConflictError, RuleError
from berdaya.training import selectors
from berdaya.training.models import (
    Attendance,
    AttendanceMethod,
    Batch,
    BatchStatus,
    Enrollment,
    EnrollmentStatus,
    Session,
    TrainingEvents,
)
from berdaya.training.services.common import _require_staff, _when


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
                enrollment,
                TrainingEvents.ATTENDED,
                actor=actor,
                data={"session": session.number, "by": method},
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
                enrollment,
                TrainingEvents.ATTENDANCE_REMOVED,
                actor=actor,
                data={"session": session.number},
            )


def attendance_checkin(*, session: Session, code: str, user, now=None) -> tuple[Attendance, bool]:
    """A participant scans the session's QR code: valid only with this session's code and only
    while the session runs."""
    if not code or not secrets.compare_digest(
        str(code).encode("utf-8", "surrogatepass"), session.checkin_code.encode()
    ):
        raise RuleError.one(
            "checkin_code_invalid", "Kode QR ini bukan untuk sesi ini.", field="code"
        )
    if not selectors.checkin_window_open(session, now=now):
        raise RuleError.one(
            "checkin_outside_session",
            f"Presensi dengan kode QR hanya selama sesi ({_when(session.starts_at)}"
            f" - {time_of_day(session.ends_at)}).",
            field="code",
        )
    person = selectors.person_for_user(user)
    if person is None:
        raise RuleError.one("person_required", "Lengkapi data diri Anda terlebih dahulu.")
    enrollment = _participant(session, person)
    return _attend(session, enrollment, AttendanceMethod.QR, user)
