"""Training workflow rules: registration and waiting list, programs and batches, attendance."""

from datetime import timedelta

import pytest
from django.utils import timezone

from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.models import Event, Notification
from berdaya.training import services
from berdaya.training.models import (
    Attendance,
    BatchStatus,
    Enrollment,
)
from berdaya.training.tests.helpers import first_session, make_batch, make_person, make_program
from berdaya.training.tests.helpers import register as _register
from berdaya.training.tests.helpers import running_batch as _running_batch

# --- registration and waiting list ---------------------------------------------------------


def test_it_registers_until_full_then_waitlists(personas):
    batch = make_batch(capacity=2)
    people = [make_person() for _ in range(3)]

    statuses = [_register(batch, p).status for p in people]

    assert statuses == ["registered", "registered", "waitlisted"]
    assert batch.enrollments.filter(status="registered").count() == 2


def test_it_refuses_registering_twice_with_a_conflict(personas):
    batch, person = make_batch(), make_person()
    _register(batch, person)
    with pytest.raises(ConflictError) as exc:
        _register(batch, person)
    assert exc.value.code == "already_registered"
    assert Enrollment.objects.filter(batch=batch).count() == 1


def test_it_refuses_a_closed_batch_and_a_missing_person(personas):
    closed = make_batch(status=BatchStatus.CLOSED)
    with pytest.raises(RuleError) as exc:
        _register(closed, make_person())
    assert exc.value.codes == ["batch_closed"]
    with pytest.raises(RuleError) as exc:
        _register(make_batch(), None)
    assert exc.value.codes == ["person_required"]


def test_it_promotes_the_first_on_the_waiting_list_when_someone_cancels(personas):
    # given a full batch of one with two people waiting
    batch = make_batch(capacity=1)
    first, second, third = make_person(), make_person(), make_person()
    place = _register(batch, first)
    _register(batch, second)
    _register(batch, third)
    # when the registered participant cancels
    services.enrollment_cancel(enrollment=place, actor=personas.staff)
    # then the earliest waiting person takes the place, the other still waits
    statuses = dict(batch.enrollments.values_list("person_id", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "registered", third.pk: "waitlisted"}
    assert Event.objects.filter(verb="promoted").count() == 1


def test_it_notifies_the_promoted_person(personas):
    from berdaya.training.tests.helpers import make_participant

    batch = make_batch(capacity=1)
    holder = make_person()
    waiting_user, waiting = make_participant(phone="081311110001")
    place = _register(batch, holder)
    _register(batch, waiting)
    services.enrollment_cancel(enrollment=place, actor=personas.staff)
    titles = list(Notification.objects.filter(user=waiting_user).values_list("title", flat=True))
    assert any("daftar tunggu" in t for t in titles)
    assert any("diterima" in t for t in titles)


def test_it_lets_only_the_person_or_staff_cancel(personas):
    batch = make_batch()
    place = _register(batch, make_person())
    with pytest.raises(AccessDenied):
        services.enrollment_cancel(enrollment=place, actor=personas.outsider)


def test_it_lets_a_cancelled_person_register_again_at_the_back(personas):
    batch = make_batch(capacity=1)
    a, b = make_person(), make_person()
    place = _register(batch, a)
    services.enrollment_cancel(enrollment=place, actor=personas.staff)
    _register(batch, b)
    again = _register(batch, a)
    assert again.pk == place.pk
    assert again.status == "waitlisted"


def test_it_promotes_when_the_capacity_grows_and_refuses_shrinking_below_registered(personas):
    batch = make_batch(capacity=1)
    _register(batch, make_person())
    waiting = _register(batch, make_person())
    with pytest.raises(RuleError) as exc:
        services.batch_set_capacity(batch=batch, actor=personas.staff, capacity=0)
    assert exc.value.codes == ["capacity_invalid"]
    services.batch_set_capacity(batch=batch, actor=personas.staff, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == "registered"


# --- programs and batches ---------------------------------------------------------------------


def test_it_creates_a_batch_with_ordered_sessions_and_dates(personas):
    program = make_program()
    start = timezone.now() + timedelta(days=3)
    batch = services.batch_create(
        actor=personas.staff,
        program=program,
        name="Angkatan 1",
        capacity=20,
        kecamatan_code="32.76.06",
        sessions=[
            services.SessionTime(start + timedelta(days=1), start + timedelta(days=1, hours=2)),
            services.SessionTime(start, start + timedelta(hours=2)),
        ],
    )
    numbers = list(batch.sessions.order_by("starts_at").values_list("number", flat=True))
    assert numbers == [1, 2]
    assert batch.starts_on == timezone.localtime(start).date()
    assert len({s.checkin_code for s in batch.sessions.all()}) == 2


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"capacity": 0}, "capacity_invalid"),
        ({"sessions": []}, "sessions_required"),
        ({"kecamatan_code": "99.99.99"}, "kecamatan_unknown"),
        ({"name": " "}, "name_required"),
    ],
)
def test_it_refuses_a_bad_batch_and_saves_nothing(personas, change, code):
    start = timezone.now()
    data = {
        "actor": personas.staff,
        "program": make_program(),
        "name": "Angkatan",
        "capacity": 10,
        "sessions": [services.SessionTime(start, start + timedelta(hours=1))],
        **change,
    }
    with pytest.raises(RuleError) as exc:
        services.batch_create(**data)
    assert code in exc.value.codes[0]
    assert not data["program"].batches.exists()


