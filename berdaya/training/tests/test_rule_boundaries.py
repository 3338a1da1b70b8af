"""Both sides of each training rule: the attendance share for a certificate, the capacity and
the waiting list order, and the QR check-in window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from berdaya.core.errors import RuleError
from berdaya.training import selectors, services
from berdaya.training.models import Enrollment, EnrollmentStatus
from berdaya.training.tests.helpers import make_batch, make_participant, make_person, make_program

pytestmark = pytest.mark.django_db


def _attend(batch, person, count, staff):
    for session in batch.sessions.order_by("number")[:count]:
        services.attendance_record(session=session, person=person, actor=staff)


# --- The attendance share for a certificate -------------------------------------------------
@pytest.mark.parametrize(
    ("sessions", "attended", "certified"),
    [
        (5, 4, True),  # exactly 80 %
        (5, 3, False),  # 60 %
        (10, 8, True),  # exactly 80 %
        (10, 7, False),  # 70 %, just under
        (5, 5, True),
        (5, 0, False),
    ],
)
def test_it_certifies_at_exactly_80_percent_and_not_below(personas, sessions, attended, certified):
    # given a finished batch of a program with the 80 % rule and one participant
    batch = make_batch(program=make_program(completion_percent=80), sessions=sessions)
    person = make_person()
    services.enrollment_register(batch=batch, person=person)
    _attend(batch, person, attended, personas.staff)
    # when staff complete the batch
    result = services.batch_complete(batch=batch, actor=personas.staff)
    # then the certificate follows the share
    assert (len(result.certified) == 1) is certified
    assert (len(result.not_certified) == 1) is not certified
    assert person.training_certificates.exists() is certified


def test_it_refuses_just_under_the_share_when_the_share_is_not_a_whole_session(personas):
    # 6 sessions: 80 % is 4.8 sessions, so 5 pass and 4 (66.7 %) do not
    batch = make_batch(program=make_program(completion_percent=80), sessions=6)
    five, four = make_person(), make_person()
    for p in (five, four):
        services.enrollment_register(batch=batch, person=p)
    _attend(batch, five, 5, personas.staff)
    _attend(batch, four, 4, personas.staff)
    services.batch_complete(batch=batch, actor=personas.staff)
    assert five.training_certificates.exists()
    assert not four.training_certificates.exists()


# --- Capacity and the waiting list ----------------------------------------------------------
def test_it_gives_the_last_place_and_waitlists_one_over(personas):
    batch = make_batch(capacity=2)
    first, last, over = make_person(), make_person(), make_person()
    assert services.enrollment_register(batch=batch, person=first).status == "registered"
    assert services.enrollment_register(batch=batch, person=last).status == "registered"
    assert services.enrollment_register(batch=batch, person=over).status == "waitlisted"


def test_it_moves_up_the_first_come_when_a_place_frees_up(personas):
    # given a full batch with three people waiting, in the order they came
    batch = make_batch(capacity=1)
    holder = services.enrollment_register(batch=batch, person=make_person())
    waiting = [services.enrollment_register(batch=batch, person=make_person()) for _ in range(3)]
    # when the place is cancelled
    services.enrollment_cancel(enrollment=holder, actor=personas.staff)
    # then the first who came has it, and the others still wait in order
    statuses = [Enrollment.objects.get(pk=e.pk).status for e in waiting]
    assert statuses == ["registered", "waitlisted", "waitlisted"]
    # and the next free place goes to the second
    services.enrollment_cancel(enrollment=waiting[0], actor=personas.staff)
    statuses = [Enrollment.objects.get(pk=e.pk).status for e in waiting]
    assert statuses == ["cancelled", "registered", "waitlisted"]


def test_it_orders_the_waiting_list_by_arrival_not_by_row_id(personas):
    # the one who came first waits first even when their row was created later
    batch = make_batch(capacity=1)
    holder = services.enrollment_register(batch=batch, person=make_person())
    late = services.enrollment_register(batch=batch, person=make_person())
    early = services.enrollment_register(batch=batch, person=make_person())
    Enrollment.objects.filter(pk=early.pk).update(
        registered_at=late.registered_at - timedelta(minutes=5)
    )
    services.enrollment_cancel(enrollment=holder, actor=personas.staff)
    assert Enrollment.objects.get(pk=early.pk).status == EnrollmentStatus.REGISTERED
    assert Enrollment.objects.get(pk=late.pk).status == EnrollmentStatus.WAITLISTED


def test_it_promotes_exactly_as_many_as_a_larger_capacity_frees(personas):
    batch = make_batch(capacity=1)
    services.enrollment_register(batch=batch, person=make_person())
    waiting = [services.enrollment_register(batch=batch, person=make_person()) for _ in range(3)]
    services.batch_set_capacity(batch=batch, actor=personas.staff, capacity=3)
    statuses = [Enrollment.objects.get(pk=e.pk).status for e in waiting]
    assert statuses == ["registered", "registered", "waitlisted"]


def test_it_keeps_the_capacity_at_the_registered_count_and_refuses_one_below(personas):
    batch = make_batch(capacity=3)
    for _ in range(2):
        services.enrollment_register(batch=batch, person=make_person())
    assert services.batch_set_capacity(batch=batch, actor=personas.staff, capacity=2).capacity == 2
    with pytest.raises(RuleError) as refused:
        services.batch_set_capacity(batch=batch, actor=personas.staff, capacity=1)
    assert refused.value.codes == ["capacity_below_registered"]


def test_it_waitlists_a_newcomer_while_others_wait_even_with_a_free_place(personas):
    # a place freed while people wait goes to them, never to a newcomer
    batch = make_batch(capacity=1)
    holder = services.enrollment_register(batch=batch, person=make_person())
    waiting = services.enrollment_register(batch=batch, person=make_person())
    services.enrollment_cancel(enrollment=holder, actor=personas.staff)
    assert Enrollment.objects.get(pk=waiting.pk).status == "registered"
    newcomer = services.enrollment_register(batch=batch, person=make_person())
    assert newcomer.status == "waitlisted"


# --- The QR check-in window -----------------------------------------------------------------
def _checkin_setup():
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    batch = make_batch(sessions=1, first_start=start, hours=2)
    user, person = make_participant(phone="081399990001")
    services.enrollment_register(batch=batch, person=person)
    return batch.sessions.get(), user


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (lambda s: s.starts_at - timedelta(microseconds=1), False),
        (lambda s: s.starts_at, True),
        (lambda s: s.ends_at, True),
        (lambda s: s.ends_at + timedelta(microseconds=1), False),
    ],
    ids=["just-before-start", "at-start", "at-end", "just-after-end"],
)
def test_it_opens_the_checkin_window_from_start_to_end_both_included(moment, open_):
    session, user = _checkin_setup()
    now = moment(session)
    assert selectors.checkin_window_open(session, now=now) is open_
    if open_:
        attendance, created = services.attendance_checkin(
            session=session, code=session.checkin_code, user=user, now=now
        )
        assert created and attendance.method == "qr"
    else:
        with pytest.raises(RuleError) as refused:
            services.attendance_checkin(
                session=session, code=session.checkin_code, user=user, now=now
            )
        assert refused.value.codes == ["checkin_outside_session"]


def test_it_refuses_another_sessions_code_inside_the_window():
    session, user = _checkin_setup()
    with pytest.raises(RuleError) as refused:
        services.attendance_checkin(
            session=session, code=session.checkin_code + "x", user=user, now=session.starts_at
        )
    assert refused.value.codes == ["checkin_code_invalid"]
