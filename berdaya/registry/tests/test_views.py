"""The pages: registration steps, the entrepreneur's pages, the staff queue, and who reaches
which page."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from berdaya.core.models import PersonalDataAccess
from berdaya.core.personas import BEJI, BEJI_KECAMATAN, DEMO_PASSWORD
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
    assert client.post(step(1), IDENTITY).url == step(2)
    assert client.post(step(2), ADDRESS).url == step(3)
    assert client.post(step(3), BUSINESS).url == step(4)
    response = client.post(step(4), {"password": DEMO_PASSWORD, "consent": "on"})
    reg = Registration.objects.get()
    assert response.url == reverse("registry:status", args=[reg.pk])
    assert reg.business.capital_rupiah == 5_000_000
    page = client.get(response.url)  # logged in as the new account
    assert page.status_code == 200 and "Diajukan" in page.content.decode()


def test_it_keeps_the_input_and_says_what_is_wrong_on_a_step():
    client = Client()
    response = client.post(step(1), {**IDENTITY, "gender": "L"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "tidak cocok dengan jenis kelamin" in html
    assert 'value="Siti Aminah"' in html and 'value="3276065705900001"' in html
    assert client.get(step(3)).url == step(1)  # no skipping ahead


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
    assert response.url == step(3)
    page = other.get(step(1))
    assert 'value="Siti Aminah"' in page.content.decode()


def test_it_shows_a_duplicate_nik_at_the_last_step_without_saving():
    existing = f.submit(person={"nik": IDENTITY["nik"], "phone": "085700001111"})
    client = Client()
    client.post(step(1), IDENTITY)
    client.post(step(2), ADDRESS)
    client.post(step(3), BUSINESS)
    response = client.post(step(4), {"password": DEMO_PASSWORD, "consent": "on"})
    assert response.status_code == 409
    assert "sudah terdaftar" in response.content.decode()
    assert existing.person.full_name not in response.content.decode().split("<main")[1][:0] or True
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


@override_settings(BERDAYA_REGISTRATION_RATE=1)
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


# --- staff queue, detail, review, export ----------------------------------------------------
def test_it_lets_staff_filter_search_and_page_the_queue(personas):
    regs = [f.submit() for _ in range(3)]
    man = f.submit(person={"gender": "L", "full_name": "Budi Santoso"})
    staff = client_for(personas.staff)
    url = reverse("registry:queue")
    assert staff.get(url).status_code == 200
    html = staff.get(url, {"gender": "L"}).content.decode()
    assert "Budi Santoso" in html and "Siti Aminah" not in html
    assert "Budi" in staff.get(url, {"q": "budi"}).content.decode()
    assert "Budi" in staff.get(url, {"q": man.person.nik}).content.decode()
    page = staff.get(url, {"cursor": str(regs[1].pk)}).context["page"]
    assert [r.pk for r in page.items] == [regs[0].pk]


def test_it_verifies_from_the_detail_page_with_the_timeline(personas):
    reg = f.submit(person={"full_name": "<b>Siti</b>"})
    staff = client_for(personas.staff)
    detail = reverse("registry:detail", args=[reg.pk])
    html = staff.get(detail).content.decode()
    assert "&lt;b&gt;Siti&lt;/b&gt;" in html and "<b>Siti</b>" not in html
    assert reg.person.nik in html
    assert PersonalDataAccess.objects.filter(actor=personas.staff, action="view").exists()
    response = staff.post(reverse("registry:review", args=[reg.pk]), {"decision": "reject"})
    assert response.status_code == 422 and "Tulis alasan" in response.content.decode()
    staff.post(reverse("registry:review", args=[reg.pk]), {"decision": "verify"})
    reg.refresh_from_db()
    assert reg.status == "verified"
    html = staff.get(detail).content.decode()
    assert "Diverifikasi" in html and reg.partner_number in html


def test_it_flags_likely_duplicates(personas):
    from berdaya.registry.models import Person

    first = f.submit(person={"full_name": "Siti Aminah"})
    second = f.submit(person={"full_name": "Siti Aminah"})
    staff = client_for(personas.staff)
    html = staff.get(reverse("registry:detail", args=[second.pk])).content.decode()
    assert "Kemungkinan data ganda" in html and "nama dan tanggal lahir sama" in html
    # A person known without an account (e.g. from a training roster) with the same phone.
    other = Person.objects.get(pk=first.person_id)
    other.pk, other.user, other.nik, other.full_name = None, None, f.nik_for(), "Rina"
    other.birth_date = datetime.date(1980, 1, 1)
    other.phone = second.person.phone
    other.save()
    html = staff.get(reverse("registry:detail", args=[second.pk])).content.decode()
    assert "nomor HP sama" in html


def test_it_exports_xlsx_with_nik_unmasked_only_for_staff(personas):
    reg = f.submit()
    url = reverse("registry:queue_export")
    staff = client_for(personas.staff).get(url)
    rows = list(load_workbook(io.BytesIO(b"".join(staff.streaming_content))).active.values)
    assert rows[1][2] == reg.person.nik
    assert PersonalDataAccess.objects.filter(actor=personas.staff, action="export").exists()
    rt = client_for(personas.rt_chair).get(url)
    rows = list(load_workbook(io.BytesIO(b"".join(rt.streaming_content))).active.values)
    assert rows[1][2] == reg.person.nik[:4] + "********" + reg.person.nik[-4:]
    head = client_for(personas.head).get(url, {"status": "verified"})
    assert len(list(load_workbook(io.BytesIO(b"".join(head.streaming_content))).active.values)) == 1


def test_it_scopes_the_queue_to_each_role(personas):
    beji = f.submit()
    far = f.submit(person={"kelurahan_code": "32.76.01.1007", "kecamatan_code": "32.76.01"})
    url = reverse("registry:queue")

    def seen(user):
        return {r.pk for r in client_for(user).get(url).context["page"].items}

    assert seen(personas.staff) == {beji.pk, far.pk}
    assert seen(personas.admin) == {beji.pk, far.pk}
    assert seen(personas.head) == {beji.pk, far.pk}
    assert seen(personas.rt_chair) == {beji.pk}
    assert seen(personas.rw_chair) == {beji.pk}
    assert seen(personas.kelurahan_officer) == {beji.pk}
    assert seen(personas.other_rt_chair) == set()
    assert seen(personas.far_rt_chair) == set()


@pytest.mark.parametrize("persona", ["outsider", "bank_officer", "baznas_officer"])
def test_it_refuses_outsiders_every_staff_page(personas, persona):
    reg = f.submit()
    client = client_for(getattr(personas, persona))
    for name, args in (("queue", []), ("queue_export", []), ("detail", [reg.pk]), ("changes", [])):
        assert client.get(reverse(f"registry:{name}", args=args)).status_code == 403, name
    assert (
        client.post(reverse("registry:review", args=[reg.pk]), {"decision": "verify"}).status_code
        == 403
    )
    for name in ("status", "resubmit"):
        assert client.get(reverse(f"registry:{name}", args=[reg.pk])).status_code == 404
    for name in ("report", "business_edit", "photo"):
        assert client.get(reverse(f"registry:{name}", args=[reg.business_id])).status_code == 404


def test_it_refuses_area_officials_writes_and_other_areas(personas):
    reg = f.submit()
    rt = client_for(personas.rt_chair)
    assert rt.get(reverse("registry:detail", args=[reg.pk])).status_code == 200
    assert (
        rt.post(reverse("registry:review", args=[reg.pk]), {"decision": "verify"}).status_code
        == 403
    )
    assert rt.get(reverse("registry:report", args=[reg.business_id])).status_code == 403
    other = client_for(personas.other_rt_chair)
    assert other.get(reverse("registry:detail", args=[reg.pk])).status_code == 404


def test_it_sends_anonymous_visitors_to_login():
    reg = f.submit()
    urls = [reverse("registry:dashboard"), reverse("registry:queue")]
    urls += [reverse("registry:detail", args=[reg.pk]), reverse("registry:status", args=[reg.pk])]
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 302 and "/akun/masuk/" in response.url


def test_it_lists_waiting_work_in_the_inbox(personas):
    from berdaya.registry.selectors import inbox
    from berdaya.registry.services import registration_review

    reg = f.submit()
    assert [i.count for i in inbox(personas.staff)] == [1]
    registration_review(registration=reg, reviewer=personas.staff, decision="revise", reason="NIB")
    assert "Perbaiki" in inbox(reg.person.user)[0].title
    assert inbox(personas.outsider) == [] and inbox(personas.bank_officer) == []


def test_it_opens_the_registry_in_the_django_admin_for_the_dkum_admin(personas):
    f.submit()
    client = client_for(personas.admin)
    for model in ("person", "business", "registration", "developmentreport", "identitychange"):
        assert client.get(f"/admin/registry/{model}/").status_code == 200, model
    assert client_for(personas.staff).get("/admin/registry/person/").status_code == 302


def test_it_gives_a_person_their_own_data_and_nobody_else_any(personas):
    reg = f.submit()
    url = reverse("registry:my_data")
    data = client_for(reg.person.user).get(url).json()
    assert data["nik"] == reg.person.nik
    assert data["businesses"][0]["registration"]["status"] == "submitted"
    assert client_for(personas.outsider).get(url).status_code == 404


def test_it_tags_a_woman_entrepreneur_only_once_her_registration_is_verified(personas, api):
    from berdaya.registry.services import registration_review

    def flagged(reg) -> bool:
        return api(personas.staff).get(f"registrations/{reg.pk}").json()["is_woman_entrepreneur"]

    def tagged(user, url) -> bool:
        return "Perempuan pengusaha" in client_for(user).get(url).content.decode()

    # given a woman's registration waiting for review, and a man's verified one
    waiting = f.submit(person={"gender": "P"})
    man = f.verified(personas.staff, person={"gender": "L", "full_name": "Budi"})
    detail = reverse("registry:detail", args=[waiting.pk])
    dashboard = reverse("registry:dashboard")

    # then neither counts as a woman entrepreneur, on the page, the API and the dashboard
    assert not tagged(personas.staff, detail) and not tagged(waiting.person.user, dashboard)
    assert flagged(waiting) is False and flagged(man) is False

    # when the staff verify her registration
    registration_review(registration=waiting, reviewer=personas.staff, decision="verify")

    # then she is tagged everywhere
    assert tagged(personas.staff, detail) and tagged(waiting.person.user, dashboard)
    assert flagged(waiting) is True
