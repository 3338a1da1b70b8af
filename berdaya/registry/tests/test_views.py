"""The pages: registration steps, the entrepreneur's pages, the staff queue, and who reaches
which page."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image

from berdaya.core.personas import BEJI, BEJI_KECAMATAN, DEMO_PASSWORD
from berdaya.core.tests.responses import redirect_url
from berdaya.registry.models import BusinessPhoto, DevelopmentReport, Registration
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def step(n):
    return reverse("registry:register_step", args=[n])


IDENTITY = {
    "nik": "3276065705900001", "full_name": "Siti Aminah", "gender": "P",
    "birth_date": "1990-05-17", "phone": "0857 1111 2222", "email": "",
}  # fmt: skip
ADDRESS = {"kecamatan_code": BEJI_KECAMATAN, "kelurahan_code": BEJI, "rw": "7", "rt": "3"}
BUSINESS = {
    "name": "Kue Basah Bu Siti", "legal_form": "perorangan", "started_on": "2026-01-10",
    "kbli_code": "10792", "capital_rupiah": "5.000.000", "annual_sales_rupiah": "60.000.000",
    "workers_women": "2", "workers_men": "0", "marketing_channels": ["media_sosial"],
}  # fmt: skip


# --- public registration --------------------------------------------------------------------
def test_it_registers_in_four_steps_and_shows_the_status():
    client = Client()
    assert client.get(reverse("registry:register")).status_code == 200
    assert redirect_url(client.post(step(1), IDENTITY)) == step(2)
    assert redirect_url(client.post(step(2), ADDRESS)) == step(3)
    assert redirect_url(client.post(step(3), BUSINESS)) == step(4)
    response = client.post(step(4), {"password": DEMO_PASSWORD, "consent": "on"})
    reg = Registration.objects.get()
    assert redirect_url(response) == reverse("registry:status", args=[reg.pk])
    assert reg.business.capital_rupiah == 5_000_000
    page = client.get(redirect_url(response))  # logged in as the new account
    assert page.status_code == 200 and "Diajukan" in page.content.decode()


def test_it_keeps_the_input_and_says_what_is_wrong_on_a_step():
    client = Client()
    response = client.post(step(1), {**IDENTITY, "gender": "L"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "tidak cocok dengan jenis kelamin" in html
    assert 'value="Siti Aminah"' in html and 'value="3276065705900001"' in html
    assert redirect_url(client.get(step(3))) == step(1)  # no skipping ahead


def test_it_refuses_a_kelurahan_outside_the_chosen_kecamatan():
    client = Client()
    client.post(step(1), IDENTITY)
    response = client.post(step(2), {**ADDRESS, "kecamatan_code": "32.76.01"})
    assert response.status_code == 200
    assert "tidak berada di kecamatan" in response.content.decode()


def test_it_resumes_a_draft_from_its_link_on_another_device():
    first = Client()
    first.post(step(1), IDENTITY)
    first.post(step(2), ADDRESS)
    link = first.get(step(3)).context["resume_url"]
    other = Client()
    response = other.get(link)
    assert redirect_url(response) == step(3)
    page = other.get(step(1))
    assert 'value="Siti Aminah"' in page.content.decode()


def test_it_says_a_registered_nik_at_the_nik_step_and_again_if_taken_before_sending():
    # Given a NIK already registered by someone else
    existing = f.submit(
        person={"nik": IDENTITY["nik"], "phone": "085700001111", "full_name": "Rahasia Lain"}
    )
    client = Client()
    # When a visitor types it at step 1 (issue 14: told where it is typed, not at the end)
    response = client.post(step(1), IDENTITY)
    html = response.content.decode()
    # Then step 1 says so, never whose it is, and the draft does not move on
    assert response.status_code == 200 and "sudah terdaftar" in html
    assert existing.person.full_name not in html
    assert redirect_url(client.get(step(2))) == step(1)


def test_it_still_refuses_a_nik_registered_while_the_visitor_filled_the_steps():
    # Given a visitor at the last step, and the same NIK registered meanwhile
    client = Client()
    client.post(step(1), IDENTITY)
    client.post(step(2), ADDRESS)
    client.post(step(3), BUSINESS)
    f.submit(person={"nik": IDENTITY["nik"], "phone": "085700001111"})
    # When they send
    response = client.post(step(4), {"password": DEMO_PASSWORD, "consent": "on"})
    # Then nothing is saved and the page says why
    assert response.status_code == 409
    assert "sudah terdaftar" in response.content.decode()
    assert Registration.objects.count() == 1


def test_it_asks_for_consent_and_a_password_on_the_last_step():
    client = Client()
    client.post(step(1), IDENTITY)
    client.post(step(2), ADDRESS)
    client.post(step(3), BUSINESS)
    response = client.post(step(4), {"password": ""})
    html = response.content.decode()
    assert response.status_code == 422
    assert "menyetujui" in html and "kata sandi" in html.lower()
    assert Registration.objects.count() == 0


@override_settings(BERDAYA_REGISTRATION_ADDRESS_PER_MINUTE=1)
def test_it_throttles_the_page_too():
    f.submit(client_address="127.0.0.1")
    client = Client()
    client.post(step(1), IDENTITY)
    client.post(step(2), ADDRESS)
    client.post(step(3), BUSINESS)
    response = client.post(step(4), {"password": DEMO_PASSWORD, "consent": "on"})
    assert response.status_code == 429
    assert "Terlalu banyak pendaftaran" in response.content.decode()


def test_it_checks_the_nik_as_it_is_typed():
    url = reverse("registry:nik_check")
    assert "12 dari 16" in Client().get(url, {"nik": "327606570590"}).content.decode()
    ok = Client().get(url, {"nik": "3276065705900001", "gender": "P"}).content.decode()
    assert "perempuan" in ok and "17 Mei 1990" in ok
    bad = Client().get(url, {"nik": "3276065705900001", "gender": "L"}).content.decode()
    assert "tidak cocok" in bad


def test_it_finds_kbli_codes_from_words():
    url = reverse("registry:kbli_lookup")
    assert "10792" in Client().get(url, {"kbli_q": "kue basah"}).content.decode()
    assert "47" in Client().get(url, {"kbli_q": "warung"}).content.decode()


# --- the entrepreneur's pages ---------------------------------------------------------------
def test_it_shows_the_dashboard_with_a_chart_of_reports(personas):
    reg = f.verified(personas.staff)
    for month, sales in ((1, 3_000_000), (2, 4_500_000)):
        DevelopmentReport.objects.create(
            business=reg.business, period=datetime.date(2026, month, 1), sales_rupiah=sales,
            assets_rupiah=1, workers_women=1, workers_men=1,
        )  # fmt: skip
    html = client_for(reg.person.user).get(reverse("registry:dashboard")).content.decode()
    assert reg.partner_number in html
    assert "<svg" in html and "polyline" in html
    assert "Perempuan pengusaha" in html
    empty = client_for(personas.outsider).get(reverse("registry:dashboard"))
    assert "belum terdaftar" in empty.content.decode()


def test_it_files_a_report_from_the_page_and_updates_the_same_month(personas):
    reg = f.verified(personas.staff)
    client = client_for(reg.person.user)
    url = reverse("registry:report", args=[reg.business_id])
    data = {"period": "2026-10", "sales_rupiah": "4.000.000", "assets_rupiah": "9.000.000",
            "workers_women": "2", "workers_men": "1", "needs": ["modal"]}  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "sales_rupiah": "5.000.000"}).status_code == 302
    assert DevelopmentReport.objects.get().sales_rupiah == 5_000_000
    bad = client.post(url, {**data, "sales_rupiah": "-1"})
    assert bad.status_code == 200 and "tidak boleh negatif" in bad.content.decode()


def _image(fmt="PNG", size=(2400, 1800)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, fmt)
    return out.getvalue()


def test_it_reencodes_and_resizes_photos_and_refuses_other_files(personas):
    reg = f.verified(personas.staff)
    client = client_for(reg.person.user)
    url = reverse("registry:photo", args=[reg.business_id])
    ok = client.post(url, {"photo": SimpleUploadedFile("a.png", _image(), "image/png")})
    assert ok.status_code == 302
    photo = BusinessPhoto.objects.get()
    assert max(photo.width, photo.height) == 1600
    with photo.image.open("rb") as fh:
        assert Image.open(fh).format == "JPEG"
    fake = client.post(
        url, {"photo": SimpleUploadedFile("x.jpg", b"<?php echo 1; ?>", "image/jpeg")}
    )
    assert "bukan gambar" in fake.content.decode()
    big = SimpleUploadedFile("big.jpg", b"\xff" * (5 * 1024 * 1024 + 1), "image/jpeg")
    assert "5 MB" in client.post(url, {"photo": big}).content.decode()
    assert BusinessPhoto.objects.count() == 1
    assert (
        client_for(personas.outsider)
        .get(reverse("registry:photo_file", args=[photo.pk]))
        .status_code
        == 404
    )
    assert client.get(reverse("registry:photo_file", args=[photo.pk])).status_code == 200


def test_it_sends_identity_changes_for_review_from_the_page(personas):
    reg = f.submit()
    client = client_for(reg.person.user)
    data = {"nik": reg.person.nik, "full_name": "Siti Aminah Rahayu", "gender": "P",
            "birth_date": reg.person.birth_date.isoformat(), "reason": "Salah ketik"}  # fmt: skip
    assert client.post(reverse("registry:identity_change"), data).status_code == 302
    staff = client_for(personas.staff)
    html = staff.get(reverse("registry:changes")).content.decode()
    assert "Siti Aminah Rahayu" in html and "Siti Aminah" in html
    change = reg.person.identity_changes.get()
    staff.post(reverse("registry:change_decide", args=[change.pk]), {"approve": "1"})
    reg.person.refresh_from_db()
    assert reg.person.full_name == "Siti Aminah Rahayu"
    assert client_for(personas.rt_chair).get(reverse("registry:changes")).status_code == 403


def test_it_lets_the_applicant_fix_and_resubmit(personas):
    from berdaya.registry.services import registration_review

    reg = f.submit()
    registration_review(registration=reg, reviewer=personas.staff, decision="revise", reason="NIB?")
    client = client_for(reg.person.user)
    url = reverse("registry:resubmit", args=[reg.pk])
    assert "NIB?" in client.get(url).content.decode()
    data = {**BUSINESS, "nib": "1234567890123"}
    assert client.post(url, data).status_code == 302
    reg.refresh_from_db()
    assert reg.status == "submitted" and reg.business.nib == "1234567890123"
    assert client_for(personas.outsider).get(url).status_code == 404
