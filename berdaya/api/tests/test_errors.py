"""The API's error shapes: stable codes and Indonesian messages, never ninja's English defaults."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/registrations", "/api/v1/auth/token"])
def test_a_body_that_is_not_json_is_400_with_a_code(url):
    response = Client().post(url, data="{bad", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_json",
        "message": "Isi permintaan bukan JSON yang sah.",
    }


def test_a_missing_field_is_422_with_field_and_code():
    response = Client().post("/api/v1/auth/token", data="{}", content_type="application/json")
    assert response.status_code == 422
    fields = {(e["field"], e["code"]) for e in response.json()["errors"]}
    assert fields == {("username", "required"), ("password", "required")}


def test_a_multipart_body_without_a_boundary_is_400_json(personas):
    from berdaya.core.personas import DEMO_PASSWORD

    client = Client()
    login = client.post(
        "/api/v1/auth/token",
        {"username": "081200000003", "password": DEMO_PASSWORD},
        content_type="application/json",
    )
    headers = {"Authorization": f"Bearer {login.json()['token']}"}
    response = client.generic(
        "POST",
        "/api/v1/catalog/products/1/photos",
        b"--x--",
        content_type="multipart/form-data",
        headers=headers,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_body"
