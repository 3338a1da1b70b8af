"""Shared test fixtures: the named personas, an API client with tokens, and the browser."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from berdaya.accounts.personas import create_personas
from berdaya.core.personas import DEMO_PASSWORD

# Property tests: no per-example deadline and no "too slow" check (CI machines are shared).
hypothesis_settings.register_profile(
    "berdaya", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=100
)
hypothesis_settings.load_profile("berdaya")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Each test database, once migrated, gets the regions of the configured city
    (``BERDAYA_CITY_CODE``): set-up data (``manage.py load_regions``), not migration data."""
    from django.conf import settings

    from berdaya.regions.services import regions_load

    with django_db_blocker.unblock():
        regions_load(city_code=settings.BERDAYA_CITY_CODE)


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "phone_page", "desktop_page"}
_REFERENCE_DATA: dict[str, str] = {}


def pytest_collection_modifyitems(items):
    """A transactional test (browser tests, threads) empties every table when it ends, which would
    wipe the reference data that migrations and ``django_db_setup`` load (regions, KBLI,
    institutions, products, targets) for the tests that run after it. Such tests get
    ``_restore_reference_data`` as their first fixture, so it is torn down last: right after the
    flush, it loads the data back."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = bool(marker and marker.kwargs.get("transaction"))
        if transactional or TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.fixturenames.insert(0, "_restore_reference_data")


@pytest.fixture
def _restore_reference_data(django_db_setup, django_db_blocker):
    from django.db import connections

    with django_db_blocker.unblock():
        for conn in connections.all():
            if conn.alias not in _REFERENCE_DATA:
                # The first transactional test starts from the migrated state: remember it.
                _REFERENCE_DATA[conn.alias] = conn.creation.serialize_db_to_string()
    yield
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    with django_db_blocker.unblock():
        # The flush re-created content types and permissions with new ids; take the saved ones.
        Permission.objects.all().delete()
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        for conn in connections.all():
            conn.creation.deserialize_db_from_string(_REFERENCE_DATA[conn.alias])


@pytest.fixture
def personas(db):
    """Every persona of ``berdaya.core.personas`` (rt_chair, rw_chair, kelurahan_officer, staff,
    admin, bank_officer, baznas_officer, head, other_rt_chair, far_rt_chair, outsider)."""
    return create_personas()


class ApiClient:
    """A thin JSON client for /api/v1 that logs in as a user with a bearer token."""

    def __init__(self, user=None):
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None:
            self.login(user)

    def login(self, user, password: str = DEMO_PASSWORD):
        response = self.client.post(
            "/api/v1/auth/token",
            data=json.dumps({"username": str(user.phone), "password": password}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        self.headers = {"Authorization": f"Bearer {response.json()['token']}"}
        return self

    def _call(self, method: str, path: str, data=None, headers=None, **kwargs):
        url = path if path.startswith("/") else f"/api/v1/{path}"
        send = getattr(self.client, method)
        all_headers = {**self.headers, **(headers or {})}
        if method in ("get", "delete"):
            return send(url, data=data, headers=all_headers, **kwargs)
        return send(
            url,
            data=json.dumps(data if data is not None else {}),
            content_type="application/json",
            headers=all_headers,
            **kwargs,
        )

    def get(self, path, data=None, **kw):
        return self._call("get", path, data, **kw)

    def post(self, path, data=None, **kw):
        return self._call("post", path, data, **kw)

    def put(self, path, data=None, **kw):
        return self._call("put", path, data, **kw)

    def patch(self, path, data=None, **kw):
        return self._call("patch", path, data, **kw)

    def delete(self, path, data=None, **kw):
        return self._call("delete", path, data, **kw)


@pytest.fixture
def api():
    """``api(user)`` -> an ApiClient logged in as ``user`` (``api()`` for anonymous calls)."""

    def make(user=None):
        return ApiClient(user)

    return make


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"


# --- Browser tests --------------------------------------------------------------------------
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (scripts/ensure_chromium.sh installs it)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    # expect(...) waits 5 s by default, a locator's wait_for 30 s: a page that takes longer on a
    # busy CI machine is still right, so its checks wait as long as its steps do
    expect.set_options(timeout=30_000)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def phone_page(browser, live_server):
    """A page in a 360 px wide phone viewport; ``phone_page.base`` is the live server URL."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def page_fits(page, width: int | None = None, seconds: float = 5.0) -> bool:
    """Whether the page is no wider than ``width`` (the viewport's width by default): nothing
    scrolls sideways. The one way browser tests measure it (tests/test_browser_test_hygiene.py).

    Right after a click the next document may be committed but not yet parsed (its
    ``documentElement`` is null) or a navigation may destroy the context mid-measurement, so it
    waits for the page's load (its style sheets too), then measures a complete document; while
    the document is not ready it measures again, for up to ``seconds`` (polled in Python: the
    site's CSP refuses page.wait_for_function's string predicates). Wait for something only the
    new page has before calling it: a click that has not navigated yet leaves the old page here.
    """
    import time

    from playwright.sync_api import Error

    width = width if width is not None else page.viewport_size["width"]
    deadline = time.monotonic() + seconds
    while True:
        try:
            page.wait_for_load_state("load")
            measured = page.evaluate(
                "document.readyState === 'complete' && document.documentElement"
                " ? document.documentElement.scrollWidth : null"
            )
        except Error as error:  # the context went away with a navigation: measure the next one
            if not any(sign in str(error) for sign in _NAVIGATED) or time.monotonic() > deadline:
                raise
            measured = None
        if measured is not None:
            return measured <= width
        if time.monotonic() > deadline:
            raise AssertionError(f"the page was not ready to be measured within {seconds} s")
        time.sleep(0.05)


_NAVIGATED = ("Execution context was destroyed", "Cannot find context", "navigat")


def browser_login(page, user, password: str = DEMO_PASSWORD):
    """Log ``user`` in through the login page."""
    page.goto(page.base + "/akun/masuk/")
    page.fill("#id_username", str(user.phone))
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections(request, django_db_blocker):
    """Threads of the live server and of the concurrency tests may leave PostgreSQL sessions open;
    end them before the test database is dropped, so it is dropped cleanly. Only a run with
    database tests sets the test database up (a run of plain tests never touches a database)."""
    if not any("django_db_setup" in item.fixturenames for item in request.session.items):
        yield
        return
    request.getfixturevalue("django_db_setup")
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
