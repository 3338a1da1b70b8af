"""Attendance written while the batch is completed, on PostgreSQL: the batch row lock of each
attendance step makes it wait for the completion (or the completion wait for it), so the
certificates always match the attendance that stays. Each test fails without its lock (checked by
removing the lock and running it; see docs/adr/0005).

The attendance tests force their interleaving: the test holds the row the attendance step
writes (the enrollment a new mark refers to, the mark to delete) from its own connection, so
the step waits there, and then starts the completion. With the batch lock the completion waits
for the step; without it (checked) the step had read the batch as open, the completion went
ahead, and the step wrote afterwards: a mark without its certificate, or a certificate without
its mark."""

from __future__ import annotations

from datetime import timedelta

from berdaya.core.tests.concurrency import MARKS, run_held, run_together
from berdaya.training import services
from berdaya.training.models import Attendance, Certificate, Enrollment, Program
from berdaya.training.tests.helpers import make_batch, make_participant, make_person

pytestmark = MARKS


def test_a_qr_check_in_during_the_completion_is_refused_or_certified(personas):
    # given a batch of one session (over) and a registered participant who has not checked in
    batch = make_batch(sessions=1)
    session = batch.sessions.get()
    user, person = make_participant(phone="081312000001")
    enrollment = services.enrollment_register(batch=batch, person=person)

    # when the participant's QR check-in (at the session's time) arrives and, while it waits
    # to write the attendance (this test holds the enrollment's row, which the new row
    # refers to), staff complete the batch
    def hold():
        Enrollment.objects.select_for_update().get(pk=enrollment.pk)

    def check_in():
        at = session.starts_at + timedelta(minutes=5)
        services.attendance_checkin(session=session, code=session.checkin_code, user=user, now=at)

    def complete():
        services.batch_complete(batch=batch, actor=personas.staff)

    results, errors = run_held(hold, check_in, complete, one_by_one=True)
    # then the check-in, first, counts for a certificate
    assert errors == [] and results == ["ok", "ok"]
    attended = Attendance.objects.filter(session=session).exists()
    certified = Certificate.objects.filter(batch=batch, person=person).exists()
    assert (attended, certified) == (True, True)


def test_a_mark_removed_during_the_completion_is_refused_or_not_certified(personas):
    # given a batch of one session (over) and a participant marked present by staff
    batch = make_batch(sessions=1)
    session = batch.sessions.get()
    person = make_person()
    enrollment = services.enrollment_register(batch=batch, person=person)
    attendance, _ = services.attendance_record(session=session, person=person, actor=personas.staff)

    # when staff remove the mark and, while the removal waits to delete it (this test holds
    # the mark's row), another completes the batch
    def hold():
        Attendance.objects.select_for_update().get(pk=attendance.pk)

    def remove():
        services.attendance_remove(session=session, enrollment=enrollment, actor=personas.staff)

    def complete():
        services.batch_complete(batch=batch, actor=personas.staff)

    results, errors = run_held(hold, remove, complete, one_by_one=True)
    # then the removal, first, leaves no certificate
    assert errors == [] and results == ["ok", "ok"]
    attended = Attendance.objects.filter(session=session).exists()
    certified = Certificate.objects.filter(batch=batch, person=person).exists()
    assert (attended, certified) == (False, False)


def test_it_creates_one_program_when_two_of_one_name_arrive_at_once(personas):
    # given no program of that name
    def create():
        services.program_create(actor=personas.staff, name="Kemasan Produk Pangan")

    # when two staff create it at the same moment
    results, errors = run_together(create, create)
    # then one program exists and the other request is told so (not a server error)
    assert errors == []
    assert sorted(results) == ["ok", "program_exists"]
    assert Program.objects.filter(name="Kemasan Produk Pangan").count() == 1
