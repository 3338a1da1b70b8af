"""The catalog API's contract (issue 8, classes 5 and 10): each answer has the declared shape
(the product detail, my products and the categories were typed as a bare object), and a
business that is not the caller's gets the same answer whether or not it exists."""

from __future__ import annotations

import pytest
from django.test import Client

from berdaya.catalog.models import Product
from berdaya.catalog.tests import helpers

pytestmark = pytest.mark.django_db

PRIVATE = {"status", "pending_edit", "pending", "curator_note", "hidden_reason"}


def _schema(name: str) -> dict:
    spec = Client().get("/api/v1/openapi.json").json()
    return spec["components"]["schemas"][name]


def _ref(spec_part: dict) -> str:
    return spec_part["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]


def test_the_product_answers_are_typed_in_the_document():
    spec = Client().get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    detail = paths["/api/v1/catalog/products/{product_id}"]
    assert _ref(detail["get"]["responses"]["200"]) == "DetailOut"
    assert _ref(detail["patch"]["responses"]["200"]) == "DetailOut"
    assert _ref(paths["/api/v1/me/products"]["get"]["responses"]["200"]) == "OwnProductsOut"
    categories = paths["/api/v1/catalog/categories"]["get"]["responses"]["200"]
    items = categories["content"]["application/json"]["schema"]["items"]
    assert items["$ref"].endswith("/CategoryOut")
    assert PRIVATE <= set(_schema("DetailOut")["properties"])
    business = _schema("ItemOut")["properties"]["business"]["$ref"]
    assert business.endswith("/CatalogBusinessOut")
    assert set(_schema("CatalogBusinessOut")["required"]) == {"name", "url", "kecamatan"}


def test_the_public_detail_has_no_private_fields_and_the_owners_has_them(people, api, published):
    public = api().get(f"catalog/products/{published.pk}").json()
    own = api(people.partner).get(f"catalog/products/{published.pk}").json()
    assert not PRIVATE & set(public)
    assert PRIVATE <= set(own)
    assert set(public["business"]) == {"name", "url", "kecamatan"}
    mine = api(people.partner).get("me/products").json()["items"][0]
    assert {"weeks", "views_total", "clicks_total"} <= set(mine)
    assert {"slug", "name"} == set(api().get("catalog/categories").json()[0])


def test_a_pending_edit_is_answered_with_its_typed_fields(people, api, published):
    patched = api(people.partner).patch(
        f"catalog/products/{published.pk}", {"name": "Keripik Balado Pedas", "price_rupiah": 9000}
    )
    assert patched.status_code == 200, patched.content
    pending = patched.json()["pending"]
    assert pending["name"] == "Keripik Balado Pedas" and pending["price_rupiah"] == 9000


def test_someone_elses_business_and_a_made_up_one_get_the_same_answer(people, api):
    # Given a partner, another partner's business and a business id that does not exist
    body = helpers.product_data()
    others = people.other_reg.business.pk
    # When the partner creates a product for either
    answers = []
    for business in (others, 987654, 10**30):
        response = api(people.partner).post("catalog/products", {**body, "business": business})
        answers.append((response.status_code, response.json()))
    # Then the answers are the same (no oracle of which business ids exist)
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 403
    assert not Product.objects.exists()