def test_it_refuses_a_session_that_ends_before_it_starts(personas):
    start = timezone.now()
    with pytest.raises(RuleError) as exc:
        services.batch_create(
            actor=personas.staff,
            program=make_program(),
            name="A",
            capacity=5,
            sessions=[services.SessionTime(start, start - timedelta(hours=1))],
        )
    assert exc.value.codes == ["session_time_invalid"]


def test_it_lets_only_staff_create_programs_and_batches(personas):
    with pytest.raises(AccessDenied):
        services.program_create(actor=personas.outsider, name="X")
    with pytest.raises(AccessDenied):
        services.program_create(actor=personas.head, name="X")


def test_it_refuses_a_duplicate_program_and_a_bad_completion_rule(personas):
    services.program_create(actor=personas.staff, name="Digital Marketing UMKM")
    with pytest.raises(ConflictError):
        services.program_create(actor=personas.staff, name="digital marketing umkm")
    with pytest.raises(RuleError) as exc:
        services.program_create(actor=personas.staff, name="Baru", completion_percent=0)
    assert exc.value.codes == ["completion_percent_invalid"]


# --- attendance ------------------------------------------------------------------------------


def test_it_records_staff_attendance_once(personas):
    batch, person = make_batch(), make_person()
    _register(batch, person)
    session = first_session(batch)
    _, created = services.attendance_record(session=session, person=person, actor=personas.staff)
    _, again = services.attendance_record(session=session, person=person, actor=personas.staff)
    assert (created, again) == (True, False)
    assert Attendance.objects.count() == 1


def test_it_refuses_staff_attendance_before_the_session_and_for_non_participants(personas):
    future = make_batch(first_start=timezone.now() + timedelta(days=2))
    person = make_person()
    _register(future, person)
    with pytest.raises(RuleError) as exc:
        services.attendance_record(
            session=first_session(future), person=person, actor=personas.staff
        )
    assert exc.value.codes == ["session_not_started"]
    past = make_batch()
    with pytest.raises(RuleError) as exc:
        services.attendance_record(
            session=first_session(past), person=make_person(), actor=personas.staff
        )
    assert exc.value.codes == ["not_participant"]


def test_it_refuses_a_waitlisted_person_at_attendance(personas):
    batch = make_batch(capacity=1)
    _register(batch, make_person())
    waiting = make_person()
    _register(batch, waiting)
    with pytest.raises(RuleError) as exc:
        services.attendance_record(
            session=first_session(batch), person=waiting, actor=personas.staff
        )
    assert exc.value.codes == ["not_participant"]


def test_it_accepts_a_qr_checkin_during_the_session(personas):
    from berdaya.training.tests.helpers import make_participant

    batch = _running_batch()
    user, person = make_participant(phone="081311110002")
    _register(batch, person)
    session = batch.sessions.get(number=1)
    attendance, created = services.attendance_checkin(
        session=session, code=session.checkin_code, user=user
    )
    assert created and attendance.method == "qr"


def test_it_refuses_a_qr_checkin_outside_the_session_or_with_another_code(personas):
    from berdaya.training.tests.helpers import make_participant

    batch = _running_batch()
    user, person = make_participant(phone="081311110003")
    _register(batch, person)
    first, second = batch.sessions.get(number=1), batch.sessions.get(number=2)
    # another session's code
    with pytest.raises(RuleError) as exc:
        services.attendance_checkin(session=first, code=second.checkin_code, user=user)
    assert exc.value.codes == ["checkin_code_invalid"]
    # the right code, but the session is tomorrow
    with pytest.raises(RuleError) as exc:
        services.attendance_checkin(session=second, code=second.checkin_code, user=user)
    assert exc.value.codes == ["checkin_outside_session"]
    # the right code, after the session ended
    with pytest.raises(RuleError) as exc:
        services.attendance_checkin(
            session=first, code=first.checkin_code, user=user, now=first.ends_at + timedelta(1)
        )
    assert exc.value.codes == ["checkin_outside_session"]
    assert not Attendance.objects.exists()
    # staff may still record the second session afterwards... once it has started
    services.attendance_record(session=first, person=person, actor=personas.staff)
    assert Attendance.objects.count() == 1


def test_it_refuses_a_qr_checkin_by_someone_not_registered(personas):
    batch = _running_batch()
    session = batch.sessions.get(number=1)
    with pytest.raises(RuleError) as exc:
        services.attendance_checkin(
            session=session, code=session.checkin_code, user=personas.outsider
        )
    assert exc.value.codes == ["person_required"]
