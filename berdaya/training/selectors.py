"""Reads of this app. Access rules come from ``berdaya.accounts.selectors``.

Who sees what: batches (not personal data) are visible to every logged-in user; rosters,
attendance, completion and exports to DKUM staff; a person's enrollments and certificates to
that person and to staff; a certificate's verification page (name, program, date) to anyone
holding its code.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from berdaya.accounts.models import Role, ScopeKind
from berdaya.accounts.office import contact_sentence
from berdaya.accounts.selectors import STAFF_ROLES, has_role, is_staff, role_assignments
from berdaya.core.codes import find_by_code
from berdaya.core.dates import short_datetime
from berdaya.core.errors import AccessDenied
from berdaya.core.inbox import InboxItem
from berdaya.registry import selectors as registry_selectors
from berdaya.training.models import (
    Attendance,
    Batch,
    BatchStatus,
    Certificate,
    Enrollment,
    EnrollmentStatus,
    Session,
)

if TYPE_CHECKING:
    # django-stubs' helper (a dev dependency) for model instances carrying .annotate() values.
    from django_stubs_ext import WithAnnotations


class BatchCounts(TypedDict):
    registered_count: int
    waitlisted_count: int


class RosterCounts(TypedDict):
    attended: int


# Roles that may see a roster's NIK unmasked (they verify identities at the venue).
NIK_ROLES = (Role.STAF_DKUM, Role.ADMIN_DKUM)


def person_for_user(user):
    """The registry's Person of ``user`` (None when they have not filled in their data)."""
    return registry_selectors.person_for_user(user)


def person_by_nik(nik: str):
    """The registry's Person with this NIK (digits of any script), or None."""
    return registry_selectors.person_by_nik(nik)


def _staff_batch_q(user) -> Q:
    """The batches a staff member works on: every batch for city-wide staff; for staff scoped
    to a kecamatan, the batches held in it (not the city-wide / online ones)."""
    condition = Q(pk__in=[])
    for a in role_assignments(user):
        if a.role not in STAFF_ROLES:
            continue
        if a.scope == ScopeKind.CITY:
            return Q()
        kecamatan = a.kecamatan_id or (a.kelurahan.kecamatan_id if a.kelurahan else None)
        if kecamatan:
            condition |= Q(kecamatan_id=kecamatan)
    return condition


def batches_for_staff(user) -> QuerySet[Batch]:
    if not is_staff(user):
        return Batch.objects.none()
    return Batch.objects.filter(_staff_batch_q(user))


def can_work_on_batch(user, batch) -> bool:
    """Whether ``batch_for_staff`` answers ``user``: links to a batch's roster, attendance."""
    return batches_for_staff(user).filter(pk=batch.pk).exists()


def can_see_nik(user) -> bool:
    return has_role(user, *NIK_ROLES)


# --- Certificates (used by registry, financing and targets) ---------------------------------


def valid_certificates(*, before=None, program=None) -> QuerySet[Certificate]:
    """Certificates that count: not revoked, issued on or before ``before`` when given, of
    ``program`` (a Program or its pk) when given. Targets count trained entrepreneurs from it."""
    qs = Certificate.objects.filter(revoked_at__isnull=True)
    if before is not None:
        qs = qs.filter(issued_on__lte=before)
    if program is not None:
        qs = qs.filter(batch__program=program)
    return qs


def tally_marks() -> dict[str, QuerySet]:
    """One-value querysets for ``berdaya.targets``: the last certificate id and the number revoked
    (a new or revoked certificate changes them)."""
    revoked = (
        Certificate.objects.filter(revoked_at__isnull=False)
        .order_by()
        .annotate(one=Value(1, output_field=IntegerField()))
        .values("one")
        .annotate(n=Count("id"))
        .values("n")
    )
    return {
        "certificate_id": Certificate.objects.order_by("-id").values("id")[:1],
        "certificates_revoked": revoked,
    }


def person_has_certificate(person, *, before=None, program=None) -> bool:
    """Whether ``person`` holds a valid DKUM training certificate (issued on or before ``before``
    when given; of ``program`` when given). Used by the registry's new-entrepreneur flag and by
    the financing rule ``training_required``."""
    if person is None or getattr(person, "pk", None) is None:
        return False
    if isinstance(before, datetime):  # a moment: compare its local date
        before = timezone.localtime(before).date() if timezone.is_aware(before) else before.date()
    return valid_certificates(before=before, program=program).filter(person=person).exists()


def certificates_of_person(person) -> QuerySet[Certificate]:
    if person is None:
        return Certificate.objects.none()
    return Certificate.objects.filter(person=person).select_related("batch__program")


def certificate_for_user(user, pk: int) -> Certificate:
    """The certificate, for its holder or staff; 404 for anyone else."""
    qs = Certificate.objects.select_related("batch__program", "person")
    if not user.is_authenticated:
        qs = qs.none()
    elif is_staff(user):
        qs = qs.filter(Q(batch__in=batches_for_staff(user)) | Q(person__user=user))
    else:
        qs = qs.filter(person__user=user)
    try:
        return qs.get(pk=pk)
    except Certificate.DoesNotExist:
        raise Http404 from None


def certificate_by_code(code: str) -> Certificate | None:
    return find_by_code(Certificate.objects.select_related("batch__program", "person"), code)


# --- Batches ---------------------------------------------------------------------------------


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


# --- Home page -------------------------------------------------------------------------------


def inbox(user) -> list[InboxItem]:
    """Staff: batches with a session today (take attendance) and finished batches to complete.
    A participant: their sessions in the coming week."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    now = timezone.now()
    today = timezone.localdate()
    index = reverse("training:index")
    items: list[InboxItem] = []
    if is_staff(user):
        mine = batches_for_staff(user)
        today_sessions = Session.objects.filter(
            batch__in=mine,
            starts_at__date=today,
            batch__status__in=[BatchStatus.OPEN, BatchStatus.CLOSED],
        ).count()
        if today_sessions:
            items.append(
                InboxItem(
                    title="Sesi pelatihan hari ini: catat kehadiran",
                    url=index + "?perlu=hari_ini",
                    count=today_sessions,
                )
            )
        to_complete = mine.filter(_awaiting_completion(today)).count()
        if to_complete:
            items.append(
                InboxItem(
                    title="Angkatan pelatihan selesai: terbitkan sertifikat",
                    url=index + "?perlu=selesai",
                    count=to_complete,
                )
            )
        return items
    person = person_for_user(user)
    if person is None:
        return items
    upcoming = (
        Session.objects.filter(
            batch__enrollments__person=person,
            batch__enrollments__status=EnrollmentStatus.REGISTERED,
            ends_at__gte=now,
            starts_at__lte=now + timedelta(days=7),
        )
        .select_related("batch__program")
        .order_by("starts_at")
    )
    for session in upcoming[:5]:
        items.append(
            InboxItem(
                title=f"{session.batch.program.name}: sesi {session.number}",
                url=reverse("training:batch_detail", args=[session.batch_id]),
                hint=short_datetime(session.starts_at),
            )
        )
    return items
