"""Issue 14, registration: each thing checked at the step where it is typed, birth date as day,
month and year, a check-your-answers page before sending, "kata sandi" marked required, and
the registration number on the page after sending."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from berdaya.accounts.services import user_create
from berdaya.core.personas import DEMO_PASSWORD
from berdaya.core.tests.responses import redirect_url
from berdaya.registry.models import Registration
from berdaya.registry.tests.test_views import ADDRESS, BUSINESS

pytestmark = pytest.mark.django_db

IDENTITY = {
    "nik": "3276065705900001", "full_name": "Siti Aminah", "gender": "P",
    "birth_date_hari": "17", "birth_date_bulan": "5", "birth_date_tahun": "1990",
    "phone": "0857 1111 2222", "email": "",
}  # fmt: skip


def step(n):
    return reverse("registry:register_step", args=[n])


def messages_of(html: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in re.finditer(r'<p class="error-message" id="id_([^"]+)_error">(.*?)</p>', html, re.S):
        text = re.sub(r"<[^>]+>", "", m.group(2)).replace("Galat:", "").strip()
        out.setdefault(m.group(1), []).append(text)
    return out


def test_the_birth_date_is_typed_as_day_month_and_year_and_kept():
    client = Client()
    # Given step 1, when it is opened
    html = client.get(step(1)).content.decode()
    # Then the birth date has a day, a month list and a year field
    for name in ("birth_date_hari", "birth_date_bulan", "birth_date_tahun"):
        assert f'name="{name}"' in html
    assert 'type="date"' not in html
    # When the three parts are sent and step 1 is opened again
    assert redirect_url(client.post(step(1), IDENTITY)) == step(2)
    html = client.get(step(1)).content.decode()
    # Then they are shown as typed
    assert re.search(r'name="birth_date_hari" value="17"', html)
    assert re.search(r'<option value="5" selected>Mei</option>', html)
    assert re.search(r'name="birth_date_tahun" value="1990"', html)


def test_an_impossible_birth_date_is_told_in_day_month_year_words():
    # Given 31 February, when step 1 is sent
    html = Client().post(step(1), {**IDENTITY, "birth_date_hari": "31", "birth_date_bulan": "2"})
    # Then one message beside the birth date says how to write it
    assert messages_of(html.content.decode())["birth_date"] == [
        "Isi tanggal, bulan, dan tahun lahir, misalnya 17 Mei 1990."
    ]


def test_an_invalid_phone_is_told_at_the_phone_step():
    # Given step 1 with a phone that is not an Indonesian number, when it is sent
    response = Client().post(step(1), {**IDENTITY, "phone": "12345"})
    # Then step 1 says so beside the phone
    assert response.status_code == 200
    assert "Nomor HP tidak valid" in messages_of(response.content.decode())["phone"][0]


def test_a_phone_used_by_another_account_is_told_at_step_1_and_never_drops_a_password():
    # Given a family member's account with the phone
    user_create(full_name="Ibu Siti", phone="+6285711112222", password=DEMO_PASSWORD)
    client = Client()
    # When the visitor types that phone at step 1
    response = client.post(step(1), IDENTITY)
    html = response.content.decode()
    # Then step 1 says so and offers to register without a new account
    assert "sudah dipakai akun lain" in messages_of(html)["phone"][0]
    assert 'name="phone_shared"' in html
    # When they choose that and finish the steps
    assert redirect_url(client.post(step(1), {**IDENTITY, "phone_shared": "on"})) == step(2)
    client.post(step(2), ADDRESS)
    client.post(step(3), BUSINESS)
    last = client.get(step(4)).content.decode()
    # Then the last step asks for no password (none is typed to be dropped) and says why
    assert 'name="password"' not in last and "tidak dibuat akun baru" in last
    sent = client.post(step(4), {"consent": "on"})
    reg = Registration.objects.get()
    assert sent.status_code == 201 and reg.person.user is None
    assert f'Nomor pendaftaran: <strong class="reference">DFT-{reg.pk:06d}</strong>' in (
        sent.content.decode()
    )


def test_the_last_step_shows_the_answers_with_links_to_change_them_and_requires_a_password():
    client = Client()
    client.post(step(1), IDENTITY)
    client.post(step(2), ADDRESS)
    client.post(step(3), BUSINESS)
    # When the last step is opened
    html = client.get(step(4)).content.decode()
    # Then it shows what was typed, in words, with a link to change each step
    assert "Periksa jawaban Anda" in html
    for text in ("Siti Aminah", "17 Mei 1990", "Perempuan", "Beji", "Kue Basah Bu Siti",
                 "10792 Industri Kue Basah", "5.000.000"):  # fmt: skip
        assert text in html, text
    for n in (1, 2, 3):
        assert f'href="{step(n)}"' in html
    # and "kata sandi" is marked as required (not "opsional")
    label = re.search(r'<label for="id_password">(.*?)</label>', html, re.S)
    assert label is not None and "opsional" not in label.group(1)
    assert re.search(r'<input type="password" name="password"[^>]* required', html)


def test_the_page_after_sending_shows_the_registration_number():
    client = Client()
    client.post(step(1), IDENTITY)
    client.post(step(2), ADDRESS)
    client.post(step(3), BUSINESS)
    # When the registration is sent
    response = client.post(step(4), {"password": DEMO_PASSWORD, "consent": "on"}, follow=True)
    reg = Registration.objects.get()
    # Then the status page shows its number in a form quotable by phone, not the bare id
    html = response.content.decode()
    assert "Nomor pendaftaran" in html
    assert f'<strong class="reference">DFT-{reg.pk:06d}</strong>' in html
    assert f"<strong>{reg.pk}</strong>" not in html


def test_a_typed_password_is_never_dropped_silently_when_the_last_step_is_refused():
    client = Client()
    client.post(step(1), IDENTITY)
    client.post(step(2), ADDRESS)
    client.post(step(3), BUSINESS)
    # When the last step is sent with a password but without consent
    response = client.post(step(4), {"password": DEMO_PASSWORD})
    html = response.content.decode()
    # Then the page says why, and that the password must be typed again
    assert response.status_code == 422
    assert "menyetujui" in html and "ketik ulang" in html
    assert DEMO_PASSWORD not in html


def test_the_live_nik_check_reads_the_birth_date_parts():
    url = reverse("registry:nik_check")
    nik = {"nik": IDENTITY["nik"], "gender": "P"}
    # Given the NIK of someone born 17 May 1990, when it is checked with the typed birth date
    same = Client().get(url, {**nik, "birth_date_hari": "17", "birth_date_bulan": "5",
                              "birth_date_tahun": "1990"})  # fmt: skip
    other = Client().get(url, {**nik, "birth_date_hari": "18", "birth_date_bulan": "5",
                               "birth_date_tahun": "1990"})  # fmt: skip
    # Then a matching date reads well and another one is pointed out
    assert "NIK terbaca" in same.content.decode()
    assert "NIK terbaca" not in other.content.decode()
