"""The API contract: paths, shapes, codes and who may call what."""

from __future__ import annotations

import datetime

import pytest

from berdaya.opportunities import services
from berdaya.opportunities.tests.factories import (
    BEJI_KEC,
    expire,
    make_opportunity,
    make_partner,
    today,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def body(**over):
    data = {
        "kind": "business",
        "title": "Bazar UMKM",
        "provider": "Dinas KUMKM",
        "description": "",
        "quota": 20,
        "first_come": False,
        "opens_on": today().isoformat(),
        "deadline": (today() + 7 * DAY).isoformat(),
        "eligibility": {
            "kbli_sections": [], "kecamatan_codes": [], "size_classes": [],
            "new_entrepreneurs_only": False, "women_only": False, "training_required": False,
            "training_program": None,
        },
        "financing_product": None,
    }  # fmt: skip
    data.update(over)
    return data


def test_it_creates_a_draft_201(api, personas):
    r = api(personas.staff).post("opportunities", body())
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "draft" and isinstance(r.json()["id"], int)


@pytest.mark.parametrize("who", ["rt_chair", "bank_officer", "head", "outsider"])
def test_only_staff_create(api, personas, who):
    r = api(getattr(personas, who)).post("opportunities", body())
    assert r.status_code == 403


def test_anonymous_is_401(api):
    assert api().get("opportunities").status_code == 401


@pytest.mark.parametrize(
    ("over", "code", "field"),
    [
        ({"quota": 0}, "quota_invalid", "quota"),
        ({"quota": -5}, "quota_invalid", "quota"),
        ({"deadline": (today() - 3 * DAY).isoformat()}, "deadline_before_opening", "deadline"),
        ({"eligibility": {"kbli_sections": ["Z"]}}, "kbli_section_unknown", "kbli_sections"),
        ({"eligibility": {"kecamatan_codes": ["99.99.99"]}}, "kecamatan_unknown",
         "kecamatan_codes"),
        ({"kind": "lottery"}, "kind_invalid", "kind"),
        ({"deadline": "kemarin"}, None, "deadline"),
    ],
)  # fmt: skip
def test_bad_input_is_422_with_field_and_code(api, personas, over, code, field):
    from berdaya.opportunities.models import Opportunity

    r = api(personas.staff).post("opportunities", body(**over))
    assert r.status_code == 422, r.content
    errors = r.json()["errors"]
    assert errors[0]["field"] == field
    assert {"field", "code", "message"} <= set(errors[0])
    if code:
        assert errors[0]["code"] == code
    assert not Opportunity.objects.exists()


def test_publish_close_cancel_and_wrong_status_409(api, personas):
    client = api(personas.staff)
    oid = client.post("opportunities", body()).json()["id"]
    assert client.post(f"opportunities/{oid}/publish").json()["status"] == "published"
    r = client.post(f"opportunities/{oid}/publish")
    assert r.status_code == 409 and r.json()["code"] == "opportunity_not_draft"
    assert set(r.json()) == {"code", "message"}
    assert client.post(f"opportunities/{oid}/close").json()["status"] == "closed"
    assert client.post(f"opportunities/{oid}/cancel").json()["status"] == "cancelled"
    assert client.post(f"opportunities/{oid}/cancel").status_code == 409


def test_publishing_a_past_deadline_is_422(api, personas):
    client = api(personas.staff)
    r = client.post(
        "opportunities",
        body(opens_on=(today() - 9 * DAY).isoformat(), deadline=(today() - DAY).isoformat()),
    )
    r = client.post(f"opportunities/{r.json()['id']}/publish")
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "deadline_past"


def test_patch_changes_eligibility(api, personas):
    client = api(personas.staff)
    oid = client.post("opportunities", body()).json()["id"]
    r = client.patch(f"opportunities/{oid}", {"title": "Bazar Lebaran",
                                              "eligibility": {"women_only": True}})  # fmt: skip
    assert r.status_code == 200, r.content
    assert r.json()["title"] == "Bazar Lebaran"
    assert r.json()["eligibility"]["women_only"] is True
    assert r.json()["quota"] == 20
    r = client.patch(f"opportunities/{oid}", {"quota": 0})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "quota_invalid"


def test_staff_list_filters_status_and_kind(api, personas):
    staff = personas.staff
    draft = make_opportunity(staff, publish=False)
    published = make_opportunity(staff, kind="capital")
    expired = make_opportunity(staff)
    expire(expired)
    client = api(staff)
    page = client.get("opportunities").json()
    assert set(page) == {"items", "next_cursor", "has_more"}
    assert {i["id"] for i in page["items"]} == {draft.pk, published.pk, expired.pk}
    ids = [i["id"] for i in client.get("opportunities", {"status": "closed"}).json()["items"]]
    assert ids == [expired.pk]
    ids = [i["id"] for i in client.get("opportunities", {"status": "published"}).json()["items"]]
    assert ids == [published.pk]
    ids = [i["id"] for i in client.get("opportunities", {"kind": "capital"}).json()["items"]]
    assert ids == [published.pk]
    first = client.get("opportunities", {"size": 2}).json()
    assert first["has_more"] is True and len(first["items"]) == 2
    rest = client.get("opportunities", {"size": 2, "cursor": first["next_cursor"]}).json()
    assert [i["id"] for i in rest["items"]] == [draft.pk] and rest["has_more"] is False


def test_partner_list_has_fit_and_why_not_fitting_first(api, personas):
    staff = personas.staff
    men = make_opportunity(staff, women_only=True, title="Khusus perempuan")
    any_ = make_opportunity(staff, title="Untuk semua")
    make_opportunity(staff, publish=False)  # drafts are never shown
    closed = make_opportunity(staff)
    expire(closed)
    b = make_partner(gender="L")
    page = api(b.owner.user).get("opportunities").json()
    assert [(i["id"], i["fit"], i["why_not"]) for i in page["items"]] == [
        (any_.pk, True, []),
        (men.pk, False, ["women_only"]),
    ]


def test_partner_picks_one_of_several_businesses(api, personas):
    o = make_opportunity(personas.staff, kbli_sections=["G"])
    food = make_partner(section="C")
    from berdaya.registry.models import Business

    shop = Business.objects.get(pk=make_partner(section="G").pk)
    shop.owner.businesses.update(owner=food.owner)  # the same person owns both now
    client = api(food.owner.user)
    item = client.get("opportunities", {"business": food.pk}).json()["items"][0]
    assert (item["id"], item["why_not"]) == (o.pk, ["not_eligible_sector"])
    item = client.get("opportunities", {"business": shop.pk}).json()["items"][0]
    assert item["fit"] is True
    other = make_partner()
    assert (
        client.get("opportunities", {"business": other.pk}).status_code == 422
    )  # not theirs: the filter is refused


def test_apply_201_then_409_then_withdraw(api, personas):
    o = make_opportunity(personas.staff)
    b = make_partner()
    client = api(b.owner.user)
    r = client.post(f"opportunities/{o.pk}/applications", {"business": b.pk, "note": "Kue"})
    assert r.status_code == 201, r.content
    assert r.json()["status"] == "applied" and "next_url" not in r.json()
    app_id = r.json()["id"]
    r = client.post(f"opportunities/{o.pk}/applications", {"business": b.pk, "note": ""})
    assert r.status_code == 409 and r.json()["code"] == "already_applied"
    r = client.post(f"opportunities/{o.pk}/applications/{app_id}/withdraw")
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    r = client.post(f"opportunities/{o.pk}/applications/{app_id}/withdraw")
    assert r.status_code == 409


def test_apply_refusals_are_422_with_codes(api, personas):
    staff = personas.staff
    closed = make_opportunity(staff)
    expire(closed)
    full = make_opportunity(staff, quota=1, first_come=True)
    picky = make_opportunity(staff, women_only=True, kecamatan_codes=[BEJI_KEC])
    taker = make_partner()
    services.application_apply(user=taker.owner.user, opportunity=full, business=taker)
    b = make_partner(gender="L", kelurahan="32.76.01.1007")
    client = api(b.owner.user)

    def code(o):
        r = client.post(f"opportunities/{o.pk}/applications", {"business": b.pk})
        assert r.status_code == 422, r.content
        return [e["code"] for e in r.json()["errors"]]

    assert code(closed) == ["closed"]
    assert code(full) == ["full"]
    assert code(picky) == ["not_eligible_area", "women_only"]


def test_applying_with_someone_elses_business_is_422(api, personas):
    o = make_opportunity(personas.staff)
    mine, theirs = make_partner(), make_partner()
    r = api(mine.owner.user).post(f"opportunities/{o.pk}/applications", {"business": theirs.pk})
    assert r.status_code == 422
    assert r.json()["errors"][0] == {
        "field": "business", "code": "business_not_yours", "message": r.json()["errors"][0][
            "message"],
    }  # fmt: skip


def test_withdraw_of_someone_elses_application_is_404(api, personas):
    o = make_opportunity(personas.staff)
    b, other = make_partner(), make_partner()
    a = services.application_apply(user=b.owner.user, opportunity=o, business=b)
    r = api(other.owner.user).post(f"opportunities/{o.pk}/applications/{a.pk}/withdraw")
    assert r.status_code == 404
    r = api(personas.staff).post(f"opportunities/{o.pk}/applications/{a.pk}/withdraw")
    assert r.status_code == 404


def test_financing_backed_application_answers_next_url(api, personas):
    o = make_opportunity(personas.staff, kind="capital", financing_product="kredit-mesra")
    baznas = make_opportunity(
        personas.staff, kind="capital", financing_product="baznas-modal-usaha"
    )
    b = make_partner()
    client = api(b.owner.user)
    r = client.post(f"opportunities/{o.pk}/applications", {"business": b.pk})
    assert r.status_code == 201
    assert r.json()["next_url"] == "/pembiayaan/kelompok/baru/?produk=kredit-mesra"
    r = client.post(f"opportunities/{baznas.pk}/applications", {"business": b.pk})
    from berdaya.financing.selectors import product_list

    kind = product_list().get(code="baznas-modal-usaha").borrower_type
    expected = "/pembiayaan/kelompok/baru/" if kind == "group" else "/pembiayaan/pengajuan/baru/"
    assert r.json()["next_url"] == f"{expected}?produk=baznas-modal-usaha"


def test_detail_hides_drafts_from_partners(api, personas):
    draft = make_opportunity(personas.staff, publish=False)
    b = make_partner()
    assert api(b.owner.user).get(f"opportunities/{draft.pk}").status_code == 404
    assert api(personas.staff).get(f"opportunities/{draft.pk}").status_code == 200
    live = make_opportunity(personas.staff)
    r = api(b.owner.user).get(f"opportunities/{live.pk}")
    assert r.status_code == 200 and r.json()["fit"] is True


def test_applications_list_is_staff_only_keyset_and_filtered(api, personas):
    o = make_opportunity(personas.staff)
    apps = []
    for gender in ("P", "L", "P"):
        b = make_partner(gender=gender)
        apps.append(services.application_apply(user=b.owner.user, opportunity=o, business=b))
    client = api(personas.staff)
    page = client.get(f"opportunities/{o.pk}/applications", {"size": 2}).json()
    assert set(page) == {"items", "next_cursor", "has_more"} and page["has_more"] is True
    item = page["items"][0]
    assert "*" in item["nik_masked"] and item["fit"] is True
    women = client.get(f"opportunities/{o.pk}/applications", {"gender": "P"}).json()["items"]
    assert len(women) == 2
    for who in ("rt_chair", "outsider", "bank_officer", "head"):
        assert (
            api(getattr(personas, who)).get(f"opportunities/{o.pk}/applications").status_code == 403
        )
    assert api(apps[0].applicant).get(f"opportunities/{o.pk}/applications").status_code == 403


def test_selection_api(api, personas):
    o = make_opportunity(personas.staff, quota=1)
    apps = []
    for _ in range(2):
        b = make_partner()
        apps.append(services.application_apply(user=b.owner.user, opportunity=o, business=b))
    client = api(personas.staff)
    r = client.post(f"opportunities/{o.pk}/selection", {"selected": [apps[0].pk]})
    assert r.status_code == 409
    client.post(f"opportunities/{o.pk}/close")
    r = client.post(f"opportunities/{o.pk}/selection", {"selected": [a.pk for a in apps]})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "quota_exceeded"
    r = api(apps[0].applicant).post(f"opportunities/{o.pk}/selection", {"selected": []})
    assert r.status_code == 403
    r = client.post(f"opportunities/{o.pk}/selection", {"selected": [apps[0].pk]})
    assert r.status_code == 200 and r.json() == {"selected": 1, "not_selected": 1}
    assert client.get(f"opportunities/{o.pk}").json()["status"] == "selected"


def test_my_applications(api, personas):
    o = make_opportunity(personas.staff)
    b, other = make_partner(), make_partner()
    services.application_apply(user=b.owner.user, opportunity=o, business=b)
    services.application_apply(user=other.owner.user, opportunity=o, business=other)
    page = api(b.owner.user).get("me/opportunity-applications").json()
    assert set(page) == {"items", "next_cursor", "has_more"}
    assert [(i["opportunity"], i["status"], i["business"]) for i in page["items"]] == [
        (o.pk, "applied", b.pk)
    ]
    assert api(personas.outsider).get("me/opportunity-applications").json()["items"] == []


@pytest.mark.parametrize("path", ["publish", "close", "cancel"])
def test_steps_are_staff_only(api, personas, path):
    o = make_opportunity(personas.staff, publish=False)
    b = make_partner()
    assert api(b.owner.user).post(f"opportunities/{o.pk}/{path}").status_code == 403
    assert api(personas.rt_chair).patch(f"opportunities/{o.pk}", {"title": "x"}).status_code == 403
