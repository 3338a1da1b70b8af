"""The catalog API contract and who reaches each route."""

from __future__ import annotations

import pytest
from django.test import Client

from berdaya.catalog import services
from berdaya.catalog.models import Product
from berdaya.catalog.tests import helpers

pytestmark = pytest.mark.django_db

ITEM_KEYS = {
    "id", "name", "price_rupiah", "price_max_rupiah", "unit", "category", "photo_url", "url",
    "whatsapp_url", "business",
}  # fmt: skip


def _body(people, **over):
    data = helpers.product_data(**over)
    data["business"] = people.partner_reg.business.pk
    return data


def test_it_creates_a_draft_through_the_api(people, api):
    response = api(people.partner).post("catalog/products", _body(people))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and Product.objects.filter(pk=body["id"]).exists()


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"price_rupiah": 0}, "price_invalid"),
        ({"price_rupiah": -1}, "price_invalid"),
        ({"price_rupiah": 5000, "price_max_rupiah": 4000}, "price_invalid"),
        ({"price_rupiah": 2_000_000_000}, "price_unconfirmed"),
        ({"whatsapp": "021 7777 8888"}, "whatsapp_invalid"),
        ({"marketplace_links": ["https://evil.example/toko"]}, "link_not_allowed"),
        ({"marketplace_links": ["http://tokopedia.com/toko"]}, "link_not_allowed"),
        ({"category": "senjata"}, "category_unknown"),
    ],
)
def test_it_refuses_bad_input_with_a_code_and_saves_nothing(people, api, over, code):
    response = api(people.partner).post("catalog/products", _body(people, **over))
    assert response.status_code == 422
    assert code in [e["code"] for e in response.json()["errors"]]
    assert not Product.objects.exists()


def test_it_refuses_an_unverified_business_with_422(people, api):
    body = _body(people)
    body["business"] = people.applicant_reg.business.pk
    response = api(people.applicant).post("catalog/products", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "business_not_verified"


def test_it_refuses_another_partners_business_and_visitors(people, api):
    assert api(people.other_partner).post("catalog/products", _body(people)).status_code == 403
    assert api().post("catalog/products", _body(people)).status_code == 401


def test_it_runs_the_whole_workflow_through_the_api(people, api):
    partner, staff = api(people.partner), api(people.staff)
    pk = partner.post("catalog/products", _body(people, name="Bolu Pandan")).json()["id"]
    upload = helpers.upload()
    response = partner.client.post(
        f"/api/v1/catalog/products/{pk}/photos", {"file": upload}, headers=partner.headers
    )
    assert response.status_code == 201, response.content
    assert set(response.json()["urls"]) == {"320", "640", "1280"}
    assert partner.post(f"catalog/products/{pk}/submit").json()["status"] == "in_review"
    assert partner.post(f"catalog/products/{pk}/submit").status_code == 409
    decision = staff.post(f"catalog/products/{pk}/curation", {"decision": "publish", "note": ""})
    assert decision.status_code == 200 and decision.json()["status"] == "published"
    again = staff.post(f"catalog/products/{pk}/curation", {"decision": "publish"})
    assert again.status_code == 409 and again.json()["code"] == "wrong_status"
    # an edit keeps it published with pending_edit
    patched = partner.patch(f"catalog/products/{pk}", {"name": "Bolu Pandan Keju"})
    assert patched.status_code == 200
    assert patched.json()["status"] == "published" and patched.json()["pending_edit"] is True
    assert api().get(f"catalog/products/{pk}").json()["name"] == "Bolu Pandan"
    assert patched.json()["pending"]["name"] == "Bolu Pandan Keju"
    staff.post(f"catalog/products/{pk}/curation", {"decision": "publish"})
    assert api().get(f"catalog/products/{pk}").json()["name"] == "Bolu Pandan Keju"
    hidden = staff.post(f"catalog/products/{pk}/curation", {"decision": "hide", "note": "Palsu"})
    assert hidden.json()["status"] == "hidden"
    assert api().get(f"catalog/products/{pk}").status_code == 404


def test_it_lists_published_products_only_with_the_public_fields(people, api, published, draft):
    response = api().get("catalog/products")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["id"] for i in items] == [published.pk]
    item = items[0]
    assert set(item) == ITEM_KEYS
    assert set(item["business"]) == {"name", "url", "kecamatan"}
    assert item["business"] == {
        "name": "Kue Basah Bu Siti",
        "url": f"http://testserver/katalog/toko/{published.storefront.slug}/",
        "kecamatan": "Beji",
    }
    assert item["category"] == "kue" and item["url"].endswith(f"/katalog/produk/{published.pk}/")
    # the counting link answers with a redirect to wa.me
    redirect = Client().get(item["whatsapp_url"], headers={"user-agent": "Mozilla/5.0"})
    assert redirect.status_code == 302
    assert redirect["Location"].startswith("https://wa.me/6281234567890?text=")
    # nothing about the owner
    text = response.content.decode()
    owner = people.partner_reg.person
    assert owner.nik not in text and owner.phone[-8:] not in text
    assert owner.full_name not in text and owner.street_address not in text


