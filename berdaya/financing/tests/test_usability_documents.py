"""Issue 14, financing documents and notifications: the letter reads as a real document, links
use the address the app is served at, verification codes are typed easily, and a handled
recommendation request leaves the officials' new notifications."""

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from berdaya.core.documents import letterhead
from berdaya.core.models import Notification
from berdaya.core.public_url import public_url
from berdaya.financing import services
from berdaya.financing.models import Recommendation
from berdaya.financing.models.applications import LETTER_CODE_ALPHABET, _letter_code
from berdaya.financing.models.groups import group_phrase

pytestmark = pytest.mark.django_db


def test_it_makes_codes_without_look_alike_characters():
    for _ in range(200):
        code = _letter_code()
        assert len(code) == 12 and code == code.upper()
        assert not set(code) & set("IL1O0lo")
        assert set(code) <= set(LETTER_CODE_ALPHABET)


def test_it_verifies_new_codes_case_insensitively_and_old_codes_exactly(flow):
    flow.awaiting_verification()
    rec = Recommendation.objects.get(level="rt")
    client = Client()
    assert client.get(reverse("financing:verify", args=[rec.code.lower()])).status_code == 200
    assert client.get(reverse("financing:verify", args=[rec.code])).status_code == 200
    Recommendation.objects.filter(pk=rec.pk).update(code="aB3_xY9-kLmN")  # an old-style code
    assert client.get(reverse("financing:verify", args=["aB3_xY9-kLmN"])).status_code == 200
    assert client.get(reverse("financing:verify", args=["AB3_XY9-KLMN"])).status_code == 404


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("Tulip", "kelompok Tulip"),
        ("Kelompok Tulip", "Kelompok Tulip"),
        ("kelompok  Mawar", "kelompok Mawar"),
    ],
)
def test_it_never_doubles_the_word_kelompok(name, phrase):
    assert group_phrase(name) == phrase


@override_settings(BERDAYA_PUBLIC_URL="http://127.0.0.1:8000", ALLOWED_HOSTS=["berdaya.example.id"])
def test_it_uses_the_served_address_when_the_public_url_is_not_set():
    request = RequestFactory().get("/", HTTP_HOST="berdaya.example.id")
    assert public_url(request, "/verifikasi/ABC") == "http://berdaya.example.id/verifikasi/ABC"


@override_settings(BERDAYA_PUBLIC_URL="https://berdaya.depok.go.id")
def test_it_uses_the_public_url_when_it_is_set():
    request = RequestFactory().get("/", HTTP_HOST="10.0.0.5:8000")
    assert public_url(request, "/verifikasi/ABC") == "https://berdaya.depok.go.id/verifikasi/ABC"


@override_settings(BERDAYA_LETTERHEAD_OFFICE="DINAS KUKM UJI")
def test_it_prints_a_letterhead_and_the_signatory(flow):
    flow.awaiting_verification()
    rec = Recommendation.objects.get(level="rt")
    html = render_to_string(
        "financing/letter.html",
        {
            "rec": rec,
            "application": rec.application,
            "qr": "",
            "verify_url": "http://x/verifikasi/" + rec.code,
            "head": letterhead(),
            "group_phrase": group_phrase("Kelompok Tulip"),
        },
    )
    assert "DINAS KUKM UJI" in html and "PEMERINTAH KOTA DEPOK" in html
    assert 'class="letterhead"' in html  # the shared letterhead (documents/letterhead_pdf.html)
    assert rec.official_name in html and rec.official_role in html
    # the signature block names the signatory once and gives the position once, under the name
    sign = html[html.index('class="signatory"') :]
    assert sign.count(rec.official_role) == 1 and sign.count(rec.official_name) == 1
    assert sign.index(rec.official_name) < sign.index(rec.official_role)
    assert "kelompok Kelompok" not in html and "Kelompok Tulip" in html


@override_settings(BERDAYA_LETTERHEAD_OFFICE="DINAS KUKM UJI")
def test_the_letter_pdf_served_carries_the_letterhead_and_the_group_once(flow, personas):
    # Given the RT chair's letter for a group whose name starts with "Kelompok"
    flow.awaiting_verification()
    rec = Recommendation.objects.get(level="rt")
    group = rec.application.group
    assert group is not None
    group.name = "Kelompok Tulip"
    group.save(update_fields=["name"])
    client = Client()
    client.force_login(personas.rt_chair)
    # When the letter is downloaded
    response = client.get(reverse("financing:letter", args=[rec.pk]))
    # Then it is a PDF drawn with the shared letterhead (settings) and the group named once
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "documents/letterhead_pdf.html" in [t.name for t in response.templates]
    assert response.context["head"]["office"] == "DINAS KUKM UJI"
    assert response.context["group_phrase"] == "Kelompok Tulip"


def test_it_takes_a_handled_recommendation_request_off_the_new_notifications(flow, personas):
    flow.submitted()
    url = reverse("financing:application", args=[flow.application.pk])
    requests = Notification.objects.filter(url=url, title__startswith="Permintaan rekomendasi")
    rt_unread = requests.filter(user=personas.rt_chair, read_at__isnull=True)
    assert rt_unread.exists()
    p = personas
    steps = ((p.rt_chair, "rt"), (p.rw_chair, "rw"), (p.kelurahan_officer, "kelurahan"))
    for official, level in steps:
        services.recommendation_give(
            application=flow.application, official=official, level=level, approve=True
        )
        assert not requests.filter(user=official, read_at__isnull=True).exists()
    assert not requests.filter(read_at__isnull=True).exists()
    assert requests.filter(user=personas.rw_chair).exists()  # it was sent, then handled


def test_it_takes_requests_off_when_the_application_is_withdrawn(flow):
    flow.submitted()
    url = reverse("financing:application", args=[flow.application.pk])
    unread = Notification.objects.filter(
        url=url, title__startswith="Permintaan rekomendasi", read_at__isnull=True
    )
    assert unread.exists()
    services.application_withdraw(application=flow.application, user=flow.leader)
    assert not unread.exists()
