"""Training API: programs, batches, registration, attendance, completion, my certificates."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, cast

from django.http import Http404
from ninja import Router, Schema, Status

from berdaya.accounts.selectors import is_staff
from berdaya.core.cleaning import INT_MAX
from berdaya.core.cleaning.schemas import BoundedInt, CleanSchema, CleanText, Nik
from berdaya.core.errors import AccessDenied
from berdaya.core.masking import mask_nik
from berdaya.training import selectors, services
from berdaya.training.models import Batch

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from berdaya.training.selectors import BatchCounts

router = Router(tags=["pelatihan"])


def _require_staff(request) -> None:
    if not is_staff(request.auth):
        raise AccessDenied("Hanya staf DKUM yang dapat melakukan ini.")


class ProgramIn(CleanSchema):
    name: CleanText(150, required=True)
    completion_percent: BoundedInt(1, 100, code="completion_percent_invalid") = 80
    description: CleanText(2000, multiline=True) = ""


class ProgramOut(Schema):
    id: int
    name: str
    completion_percent: int


class SessionIn(CleanSchema):
    starts_at: datetime
    ends_at: datetime
    topic: CleanText(200) = ""


class SessionOut(Schema):
    id: int
    number: int
    starts_at: datetime
    ends_at: datetime
    topic: str


class BatchIn(CleanSchema):
    # the program's id (or, kindly, its exact name)
    program: BoundedInt(1, INT_MAX) | CleanText(150)
    name: CleanText(150, required=True)
    capacity: BoundedInt(1, 100_000, code="capacity_invalid")
    kecamatan_code: CleanText(8) | None = None
    venue: CleanText(200) = ""
    online_url: CleanText(200) = ""
    trainer: CleanText(150) = ""
    open: bool = True
    sessions: list[SessionIn]


class BatchOut(Schema):
    id: int
    program: int
    program_name: str
    name: str
    capacity: int
    kecamatan_code: str | None
    venue: str
    online_url: str
    trainer: str
    status: str
    registered: int
    waitlisted: int
    sessions: list[SessionOut]


def _batch_out(batch: Batch) -> dict:
    """A batch as JSON; ``batch`` should come from ``selectors.batches_with_counts`` with its
    sessions prefetched (otherwise it is re-read once)."""
    if not hasattr(batch, "registered_count"):
        batch = selectors.batches_with_counts(Batch.objects.filter(pk=batch.pk)).get()
    counted = cast("WithAnnotations[Batch, BatchCounts]", batch)  # has the counts by now
    return {
        "id": batch.pk,
        "program": batch.program_id,
        "program_name": batch.program.name,
        "name": batch.name,
        "capacity": batch.capacity,
        "kecamatan_code": batch.kecamatan_id,
        "venue": batch.venue,
        "online_url": batch.online_url,
        "trainer": batch.trainer,
        "status": batch.status,
        "registered": counted.registered_count,
        "waitlisted": counted.waitlisted_count,
        "sessions": sorted(batch.sessions.all(), key=lambda s: (s.starts_at, s.number)),
    }


@router.post("/training/programs", response={201: ProgramOut})
def program_create(request, payload: ProgramIn):
    _require_staff(request)
    program = services.program_create(
        actor=request.auth,
        name=payload.name,
        completion_percent=payload.completion_percent,
        description=payload.description,
    )
    return Status(201, program)


@router.get("/training/programs", response=list[ProgramOut])
def program_list(request):
    from berdaya.training.models import Program

    return list(Program.objects.all())


@router.post("/training/batches", response={201: BatchOut})
def batch_create(request, payload: BatchIn):
    _require_staff(request)
    batch = services.batch_create(
        actor=request.auth,
        program=services.program_resolve(payload.program),
        name=payload.name,
        capacity=payload.capacity,
        kecamatan_code=payload.kecamatan_code,
        venue=payload.venue,
        online_url=payload.online_url,
        trainer=payload.trainer,
        status="open" if payload.open else "closed",
        sessions=[
            services.SessionTime(starts_at=s.starts_at, ends_at=s.ends_at, topic=s.topic)
            for s in payload.sessions
        ],
    )
    return Status(201, _batch_out(batch))


@router.get("/training/batches", response=list[BatchOut])
def batch_list(request):
    """Open batches that have not ended (staff: the 100 most recent batches)."""
    if is_staff(request.auth):
        batches = selectors.batch_list(request.auth).order_by("-starts_on", "-id")
    else:
        batches = selectors.open_batches()
    return [_batch_out(b) for b in batches.prefetch_related("sessions")[:100]]


@router.get("/training/batches/{batch_id}", response=BatchOut)
def batch_detail(request, batch_id: int):
    return _batch_out(selectors.batch_get(request.auth, batch_id))


class BatchRegistrationOut(Schema):
    status: str
    batch: int
    waitlist_position: int | None = None


@router.post("/training/batches/{batch_id}/registrations", response={201: BatchRegistrationOut})
def batch_register(request, batch_id: int):
    """The logged-in person registers themself. Without registry data: 422 ``person_required``
    (register first at the registry's registration page)."""
    batch = selectors.batch_get(request.auth, batch_id)
    enrollment = services.enrollment_register(
        batch=batch, person=selectors.person_for_user(request.auth), actor=request.auth
    )
    return Status(
        201,
        {
            "status": enrollment.status,
            "batch": batch.pk,
            "waitlist_position": selectors.waitlist_position(enrollment),
        },
    )


@router.delete("/training/batches/{batch_id}/registrations", response={200: BatchRegistrationOut})
def batch_cancel(request, batch_id: int):
    batch = selectors.batch_get(request.auth, batch_id)
    enrollment = selectors.enrollment_of(batch, selectors.person_for_user(request.auth))
    if enrollment is None:
        raise Http404
    enrollment = services.enrollment_cancel(enrollment=enrollment, actor=request.auth)
    return Status(200, {"status": enrollment.status, "batch": batch.pk})


class AttendanceIn(CleanSchema):
    nik: Nik


class AttendanceOut(Schema):
    session: int
    nik: str  # masked
    nik_masked: str
    name: str
    method: str
    created: bool


def _attendance_out(session, attendance, created) -> Status:
    person = attendance.enrollment.person
    body = {
        "session": session.pk,
        "nik": mask_nik(person.nik),
        "nik_masked": mask_nik(person.nik),
        "name": person.full_name,
        "method": attendance.method,
        "created": created,
    }
    return Status(201 if created else 200, body)


@router.post(
    "/training/sessions/{session_id}/attendance",
    response={200: AttendanceOut, 201: AttendanceOut},
)
def attendance_record(request, session_id: int, payload: AttendanceIn):
    """Staff record a participant's attendance by NIK (201; 200 when already recorded)."""
    session = selectors.session_for_staff(request.auth, session_id)
    attendance, created = services.attendance_record(
        session=session, person=selectors.person_by_nik(payload.nik), actor=request.auth
    )
    return _attendance_out(session, attendance, created)


class CheckinIn(CleanSchema):
    code: CleanText(32)


@router.post(
    "/training/sessions/{session_id}/checkin",
    response={200: AttendanceOut, 201: AttendanceOut},
)
def attendance_checkin(request, session_id: int, payload: CheckinIn):
    """A participant checks in with the code of the session's QR (only while it runs)."""
    session = selectors.session_get(session_id)
    attendance, created = services.attendance_checkin(
        session=session, code=payload.code, user=request.auth
    )
    return _attendance_out(session, attendance, created)


class CompletionRow(Schema):
    nik: str  # masked
    nik_masked: str
    name: str
    attended: int
    sessions: int
    certificate: str | None = None
    reason: str | None = None


class CompletionOut(Schema):
    batch: int
    status: str
    certified: list[CompletionRow]
    not_certified: list[CompletionRow]


@router.post("/training/batches/{batch_id}/complete", response=CompletionOut)
def batch_complete(request, batch_id: int):
    _require_staff(request)
    batch = selectors.batch_for_staff(request.auth, batch_id)
    result = services.batch_complete(batch=batch, actor=request.auth)
    return {
        "batch": result.batch.pk,
        "status": result.batch.status,
        "certified": [{**r, "nik_masked": r["nik"]} for r in result.certified],
        "not_certified": [{**r, "nik_masked": r["nik"]} for r in result.not_certified],
    }


class CertificateOut(Schema):
    number: str
    program: str
    batch: str
    issued_on: date
    verify_url: str
    valid: bool


@router.get("/me/certificates", response=list[CertificateOut])
def my_certificates(request):
    person = selectors.person_for_user(request.auth)
    return [
        {
            "number": c.number,
            "program": c.batch.program.name,
            "batch": c.batch.name,
            "issued_on": c.issued_on,
            "verify_url": services.verify_url(c, request),
            "valid": c.is_valid,
        }
        for c in selectors.certificates_of_person(person)
    ]


class MyTrainingOut(Schema):
    batch: int
    program: str
    name: str
    status: str
    starts_on: date | None
    ends_on: date | None
    attended: int


@router.get("/me/trainings", response=list[MyTrainingOut])
def my_trainings(request):
    person = selectors.person_for_user(request.auth)
    return [
        {
            "batch": e.batch_id,
            "program": e.batch.program.name,
            "name": e.batch.name,
            "status": e.status,
            "starts_on": e.batch.starts_on,
            "ends_on": e.batch.ends_on,
            "attended": e.attended,
        }
        for e in selectors.enrollments_of_person(person)
    ]
