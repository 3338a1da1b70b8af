"""Two requests at the same moment on PostgreSQL: each row lock of the training services makes
the second wait, so a step takes effect once. Registration for the last place is in
test_concurrency.py. Each test fails without its ``select_for_update`` (checked by removing the
lock and running it)."""

from __future__ import annotations

import pytest
from django.conf import settings

from berdaya.core.models import Event
from berdaya.core.tests.concurrency import run_together
from berdaya.training import services
from berdaya.training.models import Certificate, Enrollment
from berdaya.training.tests.helpers import make_batch, make_person

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="row locks are tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def events(obj, verb) -> int:
    return Event.objects.filter(object_id=str(obj.pk), verb=verb).count()


def test_it_opens_registration_once_when_two_staff_open_it_at_once(personas):
    batch = make_batch(status="closed")

    def open_():
        services.batch_set_open(batch=batch, actor=personas.staff, open=True)

    results, errors = run_together(open_, open_)
    assert errors == [] and results == ["ok", "ok"]
    assert events(batch, "status") == 1


def test_it_cancels_once_and_moves_up_one_when_cancelled_twice_at_once(personas):
    # given a full batch with two people waiting
    batch = make_batch(capacity=1)
    holder = services.enrollment_register(batch=batch, person=make_person())
    waiting = [services.enrollment_register(batch=batch, person=make_person()) for _ in range(2)]

    # when the place is cancelled twice at the same moment (double click)
    def cancel():
        services.enrollment_cancel(enrollment=holder, actor=personas.staff)

    results, errors = run_together(cancel, cancel)
    # then it is cancelled once and only the first waiting person moves up
    assert errors == []
    assert sorted(results) == ["already_cancelled", "ok"]
    assert events(holder, "cancelled") == 1
    statuses = [Enrollment.objects.get(pk=e.pk).status for e in waiting]
    assert statuses == ["registered", "waitlisted"]


def test_it_never_overbooks_when_the_capacity_shrinks_while_someone_registers(personas):
    # given a batch of two places with one taken
    batch = make_batch(capacity=2)
    services.enrollment_register(batch=batch, person=make_person())
    newcomer = make_person()

    # when staff lower the capacity to 1 while a newcomer registers
    def shrink():
        services.batch_set_capacity(batch=batch, actor=personas.staff, capacity=1)

    def register():
        services.enrollment_register(batch=batch, person=newcomer)

    results, errors = run_together(shrink, register)
    # then either the newcomer waits or the smaller capacity is refused: never overbooked
    assert errors == []
    batch.refresh_from_db()
    registered = Enrollment.objects.filter(batch=batch, status="registered").count()
    assert registered <= batch.capacity


def test_it_issues_each_certificate_once_when_completed_twice_at_once(personas):
    # given a finished batch with two participants who attended every session
    batch = make_batch(sessions=2)
    people = [make_person(), make_person()]
    for person in people:
        services.enrollment_register(batch=batch, person=person)
        for session in batch.sessions.all():
            services.attendance_record(session=session, person=person, actor=personas.staff)

    # when staff complete it twice at the same moment
    def complete():
        services.batch_complete(batch=batch, actor=personas.staff)

    results, errors = run_together(complete, complete)
    # then each participant has one certificate, numbered without a gap, and one completion
    assert errors == [] and results == ["ok", "ok"]
    numbers = sorted(Certificate.objects.filter(batch=batch).values_list("number", flat=True))
    assert len(numbers) == 2 and numbers[0].endswith("/001") and numbers[1].endswith("/002")
    assert events(batch, "completed") == 1


def test_it_revokes_a_certificate_once(personas):
    batch = make_batch(sessions=1)
    person = make_person()
    services.enrollment_register(batch=batch, person=person)
    services.attendance_record(session=batch.sessions.get(), person=person, actor=personas.staff)
    services.batch_complete(batch=batch, actor=personas.staff)
    certificate = Certificate.objects.get(batch=batch)

    def revoke():
        services.certificate_revoke(certificate=certificate, actor=personas.staff, reason="Salah")

    results, errors = run_together(revoke, revoke)
    assert errors == []
    assert sorted(results) == ["already_revoked", "ok"]
    assert events(certificate, "revoked") == 1
