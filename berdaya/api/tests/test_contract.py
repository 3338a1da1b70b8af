"""Class 10: anonymous writes are 401 (not a CSRF 403), session writes are CSRF-checked, and the
OpenAPI document declares every answer an operation can give, with typed error bodies."""

import pytest
from django.test import Client

from berdaya.core.personas import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_an_anonymous_post_is_401_not_a_csrf_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/registrations/1/review", {"decision": "verify"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_session_write_without_the_csrf_token_is_refused(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.staff)
    response = client.delete("/api/v1/auth/tokens")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    client.get("/notifikasi/")  # a page with a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    ok = client.delete("/api/v1/auth/tokens", headers={"X-CSRFToken": token})
    assert ok.status_code == 200


def test_a_bearer_write_needs_no_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    login = client.post(
        "/api/v1/auth/token",
        {"username": "081200000003", "password": DEMO_PASSWORD},
        content_type="application/json",
    )
    assert login.status_code == 200
    key = login.json()["token"]
    response = client.delete("/api/v1/auth/tokens", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200


def _spec():
    return Client().get("/api/v1/openapi.json").json()


def _resolve(spec, schema):
    ref = schema.get("$ref")
    if ref:
        return spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return schema


def test_every_operation_declares_its_error_answers():
    spec = _spec()
    missing = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            codes = set(op["responses"])
            wanted = {"422"}
            if op.get("security"):
                wanted |= {"401", "403"}
            if "{" in path:
                wanted.add("404")
            if method in ("post", "put", "patch", "delete"):
                wanted.add("409")
            if (method, path) == ("post", "/api/v1/auth/token"):
                wanted |= {"429"}
            if not wanted <= codes:
                missing.append((method, path, sorted(wanted - codes)))
    assert missing == []


def test_error_answers_have_typed_schemas_that_match_the_real_bodies():
    spec = _spec()
    op = spec["paths"]["/api/v1/registrations/{registration_id}/review"]["post"]
    for status in ("401", "403", "404", "409"):
        schema = _resolve(spec, op["responses"][status]["content"]["application/json"]["schema"])
        assert {"code", "message"} <= set(schema["properties"]), status
        assert {"code", "message"} <= set(schema["required"]), status
    schema = _resolve(spec, op["responses"]["422"]["content"]["application/json"]["schema"])
    item = _resolve(spec, schema["properties"]["errors"]["items"])
    assert {"field", "code", "message", "members"} <= set(item["properties"])
    token = spec["paths"]["/api/v1/auth/token"]["post"]["responses"]["429"]
    throttled = _resolve(spec, token["content"]["application/json"]["schema"])
    assert {"code", "message", "retry_after_seconds"} <= set(throttled["required"])
    assert "Retry-After" in token["headers"]


def test_no_response_of_accounts_or_the_api_is_a_bare_object():
    spec = _spec()
    for path in ("/api/v1/auth/token", "/api/v1/auth/tokens", "/api/v1/me"):
        for op in spec["paths"][path].values():
            for status, answer in op["responses"].items():
                for media in answer.get("content", {}).values():
                    schema = _resolve(spec, media["schema"])
                    assert schema.get("properties") or schema.get("$ref"), (path, status)
