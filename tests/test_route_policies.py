"""Authorization, proven for every route (issue 8, "Also wanted").

Every page of the URL configuration (the Django admin excepted) and every operation of the JSON
API (method + path, read from the ninja routers, since one URL may carry several methods) must
have a declared policy in ``tests/route_policies/`` (one module per app); a route without one fails
``test_it_declares_a_policy_for_every_route`` with the list of what is missing.

Each route is then one test that sends a real request against the real database for every
persona: the anonymous visitor, the owner of the world's data, an outsider of each role in another
area, and every persona of ``berdaya.core.personas`` (see ``tests/world/``). An allowed persona
is not refused; every other persona is; a failure lists each persona that broke the policy. A
(route, persona) pair where the code does not yet follow the policy is listed in the policy's
``bugs`` and runs as its own ``xfail(strict=True)`` case: fixing the bug turns it into a failure
that asks for the entry to be removed.

The world is built once for the module inside a transaction rolled back at the end; each test
runs in its own savepoint (pytest-django's ``db``), so a request that changes data changes it
for that test only.

How to declare a policy for a new route: read the module docstring of
``tests/route_policies/__init__.py`` (one line per route: who may use it, which world objects its
parameters take, and whether it is POST-only).
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver

from tests.route_policies import API, PAGES, Lit, Policy
from tests.world import PDF, PERSONAS, World, build_world

API_PREFIX = "/api/v1"
SKIPPED_PREFIXES = ("admin/",)  # the Django admin: staff_member_required, tested by Django


# --- enumeration ------------------------------------------------------------------------------
def page_routes() -> list[str]:
    """Every URL pattern except the admin, static/media files and the API's operations (those are
    enumerated from the routers, with their methods)."""
    skip = tuple(
        prefix.lstrip("/")
        for prefix in (settings.STATIC_URL, getattr(settings, "MEDIA_URL", "") or "")
        if prefix and prefix != "/"
    )
    found: list[str] = []

    def walk(resolver: URLResolver, prefix: str) -> None:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(SKIPPED_PREFIXES) or (skip and route.startswith(skip)):
                continue
            if isinstance(entry, URLResolver):
                walk(entry, route)
            elif isinstance(entry, URLPattern):
                if getattr(entry.callback, "__module__", "") == "ninja.operation":
                    continue  # an API operation: checked per method below
                found.append(route)

    walk(get_resolver(), "")
    return sorted(set(found))


def api_operations() -> list[str]:
    from berdaya.api.api import api

    found = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            full = "/" + "/".join(part for part in (prefix + path).split("/") if part)
            for operation in path_view.operations:
                for method in operation.methods:
                    found.append(f"{method} {full}")
    return sorted(set(found))


PAGE_ROUTES = page_routes()
API_OPERATIONS = api_operations()


def test_it_declares_a_policy_for_every_route():
    missing = [f"page {r!r}" for r in PAGE_ROUTES if r not in PAGES]
    missing += [f"api {o!r}" for o in API_OPERATIONS if o not in API]
    assert not missing, (
        "Routes without a declared policy (add them to tests/route_policies/<app>.py):\n  "
        + "\n  ".join(missing)
    )


def test_it_has_no_policy_for_a_route_that_is_gone():
    stale = [f"page {r!r}" for r in PAGES if r not in PAGE_ROUTES]
    stale += [f"api {o!r}" for o in API if o not in API_OPERATIONS]
    assert not stale, "Policies of routes that no longer exist:\n  " + "\n  ".join(stale)


def test_it_names_only_known_personas():
    for key, policy in {**PAGES, **API}.items():
        named = policy.allow | policy.either | set(policy.bugs) | (policy.seen_by or set())
        assert named <= set(PERSONAS), (key, named - set(PERSONAS))


# --- the world --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module; everything is rolled back when the module ends."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            built = build_world()
            yield built
            transaction.set_rollback(True)


# --- requests and verdicts --------------------------------------------------------------------
PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)(?::\w+)?\}")


def _value(world: World, ref):
    return ref.value if isinstance(ref, Lit) else world.ids[ref]


def _url(world: World, route: str, policy: Policy) -> str:
    def fill(match: re.Match) -> str:
        name = match.group(1) or match.group(2)
        if name not in policy.args:
            raise AssertionError(f"{route}: the policy gives no value for {name!r}")
        return str(_value(world, policy.args[name]))

    url = PARAM.sub(fill, route)
    return url + (f"?{policy.query}" if policy.query else "")


def _data(world: World, data):
    if isinstance(data, dict):
        return {k: _data(world, v) for k, v in data.items()}
    if isinstance(data, list):
        return [_data(world, v) for v in data]
    if data == "@@csv":  # a small CSV upload, new for each request
        return SimpleUploadedFile("data.csv", b"nik,nama\n", content_type="text/csv")
    if data == "@@pdf":
        return SimpleUploadedFile("berkas.pdf", PDF, content_type="application/pdf")
    if isinstance(data, str) and data.startswith("@"):
        return world.ids[data[1:]]
    return data


def _is_login_redirect(response) -> bool:
    if response.status_code not in (301, 302, 303):
        return False
    return urlparse(response["Location"]).path == resolve_url(settings.LOGIN_URL)


def _describe(response) -> str:
    where = f" -> {response['Location']}" if response.has_header("Location") else ""
    return f"{response.status_code}{where}"


def _body(response) -> str:
    kind = response.get("Content-Type", "")
    if getattr(response, "streaming", False) or not (kind.startswith("text/") or "json" in kind):
        return ""
    return response.content.decode("utf-8", "replace")


def check_allowed(response, *, what: str) -> None:
    assert response.status_code not in (401, 403, 404, 405, 500) and not _is_login_redirect(
        response
    ), f"{what}: an allowed persona was refused ({_describe(response)})"


def check_refused(response, *, persona: str, api: bool, what: str, by_rule=False) -> None:
    status = response.status_code
    logged_in = (403, 404, 422) if by_rule else (403, 404)
    if api:
        ok = status == 401 if persona == "anon" else status in logged_in
    elif persona == "anon":
        ok = status in (401, 403, 404) or _is_login_redirect(response)
    else:
        ok = status in logged_in
    assert ok, f"{what}: a persona outside the policy was not refused ({_describe(response)})"


def check_marker(world: World, policy: Policy, response, persona: str, *, allowed: bool, what):
    if not policy.marker:
        return
    text = world.text[policy.marker]
    body = _body(response)
    if allowed and policy.seen_by is not None and persona in policy.seen_by:
        assert text in body, f"{what}: {policy.marker} ({text!r}) missing for {persona}"
    else:
        assert text not in body, f"{what}: {persona} sees {policy.marker} ({text!r})"


def page_request(world: World, route: str, policy: Policy, persona: str, method: str):
    client = world.client(persona)
    url = "/" + _url(world, route, policy)
    if method == "GET":
        return client.get(url)
    return client.post(url, data=_data(world, policy.data or {}))


def api_request(world: World, key: str, policy: Policy, persona: str):
    method, path = key.split(" ", 1)
    client = world.client("anon")  # the API is called with the bearer token only
    url = API_PREFIX + _url(world, path, policy)
    send = getattr(client, method.lower())
    headers = world.api_headers(persona)
    if method in ("GET", "DELETE") and policy.data is None:
        return send(url, headers=headers)
    if policy.multipart:
        return send(url, data=_data(world, policy.data), headers=headers)
    body = json.dumps(_data(world, policy.data if policy.data is not None else {}))
    return send(url, data=body, content_type="application/json", headers=headers)


# --- the cases --------------------------------------------------------------------------------
def check_case(world: World, kind: str, key: str, persona: str) -> None:
    """One persona on one route: a real request, and the verdict of the route's policy."""
    policy = PAGES[key] if kind == "page" else API[key]
    allowed = persona in policy.allow
    what = f"{kind} {key!r} as {persona}"
    if kind == "api":
        response = api_request(world, key, policy, persona)
        if persona in policy.either:
            assert response.status_code < 500, what
            return
        if allowed:
            check_allowed(response, what=what)
        else:
            check_refused(
                response, persona=persona, api=True, what=what, by_rule=policy.rule_refusal
            )
        check_marker(world, policy, response, persona, allowed=allowed, what=what)
        return

    method = "POST" if policy.post else "GET"
    response = page_request(world, key, policy, persona, method)
    if persona in policy.either:
        assert response.status_code < 500, what
        return
    if allowed:
        check_allowed(response, what=f"{method} {what}")
        check_marker(world, policy, response, persona, allowed=True, what=what)
        return
    check_refused(
        response, persona=persona, api=False, what=f"{method} {what}", by_rule=policy.rule_refusal
    )
    check_marker(world, policy, response, persona, allowed=False, what=what)
    if policy.post:
        # A POST-only page must not answer a refused persona's GET with a page either.
        response = page_request(world, key, policy, persona, "GET")
        assert response.status_code != 200, f"GET {what}: 200 for a refused persona"
    elif policy.form:
        response = page_request(world, key, policy, persona, "POST")
        check_refused(response, persona=persona, api=False, what=f"POST {what}")


