"""The workflow services: verification, decision, disbursement, repayments, reports, scope."""

import pytest
from dateutil.relativedelta import relativedelta
from django.http import Http404
from django.utils import timezone

from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.personas import BEJI
from berdaya.financing import selectors, services
from berdaya.financing.models import (
    Application,
    Loan,
    Product,
    Recommendation,
)
from berdaya.financing.tests.service_helpers import (
    codes,
    disbursed,
    forwarded,
    recommended,
    small_application,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mesra():
    return Product.objects.get(code="kredit-mesra")


@pytest.fixture
def small_mesra(mesra):
    """Kredit Mesra with groups of 2-3 (an admin edit), so rule tests stay quick."""
    mesra.group_size_min, mesra.group_size_max = 2, 3
    mesra.save()
    return mesra


def test_it_lets_only_staff_verify_and_needs_a_note_to_return(small_mesra, personas):
    application, members = recommended(personas)
    assert application.status == "awaiting_verification"
    assert Recommendation.objects.filter(application=application).count() == 3
    with pytest.raises(AccessDenied):
        services.application_review(
            application=application, staff=personas.rt_chair, decision="forward"
        )
    with pytest.raises(RuleError) as exc:
        services.application_review(
            application=application, staff=personas.staff, decision="revise"
        )
    assert codes(exc) == {"reason_required"}
    services.application_review(
        application=application, staff=personas.staff, decision="revise", note="Lengkapi foto usaha"
    )
    application.refresh_from_db()
    assert application.status == "needs_revision"
    # resubmitting keeps the letters: it goes straight back to DKUM
    assert submit(application, members).status == "awaiting_verification"


def test_it_lets_the_lender_decide_per_member(small_mesra, personas):
    application, members = forwarded(personas)
    with pytest.raises(AccessDenied):
        services.application_decide(
            application=application,
            officer=personas.baznas_officer,
            decisions=[{"nik": members[0].nik, "approve": True}],
        )
    with pytest.raises(RuleError) as exc:
        services.application_decide(
            application=application,
            officer=personas.bank_officer,
            decisions=[
                {"nik": members[0].nik, "approve": True, "amount_rupiah": 6_000_000},
                {"nik": members[1].nik, "approve": False},
            ],
        )
    assert codes(exc) == {"amount_over_request", "reason_required"}
    services.application_decide(
        application=application,
        officer=personas.bank_officer,
        decisions=[{"nik": members[0].nik, "approve": True}],
    )
    assert Application.objects.get(pk=application.pk).status == "forwarded"
    with pytest.raises(ConflictError) as conflict:
        services.application_decide(
            application=application,
            officer=personas.bank_officer,
            decisions=[{"nik": members[0].nik, "approve": True}],
        )
    assert conflict.value.code == "already_decided"
    services.application_decide(
        application=application,
        officer=personas.bank_officer,
        decisions=[{"nik": p.nik, "approve": True} for p in members[1:]],
    )
    assert Application.objects.get(pk=application.pk).status == "approved"


def test_it_rejects_when_every_member_is_refused(small_mesra, personas):
    application, members = forwarded(personas)
    services.application_decide(
        application=application,
        officer=personas.bank_officer,
        decisions=[{"nik": p.nik, "approve": False, "reason": "BI checking"} for p in members],
    )
    application.refresh_from_db()
    assert application.status == "rejected"
    with pytest.raises(ConflictError):
        services.application_withdraw(application=application, user=members[0].user)


def test_it_lets_only_the_leader_withdraw_before_a_decision(small_mesra, personas):
    application, members = forwarded(personas)
    with pytest.raises(AccessDenied):
        services.application_withdraw(application=application, user=members[1].user)
    services.application_withdraw(application=application, user=members[0].user)
    assert Application.objects.get(pk=application.pk).status == "withdrawn"
    assert not Recommendation.objects.get(application=application, level="rt").is_valid


def test_it_creates_loans_with_schedules_once(small_mesra, personas):
    application, members = disbursed(personas, term=6)
    loans = Loan.objects.filter(application=application)
    assert loans.count() == 3
    loan = loans.order_by("pk")[0]
    assert loan.total_rupiah == 5_400_000 and loan.instalments.count() == 6
    assert sum(i.amount_rupiah for i in loan.instalments.all()) == loan.total_rupiah
    with pytest.raises(ConflictError):
        services.application_disburse(
            application=application,
            officer=personas.bank_officer,
            disbursed_on=timezone.localdate(),
        )


def test_it_tracks_arrears_and_par30_by_group_and_kelurahan(small_mesra, personas):
    # given loans disbursed four months ago: four instalments are due. (Not three: then the
    # second instalment is one month overdue, 28 to 31 days, and more than 30 only on some days.)
    application, members = disbursed(personas, months_ago=4, term=6)
    loans = list(Loan.objects.filter(application=application).order_by("pk"))
    today = timezone.localdate()
    # one member pays everything due, one pays nothing, one pays the first instalment
    services.repayment_record(
        loan=loans[0], officer=personas.bank_officer, paid_on=today, amount_rupiah=900_000 * 4
    )
    services.repayment_record(
        loan=loans[2], officer=personas.bank_officer, paid_on=today, amount_rupiah=900_000
    )
    by_loan = {loan.pk: selectors.days_past_due(loan) for loan in loans}
    first_due = application.disbursed_on + relativedelta(months=1)
    second_due = application.disbursed_on + relativedelta(months=2)
    assert by_loan[loans[0].pk] == 0
    assert by_loan[loans[1].pk] == (today - first_due).days
    assert by_loan[loans[2].pk] == (today - second_due).days
    by_group = selectors.par(by="group")
    assert len(by_group) == 1
    row = by_group[0]
    assert row["loans"] == 3 and row["in_arrears"] == 2
    at_risk = loans[1].total_rupiah + (loans[2].total_rupiah - 900_000)
    assert row["at_risk_rupiah"] == at_risk
    by_kelurahan = selectors.par(by="kelurahan")
    assert by_kelurahan[0]["name"] == "Beji" and by_kelurahan[0]["at_risk_rupiah"] == at_risk
    totals = selectors.portfolio_totals()
    assert totals["disbursed_rupiah"] == 15_000_000 and totals["par30_percent"] > 0


def test_it_records_a_collection_sheet_and_closes_repaid_loans(small_mesra, personas):
    application, members = disbursed(personas, months_ago=6, term=6)
    sheet = selectors.collection_sheet(application, timezone.localdate())
    assert [row["owed_rupiah"] for row in sheet] == [5_400_000] * 3
    with pytest.raises(RuleError) as exc:
        services.repayment_record(
            loan=sheet[0]["loan"],
            officer=personas.bank_officer,
            paid_on=timezone.localdate(),
            amount_rupiah=5_400_001,
        )
    assert codes(exc) == {"amount_over_outstanding"}
    with pytest.raises(AccessDenied):
        services.collection_record(
            application=application,
            officer=personas.baznas_officer,
            paid_on=timezone.localdate(),
            payments={},
        )
    services.collection_record(
        application=application,
        officer=personas.bank_officer,
        paid_on=timezone.localdate(),
        payments={row["loan"].pk: row["owed_rupiah"] for row in sheet},
    )
    assert set(Loan.objects.filter(application=application).values_list("status", flat=True)) == {
        "closed"
    }
    assert Application.objects.get(pk=application.pk).status == "closed"
    with pytest.raises(ConflictError) as conflict:
        services.repayment_record(
            loan=sheet[0]["loan"],
            officer=personas.bank_officer,
            paid_on=timezone.localdate(),
            amount_rupiah=1,
        )
    assert conflict.value.code == "loan_closed"


def test_it_counts_the_pipeline_by_status_and_kelurahan(small_mesra, personas):
    application, members = small_application()
    submit(application, members)
    rows = selectors.pipeline()
    assert rows == [
        {
            "status": "awaiting_recommendation",
            "status_label": "Menunggu rekomendasi",
            "kelurahan_code": BEJI,
            "kelurahan": "Beji",
            "count": 1,
        }
    ]
    assert selectors.in_process_count() == 1


# --- scope -------------------------------------------------------------------------------------
def test_it_shows_each_role_only_its_scope(small_mesra, personas):
    draft, draft_members = small_application()
    application, members = forwarded(personas)
    visible = {
        key: set(selectors.applications_for(user).values_list("pk", flat=True))
        for key, user in vars(personas).items()
    }
    assert (
        visible["rt_chair"]
        == visible["rw_chair"]
        == visible["kelurahan_officer"]
        == {application.pk}
    )
    assert visible["other_rt_chair"] == visible["far_rt_chair"] == set()
    assert visible["bank_officer"] == {application.pk}
    assert visible["baznas_officer"] == set()
    assert visible["staff"] == visible["head"] == {draft.pk, application.pk}
    assert visible["outsider"] == set()
    assert set(selectors.applications_for(members[1].user).values_list("pk", flat=True)) == {
        application.pk
    }
    with pytest.raises(Http404):  # out of reach answers as absent
        selectors.application_get(personas.far_rt_chair, application.pk)