def test_it_filters_the_public_list(people, api, published):
    other = helpers.make_product(
        people.other_partner, people.other_reg.business, name="Sambal Roa", category="bumbu",
        price_rupiah=30000, halal_number="",
    )  # fmt: skip
    helpers.publish_as(other, people.other_partner, people.staff)

    def ids(**params):
        return {i["id"] for i in api().get("catalog/products", params).json()["items"]}

    assert ids() == {published.pk, other.pk}
    assert ids(category="bumbu") == {other.pk}
    assert ids(halal="true") == {published.pk}
    assert ids(price_min=50000) == {published.pk}
    assert ids(price_max=50000) == {other.pk}
    assert ids(kecamatan="32.76.06") == {published.pk, other.pk}
    assert ids(kecamatan="32.76.01") == set()
    assert ids(q="sambal") == {other.pk}
    assert ids(q="keripik singkong") == {published.pk}


def test_it_pages_with_a_cursor_and_never_repeats(people, api):
    for i in range(7):
        product = helpers.make_product(people.partner, people.partner_reg.business, name=f"Kue {i}")
        helpers.publish(product, people)
    seen, cursor = [], ""
    while True:
        body = api().get("catalog/products", {"size": 3, "cursor": cursor}).json()
        seen += [i["id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 7 and len(set(seen)) == 7


def test_it_shows_a_product_by_status_to_the_right_people(people, api, draft, published):
    assert api().get(f"catalog/products/{published.pk}").status_code == 200
    assert "status" not in api().get(f"catalog/products/{published.pk}").json()
    for user in (None, people.other_partner, people.rt_chair, people.bank_officer):
        assert api(user).get(f"catalog/products/{draft.pk}").status_code == 404
    own = api(people.partner).get(f"catalog/products/{draft.pk}")
    assert own.status_code == 200 and own.json()["status"] == "draft"
    assert api(people.staff).get(f"catalog/products/{draft.pk}").json()["status"] == "draft"


def test_it_lets_only_the_owner_change_a_product(people, api, draft, published):
    for route in ("submit", "hide"):
        assert (
            api(people.other_partner).post(f"catalog/products/{draft.pk}/{route}").status_code
            == 404
        )
        # staff see the draft but do not change it for the owner
        assert api(people.staff).post(f"catalog/products/{draft.pk}/{route}").status_code == 403
        assert api().post(f"catalog/products/{draft.pk}/{route}").status_code == 401
    # a public product of someone else: 403
    assert (
        api(people.other_partner)
        .patch(f"catalog/products/{published.pk}", {"name": "X"})
        .status_code
        == 403
    )
    assert (
        api(people.other_partner).patch(f"catalog/products/{draft.pk}", {"name": "X"}).status_code
        == 404
    )
    photo = api(people.other_partner)
    response = photo.client.post(
        f"/api/v1/catalog/products/{draft.pk}/photos",
        {"file": helpers.upload()},
        headers=photo.headers,
    )
    assert response.status_code == 404


def test_it_lets_only_staff_curate(people, api, draft):
    services.product_submit(actor=people.partner, product=draft)
    for user in (people.partner, people.head, people.kelurahan_officer, people.outsider):
        response = api(user).post(f"catalog/products/{draft.pk}/curation", {"decision": "publish"})
        assert response.status_code == 403
    assert (
        api().post(f"catalog/products/{draft.pk}/curation", {"decision": "publish"}).status_code
        == 401
    )
    bad = api(people.staff).post(f"catalog/products/{draft.pk}/curation", {"decision": "maybe"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["code"] == "decision_invalid"
    # said in the words the staff page shows, never the codes
    message = bad.json()["errors"][0]["message"]
    assert "tayangkan" in message and not {"publish", "needs_changes", "hide"} & set(
        message.replace(",", " ").replace(".", " ").split()
    )


def test_it_refuses_a_sixth_photo_and_a_non_image_through_the_api(people, api, draft):
    partner = api(people.partner)
    url = f"/api/v1/catalog/products/{draft.pk}/photos"
    bad = partner.client.post(
        url, {"file": helpers.upload(b"not an image")}, headers=partner.headers
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["code"] == "photo_invalid"
    for _ in range(5):
        services.product_photo_add(actor=people.partner, product=draft, upload=helpers.upload())
    sixth = partner.client.post(url, {"file": helpers.upload()}, headers=partner.headers)
    assert sixth.status_code == 422 and sixth.json()["errors"][0]["code"] == "photo_limit"


def test_it_gives_the_partner_views_and_clicks_per_week(people, api, published, draft):
    services.product_view_count(product=published)
    services.product_view_count(product=published)
    services.product_click_count(product=published)
    body = api(people.partner).get("me/products").json()
    by_id = {i["id"]: i for i in body["items"]}
    assert set(by_id) == {published.pk, draft.pk}
    assert by_id[published.pk]["weeks"][0]["views"] == 2
    assert by_id[published.pk]["weeks"][0]["clicks"] == 1
    assert by_id[draft.pk]["weeks"] == []
    assert api(people.other_partner).get("me/products").json()["items"] == []
    assert api().get("me/products").status_code == 401


def test_it_lists_the_categories(api):
    slugs = [c["slug"] for c in api().get("catalog/categories").json()]
    assert len(slugs) >= 12 and {"makanan", "minuman", "kue", "fesyen", "jasa"} <= set(slugs)
