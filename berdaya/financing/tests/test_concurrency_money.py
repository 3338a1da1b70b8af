"""Two at once on money: the review, repayments and collections. Every lock has a test that
fails without it, and a repayment and a collection of the same group never deadlock (they take
the application's lock before the loans')."""

import pytest
from django.utils import timezone

from berdaya.core.tests.concurrency import MARKS, count_events, run_together, run_twice
from berdaya.financing import services
from berdaya.financing.models import Application, Loan, LoanStatus, Product, Repayment, Status
from berdaya.financing.tests.factories import make_application

pytestmark = MARKS


@pytest.fixture
def small_mesra():
    mesra = Product.objects.get(code="kredit-mesra")
    mesra.group_size_min, mesra.group_size_max = 2, 3
    mesra.save()
    return mesra


def awaiting_verification(personas):
    application, members = make_application(size=3, amount=1_000_000)
    services.application_submit(application=application, user=members[0].user)
    for official, level in (
        (personas.rt_chair, "rt"),
        (personas.rw_chair, "rw"),
        (personas.kelurahan_officer, "kelurahan"),
    ):
        services.recommendation_give(
            application=application, official=official, level=level, approve=True
        )
    return Application.objects.get(pk=application.pk), members


def disbursed(personas):
    application, members = awaiting_verification(personas)
    services.application_review(application=application, staff=personas.staff, decision="forward")
    services.application_decide(
        application=application,
        officer=personas.bank_officer,
        decisions=[{"nik": p.nik, "approve": True} for p in members],
    )
    services.application_disburse(
        application=application, officer=personas.bank_officer, disbursed_on=timezone.localdate()
    )
    return Application.objects.get(pk=application.pk), list(application.loans.order_by("pk"))


def test_it_reviews_once(small_mesra, personas):
    # given a file waiting for DKUM (application lock in application_review)
    application, _ = awaiting_verification(personas)
    # when two staff forward it at the same moment
    results, errors = run_twice(
        lambda: services.application_review(
            application=application, staff=personas.staff, decision="forward"
        )
    )
    # then it is forwarded once
    assert errors == []
    assert sorted(results) == ["ok", "wrong_status"]
    assert count_events(application, "forwarded") == 1


def test_it_records_a_double_repayment_once(small_mesra, personas):
    # given a disbursed loan (application and loan locks in repayment_record)
    application, loans = disbursed(personas)
    loan = loans[0]
    # when the officer records the whole outstanding twice at the same moment
    results, errors = run_twice(
        lambda: services.repayment_record(
            loan=loan,
            officer=personas.bank_officer,
            paid_on=timezone.localdate(),
            amount_rupiah=loan.outstanding_rupiah,
        )
    )
    # then one payment is recorded and the loan is exactly repaid
    assert errors == []
    assert sorted(results) == ["loan_closed", "ok"]
    loan.refresh_from_db()
    assert Repayment.objects.filter(loan=loan).count() == 1
    assert loan.paid_rupiah == loan.total_rupiah and loan.status == LoanStatus.CLOSED


def test_it_records_a_double_collection_once(small_mesra, personas):
    # given a disbursed group (application then loans locked in collection_record)
    application, loans = disbursed(personas)
    payments = {loan.pk: loan.outstanding_rupiah for loan in loans}
    # when the collection sheet is sent twice at once
    results, errors = run_twice(
        lambda: services.collection_record(
            application=application,
            officer=personas.bank_officer,
            paid_on=timezone.localdate(),
            payments=payments,
        )
    )
    # then it is recorded once and the application closes once
    assert errors == []
    assert sorted(results) == ["loan_closed", "ok"]
    assert Repayment.objects.filter(loan__application=application).count() == len(loans)
    assert count_events(application, "closed") == 1
    application.refresh_from_db()
    assert application.status == Status.CLOSED


def test_it_never_deadlocks_a_repayment_with_a_collection(small_mesra, personas):
    # given a disbursed group of three
    application, loans = disbursed(personas)
    first, *others = loans
    # when one member's repayment and the group's collection (for the others and the first)
    # arrive at the same moment, many times over
    for _ in range(3):
        results, errors = run_together(
            lambda: services.repayment_record(
                loan=first,
                officer=personas.bank_officer,
                paid_on=timezone.localdate(),
                amount_rupiah=1_000,
            ),
            lambda: services.collection_record(
                application=application,
                officer=personas.bank_officer,
                paid_on=timezone.localdate(),
                payments={first.pk: 1_000, **{loan.pk: 1_000 for loan in others}},
            ),
        )
        # then both are recorded: no "deadlock detected"
        assert errors == [], errors
        assert results == ["ok", "ok"]
    first.refresh_from_db()
    assert first.paid_rupiah == 6 * 1_000
    assert sum(Loan.objects.get(pk=loan.pk).paid_rupiah for loan in others) == 2 * 3 * 1_000
