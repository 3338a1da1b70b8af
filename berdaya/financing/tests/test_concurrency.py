"""Two officials at once, a double click, a retried request: each step takes effect once."""

import threading

import pytest
from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from berdaya.core.errors import ConflictError
from berdaya.core.models import Event
from berdaya.financing import services
from berdaya.financing.models import Application, Loan, Product, Recommendation
from berdaya.financing.tests.factories import make_application

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.postgres,
    # Decided at collection, so SQLite runs never pay for a transactional database.
    pytest.mark.skipif(not ON_POSTGRES, reason="row locks are tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def run_twice(step) -> tuple[list, list]:
    """Run ``step`` in two threads released at the same moment."""
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            step()
            results.append("ok")
        except ConflictError as exc:
            results.append(exc.code)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results, errors


def forwarded(personas):
    mesra = Product.objects.get(code="kredit-mesra")
    mesra.group_size_min, mesra.group_size_max = 2, 3
    mesra.save()
    application, members = make_application(size=3)
    services.application_submit(application=application, user=members[0].user)
    for official, level in (
        (personas.rt_chair, "rt"),
        (personas.rw_chair, "rw"),
        (personas.kelurahan_officer, "kelurahan"),
    ):
        services.recommendation_give(
            application=application, official=official, level=level, approve=True
        )
    services.application_review(application=application, staff=personas.staff, decision="forward")
    return Application.objects.get(pk=application.pk), members


def count_events(application, verb):
    return Event.objects.filter(object_id=str(application.pk), verb=verb).count()


def test_it_takes_a_double_decision_once(personas):
    # given a forwarded application
    application, members = forwarded(personas)
    decisions = [{"nik": p.nik, "approve": True} for p in members]
    # when two bank officers (or a double click) decide at the same moment
    results, errors = run_twice(
        lambda: services.application_decide(
            application=application, officer=personas.bank_officer, decisions=decisions
        )
    )
    # then one decision takes effect and the other is refused
    assert errors == []
    assert sorted(results) == ["ok", "wrong_status"]
    assert count_events(application, "decided") == 1


def test_it_disburses_once(personas):
    application, members = forwarded(personas)
    services.application_decide(
        application=application,
        officer=personas.bank_officer,
        decisions=[{"nik": p.nik, "approve": True} for p in members],
    )
    results, errors = run_twice(
        lambda: services.application_disburse(
            application=application,
            officer=personas.bank_officer,
            disbursed_on=timezone.localdate(),
        )
    )
    assert errors == []
    assert sorted(results) == ["ok", "wrong_status"]
    assert Loan.objects.filter(application=application).count() == 3
    assert count_events(application, "disbursed") == 1


def test_it_records_one_recommendation_when_two_arrive_at_once(personas):
    mesra = Product.objects.get(code="kredit-mesra")
    mesra.group_size_min, mesra.group_size_max = 2, 3
    mesra.save()
    application, members = make_application(size=3)
    services.application_submit(application=application, user=members[0].user)
    results, errors = run_twice(
        lambda: services.recommendation_give(
            application=application, official=personas.rt_chair, level="rt", approve=True
        )
    )
    assert errors == []
    assert sorted(results) == ["level_not_open", "ok"] or sorted(results) == [
        "already_recommended",
        "ok",
    ]
    assert Recommendation.objects.filter(application=application, level="rt").count() == 1


def test_it_answers_a_retried_request_with_the_first_result(personas, api):
    mesra = Product.objects.get(code="kredit-mesra")
    mesra.group_size_min, mesra.group_size_max = 2, 3
    mesra.save()
    application, members = make_application(size=3)
    clients = [api(members[0].user), api(members[0].user)]
    responses = []
    barrier = threading.Barrier(2)

    def submit(client):
        try:
            barrier.wait(timeout=10)
            responses.append(
                client.post(
                    f"financing/applications/{application.pk}/submit",
                    headers={"Idempotency-Key": "retry-1"},
                )
            )
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=submit, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert [r.status_code for r in responses] == [200, 200]
    assert responses[0].json() == responses[1].json()
    assert count_events(application, "submitted") == 1
