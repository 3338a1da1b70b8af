"""Training services: completion, certificates and reminders (split from test_services)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from berdaya.core.errors import ConflictError, RuleError
from berdaya.core.models import Notification
from berdaya.training import selectors, services
from berdaya.training.models import (
    Certificate,
    EnrollmentStatus,
)
from berdaya.training.tests.helpers import make_batch, make_person, make_program
from berdaya.training.tests.helpers import register as _register
from berdaya.training.tests.helpers import running_batch as _running_batch

# --- completion and certificates -------------------------------------------------------------


def _attend(batch, person, sessions, staff):
    for session in batch.sessions.order_by("number")[:sessions]:
        services.attendance_record(session=session, person=person, actor=staff)


def test_it_certifies_those_who_meet_the_program_rule(personas):
    # given a program needing 80% of 5 sessions, and three participants attending 5, 4 and 3
    batch = make_batch(program=make_program(completion_percent=80), sessions=5)
    full, enough, short = make_person(), make_person(), make_person()
    for person, count in ((full, 5), (enough, 4), (short, 3)):
        _register(batch, person)
        _attend(batch, person, count, personas.staff)
    # when staff complete the batch
    result = services.batch_complete(batch=batch, actor=personas.staff)
    # then 4/5 = 80% passes, 3/5 does not, and the batch is completed
    assert {r["name"] for r in result.certified} == {full.full_name, enough.full_name}
    assert [r["name"] for r in result.not_certified] == [short.full_name]
    assert all("*" in r["nik"] for r in result.certified + result.not_certified)
    batch.refresh_from_db()
    assert batch.status == "completed"
    assert selectors.person_has_certificate(enough)
    assert not selectors.person_has_certificate(short)


def test_it_follows_a_changed_completion_rule(personas):
    program = make_program(completion_percent=80)
    batch = make_batch(program=program, sessions=5)
    person = make_person()
    _register(batch, person)
    _attend(batch, person, 3, personas.staff)
    program.completion_percent = 60
    program.save()
    result = services.batch_complete(batch=batch, actor=personas.staff)
    assert len(result.certified) == 1


def test_it_never_issues_a_second_certificate_when_completed_twice(personas):
    batch = make_batch(sessions=2)
    person, late = make_person(), make_person()
    for p in (person, late):
        _register(batch, p)
    _attend(batch, person, 2, personas.staff)
    services.batch_complete(batch=batch, actor=personas.staff)
    # attendance of the latecomer is recorded afterwards, then staff complete again
    _attend(batch, late, 2, personas.staff)
    result = services.batch_complete(batch=batch, actor=personas.staff)
    assert Certificate.objects.filter(batch=batch).count() == 2
    assert Certificate.objects.filter(person=person).count() == 1
    assert len(result.certified) == 2
    numbers = set(Certificate.objects.values_list("number", flat=True))
    assert len(numbers) == 2


def test_it_refuses_completing_before_the_last_session_ends(personas):
    batch = _running_batch()
    with pytest.raises(RuleError) as exc:
        services.batch_complete(batch=batch, actor=personas.staff)
    assert exc.value.codes == ["batch_not_finished"]
    assert batch.certificates.count() == 0


def test_it_closes_the_waiting_list_on_completion(personas):
    batch = make_batch(capacity=1)
    _register(batch, make_person())
    waiting = _register(batch, make_person())
    services.batch_complete(batch=batch, actor=personas.staff)
    waiting.refresh_from_db()
    assert waiting.status == EnrollmentStatus.CANCELLED


def test_it_revokes_a_certificate_so_it_no_longer_counts(personas):
    batch, person = make_batch(sessions=1), make_person()
    _register(batch, person)
    _attend(batch, person, 1, personas.staff)
    services.batch_complete(batch=batch, actor=personas.staff)
    certificate = Certificate.objects.get(person=person)
    services.certificate_revoke(certificate=certificate, actor=personas.staff, reason="Data palsu")
    assert not selectors.person_has_certificate(person)
    with pytest.raises(ConflictError):
        services.certificate_revoke(certificate=certificate, actor=personas.staff, reason="lagi")


# --- reminders -------------------------------------------------------------------------------


def test_it_reminds_registered_participants_once(personas):
    from berdaya.training.tests.helpers import make_participant

    batch = make_batch(first_start=timezone.now() + timedelta(hours=20))
    user, person = make_participant(phone="081311110004")
    _register(batch, person)
    _register(make_batch(first_start=timezone.now() + timedelta(days=5)), make_person())

    assert services.reminders_send() == 1
    assert services.reminders_send() == 0
    assert Notification.objects.filter(user=user, title__startswith="Pengingat").count() == 1


def test_it_sends_reminders_from_the_management_command(personas):
    from io import StringIO

    from django.core.management import call_command

    batch = make_batch(first_start=timezone.now() + timedelta(hours=3))
    _register(batch, make_person())
    out = StringIO()
    call_command("training_reminders", stdout=out)
    assert "1" in out.getvalue()
