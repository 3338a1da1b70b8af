"""Links a role is shown lead to pages it may open (issue 14: "Links to pages the user may
not open").

Every persona of the route-policy world (``tests/world``) starts at the home page, breadth-first
follows every internal ``<a href>`` it is shown (up to ``MAX_DEPTH`` links away and
``PAGE_BUDGET`` pages read) and asks each link's page with the same session. A link that answers
403 or 404 (or a server error, or the login page to someone signed in) is a link the role should
not have been shown: the template must ask the same rule the view asks (or the view is wrong).
The test fails with every such (persona, page that showed it, link, answer).

GET forms' actions and ``hx-get`` endpoints are asked too (``_Links``).
Skipped: other sites, ``mailto:``/``tel:``/``javascript:``, ``#`` anchors, static and media files
and the logout. A download (an answer that is not HTML) is asked for its status but not read.
Each persona's crawl runs in a savepoint rolled back at its end (a visit may count or log).
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.world import PERSONAS, build_world

MAX_DEPTH = 3  # links away from the home page (the menu is on every page)
PAGE_BUDGET = 150  # pages read per persona (the world's busiest role, staff, reads about 100)
BAD = (403, 404, 405)


class _Links(HTMLParser):
    """What a page lets the user open with a GET: ``<a href>``, a GET form's action (a search
    or a filter; no action is the page itself) and an ``hx-get`` endpoint (a live lookup the
    page calls). POST forms are not sent (a crawl must not act)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.hrefs.append(found["href"] or "")
        if tag == "form" and (found.get("method") or "get").lower() == "get":
            action = found.get("action")
            if action:
                self.hrefs.append(action)
        if found.get("hx-get"):
            self.hrefs.append(found["hx-get"] or "")


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _skipped_prefixes() -> tuple[str, ...]:
    prefixes = ["/" + settings.STATIC_URL.lstrip("/"), "/api/", "/admin/"]
    media = getattr(settings, "MEDIA_URL", "") or ""
    if media and media != "/":
        prefixes.append("/" + media.lstrip("/"))
    return tuple(prefixes)


def internal(page: str, href: str) -> str | None:
    """The path (with its query) ``href`` on ``page`` leads to, or None when it is not crawled."""
    href = href.strip()
    if (
        not href
        or href.startswith("#")
        or href.split(":", 1)[0].lower()
        in (
            "mailto",
            "tel",
            "javascript",
            "data",
            "sms",
            "whatsapp",
        )
    ):
        return None
    url, _ = urldefrag(urljoin("http://testserver" + page, href))
    parts = urlparse(url)
    if parts.netloc != "testserver" or parts.scheme not in ("http", "https"):
        return None
    path = parts.path
    if path.startswith(_skipped_prefixes()) or path == reverse("accounts:logout"):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _is_html(response) -> bool:
    return not getattr(response, "streaming", False) and response.get(
        "Content-Type", ""
    ).startswith("text/html")


def crawl(client, persona: str) -> tuple[list[str], int]:
    """Breadth-first from the home page with ``client`` (``persona``'s session); every bad link
    as 'persona: page -> link: answer', and how many links were asked."""
    login = resolve_url(settings.LOGIN_URL)
    answers: dict[str, str] = {}  # link -> "ok" or what went wrong
    shown_on: dict[str, str] = {}  # link -> the first page that showed it
    queue: deque[tuple[str, int]] = deque([("/", 0)])
    shown_on["/"] = "(start)"
    read = 0
    while queue:
        url, depth = queue.popleft()
        if url in answers:
            continue
        try:
            response = client.get(url)
        except Exception as exc:  # the test client re-raises a view's exception: a 500
            answers[url] = f"500 {exc!r}"[:200]
            continue
        status = response.status_code
        if status in (301, 302, 303, 307, 308):
            target = internal(url, response["Location"])
            if persona != "anon" and urlparse(response["Location"]).path == login:
                answers[url] = f"{status} -> login"
                continue
            answers[url] = "ok"
            if target and target not in shown_on:
                shown_on[target] = shown_on[url]
                queue.append((target, depth))
            continue
        if status in BAD or status >= 500:
            answers[url] = str(status)
            continue
        answers[url] = "ok"
        if getattr(response, "streaming", False):
            # read through the test client's wrapper, which closes the file without ending the
            # database connection (a bare close() sends request_finished: on PostgreSQL that
            # closes the test's connection inside its transaction)
            b"".join(response.streaming_content)
        if not _is_html(response) or depth >= MAX_DEPTH or read >= PAGE_BUDGET:
            continue
        read += 1
        for href in links_of(response.content.decode("utf-8", "replace")):
            target = internal(url, href)
            if target and target not in shown_on:
                shown_on[target] = url
                queue.append((target, depth + 1))
    bad = [
        f"{persona}: {shown_on[link]} -> {link}: {answer}"
        for link, answer in answers.items()
        if answer != "ok"
    ]
    return bad, len(answers)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module; everything is rolled back when the module ends."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            built = build_world()
            yield built
            transaction.set_rollback(True)


