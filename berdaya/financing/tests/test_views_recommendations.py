"""Recommendation pages: the official of the open level recommends their own members; the
letter for who may see the application; the public check of a letter."""

import pytest
from django.test import Client
from django.urls import reverse

from berdaya.financing.models import Recommendation

pytestmark = pytest.mark.django_db


def test_it_lets_the_official_of_the_open_level_recommend(flow, page, personas):
    application = flow.submitted()
    url = reverse("financing:recommend", args=[application.pk])
    detail = reverse("financing:application", args=[application.pk])
    assert "Simpan rekomendasi" in page(personas.rt_chair).get(detail).content.decode()
    assert "Simpan rekomendasi" not in page(personas.rw_chair).get(detail).content.decode()
    # an RT chair of another RT or kelurahan cannot reach it; the RW chair waits for the RT
    assert page(personas.other_rt_chair).post(url, {"approve": "1"}).status_code == 404
    assert page(personas.far_rt_chair).post(url, {"approve": "1"}).status_code == 404
    assert page(flow.leader).post(url, {"approve": "1"}).status_code == 403
    page(personas.rw_chair).post(url, {"approve": "1"})
    assert not Recommendation.objects.exists()
    assert page(personas.rt_chair).post(url, {"approve": "1"}).status_code == 302
    assert Recommendation.objects.get().level == "rt"


def test_it_serves_the_letter_to_who_may_see_the_application_only(flow, page, personas):
    flow.awaiting_verification()
    rec = Recommendation.objects.get(level="rt")
    url = reverse("financing:letter", args=[rec.pk])
    response = page(personas.rt_chair).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert page(flow.leader).get(url).status_code == 200
    for user in (personas.far_rt_chair, personas.outsider, personas.bank_officer):
        assert page(user).get(url).status_code == 404
    assert (
        page(personas.outsider).get(reverse("financing:letter", args=[999_999])).status_code == 404
    )


def test_it_confirms_a_letter_publicly_without_personal_data(flow):
    flow.submitted()
    from berdaya.financing import services

    rec = services.recommendation_give(
        application=flow.application, official=flow.personas.rt_chair, level="rt", approve=True
    )
    html = Client().get(reverse("financing:verify", args=[rec.code])).content.decode()
    assert "Asli dan masih berlaku" in html
    assert all(m.full_name not in html and m.nik not in html for m in flow.members)
    assert Client().get(reverse("financing:verify", args=["x" * 500])).status_code == 404


def test_the_message_after_a_recommendation_links_to_its_letter(flow, page, personas):
    # the letters are listed far below on the application page (about 3,500 px on a phone)
    application = flow.submitted()
    client = page(personas.rt_chair)
    response = client.post(
        reverse("financing:recommend", args=[application.pk]), {"approve": "1"}, follow=True
    )
    rec = Recommendation.objects.get()
    html = response.content.decode()
    assert "Rekomendasi tercatat dan surat diterbitkan." in html
    letter = reverse("financing:letter", args=[rec.pk])
    assert f'<a href="{letter}">Lihat surat {rec.number} (PDF)</a>' in html
    assert client.get(letter).status_code == 200
