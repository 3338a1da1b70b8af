"""The issue's "done when", end to end through the API."""

from __future__ import annotations

import datetime

import pytest
from django.test import TestCase

from berdaya.core.models import Notification, OutboundMessage
from berdaya.core.personas import BEJI, DEPOK_JAYA
from berdaya.opportunities.tests.factories import (
    BEJI_KEC,
    PANCORAN_MAS_KEC,
    far_kelurahan,
    make_partner,
    today,
)

pytestmark = pytest.mark.django_db


def test_it_runs_the_done_when_scenario(api, personas):
    staff = api(personas.staff)
    fitting = make_partner(gender="P", section="C", kelurahan=BEJI)
    misfit = make_partner(gender="L", section="G", kelurahan=far_kelurahan())
    others = [
        make_partner(gender="P", section="C", kelurahan=BEJI if i % 2 else DEPOK_JAYA)
        for i in range(29)
    ]
    deadline = (today() + datetime.timedelta(days=10)).isoformat()

    # Staff publish a bazaar slot for women in food processing in two kecamatan (quota 20) ...
    bazaar = staff.post("opportunities", {
        "kind": "business", "title": "Slot Bazar Kuliner Ramadan", "provider": "Dinas KUMKM",
        "description": "Stan bazar untuk olahan pangan.", "quota": 20, "first_come": False,
        "opens_on": today().isoformat(), "deadline": deadline,
        "eligibility": {"kbli_sections": ["C"], "kecamatan_codes": [BEJI_KEC, PANCORAN_MAS_KEC],
                        "size_classes": ["mikro"], "women_only": True},
    }).json()["id"]  # fmt: skip
    # ... and a Kredit Mesra capital opportunity.
    capital = staff.post("opportunities", {
        "kind": "capital", "title": "Modal Kredit Mesra", "provider": "Bank BJB",
        "opens_on": today().isoformat(), "deadline": deadline,
        "financing_product": "kredit-mesra",
    }).json()["id"]  # fmt: skip
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert staff.post(f"opportunities/{bazaar}/publish").status_code == 200
        assert staff.post(f"opportunities/{capital}/publish").status_code == 200

    # The fitting partner is notified (in the app for each, one WhatsApp digest today) ...
    user = fitting.owner.user
    assert Notification.objects.filter(user=user, title__contains="Slot Bazar").exists()
    assert Notification.objects.filter(user=user, title__contains="Kredit Mesra").exists()
    assert (
        OutboundMessage.objects.filter(recipient=str(user.phone), channel="whatsapp").count() == 1
    )
    # ... and sees both first.
    partner = api(user)
    items = partner.get("opportunities").json()["items"]
    assert [(i["id"], i["fit"]) for i in items[:2]] in (
        [(bazaar, True), (capital, True)],
        [(capital, True), (bazaar, True)],
    )
    # They apply to the bazaar ...
    r = partner.post(f"opportunities/{bazaar}/applications", {"business": fitting.pk,
                                                              "note": "Kue basah"})  # fmt: skip
    assert r.status_code == 201 and r.json()["status"] == "applied"
    # ... and are led from the capital one into forming a group.
    r = partner.post(f"opportunities/{capital}/applications", {"business": fitting.pk})
    assert r.status_code == 201
    next_url = r.json()["next_url"]
    assert next_url == "/pembiayaan/kelompok/baru/?produk=kredit-mesra"
    partner.client.force_login(user)
    assert partner.client.get(next_url).status_code == 200

    # One who does not fit sees why.
    items = {i["id"]: i for i in api(misfit.owner.user).get("opportunities").json()["items"]}
    assert items[bazaar]["fit"] is False
    assert items[bazaar]["why_not"] == ["not_eligible_sector", "not_eligible_area", "women_only"]
    assert items[capital]["fit"] is True
    assert not Notification.objects.filter(user=misfit.owner.user, title__contains="Bazar").exists()

    # 29 more apply; staff close and select 20 of the 30.
    for b in others:
        r = api(b.owner.user).post(f"opportunities/{bazaar}/applications", {"business": b.pk})
        assert r.status_code == 201, r.content
    page = staff.get(f"opportunities/{bazaar}/applications", {"size": 100}).json()
    ids = [i["id"] for i in page["items"]]
    assert len(ids) == 30
    assert (
        staff.post(f"opportunities/{bazaar}/selection", {"selected": ids[:20]}).status_code == 409
    )
    assert staff.post(f"opportunities/{bazaar}/close").json()["status"] == "closed"
    r = staff.post(f"opportunities/{bazaar}/selection", {"selected": ids[:21]})
    assert r.json()["errors"][0]["code"] == "quota_exceeded"
    r = staff.post(f"opportunities/{bazaar}/selection", {"selected": ids[:20]})
    assert r.json() == {"selected": 20, "not_selected": 10}

    # All are notified, and the history shows the outcome.
    for b in [fitting, *others]:
        titles = Notification.objects.filter(user=b.owner.user).values_list("title", flat=True)
        assert any("Slot Bazar" in t and ("terpilih" in t.lower()) for t in titles), titles
    mine = partner.get("me/opportunity-applications").json()["items"]
    outcome = {i["opportunity"]: i["status"] for i in mine}
    assert outcome[bazaar] in ("selected", "not_selected")
    assert outcome[capital] == "applied"
