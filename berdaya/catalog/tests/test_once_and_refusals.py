"""Issue 8, classes 9 and 11 on the catalog pages: the forms that create a product, add a photo,
or change a product's status carry a one-time token (a repeat takes effect once); the curation
page offers only the decisions the service accepts, and none (with the reason) when there is
nothing to curate."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from berdaya.catalog import services
from berdaya.catalog.models import Product
from berdaya.catalog.tests import helpers

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="once_token" value="([^"]+)"')


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _token(response) -> str:
    assert response.status_code == 200
    found = TOKEN.findall(response.content.decode())
    assert found, "the form carries no one-time token"
    return found[-1]


def test_a_repeated_new_product_form_creates_one_product(people):
    # Given the add-product form with its token
    client = _client(people.partner)
    token = _token(client.get("/katalog/saya/baru/"))
    data = {**helpers.product_data(), "business": people.partner_reg.business.pk,
            "marketplace_links": "", "once_token": token}  # fmt: skip
    data.pop("price_max_rupiah")
    # When it is sent twice
    first = client.post("/katalog/saya/baru/", data)
    second = client.post("/katalog/saya/baru/", data)
    # Then there is one product and both answers lead to it
    assert Product.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]


def test_a_repeated_photo_upload_adds_one_photo(people, draft):
    client = _client(people.partner)
    page = client.get(f"/katalog/saya/{draft.pk}/")
    tokens = TOKEN.findall(page.content.decode())
    assert len(tokens) >= 3  # submit, photo and product forms
    token = tokens[-2]  # the photo form's (each form has its own)
    client.post(f"/katalog/saya/{draft.pk}/foto/", {"photo": helpers.upload(), "once_token": token})
    client.post(f"/katalog/saya/{draft.pk}/foto/", {"photo": helpers.upload(), "once_token": token})
    assert draft.photos.count() == 1


def test_a_repeated_curation_is_answered_as_the_first(people, draft):
    services.product_submit(actor=people.partner, product=draft)
    client = _client(people.staff)
    token = _token(client.get(f"/katalog/kurasi/{draft.pk}/"))
    data = {"decision": "publish", "note": "", "once_token": token}
    first = client.post(f"/katalog/kurasi/{draft.pk}/", data, follow=True)
    second = client.post(f"/katalog/kurasi/{draft.pk}/", data, follow=True)
    assert "Keputusan kurasi disimpan" in first.content.decode()
    text = second.content.decode()
    assert "sudah dikirim" in text and "tidak berlaku" not in text


def test_the_curation_page_of_a_draft_shows_why_and_no_form(people, draft):
    # Given a draft its owner has not submitted: every decision would be refused
    response = _client(people.staff).get(f"/katalog/kurasi/{draft.pk}/")
    text = response.content.decode()
    # Then the page says so and offers no decision
    assert response.status_code == 200
    assert "Tidak ada yang perlu dikurasi" in text
    assert 'name="decision"' not in text


def test_a_published_product_without_an_edit_can_only_be_hidden(people, published):
    text = _client(people.staff).get(f"/katalog/kurasi/{published.pk}/").content.decode()
    assert 'value="hide"' in text
    assert 'value="publish"' not in text and 'value="needs_changes"' not in text
