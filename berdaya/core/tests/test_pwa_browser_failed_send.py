"""A send that fails while the phone believes it is online (issue 14), in Chromium at 360 px.

A weak signal keeps ``navigator.onLine`` true while requests do not get through: the POST is
aborted on the way, or the server (or a proxy in front of it) answers 5xx, or the server applied
the form but its answer was lost. In each case the form is kept in the phone's outbox, retried,
and applied exactly once when the connection really works (the one-time key it carries).

Requests are cut with Playwright's ``context.route`` (it sees the page's and the service
worker's requests alike); ``navigator.onLine`` stays true throughout.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import Error as PlaywrightError

from berdaya.accounts.personas import create_personas
from berdaya.core.models import OnceSubmission
from berdaya.core.personas import DEMO_PASSWORD
from berdaya.core.tests.test_pwa_browser import OUTBOX  # the phone's outbox, as a list
from berdaya.registry.models import DevelopmentReport
from berdaya.registry.tests import factories as f
from berdaya.registry.tests.conftest import ensure_reference_data

# What the phone does when the signal seems to come back (offline.js sends the outbox then).
SIGNAL_BACK = "() => window.dispatchEvent(new Event('online'))"


def _asked(check):
    """``check()``, or None while a navigation (the worker returning to the form page) has
    replaced the document the check was reading: ask again on the new one."""
    try:
        return check()
    except PlaywrightError as error:
        if "context was destroyed" in str(error) or "navigat" in str(error):
            return None
        raise


def until(page, check, what: str, seconds: float = 30.0):
    """Poll ``check`` in Python (the site's CSP refuses wait_for_function's string predicates),
    waiting through Playwright so that the route handlers run meanwhile (the sync API runs them
    only inside its own calls)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = _asked(check)
        if value:
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"waited {seconds} s for {what}")


