"""Issue 14 in Chromium at 360 px on a slow network: the live requests show that something is
happening while they run (the NIK check, the KBLI search, the kelurahan list after a kecamatan),
and the sign goes away with the answer. The network is slowed through the DevTools protocol
(1.5 s round trip), so each request is in flight long enough to be seen."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from berdaya.accounts.personas import create_personas
from berdaya.registry.tests import factories as f
from conftest import browser_login

SLOW = {"offline": False, "latency": 1500, "downloadThroughput": 50_000, "uploadThroughput": 50_000}


def _slow(page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW)


def _shots(tmp_path) -> Path:
    return Path(os.environ.get("DOCUMENT_SCREENSHOTS", tmp_path))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_live_requests_show_they_are_running(reference_data, phone_page, tmp_path):
    page = phone_page
    personas = create_personas()
    owner = f.submit()

    # The NIK check: "Memeriksa NIK..." while the answer is on its way, gone after it
    page.goto(page.base + "/daftar/langkah/1/")
    checking = page.locator("#nik-checking")
    assert not checking.is_visible()
    below = page.get_by_label("Perempuan")
    resting = below.bounding_box()
    _slow(page)
    page.fill("#id_nik", "3276065705900002")
    checking.wait_for(state="visible")
    # and what lies below it stays where it was (a tap on its way to it lands on it)
    assert below.bounding_box() == resting
    page.screenshot(path=str(_shots(tmp_path) / "indicator-nik-360.png"), full_page=True)
    checking.wait_for(state="hidden", timeout=15_000)
    expect(page.locator("#nik-check")).to_have_text(re.compile(r"\S"))

    # The KBLI search on "Ubah profil usaha": "Mencari..." then the list
    browser_login(page, owner.person.user)
    page.goto(page.base + f"/mitra/usaha/{owner.business_id}/ubah/")
    searching = page.locator("#kbli-searching")
    assert not searching.is_visible()
    _slow(page)
    page.fill("#kbli-q", "kue basah")
    searching.wait_for(state="visible")
    page.screenshot(path=str(_shots(tmp_path) / "indicator-kbli-360.png"), full_page=True)
    searching.wait_for(state="hidden", timeout=15_000)
    expect(page.locator("#kbli-results button")).not_to_have_count(0)

    # The kelurahan list of the staff queue's filter: dimmed while it is refilled
    page.context.clear_cookies()
    browser_login(page, personas.staff)
    page.goto(page.base + "/dkum/mitra/")
    page.get_by_text("Saring dan cari").click()
    _slow(page)
    page.select_option("#id_kecamatan", label="Beji")
    page.locator("#id_kelurahan.htmx-request").wait_for()
    page.screenshot(path=str(_shots(tmp_path) / "indicator-kelurahan-360.png"), full_page=True)
    page.locator("#id_kelurahan:not(.htmx-request)").wait_for(timeout=15_000)
    expect(page.locator("#id_kelurahan")).to_contain_text("Kukusan")
