"""Each workflow step from each wrong status is a 409 ``wrong_status`` (and changes nothing)."""

import pytest
from django.utils import timezone

from berdaya.core.errors import ConflictError
from berdaya.financing import services
from berdaya.financing.models import Application, Status

pytestmark = pytest.mark.django_db


def steps(flow, personas):
    leader = flow.leader
    nik = flow.members[0].nik
    return {
        "update": (
            {Status.DRAFT, Status.NEEDS_REVISION},
            lambda a: services.application_update(application=a, user=leader, term_months=6),
        ),
        "submit": (
            {Status.DRAFT, Status.NEEDS_REVISION},
            lambda a: services.application_submit(application=a, user=leader),
        ),
        "withdraw": (
            {
                Status.DRAFT,
                Status.AWAITING_RECOMMENDATION,
                Status.AWAITING_VERIFICATION,
                Status.FORWARDED,
                Status.NEEDS_REVISION,
            },
            lambda a: services.application_withdraw(application=a, user=leader),
        ),
        "recommend": (
            {Status.AWAITING_RECOMMENDATION},
            lambda a: services.recommendation_give(
                application=a, official=personas.rt_chair, level="rt", approve=True
            ),
        ),
        "review": (
            {Status.AWAITING_VERIFICATION},
            lambda a: services.application_review(
                application=a, staff=personas.staff, decision="forward"
            ),
        ),
        "decide": (
            {Status.FORWARDED},
            lambda a: services.application_decide(
                application=a,
                officer=personas.bank_officer,
                decisions=[{"nik": nik, "approve": True}],
            ),
        ),
        "disburse": (
            {Status.APPROVED, Status.PARTIALLY_APPROVED},
            lambda a: services.application_disburse(
                application=a, officer=personas.bank_officer, disbursed_on=timezone.localdate()
            ),
        ),
    }


@pytest.mark.parametrize(
    "step", ["update", "submit", "withdraw", "recommend", "review", "decide", "disburse"]
)
def test_it_refuses_each_step_from_each_wrong_status(flow, personas, step):
    allowed, call = steps(flow, personas)[step]
    application = flow.application
    for status in Status.values:
        if status in allowed:
            continue
        Application.objects.filter(pk=application.pk).update(status=status)
        with pytest.raises(ConflictError) as exc:
            call(Application.objects.get(pk=application.pk))
        assert exc.value.code == "wrong_status", (step, status)
        assert Application.objects.get(pk=application.pk).status == status


def test_it_refuses_a_repayment_of_a_closed_loan(flow, personas):
    application = flow.disbursed()
    loan = application.loans.order_by("pk").first()
    services.repayment_record(
        loan=loan,
        officer=personas.bank_officer,
        paid_on=timezone.localdate(),
        amount_rupiah=loan.outstanding_rupiah,
    )
    with pytest.raises(ConflictError) as exc:
        services.repayment_record(
            loan=loan, officer=personas.bank_officer, paid_on=timezone.localdate(), amount_rupiah=1
        )
    assert exc.value.code == "loan_closed"