def nudged(page, check, what: str, seconds: float = 40.0):
    """Like ``until``, telling the page each second that the signal is back (offline.js tries
    the outbox then; a try already running ignores it)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        _asked(lambda: page.evaluate(SIGNAL_BACK))
        try:
            return until(page, check, what, 1.0)
        except AssertionError:
            continue
    raise AssertionError(f"waited {seconds} s for {what}")


def idle(page) -> list:
    """The outbox once no try is running (every item pending or to check)."""
    return until(
        page,
        lambda: (
            (lambda items: items if all(i["state"] != "sending" for i in items) else None)(
                page.evaluate(OUTBOX)
            )
            or None
        ),
        "the outbox to be idle",
    )


def login(page, user) -> None:
    page.goto(f"{page.base}/akun/masuk/")
    page.fill("#id_username", str(user.phone))
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def report_page(page):
    """A verified partner on their report page, controlled by the service worker."""
    ensure_reference_data()
    personas = create_personas()
    reg = f.verified(personas.staff)
    url = f"{page.base}/mitra/usaha/{reg.business_id}/laporan/"
    login(page, reg.person.user)
    page.goto(url)
    until(page, lambda: page.evaluate("navigator.serviceWorker.controller !== null"), "the worker")
    page.goto(url)
    return url


def fill_report(page, sales: str = "4.000.000") -> None:
    page.fill("#id_period", "2026-10")
    page.fill("#id_sales_rupiah", sales)
    page.fill("#id_assets_rupiah", "9.000.000")
    page.fill("#id_workers_women", "2")
    page.fill("#id_workers_men", "1")


class Cut:
    """Route every POST to ``url``: ``mode`` is "abort" (the request never arrives), "503" (a
    proxy answers Service Unavailable), "lose" (the server applies it, the answer is lost) or
    "pass". Counts the POSTs seen."""

    def __init__(self, context, url: str, mode: str):
        self.mode, self.posts = mode, 0
        context.route(url, self.handle)

    def handle(self, route):
        if route.request.method != "POST":
            route.continue_()
            return
        self.posts += 1
        if self.mode == "abort":
            route.abort("internetdisconnected")
        elif self.mode == "503":
            route.fulfill(status=503, content_type="text/html", body="<h1>503</h1>")
        elif self.mode == "lose":
            route.fetch(max_redirects=0)  # reaches the server, which applies it
            route.abort("connectionreset")
        else:
            route.continue_()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_form_sent_while_online_but_not_getting_through_is_kept_and_sent_once(phone_page):
    page = phone_page
    url = report_page(page)
    assert page.evaluate("navigator.onLine")

    # given a signal that says "online" but lets no POST through
    cut = Cut(page.context, url, "abort")
    # when the partner sends the report
    fill_report(page)
    page.get_by_role("button", name="Simpan laporan").click()
    # then it is kept on the phone, and tried again without being lost
    page.get_by_text("Tersimpan di ponsel").first.wait_for()
    kept = until(page, lambda: page.evaluate(OUTBOX), "the report in the outbox")
    assert len(kept) == 1
    token = dict(kept[0]["fields"])["once_token"]
    nudged(page, lambda: cut.posts >= 2, "a second try")
    assert [item["state"] for item in idle(page)] == ["pending"]
    assert DevelopmentReport.objects.count() == 0

    # when the server (or a proxy) answers 503, it is still kept and still waiting
    cut.mode = "503"
    tries = cut.posts
    nudged(page, lambda: cut.posts > tries, "a try answered 503")
    assert [item["state"] for item in idle(page)] == ["pending"]
    assert DevelopmentReport.objects.count() == 0

    # when the connection really works, it is sent, once, and leaves the outbox
    cut.mode = "pass"
    nudged(page, lambda: DevelopmentReport.objects.count() == 1, "the report to arrive")
    until(page, lambda: not page.evaluate(OUTBOX), "the outbox to empty")
    assert DevelopmentReport.objects.get().sales_rupiah == 4_000_000
    assert OnceSubmission.objects.filter(token=token).count() == 1
    page.evaluate(SIGNAL_BACK)
    page.wait_for_timeout(1000)
    assert DevelopmentReport.objects.count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_form_the_server_answered_with_503_is_kept_not_lost(phone_page):
    page = phone_page
    url = report_page(page)
    cut = Cut(page.context, url, "503")
    fill_report(page, "5.500.000")
    page.get_by_role("button", name="Simpan laporan").click()
    kept = until(page, lambda: page.evaluate(OUTBOX), "the report in the outbox")
    assert len(kept) == 1
    page.locator(".outbox").get_by_text("Laporan perkembangan usaha").wait_for()
    cut.mode = "pass"
    nudged(page, lambda: DevelopmentReport.objects.count() == 1, "the report to arrive")
    until(page, lambda: not page.evaluate(OUTBOX), "the outbox to empty")
    assert DevelopmentReport.objects.get().sales_rupiah == 5_500_000


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_answer_lost_after_the_server_applied_the_form_is_not_applied_twice(phone_page):
    page = phone_page
    url = report_page(page)
    # given a report kept on the phone while it had no connection
    page.context.set_offline(True)
    fill_report(page)
    page.get_by_role("button", name="Simpan laporan").click()
    page.get_by_text("Tersimpan di ponsel, akan dikirim saat tersambung").wait_for()
    token = dict(page.evaluate(OUTBOX)[0]["fields"])["once_token"]

    # when the signal returns, the server receives and applies it, but the answer is lost
    cut = Cut(page.context, url, "lose")
    page.context.set_offline(False)
    until(page, lambda: DevelopmentReport.objects.count() == 1, "the server to apply it")
    assert cut.posts >= 1
    assert [item["state"] for item in idle(page)] == ["pending"]  # the phone does not know

    # then, tried again with the same one-time key, it is applied once and leaves the outbox
    cut.mode = "pass"
    nudged(page, lambda: not page.evaluate(OUTBOX), "the outbox to empty")
    assert DevelopmentReport.objects.count() == 1
    assert OnceSubmission.objects.filter(token=token).count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_kept_form_the_server_refused_says_why_and_how_to_fix_it(phone_page):
    """Issue 14, the outbox's words: a kept form that comes back with a problem says that it was
    not accepted, why (the server's own message) and what to do, and gives its data back."""
    page = phone_page
    report_page(page)
    # given a report filled in offline with a sales figure the server will not take
    page.context.set_offline(True)
    fill_report(page, sales="banyak")
    page.get_by_role("button", name="Simpan laporan").click()
    page.get_by_text("Tersimpan di ponsel, akan dikirim saat tersambung").wait_for()
    outbox = page.locator(".outbox")
    assert "menunggu sinyal internet" in outbox.inner_text()

    # when the connection returns and the server sends the form back
    page.context.set_offline(False)
    item = outbox.locator("li.outbox-check")
    item.wait_for()
    text = " ".join(item.inner_text().split())
    # then the phone says it was not accepted, the server's reason, and what to do
    assert "Tidak diterima: " in text
    assert "Buka formulirnya, periksa isiannya, lalu kirim lagi." in text
    assert "server belum menerimanya" not in text and "perlu diperiksa" not in text
    reason = text.split("Tidak diterima: ", 1)[1].split(". Buka formulirnya", 1)[0]
    assert reason and reason != "server mengembalikan formulirnya tanpa menyimpan", text
    assert DevelopmentReport.objects.count() == 0
    page.get_by_text("Tidak diterima server: lihat keterangannya").wait_for()  # under the form

    # and the partner can put the data back into the form, to correct it
    item.get_by_role("button", name="Masukkan isian ini ke formulir di halaman ini").click()
    until(page, lambda: not page.evaluate(OUTBOX), "the item to leave the outbox")
    assert page.input_value("#id_sales_rupiah") == "banyak"
    assert page.input_value("#id_workers_women") == "2"
    page.get_by_text("Isian dikembalikan ke formulir. Periksa, lalu kirim.").wait_for()
