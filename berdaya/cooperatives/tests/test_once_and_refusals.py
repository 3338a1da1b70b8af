"""Issue 8, classes 9 and 11 on the cooperative pages: every form that moves money (savings, the
RAT report's figures) or a status carries a one-time token, so a repeated POST takes effect
once; a page whose POST the services would refuse shows why instead of the form."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from berdaya.cooperatives import services
from berdaya.cooperatives.models import AnnualReport, Cooperative, CooperativeStatus
from berdaya.cooperatives.tests.helpers import member_data, report_data

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="once_token" value="([^"]+)"')


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _tokens(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return TOKEN.findall(response.content.decode())


def test_a_repeated_member_form_adds_the_member_once(coop, board_user):
    # Given the board's add-member form, with its one-time token
    client = client_for(board_user)
    url = reverse("cooperatives:member_add", args=[coop.pk])
    (token,) = _tokens(client.get(url))
    data = {**member_data(), "once_token": token}
    # When the form is sent twice (a double tap)
    first = client.post(url, data)
    second = client.post(url, data)
    # Then one member (and their savings) is recorded, and both answers lead to the same page
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert coop.members.count() == 1


def test_a_repeated_rat_report_is_filed_once(coop, board_user):
    client = client_for(board_user)
    url = reverse("cooperatives:report_add", args=[coop.pk])
    (token,) = _tokens(client.get(url))
    data = {**report_data(), "once_token": token}
    client.post(url, data)
    client.post(url, data)
    # one report, not a "correction" version 2 of the same figures
    versions = AnnualReport.objects.filter(cooperative=coop).values_list("version", flat=True)
    assert list(versions) == [1]


def test_the_review_and_status_forms_carry_a_token_and_a_repeat_decides_once(personas, board_user):
    from berdaya.cooperatives.tests.helpers import a_cooperative

    submitted = a_cooperative(
        board_user=board_user, staff=personas.staff, status=CooperativeStatus.SUBMITTED
    )
    client = client_for(personas.staff)
    page = client.get(reverse("cooperatives:detail", args=[submitted.pk]))
    tokens = _tokens(page)
    assert tokens
    url = reverse("cooperatives:review", args=[submitted.pk])
    data = {"decision": "verify", "reason": "", "once_token": tokens[0]}
    first = client.post(url, data, follow=True)
    second = client.post(url, data, follow=True)
    assert "Keputusan tersimpan" in first.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == CooperativeStatus.VERIFIED
    # the repeat is answered as the first, not refused as a second decision
    text = second.content.decode()
    assert "sudah dikirim" in text and "Keputusan tersimpan" not in text


@pytest.mark.parametrize("status", [CooperativeStatus.DISSOLVED, CooperativeStatus.REJECTED])
@pytest.mark.parametrize("name", ["member_add", "report_add"])
def test_a_closed_cooperative_shows_why_instead_of_the_form(coop, board_user, status, name):
    # Given a cooperative that is dissolved (or was rejected): the services refuse new data
    Cooperative.objects.filter(pk=coop.pk).update(status=status)
    # When its board opens the add-member or RAT report page
    response = client_for(board_user).get(reverse(f"cooperatives:{name}", args=[coop.pk]))
    # Then the page says why and has no form to send
    text = response.content.decode()
    assert response.status_code == 200
    assert "tidak dapat dilakukan: koperasi" in text
    assert "once_token" not in text  # no form of the page (the menu's logout has none)


def test_a_deceased_members_page_offers_no_status_change(coop, board_user):
    member = services.member_add(cooperative=coop, actor=board_user, data=member_data())
    services.member_status_set(member=member, actor=board_user, status="deceased", on="2024-02-02")
    url = reverse("cooperatives:member_edit", args=[coop.pk, member.pk])
    text = client_for(board_user).get(url).content.decode()
    assert "tidak dapat diubah lagi" in text
    assert 'name="status"' not in text


def test_an_active_members_status_form_offers_only_the_possible_moves(coop, board_user):
    member = services.member_add(cooperative=coop, actor=board_user, data=member_data())
    url = reverse("cooperatives:member_edit", args=[coop.pk, member.pk])
    text = client_for(board_user).get(url).content.decode()
    assert 'value="resigned"' in text and 'value="active"' not in text
