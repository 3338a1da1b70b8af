"""Issue 14 ("Links to pages the user may not open"): the link to ask for an identity change is
shown only while the identity-change page would open (``selectors.identity_change_waiting``,
the rule that page refuses by): with a change waiting, the partner's pages say it waits."""

import pytest
from django.test import Client
from django.urls import reverse

from berdaya.registry.services import registration_review
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_identity_change_link_is_shown_only_while_that_page_opens(personas):
    # Given a partner whose registration was sent back for revision
    reg = f.submit()
    registration_review(registration=reg, reviewer=personas.staff, decision="revise", reason="NIB?")
    client = client_for(reg.person.user)
    change_url = reverse("registry:identity_change")
    pages = (reverse("registry:resubmit", args=[reg.pk]), reverse("registry:dashboard"))
    # When no identity change waits, then both pages link to the identity-change page, which opens
    for url in pages:
        assert f'href="{change_url}"' in client.get(url).content.decode(), url
    assert client.get(change_url).status_code == 200
    # When they ask for a change (it waits for staff)
    data = {"nik": reg.person.nik, "full_name": "Siti Aminah Rahayu", "gender": "P",
            "birth_date": reg.person.birth_date.isoformat(), "reason": "Salah ketik"}  # fmt: skip
    assert client.post(change_url, data).status_code == 302
    # Then the page refuses a second, and neither page links to it: each says the change waits
    assert client.get(change_url).status_code == 403
    for url in pages:
        html = client.get(url).content.decode()
        assert f'href="{change_url}"' not in html, url
        assert "menunggu tinjauan staf DKUM" in html, url
