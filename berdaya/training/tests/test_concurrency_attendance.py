"""Attendance written while the batch is completed, on PostgreSQL: the batch row lock of each
attendance step makes it wait for the completion (or the completion wait for it), so the
certificates always match the attendance that stays. Each test fails without its lock (checked by
removing the lock and running it; see docs/adr/0005)."""

from __future__ import annotations

from datetime import timedelta

from berdaya.core.tests.concurrency import MARKS, run_together
from berdaya.training import services
from berdaya.training.models import Attendance, Certificate, Program
from berdaya.training.tests.helpers import make_batch, make_participant, make_person

pytestmark = MARKS
ROUNDS = 3  # each round is a fresh batch: more chances for the threads to interleave


def test_a_qr_check_in_during_the_completion_is_refused_or_certified(personas):
    for round_ in range(ROUNDS):
        # given a batch of one session (over) and a registered participant who has not checked in
        batch = make_batch(sessions=1)
        session = batch.sessions.get()
        user, person = make_participant(phone=f"08131200{round_:04d}")
        services.enrollment_register(batch=batch, person=person)

        # when the participant's QR check-in (at the session's time) arrives while staff complete
        def check_in(session=session, user=user):
            at = session.starts_at + timedelta(minutes=5)
            services.attendance_checkin(
                session=session, code=session.checkin_code, user=user, now=at
            )

        def complete(batch=batch):
            services.batch_complete(batch=batch, actor=personas.staff)

        results, errors = run_together(check_in, complete)
        # then either the check-in came first and counts for a certificate, or it is refused
        assert errors == []
        attended = Attendance.objects.filter(session=session).exists()
        certified = Certificate.objects.filter(batch=batch, person=person).exists()
        if "batch_completed" in results:
            assert (attended, certified) == (False, False), round_
        else:
            assert results == ["ok", "ok"]
            assert (attended, certified) == (True, True), round_


def test_a_mark_removed_during_the_completion_is_refused_or_not_certified(personas):
    for round_ in range(ROUNDS):
        # given a batch of one session (over) and a participant marked present by staff
        batch = make_batch(sessions=1)
        session = batch.sessions.get()
        person = make_person()
        enrollment = services.enrollment_register(batch=batch, person=person)
        services.attendance_record(session=session, person=person, actor=personas.staff)

        # when staff remove the mark while another completes the batch
        def remove(session=session, enrollment=enrollment):
            services.attendance_remove(session=session, enrollment=enrollment, actor=personas.staff)

        def complete(batch=batch):
            services.batch_complete(batch=batch, actor=personas.staff)

        results, errors = run_together(remove, complete)
        # then the removal is refused (certified) or came first (no certificate): never both
        assert errors == []
        attended = Attendance.objects.filter(session=session).exists()
        certified = Certificate.objects.filter(batch=batch, person=person).exists()
        if "batch_completed" in results:
            assert (attended, certified) == (True, True), round_
        else:
            assert results == ["ok", "ok"]
            assert (attended, certified) == (False, False), round_


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
