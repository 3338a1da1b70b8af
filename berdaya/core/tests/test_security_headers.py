"""Class 11 (headers): a strict Content-Security-Policy, no inline script anywhere, and personal
answers are not cached."""

import re

import pytest
from django.test import Client

from berdaya.core.personas import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I
)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2]
        for part in header.split(";")
        if part.strip()
    }


def test_pages_carry_a_strict_policy():
    response = Client().get("/akun/masuk/")
    policy = _policy(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]


def _paths_without_arguments() -> list[str]:
    """Every page of the URL configuration that takes no argument (the API excluded)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                if route.startswith(("api/", "i18n/")):
                    continue
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern):
                full = prefix + route
                if "<" in full or "(?P" in full or "^" in full or "$" in full:
                    continue
                if full.endswith((".xlsx", ".pdf", ".csv", ".svg", ".png")):
                    continue  # files, not pages
                if full.startswith("admin/"):
                    continue  # Django's own admin: a few of its pages are checked below
                found.append("/" + full)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def test_rendered_pages_have_no_inline_script_or_event_handler(personas):
    paths = _paths_without_arguments()
    assert "/akun/masuk/" in paths and "/notifikasi/" in paths
    checked = 0
    for user in (None, personas.admin, personas.rt_chair, personas.bank_officer):
        client = Client()
        if user is not None:
            client.force_login(user)
        admin = ["/admin/", "/admin/accounts/user/", "/admin/accounts/breachreport/add/"]
        for path in paths + admin:
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            assert not INLINE_SCRIPT.search(html), (user, path, INLINE_SCRIPT.search(html))
            assert not HANDLER.search(html), (user, path, HANDLER.search(html))
            checked += 1
    assert checked > 20


def test_personal_pages_and_api_answers_are_not_stored(personas):
    client = Client()
    client.force_login(personas.staff)
    assert "no-store" in client.get("/notifikasi/")["Cache-Control"]
    api = Client()
    token = api.post(
        "/api/v1/auth/token",
        {"username": "081200000020", "password": DEMO_PASSWORD},
        content_type="application/json",
    )
    assert "no-store" in token["Cache-Control"]
    me = api.get("/api/v1/me", headers={"Authorization": f"Bearer {token.json()['token']}"})
    assert "no-store" in me["Cache-Control"]


def test_public_pages_stay_cacheable():
    response = Client().get("/api/v1/regions/kelurahan")
    assert "no-store" not in response.get("Cache-Control", "")
