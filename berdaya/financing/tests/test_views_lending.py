"""Lending pages: DKUM review, the lender's decision and disbursement, for each role and an
outsider of the same role (staff of another kecamatan, the other lender's officer)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from berdaya.financing.models import Status

pytestmark = pytest.mark.django_db


def test_it_lets_only_staff_of_the_kecamatan_review(flow, page, personas, beji_staff, other_staff):
    application = flow.awaiting_verification()
    url = reverse("financing:review", args=[application.pk])
    detail = reverse("financing:application", args=[application.pk])
    assert "Simpan verifikasi" in page(beji_staff).get(detail).content.decode()
    assert "Simpan verifikasi" not in page(flow.leader).get(detail).content.decode()
    assert page(other_staff).post(url, {"decision": "forward"}).status_code == 404
    assert page(flow.leader).post(url, {"decision": "forward"}).status_code == 403
    assert flow.refresh().status == Status.AWAITING_VERIFICATION
    assert page(beji_staff).post(url, {"decision": "forward"}).status_code == 302
    assert flow.refresh().status == Status.FORWARDED


def test_it_renders_the_decision_form_to_the_lender_while_forwarded_only(flow, page, personas):
    application = flow.forwarded()
    url = reverse("financing:decide", args=[application.pk])
    assert page(personas.bank_officer).get(url).status_code == 200
    assert page(personas.baznas_officer).get(url).status_code == 404
    assert page(personas.staff).get(url).status_code == 403
    assert page(flow.leader).get(url).status_code == 403
    data = {}
    for m in application.members.all():
        data[f"approve_{m.pk}"] = "1"
        data[f"amount_{m.pk}"] = m.amount_rupiah
    response = page(personas.bank_officer).post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert flow.refresh().status == Status.APPROVED
    assert page(personas.bank_officer).get(url).status_code == 403  # decided: nothing to send


def test_it_lets_only_the_lender_disburse(flow, page, personas):
    application = flow.approved()
    url = reverse("financing:disburse", args=[application.pk])
    today = timezone.localdate().isoformat()
    detail = reverse("financing:application", args=[application.pk])
    assert "Catat pencairan" in page(personas.bank_officer).get(detail).content.decode()
    assert "Catat pencairan" not in page(personas.staff).get(detail).content.decode()
    assert page(personas.baznas_officer).post(url, {"disbursed_on": today}).status_code == 404
    assert page(personas.staff).post(url, {"disbursed_on": today}).status_code == 403
    # the first step shows the members and the total to confirm, and records nothing
    confirm = page(personas.bank_officer).post(url, {"disbursed_on": today})
    assert confirm.status_code == 200 and "Total dicairkan" in confirm.content.decode()
    assert application.loans.count() == 0
    done = page(personas.bank_officer).post(url, {"disbursed_on": today, "confirm": "1"})
    assert done.status_code == 302
    assert flow.refresh().status == Status.DISBURSED
    # a second disbursement is refused with a message, not recorded twice
    page(personas.bank_officer).post(url, {"disbursed_on": today, "confirm": "1"})
    assert application.loans.count() == 3
