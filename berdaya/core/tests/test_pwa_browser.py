"""Installable, and working on a bad connection (issue 14), in Chromium on a 360 px phone: a page
visited before opens offline with the "offline" banner; a development report and an attendance
mark made offline stay on the phone and are sent once when the connection returns.

Screenshots (360 px and 1280 px) go to ``$BERDAYA_PWA_SHOTS`` (default /tmp/berdaya-pwa-shots).
"""

from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from berdaya.accounts.personas import create_personas
from berdaya.core.models import OnceSubmission
from berdaya.registry.models import DevelopmentReport
from berdaya.registry.tests import factories as f
from berdaya.registry.tests.conftest import ensure_reference_data
from conftest import browser_login, page_fits
from tests.test_accessibility import AXE, axe_problems

SHOTS = Path(os.environ.get("BERDAYA_PWA_SHOTS", "/tmp/berdaya-pwa-shots"))

OUTBOX = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("berdaya", 1);
  open.onupgradeneeded = () =>
    open.result.createObjectStore("outbox", {keyPath: "id", autoIncrement: true});
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const req = open.result.transaction("outbox").objectStore("outbox").getAll();
    req.onsuccess = () => { open.result.close(); resolve(req.result); };
  };
})"""


def until(check, what: str, seconds: float = 10.0):
    """Poll ``check`` (page.wait_for_function's string predicates are eval'd: the CSP refuses)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds} s for {what}")


def controlled(page) -> None:
    """Wait until the service worker is installed and controls the page."""
    until(
        lambda: page.evaluate("navigator.serviceWorker.controller !== null"),
        "the service worker to control the page",
    )


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((360, 740), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visited_page_opens_offline_and_a_report_made_offline_is_sent_once(phone_page):
    ensure_reference_data()
    personas = create_personas()
    reg = f.verified(personas.staff)
    page = phone_page
    report_url = f"{page.base}/mitra/usaha/{reg.business_id}/laporan/"

    # given a partner who opened their report page once, online
    browser_login(page, reg.person.user)
    page.goto(report_url)
    controlled(page)
    page.goto(report_url)  # now through the worker, which keeps a copy

    # when the phone loses its connection and the page is opened again
    page.context.set_offline(True)
    page.reload()
    # then the kept copy opens, with the offline banner
    assert page.get_by_role("heading", name="Laporan perkembangan usaha").is_visible()
    banner = page.locator(".offline-banner")
    banner.get_by_text("Anda sedang offline").wait_for()
    expect(banner).to_contain_text("salinan halaman")
    assert page_fits(page, 360)
    assert not axe_problems(page, AXE.read_text(encoding="utf-8"), "offline report page")
    shoot(page, "1-offline-copy")

    # when the partner fills the report offline
    page.fill("#id_period", "2026-10")
    page.fill("#id_sales_rupiah", "4.000.000")
    page.fill("#id_assets_rupiah", "9.000.000")
    page.fill("#id_workers_women", "2")
    page.fill("#id_workers_men", "1")
    page.get_by_role("button", name="Simpan laporan").click()
    # then it is kept on the phone, not sent
    page.get_by_text("Tersimpan di ponsel, akan dikirim saat tersambung").wait_for()
    page.locator(".outbox").get_by_text("Laporan perkembangan usaha").wait_for()  # drawn async
    assert DevelopmentReport.objects.count() == 0
    kept = page.evaluate(OUTBOX)
    assert len(kept) == 1
    token = dict(kept[0]["fields"])["once_token"]
    shoot(page, "2-report-kept")

    # a page never opened on this phone: the offline page, listing the pages kept
    page.goto(f"{page.base}/pelatihan/")
    assert page.get_by_role("heading", name="Anda sedang offline").is_visible()
    page.locator("#saved-pages").get_by_role("link", name="Laporan perkembangan usaha").wait_for()
    shoot(page, "3-offline-page")
    page.go_back()

    # when the connection returns, the report is sent, once
    page.context.set_offline(False)
    until(lambda: DevelopmentReport.objects.count() == 1, "the report to arrive")
    page.get_by_text("1 isian tersimpan sudah terkirim").wait_for()
    until(lambda: not page.evaluate(OUTBOX), "the outbox to empty")
    report = DevelopmentReport.objects.get()
    assert report.sales_rupiah == 4_000_000
    assert OnceSubmission.objects.filter(token=token).count() == 1
    shoot(page, "4-report-sent")

    # and sent again with the same one-time key (another tab, a lost answer), nothing changes
    replay = {**dict(kept[0]["fields"]), "sales_rupiah": "7.000.000"}
    status = page.evaluate(
        """([url, fields]) => fetch(url, {method: "POST", body: new URLSearchParams(fields),
             redirect: "manual"}).then((r) => r.type)""",
        [kept[0]["url"], replay],
    )
    assert status == "opaqueredirect"
    assert DevelopmentReport.objects.count() == 1
    assert DevelopmentReport.objects.get().sales_rupiah == 4_000_000


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_mark_attendance_offline_and_it_is_recorded_when_back_online(phone_page):
    from berdaya.training import services
    from berdaya.training.models import Attendance
    from berdaya.training.tests.helpers import make_batch, make_person

    personas = create_personas()
    batch = make_batch(first_start=timezone.now() - timedelta(minutes=30), sessions=1, hours=2)
    ani = make_person(full_name="Ani Lestari")
    services.enrollment_register(batch=batch, person=ani)
    session = batch.sessions.get()
    page = phone_page
    url = f"{page.base}/pelatihan/sesi/{session.pk}/presensi/"

    browser_login(page, personas.staff)
    page.goto(url)
    controlled(page)
    page.goto(url)
    page.context.set_offline(True)
    page.reload()
    page.locator(".offline-banner").get_by_text("Anda sedang offline").wait_for()

    # a tap offline (htmx would fail): kept on the phone, shown in the row and in the outbox
    row = page.locator(".attendance-list li", has_text="Ani Lestari")
    row.get_by_role("button", name="Catat Ani Lestari hadir").click()
    row.get_by_text("Tersimpan di ponsel").wait_for()
    page.locator(".outbox").get_by_text("Ani Lestari hadir").wait_for()  # drawn async
    assert Attendance.objects.count() == 0
    shoot(page, "5-attendance-kept")

    page.context.set_offline(False)
    until(lambda: Attendance.objects.filter(enrollment__person=ani).count() == 1, "attendance")
    until(lambda: not page.evaluate(OUTBOX), "the outbox to empty")
    page.reload()
    page.locator(".attendance-list li", has_text="Ani Lestari").get_by_text("✓ Hadir").wait_for()
    assert Attendance.objects.count() == 1