def test_the_crawler_reads_links_as_a_browser_would():
    # Given a page's links of every kind
    page = "/pembiayaan/"
    html = (
        '<a href="kelompok/3/">g</a><a href="/mitra/#x">m</a><a href="#top">t</a>'
        '<a href="https://wa.me/62812">wa</a><a href="mailto:a@b.id">e</a>'
        '<a href="/static/app.css">s</a><a href="/media/f.jpg">f</a>'
        '<a href="//testserver/katalog/?q=kopi">k</a><a>no href</a>'
        '<form action="/dkum/mitra/"><input name="q"></form>'
        '<form method="post" action="/keluar/"></form><form method="GET" action="cari/"></form>'
        '<input name="kbli" hx-get="/mitra/kbli/" hx-trigger="input">'
    )
    # When they are read, then only internal pages are kept, resolved against the page
    kept = [internal(page, href) for href in links_of(html)]
    assert [k for k in kept if k] == [
        "/pembiayaan/kelompok/3/",
        "/mitra/",
        "/katalog/?q=kopi",
        "/dkum/mitra/",
        "/pembiayaan/cari/",
        "/mitra/kbli/",
    ]


class _Site:
    """A tiny site answering from a dict (path -> (status, html or Location)): the self-check."""

    def __init__(self, pages: dict) -> None:
        self.pages = pages

    def get(self, url):
        status, body = self.pages.get(url, (404, ""))
        if status == 500:
            raise RuntimeError("boom")
        if status == 302:
            response = HttpResponse(status=302)
            response["Location"] = body
            return response
        return HttpResponse(body, status=status)


def test_the_crawler_reports_every_refused_or_broken_link_it_is_shown():
    # Given a site whose home links to a page, a refused page and a missing one; that page to a
    # deeper page (which links to another refused page), a broken page and a redirect to login
    site = _Site(
        {
            "/": (200, '<a href="/a/">a</a><a href="/forbidden/">f</a><a href="/gone/">g</a>'),
            "/a/": (200, '<a href="/a/b/">b</a><a href="/boom/">x</a><a href="/old/">o</a>'),
            "/a/b/": (200, '<a href="/deep/">deep</a><a href="/">home</a>'),
            "/forbidden/": (403, ""),
            "/boom/": (500, ""),
            "/old/": (302, resolve_url(settings.LOGIN_URL) + "?next=/old/"),
            "/deep/": (403, ""),
        }
    )
    # When it is crawled as a signed-in persona
    bad, asked = crawl(site, "staff")
    # Then each bad link is listed once, with the page that showed it and its answer
    assert sorted(bad) == [
        "staff: / -> /forbidden/: 403",
        "staff: / -> /gone/: 404",
        "staff: /a/ -> /boom/: 500 RuntimeError('boom')",
        "staff: /a/ -> /old/: 302 -> login",
        "staff: /a/b/ -> /deep/: 403",
    ]
    assert asked == 8


@pytest.mark.django_db
def test_every_link_a_role_is_shown_opens_for_that_role(world, db):
    # Given the world's data and every persona signed in (the visitor too)
    problems: list[str] = []
    visited = {}
    for persona in PERSONAS:
        # When each follows every internal link from the home page, three links deep
        with transaction.atomic():
            bad, count = crawl(world.client(persona), persona)
            transaction.set_rollback(True)
        problems += bad
        visited[persona] = count
    # Then the crawl reached the roles' pages, and no link answered 403, 404, 405 or 500
    assert min(visited[p] for p in PERSONAS if p not in ("anon", "partner_nodata")) > 10, visited
    assert not problems, f"{len(problems)} links a role is shown but may not open:\n" + "\n".join(
        problems
    )
