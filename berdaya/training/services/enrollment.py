"""Registration for a batch, the waiting list, cancellation and the batch's capacity."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from berdaya.accounts.selectors import is_staff
from berdaya.core import events
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.notify import notify_user
from berdaya.training.models import (
    Batch,
    BatchStatus,
    Enrollment,
    EnrollmentStatus,
    TrainingEvents,
)
from berdaya.training.services.common import MAX_CAPACITY, _require_staff, _when


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
        events.record(
            enrollment, TrainingEvents.REGISTERED, actor=actor, from_status=before, to_status=status
        )
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
            TrainingEvents.PROMOTED,
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
            enrollment,
            TrainingEvents.CANCELLED,
            actor=actor,
            from_status=before,
            to_status=enrollment.status,
        )
        _promote_from_waiting_list(batch, actor)
    return enrollment


def batch_set_capacity(*, batch: Batch, actor, capacity: int) -> Batch:
    """Change the capacity; a larger one promotes from the waiting list."""
    _require_staff(actor)
    if not isinstance(capacity, int) or not 1 <= capacity <= MAX_CAPACITY:
        raise RuleError.one(
            "capacity_invalid",
            f"Kapasitas harus 1 sampai {MAX_CAPACITY} orang.",
            field="capacity",
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
        events.record(
            batch,
            TrainingEvents.CAPACITY_CHANGED,
            actor=actor,
            data={"from": batch.capacity, "to": capacity},
        )
        batch.capacity = capacity
        batch.save(update_fields=["capacity", "updated_at"])
        _promote_from_waiting_list(batch, actor)
    return batch
