"""Class 10, found by Schemathesis: each test walks every operation of the API, so a new router
cannot bring the fault back.

* A JSON body that is not an object (``[]``, ``"x"``, ``1``, ``null``) was read by ninja as an
  object with every field at its default: a PATCH with ``[]`` changed nothing and answered 200.
* Two routers' schemas of the same class name (``BusinessOut`` of the registry, the catalog and
  the opportunities) became one component of the OpenAPI document: the registry's answers were
  then checked against the opportunities' shape.
* Answers typed as a bare ``dict`` declared nothing of their content.
"""

from __future__ import annotations

import inspect
import re
import typing
from collections import defaultdict

import pytest
from django.test import Client
from pydantic import BaseModel

from berdaya.api.api import api

pytestmark = pytest.mark.django_db

NOT_OBJECTS = ("[]", '["x"]', '"x"', "1", "true", "null")


def _spec() -> dict:
    return Client().get("/api/v1/openapi.json").json()


def _json_body_operations(spec: dict) -> list[tuple[str, str, bool]]:
    """(method, path with ids, whether the document allows a ``null`` body)."""
    found = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            media = op.get("requestBody", {}).get("content", {}).get("application/json")
            if media is not None:
                variants = media["schema"].get("anyOf", [])
                nullable = {"type": "null"} in variants
                found.append((method, re.sub(r"\{[^}]+\}", "1", path), nullable))
    return found


def test_every_json_body_that_is_not_an_object_is_refused_with_422(personas):
    # Given a signed-in staff member (past authentication, so the body is what is checked)
    client = Client()
    client.force_login(personas.staff)
    operations = _json_body_operations(_spec())
    assert len(operations) > 30
    accepted = []
    # When each operation with a JSON body gets a body that is not an object
    for method, path, nullable in operations:
        for body in NOT_OBJECTS:
            if body == "null" and nullable:  # an optional body, documented as such
                continue
            response = client.generic(method.upper(), path, body, content_type="application/json")
            # Then it is refused as invalid input, never taken for an empty object
            if response.status_code != 422:
                accepted.append((method, path, body, response.status_code))
    assert accepted == []


def test_a_refused_non_object_body_says_an_object_was_expected(personas):
    client = Client()
    client.force_login(personas.staff)
    response = client.patch("/api/v1/opportunities/1", "[]", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "object_expected"


def _models(annotation, found: set) -> None:
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _models(field.annotation, found)
        return
    for arg in typing.get_args(annotation):
        _models(arg, found)


def test_no_two_schemas_of_the_api_share_a_name():
    # Given every model an operation reads or answers with (nested ones too)
    found: set = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in (operation.response_models or {}).values():
                    _models(model, found)
                for model in operation.models:
                    _models(model, found)
    by_name = defaultdict(set)
    for model in found:
        by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    # Then each name is one model: the document's components are keyed by name
    assert {n: sorted(s) for n, s in by_name.items() if len(s) > 1} == {}


def _bare(spec: dict, schema: dict) -> bool:
    ref = schema.get("$ref")
    if ref:
        schema = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    if schema.get("type") == "array":
        return _bare(spec, schema.get("items", {}))
    return schema.get("type") == "object" and not schema.get("properties")


def test_every_success_answer_declares_its_shape():
    spec = _spec()
    bare = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            for status, answer in op["responses"].items():
                if not status.startswith("2") or status == "204":
                    continue
                content = answer.get("content")
                if not content:
                    bare.append((method, path, status, "no content"))
                    continue
                for media, body in content.items():
                    if media == "application/json" and _bare(spec, body.get("schema", {})):
                        bare.append((method, path, status, media))
    assert bare == []


def test_every_query_parameter_with_a_nul_is_refused_with_422(personas):
    # Given every operation's query parameters (PostgreSQL cannot store or compare a NUL: the
    # cooperatives list answered 500 for ?q=...%00...)
    client = Client()
    client.force_login(personas.staff)
    spec = _spec()
    checked, refused = 0, []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            for param in op.get("parameters", []):
                if param["in"] != "query":
                    continue
                url = re.sub(r"\{[^}]+\}", "1", path)
                # When the parameter carries a NUL (or a control character)
                for bad in ("a\x00b", "a\x1bb"):
                    response = client.generic(
                        method.upper(), f"{url}?{param['name']}={bad.replace(chr(0), '%00')}"
                    )
                    checked += 1
                    # Then the answer is 422 on that parameter, before any query runs
                    if response.status_code != 422:
                        refused.append((method, path, param["name"], response.status_code))
    assert checked > 40
    assert refused == []


def test_every_text_path_parameter_goes_through_the_cleaning_layer(personas):
    # Given every path parameter typed as a string (a NIK in the URL)
    client = Client()
    client.force_login(personas.staff)
    spec = _spec()
    checked, passed_on = 0, []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            for param in op.get("parameters", []):
                if param["in"] != "path" or param.get("schema", {}).get("type") != "string":
                    continue
                url = path.replace("{" + param["name"] + "}", "3276%0001019000")
                url = re.sub(r"\{[^}]+\}", "1", url)
                # When it carries a NUL
                response = client.generic(method.upper(), url)
                checked += 1
                # Then it is refused as input, before any lookup
                if response.status_code != 422:
                    passed_on.append((method, path, param["name"], response.status_code))
    assert checked >= 1
    assert passed_on == []


def test_every_operation_with_query_parameters_declares_the_web_servers_414():
    # Given the document (a request line over gunicorn's 4,094 bytes never reaches Django)
    spec = _spec()
    missing = [
        (method, path)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if any(p.get("in") == "query" for p in op.get("parameters", []))
        and op["responses"].get("414", {}).get("content", {}).keys() != {"text/html"}
    ]
    # Then every operation that takes query parameters says it may be answered 414, as HTML
    assert missing == []
    assert "414" not in spec["paths"]["/api/v1/auth/token"]["post"]["responses"]
