"""Pages: each one's reach, an outsider of the same role, and the main flows."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from berdaya.core.tests.responses import streamed_bytes
from berdaya.opportunities import services
from berdaya.opportunities.models import OpportunityDocument
from berdaya.opportunities.tests.factories import expire, make_opportunity, make_partner

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + b"0" * 200


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def world(personas):
    staff = personas.staff
    o = make_opportunity(staff, title="Bazar Kuliner")
    b = make_partner()
    a = services.application_apply(
        user=b.owner.user, opportunity=o, business=b,
        attachment=SimpleUploadedFile("a.pdf", PDF, "application/pdf"),
    )  # fmt: skip
    doc = services.document_add(
        actor=staff, opportunity=o, title="Syarat",
        upload=SimpleUploadedFile("s.pdf", PDF, "application/pdf"),
    )  # fmt: skip
    draft = make_opportunity(staff, publish=False, title="Draf rahasia")
    return {"o": o, "b": b, "a": a, "doc": doc, "draft": draft, "personas": personas}


STAFF_PAGES = [
    ("opportunities:create", None),
    ("opportunities:edit", "o"),
    ("opportunities:applicants", "o"),
    ("opportunities:applicants_xlsx", "o"),
]


@pytest.mark.parametrize(("name", "arg"), STAFF_PAGES)
@pytest.mark.parametrize("who", ["rt_chair", "bank_officer", "head", "outsider", "partner"])
def test_staff_pages_are_403_for_others(world, name, arg, who):
    user = world["b"].owner.user if who == "partner" else getattr(world["personas"], who)
    url = reverse(name, args=[world[arg].pk] if arg else [])
    assert client_for(user).get(url).status_code == 403


@pytest.mark.parametrize(("name", "arg"), STAFF_PAGES)
def test_staff_pages_open_for_staff(world, name, arg):
    url = reverse(name, args=[world[arg].pk] if arg else [])
    assert client_for(world["personas"].staff).get(url).status_code == 200


@pytest.mark.parametrize(
    "name", ["opportunities:publish", "opportunities:close", "opportunities:cancel",
             "opportunities:select", "opportunities:document_add"],
)  # fmt: skip
def test_staff_steps_are_403_for_a_partner(world, name):
    r = client_for(world["b"].owner.user).post(reverse(name, args=[world["o"].pk]))
    assert r.status_code == 403


@pytest.mark.parametrize(
    "name", ["opportunities:index", "opportunities:history", "opportunities:alerts"]
)
def test_every_page_needs_a_login(world, name):
    r = Client().get(reverse(name))
    assert r.status_code == 302 and "/akun/masuk/" in r["Location"]


def test_a_partner_does_not_see_drafts(world):
    c = client_for(world["b"].owner.user)
    assert c.get(reverse("opportunities:detail", args=[world["draft"].pk])).status_code == 404
    assert "Draf rahasia" not in c.get(reverse("opportunities:index")).content.decode()


def test_staff_index_lists_everything_with_filters(world):
    c = client_for(world["personas"].staff)
    page = c.get(reverse("opportunities:index")).content.decode()
    assert "Bazar Kuliner" in page and "Draf rahasia" in page
    page = c.get(reverse("opportunities:index") + "?status=draft").content.decode()
    assert "Bazar Kuliner" not in page


def test_partner_index_shows_fit_and_why_not(world):
    make_opportunity(world["personas"].staff, women_only=True, title="Khusus perempuan")
    man = make_partner(gender="L")
    page = client_for(man.owner.user).get(reverse("opportunities:index")).content.decode()
    assert "Khusus perempuan" in page
    assert "khusus untuk perempuan pengusaha" in page


def test_partner_applies_through_the_page_with_a_pdf(world):
    b = make_partner()
    c = client_for(b.owner.user)
    url = reverse("opportunities:apply", args=[world["o"].pk])
    upload = SimpleUploadedFile("p.pdf", PDF, "application/pdf")
    r = c.post(url, {"business": b.pk, "note": "Kue", "attachment": upload})
    assert r.status_code == 302
    page = c.get(reverse("opportunities:detail", args=[world["o"].pk])).content.decode()
    assert "Tarik lamaran" in page
    r = c.post(url, {"business": b.pk, "note": "lagi"}, follow=True)
    assert "sudah mendaftar" in r.content.decode()


def test_a_page_refusal_is_shown_not_a_500(world):
    b = make_partner()
    c = client_for(b.owner.user)
    r = c.post(
        reverse("opportunities:apply", args=[world["o"].pk]),
        {"business": b.pk, "attachment": SimpleUploadedFile("x.pdf", b"GIF89a", "image/gif")},
        follow=True,
    )
    assert "berformat PDF" in r.content.decode()
    other = make_partner()
    r = c.post(reverse("opportunities:apply", args=[world["o"].pk]), {"business": other.pk})
    assert r.status_code == 302  # not one of theirs: the form refuses the choice
    assert not world["o"].applications.filter(business=other).exists()


def test_capital_page_leads_into_the_group_form(world):
    o = make_opportunity(world["personas"].staff, kind="capital", financing_product="kredit-mesra")
    b = make_partner()
    r = client_for(b.owner.user).post(
        reverse("opportunities:apply", args=[o.pk]), {"business": b.pk}
    )
    assert r["Location"] == "/pembiayaan/kelompok/baru/?produk=kredit-mesra"


def test_withdraw_page_is_only_for_the_applicant(world):
    url = reverse("opportunities:withdraw", args=[world["a"].pk])
    assert client_for(make_partner().owner.user).post(url).status_code == 404
    assert client_for(world["personas"].staff).post(url).status_code == 404
    assert client_for(world["b"].owner.user).post(url).status_code == 302
    world["a"].refresh_from_db()
    assert world["a"].status == "withdrawn"


def test_attachment_is_for_the_applicant_and_staff(world):
    url = reverse("opportunities:attachment", args=[world["a"].pk])
    assert client_for(world["b"].owner.user).get(url).status_code == 200
    assert client_for(world["personas"].staff).get(url).status_code == 200
    assert client_for(make_partner().owner.user).get(url).status_code == 404
    assert client_for(world["personas"].rt_chair).get(url).status_code == 404


def test_documents_follow_the_opportunitys_visibility(world):
    url = reverse("opportunities:document", args=[world["doc"].pk])
    assert client_for(make_partner().owner.user).get(url).status_code == 200
    hidden = OpportunityDocument.objects.create(
        opportunity=world["draft"], title="x", file=SimpleUploadedFile("x.pdf", PDF)
    )
    url = reverse("opportunities:document", args=[hidden.pk])
    assert client_for(make_partner().owner.user).get(url).status_code == 404
    assert client_for(world["personas"].staff).get(url).status_code == 200


def test_staff_create_form_keeps_input_and_shows_errors(world):
    c = client_for(world["personas"].staff)
    r = c.post(reverse("opportunities:create"), {
        "kind": "business", "title": "Pameran", "provider": "Dinas", "quota": "0",
        "opens_on": "2030-01-10", "deadline": "2030-01-01",
    })  # fmt: skip
    page = r.content.decode()
    assert r.status_code == 200
    assert "Kuota harus" in page
    assert 'value="Pameran"' in page


def test_staff_create_publish_select_flow(world):
    c = client_for(world["personas"].staff)
    r = c.post(reverse("opportunities:create"), {
        "kind": "business", "title": "Pameran", "provider": "Dinas", "quota": "1",
        "opens_on": "2030-01-01", "deadline": "2030-01-10", "kbli_sections": ["C"],
    })  # fmt: skip
    assert r.status_code == 302
    o = world["o"]
    url = reverse("opportunities:select", args=[o.pk])
    r = c.post(url, {"selected": [world["a"].pk]}, follow=True)
    assert "tutup pendaftaran dulu" in r.content.decode()
    c.post(reverse("opportunities:close", args=[o.pk]))
    page = c.get(reverse("opportunities:applicants", args=[o.pk])).content.decode()
    assert 'name="selected"' in page
    r = c.post(url, {"selected": [world["a"].pk]})
    assert r.status_code == 302
    world["a"].refresh_from_db()
    assert world["a"].status == "selected"


def test_xlsx_masks_the_nik(world):
    import io

    from openpyxl import load_workbook

    r = client_for(world["personas"].staff).get(
        reverse("opportunities:applicants_xlsx", args=[world["o"].pk])
    )
    book = load_workbook(io.BytesIO(streamed_bytes(r)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][2] == "NIK"
    nik = world["b"].owner.nik
    assert rows[1][2] == nik[:4] + "********" + nik[-4:]


def test_history_and_alert_setting(world):
    c = client_for(world["b"].owner.user)
    assert "Bazar Kuliner" in c.get(reverse("opportunities:history")).content.decode()
    other = client_for(make_partner().owner.user)
    assert "Bazar Kuliner" not in other.get(reverse("opportunities:history")).content.decode()
    c.post(reverse("opportunities:alerts"), {})
    from berdaya.opportunities.selectors import alerts_enabled

    assert alerts_enabled(world["b"].owner.user) is False


def test_an_expired_opportunity_shows_closed(world):
    expire(world["o"])
    page = (
        client_for(world["personas"].staff)
        .get(reverse("opportunities:detail", args=[world["o"].pk]))
        .content.decode()
    )
    assert "Ditutup" in page


def test_inbox_items(world):
    from berdaya.portal.inbox import inbox_for

    fresh = make_partner()
    assert any("cocok" in i.title for i in inbox_for(fresh.owner.user))
    expire(world["o"])
    assert any("pemilihan" in i.title for i in inbox_for(world["personas"].staff))
