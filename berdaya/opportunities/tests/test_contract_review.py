"""Contract review of issue 12: each contract sentence, called as an outside client."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from berdaya.core.tests.responses import codes, conflict
from berdaya.opportunities import services
from berdaya.opportunities.tests.factories import (
    BEJI_KEC,
    PANCORAN_MAS_KEC,
    expire,
    far_kelurahan,
    make_opportunity,
    make_partner,
    make_program,
    today,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
LIST_KEYS = {"items", "next_cursor", "has_more"}


def body(**over):
    data = {
        "kind": "business", "title": "Bazar UMKM", "provider": "Dinas KUMKM", "description": "",
        "quota": 20, "first_come": False, "opens_on": today().isoformat(),
        "deadline": (today() + 7 * DAY).isoformat(),
        "eligibility": {
            "kbli_sections": ["C"], "kecamatan_codes": [BEJI_KEC, PANCORAN_MAS_KEC],
            "size_classes": ["mikro"], "new_entrepreneurs_only": False, "women_only": True,
            "training_required": False, "training_program": None,
        },
        "financing_product": None,
    }  # fmt: skip
    data.update(over)
    return data


# --- staff publish ----------------------------------------------------------------------------


def test_it_creates_a_draft_with_the_issue_fields(api, personas):
    r = api(personas.staff).post("opportunities", body())
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "draft" and isinstance(r.json()["id"], int)
    detail = api(personas.staff).get(f"opportunities/{r.json()['id']}").json()
    assert detail["eligibility"]["kbli_sections"] == ["C"]
    assert detail["eligibility"]["women_only"] is True
    assert detail["first_come"] is False and detail["quota"] == 20


def test_it_defaults_to_staff_selection(api, personas):
    data = body()
    del data["first_come"]
    r = api(personas.staff).post("opportunities", data)
    assert r.status_code == 201
    assert api(personas.staff).get(f"opportunities/{r.json()['id']}").json()["first_come"] is False


def test_it_accepts_no_quota(api, personas):
    r = api(personas.staff).post("opportunities", body(quota=None))
    assert r.status_code == 201, r.content


@pytest.mark.parametrize(
    "who", ["head", "kelurahan_officer", "rt_chair", "outsider", "bank_officer"]
)
def test_only_dkum_staff_create(api, personas, who):
    assert api(getattr(personas, who)).post("opportunities", body()).status_code == 403


@pytest.mark.parametrize(
    "over, code",
    [
        ({"quota": 0}, "quota_invalid"),
        ({"quota": -3}, "quota_invalid"),
        ({"deadline": (today() - 3 * DAY).isoformat()}, "deadline_before_opening"),
        ({"kind": "loan"}, "kind_invalid"),
    ],
)
def test_bad_input_is_422(api, personas, over, code):
    assert code in codes(api(personas.staff).post("opportunities", body(**over)))


def test_unknown_kbli_section_and_kecamatan_are_422(api, personas):
    data = body()
    data["eligibility"] = {**data["eligibility"], "kbli_sections": ["ZZ"]}
    assert codes(api(personas.staff).post("opportunities", data))
    data["eligibility"] = {**data["eligibility"], "kbli_sections": [], "kecamatan_codes": ["99.99"]}
    assert codes(api(personas.staff).post("opportunities", data))


def test_publishing_a_past_deadline_is_422_and_nothing_changes(api, personas):
    client = api(personas.staff)
    data = body(opens_on=(today() - 10 * DAY).isoformat(), deadline=(today() - DAY).isoformat())
    oid = client.post("opportunities", data).json()["id"]
    assert codes(client.post(f"opportunities/{oid}/publish")) == ["deadline_past"]
    assert client.get(f"opportunities/{oid}").json()["status"] == "draft"


def test_the_status_steps_and_their_409s(api, personas):
    client = api(personas.staff)
    oid = client.post("opportunities", body()).json()["id"]
    conflict(client.post(f"opportunities/{oid}/close"))
    r = client.post(f"opportunities/{oid}/publish")
    assert r.status_code == 200 and r.json()["status"] == "published"
    conflict(client.post(f"opportunities/{oid}/publish"))
    r = client.post(f"opportunities/{oid}/close")
    assert r.status_code == 200 and r.json()["status"] == "closed"
    conflict(client.post(f"opportunities/{oid}/close"))
    r = client.post(f"opportunities/{oid}/cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    conflict(client.post(f"opportunities/{oid}/cancel"))
    conflict(client.post(f"opportunities/{oid}/publish"))


def test_a_published_one_past_its_deadline_acts_as_closed(api, personas):
    o = expire(make_opportunity(personas.staff))
    client = api(personas.staff)
    assert client.get(f"opportunities/{o.pk}").json()["status"] == "closed"
    closed = client.get("opportunities", {"status": "closed"}).json()["items"]
    assert [i["id"] for i in closed] == [o.pk]
    assert client.get("opportunities", {"status": "published"}).json()["items"] == []
    b = make_partner()
    assert api(b.owner.user).get("opportunities").json()["items"] == []
    r = api(b.owner.user).get(f"opportunities/{o.pk}").json()
    assert r["status"] == "closed" and "closed" in r["why_not"] and r["fit"] is False


def test_editing_eligibility_keeps_applicants_shown_as_no_longer_fitting(api, personas):
    o = make_opportunity(personas.staff)
    b = make_partner(gender="L")
    services.application_apply(user=b.owner.user, opportunity=o, business=b)
    client = api(personas.staff)
    r = client.patch(f"opportunities/{o.pk}", {"eligibility": {"women_only": True}})
    assert r.status_code == 200, r.content
    assert r.json()["eligibility"]["women_only"] is True and r.json()["status"] == "published"
    items = client.get(f"opportunities/{o.pk}/applications").json()["items"]
    assert len(items) == 1
    assert items[0]["status"] == "applied" and items[0]["fit"] is False
    assert items[0]["why_not"] == ["women_only"]


# --- lists and matching ---------------------------------------------------------------------


def test_staff_see_all_with_status_and_kind_filters(api, personas):
    staff = personas.staff
    draft = make_opportunity(staff, publish=False)
    capital = make_opportunity(staff, kind="capital")
    client = api(staff)
    page = client.get("opportunities").json()
    assert set(page) == LIST_KEYS
    assert {i["id"] for i in page["items"]} == {draft.pk, capital.pk}
    assert [i["id"] for i in client.get("opportunities", {"status": "draft"}).json()["items"]] == [
        draft.pk
    ]
    assert [i["id"] for i in client.get("opportunities", {"kind": "capital"}).json()["items"]] == [
        capital.pk
    ]


def test_a_partner_sees_open_ones_fitting_first_with_why_not(api, personas):
    staff = personas.staff
    program = make_program()
    b = make_partner(gender="L", section="C", size="mikro", new=False)
    rules: dict[str, dict[str, Any]] = {
        "not_eligible_sector": {"kbli_sections": ["G"]},
        "not_eligible_area": {"kecamatan_codes": [PANCORAN_MAS_KEC]},
        "not_eligible_size": {"size_classes": ["kecil", "menengah"]},
        "women_only": {"women_only": True},
        "new_entrepreneurs_only": {"new_entrepreneurs_only": True},
        "training_required": {"training_required": True},
    }
    misfits = {code: make_opportunity(staff, **over) for code, over in rules.items()}
    named = make_opportunity(staff, training_program=program)
    full = make_opportunity(staff, quota=1, first_come=True)
    taker = make_partner()
    services.application_apply(user=taker.owner.user, opportunity=full, business=taker)
    fitting = make_opportunity(staff, deadline=today() + 60 * DAY)
    make_opportunity(staff, publish=False)  # a draft: never listed
    expire(make_opportunity(staff))  # past its deadline: not open
    make_opportunity(staff, opens_on=today() + 3 * DAY, deadline=today() + 9 * DAY)  # not yet

    page = api(b.owner.user).get("opportunities").json()
    assert set(page) == LIST_KEYS and page["has_more"] is False
    items = page["items"]
    assert items[0]["id"] == fitting.pk and items[0]["fit"] is True and items[0]["why_not"] == []
    by_id = {i["id"]: i for i in items}
    assert len(items) == len(misfits) + 3
    for code, o in misfits.items():
        assert by_id[o.pk]["why_not"] == [code] and by_id[o.pk]["fit"] is False, code
    assert by_id[named.pk]["why_not"] == ["training_required"]
    assert by_id[full.pk]["why_not"] == ["full"]


def test_a_partner_list_pages_with_cursor(api, personas):
    for _ in range(3):
        make_opportunity(personas.staff)
    client = api(make_partner().owner.user)
    first = client.get("opportunities", {"size": 2}).json()
    assert first["has_more"] is True and len(first["items"]) == 2 and first["next_cursor"]
    rest = client.get("opportunities", {"size": 2, "cursor": first["next_cursor"]}).json()
    assert rest["has_more"] is False and rest["next_cursor"] is None
    assert len({i["id"] for i in first["items"] + rest["items"]}) == 3


def test_the_business_query_picks_one_of_several(api, personas):
    o = make_opportunity(personas.staff, kecamatan_codes=[BEJI_KEC])
    beji = make_partner()
    far = make_partner(kelurahan=far_kelurahan())
    far.owner = beji.owner
    far.save(update_fields=["owner"])
    client = api(beji.owner.user)
    item = client.get("opportunities", {"business": far.pk}).json()["items"][0]
    assert item["id"] == o.pk and item["why_not"] == ["not_eligible_area"]
    item = client.get("opportunities", {"business": beji.pk}).json()["items"][0]
    assert item["fit"] is True


# --- applying and withdrawing -----------------------------------------------------------------


def test_apply_answers_201_id_and_applied(api, personas):
    o = make_opportunity(personas.staff)
    b = make_partner()
    r = api(b.owner.user).post(
        f"opportunities/{o.pk}/applications", {"business": b.pk, "note": "x"}
    )
    assert r.status_code == 201 and r.json()["status"] == "applied" and r.json()["id"]
    conflict(
        api(b.owner.user).post(f"opportunities/{o.pk}/applications", {"business": b.pk}),
        "already_applied",
    )


def test_a_staff_closed_one_is_422_closed(api, personas):
    o = make_opportunity(personas.staff)
    services.opportunity_close(actor=personas.staff, opportunity=o)
    b = make_partner()
    r = api(b.owner.user).post(f"opportunities/{o.pk}/applications", {"business": b.pk})
    assert codes(r) == ["closed"]


def test_full_only_refuses_when_first_come(api, personas):
    staff = personas.staff
    by_staff = make_opportunity(staff, quota=1)
    first_come = make_opportunity(staff, quota=1, first_come=True)
    for o in (by_staff, first_come):
        taker = make_partner()
        services.application_apply(user=taker.owner.user, opportunity=o, business=taker)
    b = make_partner()
    client = api(b.owner.user)
    r = client.post(f"opportunities/{by_staff.pk}/applications", {"business": b.pk})
    assert r.status_code == 201
    assert codes(
        client.post(f"opportunities/{first_come.pk}/applications", {"business": b.pk})
    ) == ["full"]


def test_a_misfit_is_422_with_every_why_not_code(api, personas):
    o = make_opportunity(personas.staff, women_only=True, size_classes=["menengah"])
    b = make_partner(gender="L")
    r = api(b.owner.user).post(f"opportunities/{o.pk}/applications", {"business": b.pk})
    assert codes(r) == ["not_eligible_size", "women_only"]
    assert not o.applications.exists()


def test_the_capital_one_leads_to_the_financing_form(api, personas):
    o = make_opportunity(personas.staff, kind="capital", financing_product="kredit-mesra")
    b = make_partner()
    r = api(b.owner.user).post(f"opportunities/{o.pk}/applications", {"business": b.pk})
    assert r.status_code == 201 and "produk=kredit-mesra" in r.json()["next_url"]
    assert api(b.owner.user).client.get(r.json()["next_url"]).status_code in (200, 302)


def test_withdraw_until_the_deadline_and_not_after(api, personas):
    o = make_opportunity(personas.staff, deadline=today())
    b = make_partner()
    a = services.application_apply(user=b.owner.user, opportunity=o, business=b)
    client = api(b.owner.user)
    r = client.post(f"opportunities/{o.pk}/applications/{a.pk}/withdraw")
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    services.application_apply(user=b.owner.user, opportunity=o, business=b)
    expire(o)
    r = client.post(f"opportunities/{o.pk}/applications/{a.pk}/withdraw")
    assert r.status_code in (409, 422), r.content
    a.refresh_from_db()
    assert a.status == "applied"


# --- selection --------------------------------------------------------------------------------


def test_selection_counts_statuses_and_notifications(api, personas):
    from berdaya.core.models import Notification

    staff = personas.staff
    o = make_opportunity(staff, quota=2)
    apps = []
    for _ in range(3):
        b = make_partner()
        apps.append(services.application_apply(user=b.owner.user, opportunity=o, business=b))
    client = api(staff)
    conflict(client.post(f"opportunities/{o.pk}/selection", {"selected": [apps[0].pk]}))
    expire(o)  # past the deadline: closed without a step
    over = client.post(f"opportunities/{o.pk}/selection", {"selected": [a.pk for a in apps]})
    assert codes(over) == ["quota_exceeded"]
    r = client.post(f"opportunities/{o.pk}/selection", {"selected": [apps[0].pk, apps[1].pk]})
    assert r.status_code == 200 and r.json() == {"selected": 2, "not_selected": 1}
    assert client.get(f"opportunities/{o.pk}").json()["status"] == "selected"
    statuses = [
        i["status"] for i in client.get(f"opportunities/{o.pk}/applications").json()["items"]
    ]
    assert sorted(statuses) == ["not_selected", "selected", "selected"]
    for a in apps:
        assert Notification.objects.filter(user=a.applicant).exists()
    conflict(client.post(f"opportunities/{o.pk}/selection", {"selected": []}))
    mine = api(apps[2].applicant).get("me/opportunity-applications").json()
    assert set(mine) == LIST_KEYS
    assert [(i["opportunity"], i["status"]) for i in mine["items"]] == [(o.pk, "not_selected")]


def test_selection_is_for_dkum_staff_only(api, personas):
    o = expire(make_opportunity(personas.staff))
    for who in ("head", "kelurahan_officer", "outsider"):
        r = api(getattr(personas, who)).post(f"opportunities/{o.pk}/selection", {"selected": []})
        assert r.status_code in (403, 404), who


def test_my_applications_needs_a_login(api):
    assert api().get("me/opportunity-applications").status_code == 401


def test_a_partner_with_one_business_may_omit_it(api, personas):
    o = make_opportunity(personas.staff, kind="capital")
    b = make_partner()
    r = api(b.owner.user).post(f"opportunities/{o.pk}/applications", {"note": ""})
    assert r.status_code == 201, r.content
    assert api(b.owner.user).get("opportunities", {"kind": "business"}).json()["items"] == []
    detail = api(b.owner.user).get(f"opportunities/{o.pk}").json()
    assert detail["application"]["status"] == "applied"


def test_selection_without_a_quota_and_from_a_cancelled_one(api, personas):
    staff = personas.staff
    o = make_opportunity(staff, quota=None)
    apps = []
    for _ in range(3):
        b = make_partner()
        apps.append(services.application_apply(user=b.owner.user, opportunity=o, business=b))
    client = api(staff)
    client.post(f"opportunities/{o.pk}/close")
    r = client.post(f"opportunities/{o.pk}/selection", {"selected": [a.pk for a in apps]})
    assert r.json() == {"selected": 3, "not_selected": 0}
    gone = make_opportunity(staff)
    client.post(f"opportunities/{gone.pk}/cancel")
    conflict(client.post(f"opportunities/{gone.pk}/selection", {"selected": []}))
    draft = make_opportunity(staff, publish=False)
    conflict(client.post(f"opportunities/{draft.pk}/selection", {"selected": []}))


def test_garbage_dates_are_422_not_500(api, personas):
    r = api(personas.staff).post("opportunities", body(deadline="besok"))
    assert r.status_code == 422, r.content


def test_a_missing_field_is_422_naming_the_field(api, personas):
    data = body()
    del data["kind"]
    r = api(personas.staff).post("opportunities", data)
    assert r.status_code == 422, r.content
    assert [(e["field"], e["code"]) for e in r.json()["errors"]][0][0] == "kind", r.content
    r = api(personas.staff).post("opportunities", body(quota="dua puluh"))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "quota", r.content
