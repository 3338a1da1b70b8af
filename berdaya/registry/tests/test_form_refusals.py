"""Issue 8, class 11: a registry page whose POST would be refused for this user does not show
its form on GET (403/404 instead). One test per view with a form, for a user who may not act."""

import pytest
from django.test import Client
from django.urls import reverse

from berdaya.registry import services
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", ["business_edit", "report", "photo"])
def test_it_refuses_the_business_forms_to_an_area_official_and_an_outsider(personas, name):
    reg = f.submit()
    url = reverse(f"registry:{name}", args=[reg.business_id])
    assert _client(personas.rt_chair).get(url).status_code == 403
    assert _client(personas.outsider).get(url).status_code == 404


def test_it_refuses_the_resubmission_form_when_nothing_is_asked_back(personas):
    reg = f.submit()
    assert (
        _client(reg.person.user).get(reverse("registry:resubmit", args=[reg.pk])).status_code == 404
    )


def test_it_refuses_a_second_identity_change_form_while_one_waits(personas):
    reg = f.submit()
    url = reverse("registry:identity_change")
    owner = _client(reg.person.user)
    assert owner.get(url).status_code == 200
    services.identity_change_request(
        person=reg.person, actor=reg.person.user, data={"full_name": "Siti Baru"}, reason="KTP baru"
    )
    assert owner.get(url).status_code == 403
    assert _client(personas.outsider).get(url).status_code == 404


def test_it_shows_no_review_form_to_an_area_official(personas):
    reg = f.submit()
    html = _client(personas.rt_chair).get(reverse("registry:detail", args=[reg.pk])).content
    assert b'name="decision"' not in html
    staff_html = _client(personas.staff).get(reverse("registry:detail", args=[reg.pk])).content
    assert b'name="decision"' in staff_html
