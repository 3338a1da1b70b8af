"""The signed-in header stays compact on a 360 px phone, and every menu link stays reachable.

On a phone the header took four rows (about 260 px of a 740 px screen) on every page, for the
role with the most menu entries. Now at narrow widths the links sit behind a "Menu" disclosure
(``<details>``/``<summary>``: no JavaScript needed, opened by keyboard); at wide widths the whole
menu shows in the header row. Set ``BERDAYA_HEADER_SHOTS=<dir>`` to save screenshots.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from berdaya.accounts.personas import create_personas

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
COMPACT_PX = 130  # about two rows of 44 px touch targets with the header's padding and border


class _NavLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        found = dict(attrs)
        if tag == "nav" and "top-nav" in (found.get("class") or ""):
            self.depth = 1
        elif tag == "nav" and self.depth:
            self.depth += 1
        if self.depth and tag == "a":
            self.hrefs.append(found.get("href") or "")

    def handle_endtag(self, tag) -> None:
        if tag == "nav" and self.depth:
            self.depth -= 1


def _menu_of(user) -> tuple[str, list[str]]:
    """A saved session of ``user`` and the links of their menu (as the server renders it)."""
    client = Client()
    client.force_login(user)
    parser = _NavLinks()
    parser.feed(client.get("/").content.decode())
    return client.cookies[settings.SESSION_COOKIE_NAME].value, parser.hrefs


def _signed_in_page(browser, base: str, session: str, viewport: dict, javascript: bool = True):
    context = browser.new_context(viewport=viewport, locale="id-ID", java_script_enabled=javascript)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
    page = context.new_page()
    page.goto(base + "/")
    page.locator("main h1").first.wait_for()
    return context, page


def _header_height(page) -> float:
    box = page.locator("header.site-header").bounding_box()
    assert box is not None
    return box["height"]


def _shot(page, name: str) -> None:
    shots = os.environ.get("BERDAYA_HEADER_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(shots) / f"{name}.png"))


def _link(page, href: str):
    return page.locator(f'header nav.top-nav a[href="{href}"]')


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_header_is_compact_on_a_phone_and_every_menu_link_is_reachable(browser, live_server):
    # Given the role with the most menu entries (admin DKUM: every staff page, the access log)
    personas = create_personas()
    session, links = _menu_of(personas.admin)
    assert len(set(links)) >= 12, links
    for javascript in (True, False):
        # When they open any page on a 360 px phone (with and without JavaScript)
        context, page = _signed_in_page(browser, live_server.url, session, PHONE, javascript)
        _shot(page, f"header-360-closed{'' if javascript else '-nojs'}")
        # Then the header takes about two rows, not four
        height = _header_height(page)
        assert height <= COMPACT_PX, f"header {height} px high at 360 px"
        # and the menu is one "Menu" control that opens every link, by keyboard too
        summary = page.locator("header summary", has_text="Menu")
        expect(summary).to_be_visible()
        summary.focus()
        page.keyboard.press("Enter")
        expect(_link(page, links[-1])).to_be_visible()
        _shot(page, f"header-360-open{'' if javascript else '-nojs'}")
        for href in links:
            link = _link(page, href)
            expect(link).to_be_visible()
            box = link.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, href
            assert box["height"] >= 44, f"{href}: touch target {box['height']} px high"
        expect(page.get_by_role("button", name="Keluar")).to_be_visible()
        # and Escape-free closing: the same control closes it again
        summary.click()
        expect(_link(page, links[-1])).to_be_hidden()
        context.close()

    # When the same user opens the page at 1280 px
    context, page = _signed_in_page(browser, live_server.url, session, DESKTOP)
    _shot(page, "header-1280")
    # Then every link shows in the header without opening anything, and the header stays low
    for href in links:
        expect(_link(page, href)).to_be_visible()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()
    expect(page.locator("header summary")).to_be_hidden()
    height = _header_height(page)
    assert height <= COMPACT_PX, f"header {height} px high at 1280 px"
    context.close()
