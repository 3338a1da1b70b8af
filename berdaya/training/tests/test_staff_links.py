"""Issue 14 ("Links to pages the user may not open"): a batch's page shows the staff links
(roster, attendance, forms) only to staff whom ``batch_for_staff`` answers
(``selectors.can_work_on_batch``); staff of another kecamatan read the batch without them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from berdaya.accounts.services import role_assign, user_create
from berdaya.core.personas import DEMO_PASSWORD
from berdaya.training.tests.helpers import first_session, make_batch

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_batch_page_shows_staff_links_only_to_staff_who_may_open_them(personas):
    # Given a batch in Beji, staff of Pancoran Mas and city-wide staff
    pancoran_staff = user_create(
        full_name="Staf Pancoran Mas", phone="085799990012", password=DEMO_PASSWORD, validate=False
    )
    role_assign(user=pancoran_staff, role="staf_dkum", kecamatan_code="32.76.01")
    batch = make_batch(kecamatan_code="32.76.06")
    url = reverse("training:batch_detail", args=[batch.pk])
    links = (
        reverse("training:roster", args=[batch.pk]),
        reverse("training:session_attendance", args=[first_session(batch).pk]),
    )
    # When the staff of another kecamatan open the batch, then it opens without the staff links
    # (each answers them 404) and says whose work it is
    client = _client(pancoran_staff)
    html = client.get(url).content.decode()
    for link in links:
        assert f'href="{link}"' not in html and client.get(link).status_code == 404, link
    assert batch.name in html and "di luar wilayah kerja Anda" in html
    assert reverse("training:batch_capacity", args=[batch.pk]) not in html
    # and city-wide staff are shown every link, which opens
    client = _client(personas.staff)
    html = client.get(url).content.decode()
    for link in links:
        assert f'href="{link}"' in html and client.get(link).status_code == 200, link
