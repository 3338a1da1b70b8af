"""Issue 8, classes 9 and 11 on the opportunity pages: applying, withdrawing, publishing,
closing, cancelling and selecting carry a one-time token (a repeat takes effect once and is
answered as the first); an opportunity that can no longer be changed shows why instead of the
form; the applicant list has no selection form while selection is not possible."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from berdaya.opportunities import services
from berdaya.opportunities.models import OpportunityApplication
from berdaya.opportunities.tests.factories import make_opportunity, make_partner

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="once_token" value="([^"]+)"')


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _tokens(response) -> list[str]:
    assert response.status_code == 200
    return TOKEN.findall(response.content.decode())


def test_a_repeated_application_is_recorded_once_and_answered_as_the_first(personas):
    # Given a fitting partner on an open opportunity's page
    business = make_partner()
    o = make_opportunity(personas.staff)
    client = _client(business.owner.user)
    (token,) = _tokens(client.get(f"/peluang/{o.pk}/"))
    data = {"business": business.pk, "note": "", "once_token": token}
    # When the application is sent twice
    first = client.post(f"/peluang/{o.pk}/daftar/", data, follow=True)
    second = client.post(f"/peluang/{o.pk}/daftar/", data, follow=True)
    # Then one application, and the repeat is not refused as "already applied"
    assert OpportunityApplication.objects.filter(opportunity=o).count() == 1
    assert "terkirim" in first.content.decode()
    text = second.content.decode()
    assert "sudah dikirim" in text and "sudah mendaftar" not in text


def test_a_repeated_publish_is_answered_as_the_first(personas):
    o = make_opportunity(personas.staff, publish=False)
    client = _client(personas.staff)
    tokens = _tokens(client.get(f"/peluang/{o.pk}/"))
    assert tokens  # publish, document, cancel
    data = {"once_token": tokens[0]}
    client.post(f"/peluang/{o.pk}/terbitkan/", data, follow=True)
    second = client.post(f"/peluang/{o.pk}/terbitkan/", data, follow=True)
    text = second.content.decode()
    assert "sudah dikirim" in text and "tidak dapat dilakukan" not in text


def test_a_cancelled_opportunity_shows_why_instead_of_the_edit_form(personas):
    # Given a cancelled opportunity: the service refuses every change
    o = make_opportunity(personas.staff)
    services.opportunity_cancel(actor=personas.staff, opportunity=o)
    # When staff open its edit page
    response = _client(personas.staff).get(f"/peluang/{o.pk}/ubah/", follow=True)
    # Then they are told why, on the opportunity's page, with no edit form
    text = response.content.decode()
    assert "tidak dapat diubah lagi" in text
    assert 'name="title"' not in text


def test_the_applicant_list_has_no_selection_form_while_registration_is_open(personas):
    o = make_opportunity(personas.staff)
    business = make_partner()
    services.application_apply(user=business.owner.user, opportunity=o, business=business)
    text = _client(personas.staff).get(f"/peluang/{o.pk}/pendaftar/").content.decode()
    assert business.name in text
    assert f'action="/peluang/{o.pk}/pilih/"' not in text
    assert 'name="selected"' not in text
