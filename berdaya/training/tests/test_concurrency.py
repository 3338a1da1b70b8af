"""Two people registering for the last place at the same moment: one place, one waiting list."""

import threading

import pytest
from django.db import close_old_connections, connection

from berdaya.training import services
from berdaya.training.models import Enrollment
from berdaya.training.tests.helpers import make_batch, make_person


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks (select_for_update) need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_it_never_overbooks_when_two_register_at_once():
    # given a batch with one free place and two people
    batch = make_batch(capacity=1)
    people = [make_person(), make_person()]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def register(person):
        try:
            barrier.wait(timeout=10)
            results.append(services.enrollment_register(batch=batch, person=person).status)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    # when both register at the same time
    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    # then exactly one has the place and the other waits
    assert errors == []
    assert sorted(results) == ["registered", "waitlisted"]
    assert Enrollment.objects.filter(batch=batch, status="registered").count() == 1