def _routes():
    for kind, policies, routes in (("page", PAGES, PAGE_ROUTES), ("api", API, API_OPERATIONS)):
        for key in routes:
            if key in policies:  # a missing one is reported by the declaration test
                yield kind, key, policies[key]


ROUTE_CASES = [pytest.param(kind, key, id=f"{kind} {key or '/'}") for kind, key, _ in _routes()]
BUG_CASES = [
    pytest.param(
        kind,
        key,
        persona,
        id=f"{kind} {key or '/'} [{persona}]",
        marks=pytest.mark.xfail(strict=True, reason=policy.bugs[persona]),
    )
    for kind, key, policy in _routes()
    for persona in PERSONAS
    if persona in policy.bugs
]


@pytest.mark.parametrize(("kind", "key"), ROUTE_CASES)
def test_it_follows_the_declared_policy(world, db, kind, key):
    """Every persona on this route (those with a known bug have their own xfail case below);
    each request in a savepoint of its own, so one persona's POST does not change the next's."""
    policy = PAGES[key] if kind == "page" else API[key]
    problems = []
    for persona in PERSONAS:
        if persona in policy.bugs:
            continue
        try:
            with transaction.atomic():
                check_case(world, kind, key, persona)
                transaction.set_rollback(True)
        except AssertionError as exc:
            problems.append(str(exc).splitlines()[0])
        except Exception as exc:  # a server error: the test client re-raises the view's exception
            problems.append(f"{kind} {key!r} as {persona}: server error {exc!r}")
    assert not problems, f"{len(problems)} persona(s) break the policy:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize(("kind", "key", "persona"), BUG_CASES)
def test_it_follows_the_declared_policy_where_a_bug_is_known(world, db, kind, key, persona):
    check_case(world, kind, key, persona)
