"""Batches, their sessions and check-in window, rosters and enrollments."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from berdaya.accounts.office import contact_sentence
from berdaya.accounts.selectors import is_staff
from berdaya.core.errors import AccessDenied
from berdaya.training.models import (
    Attendance,
    Batch,
    BatchStatus,
    Enrollment,
    EnrollmentStatus,
    Session,
)
from berdaya.training.selectors.access import (
    batches_for_staff,
    person_for_user,
)

if TYPE_CHECKING:
    # django-stubs' helper (a dev dependency) for model instances carrying .annotate() values.
    from django_stubs_ext import WithAnnotations


class BatchCounts(TypedDict):
    registered_count: int
    waitlisted_count: int


class RosterCounts(TypedDict):
    attended: int


def batches_with_counts(
    qs: QuerySet[Batch] | None = None,
) -> QuerySet[WithAnnotations[Batch, BatchCounts]]:
    qs = Batch.objects.all() if qs is None else qs
    return qs.select_related("program", "kecamatan").annotate(
        registered_count=Count(
            "enrollments", filter=Q(enrollments__status=EnrollmentStatus.REGISTERED)
        ),
        waitlisted_count=Count(
            "enrollments", filter=Q(enrollments__status=EnrollmentStatus.WAITLISTED)
        ),
    )


def _awaiting_completion(today) -> Q:
    """Batches that have ended but are not completed yet (their certificates wait)."""
    return Q(status__in=[BatchStatus.OPEN, BatchStatus.CLOSED], ends_on__lt=today)


def batch_list(
    user, *, status: str = "", program: str = "", kecamatan: str = "", needs: str = ""
) -> QuerySet[Batch]:
    """Batches the user may see: staff every batch, others those open or running. ``needs``
    narrows to the staff's work: ``selesai`` batches to complete, ``hari_ini`` batches with a
    session today (attendance to take)."""
    qs = (
        batches_for_staff(user) if is_staff(user) else Batch.objects.filter(status=BatchStatus.OPEN)
    )
    if status:
        qs = qs.filter(status=status)
    if program:
        qs = qs.filter(program_id=program)
    if kecamatan:
        qs = qs.filter(kecamatan_id=kecamatan)
    today = timezone.localdate()
    if needs == "selesai":
        qs = qs.filter(_awaiting_completion(today))
    elif needs == "hari_ini":
        qs = qs.filter(sessions__starts_at__date=today).distinct()
    return batches_with_counts(qs)


def open_batches(*, today=None) -> QuerySet[Batch]:
    """Batches open for registration that have not ended yet, soonest first."""
    today = today or timezone.localdate()
    return batches_with_counts(
        Batch.objects.filter(status=BatchStatus.OPEN, ends_on__gte=today)
    ).order_by("starts_on", "id")


def batch_get(user, pk: int) -> Batch:
    """A batch any logged-in user may read (staff: any; others: not hidden drafts)."""
    if user is None or not user.is_authenticated:
        raise Http404
    try:
        return batches_with_counts().get(pk=pk)
    except Batch.DoesNotExist:
        raise Http404 from None


def batch_for_staff(user, pk: int) -> Batch:
    """A batch for staff work (roster, attendance, completion) in the staff member's scope.
    Other users: AccessDenied (403, whatever the id); staff outside its scope: 404."""
    if not is_staff(user):
        raise AccessDenied("Hanya staf DKUM yang dapat membuka daftar peserta.")
    try:
        return batches_with_counts(batches_for_staff(user)).get(pk=pk)
    except Batch.DoesNotExist:
        raise Http404 from None


def session_for_staff(user, pk: int) -> Session:
    if not is_staff(user):
        raise AccessDenied("Hanya staf DKUM yang dapat mencatat kehadiran.")
    try:
        return Session.objects.select_related("batch__program").get(
            pk=pk, batch__in=batches_for_staff(user)
        )
    except Session.DoesNotExist:
        raise Http404 from None


def session_get(pk: int) -> Session:
    try:
        return Session.objects.select_related("batch__program").get(pk=pk)
    except Session.DoesNotExist:
        raise Http404 from None


def checkin_window_open(session: Session, *, now=None) -> bool:
    """The QR check-in window, in one place: while the session runs, from its start to its end
    (both included). The check-in service, the check-in page and the staff's QR use it."""
    now = now or timezone.now()
    return session.starts_at <= now <= session.ends_at


def checkin_problem(session: Session, code: str, *, now=None) -> str:
    """Why a QR check-in would be refused now (empty when it would be accepted as far as the
    code and the time go). The service checks again when the participant taps."""
    import secrets

    if not code or not secrets.compare_digest(
        str(code).encode("utf-8", "surrogatepass"), session.checkin_code.encode()
    ):
        return "Kode QR ini bukan untuk sesi ini."
    now = now or timezone.now()
    if checkin_window_open(session, now=now):
        return ""
    if now < session.starts_at:
        return "Sesi belum mulai. Pindai lagi saat sesi berlangsung."
    return (
        "Sesi sudah selesai: kehadiran tidak bisa dicatat lewat kode QR lagi. Minta staf "
        f"pelatihan mencatatnya, atau {contact_sentence()}."
    )


def roster(batch: Batch) -> QuerySet[WithAnnotations[Enrollment, RosterCounts]]:
    """Participants and waiting list of a batch with their attendance count (staff only)."""
    return (
        batch.enrollments.exclude(status=EnrollmentStatus.CANCELLED)
        .select_related("person", "person__kelurahan", "certificate")
        .annotate(attended=Count("attendances"))
        .order_by("status", "registered_at", "id")
    )


def session_roster(session: Session) -> QuerySet[Enrollment]:
    """Registered participants of the session's batch, each with ``present`` for this session."""
    return (
        session.batch.enrollments.filter(status=EnrollmentStatus.REGISTERED)
        .select_related("person")
        .annotate(
            present=Exists(Attendance.objects.filter(session=session, enrollment=OuterRef("pk")))
        )
        .order_by("person__full_name", "id")
    )


def is_participant(session: Session, user) -> bool:
    """Whether ``user`` is a registered participant of the session's batch (who may check in)."""
    person = person_for_user(user)
    if person is None:
        return False
    return Enrollment.objects.filter(
        batch_id=session.batch_id, person=person, status=EnrollmentStatus.REGISTERED
    ).exists()


def enrollment_of(batch: Batch, person) -> Enrollment | None:
    if person is None:
        return None
    return Enrollment.objects.filter(batch=batch, person=person).first()


def enrollments_of_person(person) -> QuerySet[WithAnnotations[Enrollment, RosterCounts]]:
    if person is None:
        return Enrollment.objects.none().annotate(attended=Count("attendances"))
    return (
        Enrollment.objects.filter(person=person)
        .exclude(status=EnrollmentStatus.CANCELLED)
        .select_related("batch__program", "batch__kecamatan")
        .annotate(attended=Count("attendances"))
        .order_by("-batch__starts_on", "-id")
    )


def waitlist_position(enrollment: Enrollment) -> int | None:
    if enrollment.status != EnrollmentStatus.WAITLISTED:
        return None
    ahead = Enrollment.objects.filter(
        batch_id=enrollment.batch_id, status=EnrollmentStatus.WAITLISTED
    ).filter(
        Q(registered_at__lt=enrollment.registered_at)
        | Q(registered_at=enrollment.registered_at, id__lt=enrollment.id)
    )
    return ahead.count() + 1
