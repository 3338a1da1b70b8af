"""Two requests at the same moment on PostgreSQL: each row lock of the registry's services makes
the second wait, so a step takes effect once and no write is lost. Each test fails without its
``select_for_update`` (checked by removing the lock and running it)."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.conf import settings
from django.db import close_old_connections, connection, transaction

from berdaya.core.errors import ConflictError
from berdaya.core.models import Event
from berdaya.registry import services
from berdaya.registry.bulk import _reserve_partner_numbers
from berdaya.registry.models import (
    Business,
    DevelopmentReport,
    IdentityChange,
    PartnerSequence,
)
from berdaya.registry.tests import factories as f

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="row locks are tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def run_together(*steps) -> tuple[list, list]:
    """Run each step in its own thread, released at the same moment. Returns (results, errors):
    a result is the step's return value or the code of its ConflictError."""
    barrier = threading.Barrier(len(steps))
    results, errors = [], []

    def worker(step):
        try:
            barrier.wait(timeout=10)
            results.append(step())
        except ConflictError as exc:
            results.append(exc.code)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(s,)) for s in steps]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results, errors


def events_of(obj, verb) -> int:
    return Event.objects.filter(object_id=str(obj.pk), verb=verb).count()


def test_it_takes_a_double_verification_once(reference_data, personas):
    # given a submitted registration
    reg = f.submit()

    # when two staff verify it at the same moment
    def verify():
        services.registration_review(registration=reg, reviewer=personas.staff, decision="verify")
        return "ok"

    results, errors = run_together(verify, verify)
    # then one decides, the other is told it is decided; one partner number is used
    assert errors == []
    assert sorted(results) == ["ok", "registration_not_submitted"]
    assert events_of(reg, "verify") == 1
    assert PartnerSequence.objects.get().last == 1


def test_it_takes_a_double_resubmission_once(reference_data, personas):
    reg = f.submit()
    services.registration_review(
        registration=reg, reviewer=personas.staff, decision="revise", reason="Foto KTP buram"
    )

    def resubmit():
        services.registration_resubmit(registration=reg, actor=personas.staff)
        return "ok"

    results, errors = run_together(resubmit, resubmit)
    assert errors == []
    assert sorted(results) == ["ok", "registration_not_in_revision"]
    assert events_of(reg, "resubmitted") == 1


def test_it_keeps_both_edits_of_a_business_made_at_once(reference_data, personas):
    # given a business
    business = f.submit().business

    # when two edits of different fields arrive at the same moment
    def rename():
        services.business_update(business=business, actor=personas.staff, data={"name": "Baru"})
        return "ok"

    def recapital():
        services.business_update(
            business=business, actor=personas.staff, data={"capital_rupiah": 7_000_000}
        )
        return "ok"

    results, errors = run_together(rename, recapital)
    # then neither edit is lost
    assert errors == [] and results == ["ok", "ok"]
    business = Business.objects.get(pk=business.pk)
    assert (business.name, business.capital_rupiah) == ("Baru", 7_000_000)


def test_it_files_a_double_report_of_a_month_once(reference_data, personas):
    business = f.submit().business
    data = {
        "period": datetime.date.today().strftime("%Y-%m"),
        "sales_rupiah": 5_000_000,
        "assets_rupiah": 8_000_000,
        "workers_women": 2,
        "workers_men": 1,
        "needs": ["modal"],
        "marketing_channels": ["media_sosial"],
    }

    def file():
        return services.report_file(business=business, actor=personas.staff, data=data)[1]

    results, errors = run_together(file, file)
    # then one report is created and the other updates it (no unique-constraint error)
    assert errors == []
    assert sorted(results) == [False, True]
    assert DevelopmentReport.objects.filter(business=business).count() == 1


def test_it_keeps_one_pending_identity_change_when_two_are_asked_at_once(reference_data, personas):
    person = f.submit().person

    def ask(name):
        def step():
            services.identity_change_request(
                person=person, actor=personas.staff, data={"full_name": name}
            )
            return "ok"

        return step

    results, errors = run_together(ask("Siti Aminah Baru"), ask("Siti A. Lain"))
    assert errors == []
    assert sorted(results) == ["change_pending", "ok"]
    assert IdentityChange.objects.filter(person=person, status="pending").count() == 1


def test_it_decides_an_identity_change_once(reference_data, personas):
    person = f.submit().person
    change = services.identity_change_request(
        person=person, actor=personas.staff, data={"full_name": "Siti Aminah Baru"}
    )

    def approve():
        services.identity_change_decide(change=change, reviewer=personas.staff, approve=True)
        return "ok"

    def reject():
        services.identity_change_decide(change=change, reviewer=personas.staff, approve=False)
        return "ok"

    results, errors = run_together(approve, reject)
    assert errors == []
    assert sorted(results) == ["change_decided", "ok"]
    decided = Event.objects.filter(object_id=str(change.pk), verb__in=["approved", "rejected"])
    assert decided.count() == 1


def test_it_reserves_distinct_partner_numbers_for_two_imports_at_once(reference_data):
    PartnerSequence.objects.create(year=2024, last=0)

    def reserve():
        with transaction.atomic():
            return _reserve_partner_numbers([2024] * 20)[2024]

    results, errors = run_together(reserve, reserve)
    assert errors == []
    first, second = results
    assert len(set(first) | set(second)) == 40
    assert PartnerSequence.objects.get(year=2024).last == 40
