"""Repayment pages: the loan and its repayment form, the group's collection sheet; a double
click on the repayment form records one repayment."""

import pytest
from django.urls import reverse
from django.utils import timezone

from berdaya.core.once import FIELD_NAME
from berdaya.financing import services
from berdaya.financing.models import Repayment

pytestmark = pytest.mark.django_db


def test_it_records_one_repayment_on_a_double_click(flow, page, personas):
    # given a disbursed loan and its page with a one-time token
    application = flow.disbursed()
    loan = application.loans.order_by("pk").first()
    client = page(personas.bank_officer)
    url = reverse("financing:loan", args=[loan.pk])
    html = client.get(url).content.decode()
    assert f'name="{FIELD_NAME}"' in html
    data = {
        "paid_on": timezone.localdate().isoformat(),
        "amount_rupiah": 100_000,
        FIELD_NAME: "repayment-double-click",
    }
    # when the officer presses "record" twice
    first, second = client.post(url, data), client.post(url, data)
    # then one repayment is recorded; both answers lead to the loan page
    assert first.status_code == second.status_code == 302
    assert Repayment.objects.filter(loan=loan).count() == 1
    loan.refresh_from_db()
    assert loan.paid_rupiah == 100_000


def test_it_shows_the_repayment_form_to_the_lender_only(flow, page, personas, other_staff):
    application = flow.disbursed()
    loan = application.loans.order_by("pk").first()
    url = reverse("financing:loan", args=[loan.pk])
    assert "Catat pembayaran" in page(personas.bank_officer).get(url).content.decode()
    borrower = loan.person.user
    html = page(borrower).get(url).content.decode()
    assert "Catat pembayaran" not in html
    data = {"paid_on": timezone.localdate().isoformat(), "amount_rupiah": 1_000}
    assert page(borrower).post(url, data).status_code == 403
    assert page(personas.staff).get(url).status_code == 200
    for outsider in (personas.baznas_officer, other_staff, personas.outsider, flow.members[1].user):
        if outsider == borrower:
            continue
        assert page(outsider).get(url).status_code == 404
    assert not Repayment.objects.exists()


def test_it_renders_the_collection_sheet_to_the_lender_after_disbursement_only(
    flow, page, personas
):
    application = flow.approved()
    url = reverse("financing:collection", args=[application.pk])
    assert page(personas.bank_officer).get(url).status_code == 403  # nothing disbursed yet
    services.application_disburse(
        application=application, officer=personas.bank_officer, disbursed_on=timezone.localdate()
    )
    assert page(personas.bank_officer).get(url).status_code == 200
    assert page(flow.leader).get(url).status_code == 403
    assert page(personas.baznas_officer).get(url).status_code == 404
    data: dict[str, object] = {"paid_on": timezone.localdate().isoformat()}
    for loan in application.loans.all():
        data[f"loan_{loan.pk}"] = 10_000
    assert page(personas.bank_officer).post(url, data).status_code == 302
    assert Repayment.objects.filter(loan__application=application).count() == 3
