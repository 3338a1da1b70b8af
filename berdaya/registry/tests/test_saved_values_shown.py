"""What a partner sees after fixing a registration: saved amounts as they typed them, and only the
note of the decision now in force (issue 14)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from berdaya.registry.services import registration_review
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db
BUSINESS = {
    "name": "Kue Basah Bu Siti", "legal_form": "perorangan", "started_on": "2026-01-10",
    "kbli_code": "10792", "capital_rupiah": "5.000.000", "annual_sales_rupiah": "60.000.000",
    "workers_women": "2", "workers_men": "0", "marketing_channels": ["media_sosial"],
}  # fmt: skip


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _summary(html: str) -> str:
    match = re.search(r'<dl class="summary">(.*?)</dl>', html, re.S)
    assert match, "the status page has its summary"
    return match.group(1)


def test_the_fix_form_shows_saved_amounts_with_separators_and_sends_them_back(personas):
    reg = f.submit()
    registration_review(registration=reg, reviewer=personas.staff, decision="revise", reason="NIB")
    client = _client(reg.person.user)
    url = reverse("registry:resubmit", args=[reg.pk])
    html = client.get(url).content.decode()
    capital = reg.business.capital_rupiah
    shown = f"{capital:,}".replace(",", ".")
    assert capital >= 1000 and f'value="{shown}"' in html
    assert 'inputmode="numeric"' in html


def test_a_resent_registration_no_longer_shows_the_note_asking_for_changes(personas):
    reg = f.submit()
    registration_review(
        registration=reg, reviewer=personas.staff, decision="revise", reason="Lengkapi NIB"
    )
    client = _client(reg.person.user)
    status_url = reverse("registry:status", args=[reg.pk])
    summary = _summary(client.get(status_url).content.decode())
    assert "Lengkapi NIB" in summary and "Yang perlu diperbaiki" in summary

    # the partner fixes it and sends it again (the service keeps the old note on the record)
    fixed = {**BUSINESS, "nib": "1234567890123"}
    assert client.post(reverse("registry:resubmit", args=[reg.pk]), fixed).status_code == 302
    reg.refresh_from_db()
    assert reg.status == "submitted"
    summary = _summary(client.get(status_url).content.decode())
    assert "Lengkapi NIB" not in summary
    assert "Catatan staf" not in summary and "Yang perlu diperbaiki" not in summary


def test_a_rejection_still_shows_its_reason(personas):
    reg = f.submit()
    registration_review(
        registration=reg, reviewer=personas.staff, decision="reject", reason="Bukan usaha mikro"
    )
    summary = _summary(
        _client(reg.person.user).get(reverse("registry:status", args=[reg.pk])).content.decode()
    )
    assert "Alasan penolakan" in summary and "Bukan usaha mikro" in summary
