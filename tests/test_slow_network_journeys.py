"""Issue 14, "Done when": the main journey of each role, end to end, on a 360 px phone on a slow
network, one test per journey, with a screenshot per main step.

The network: 400 ms round trip, 50 kB/s down and up (400 kbit/s), emulated through the DevTools
protocol (``Network.emulateNetworkConditions``). That is the bandwidth of Chrome's "Slow 3G" with
a fifth of its latency (Chrome's profile: 2000 ms), so the six walks stay within a few minutes.
Navigations are made to bypass the service worker (``Network.setBypassServiceWorker``): Chrome
applies a page's emulated conditions only to the page's own requests, and once the worker
controls the page a navigation is fetched by the worker, at full speed. Bypassing it, every page,
every static file and every htmx request of the walk goes over the slow network.

At each step the test waits for something only the new page or the swapped content has, then
for the page's ``load`` event, and only then asserts what the user must see and that nothing
scrolls sideways. Where htmx works, the loading sign is recorded by a MutationObserver installed
before the action (so a short request cannot slip between two polls) and must have been visible.

Screenshots go to ``$JOURNEY_SCREENSHOTS`` (else the test's tmp_path), named
``<journey>-<nn>-<step>.png``.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
import time
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Expect

from berdaya.accounts.personas import create_personas
from berdaya.core.personas import DEMO_PASSWORD
from conftest import browser_login, page_fits

SLOW_3G = {
    "offline": False,
    "latency": 400,  # ms, round trip
    "downloadThroughput": 50_000,  # bytes/s
    "uploadThroughput": 50_000,
}
WIDTH = 360
WAIT_MS = 30_000  # a loaded 2-core CI machine on a slow network
NAVIGATION_MS = 60_000
# This file's own expect(), with the longer wait (the shared one's options are left alone)
expect = Expect()
expect.set_options(timeout=WAIT_MS)

# Records, per CSS selector, whether the element was shown as "in progress" at any moment since
# ``watch`` was called: htmx's htmx-request class on it or on an ancestor, and then a loading sign
# (.htmx-indicator) visible, or a field dimmed (berdaya.css: opacity 0.6).
WATCH_JS = """(sel) => {
  window.__seen = window.__seen || {};
  window.__seen[sel] = false;
  const check = () => {
    const el = document.querySelector(sel);
    if (!el || !el.matches('.htmx-request, .htmx-request *')) return;
    const style = getComputedStyle(el);
    const shown = style.visibility === 'visible' && style.display !== 'none';
    const sign = el.classList.contains('htmx-indicator') || parseFloat(style.opacity) < 1;
    if (shown && sign) window.__seen[sel] = true;
  };
  new MutationObserver(check).observe(document.documentElement,
    {attributes: true, attributeFilter: ['class'], subtree: true});
}"""


# --- helpers -----------------------------------------------------------------------------------
def slow_phone(page):
    """Put ``page`` (360 px) on the slow network; returns the CDP session (keep it alive)."""
    page.set_default_timeout(WAIT_MS)
    page.set_default_navigation_timeout(NAVIGATION_MS)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setBypassServiceWorker", {"bypass": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    return cdp


def arrived(page, locator) -> None:
    """Wait for ``locator`` (which only the new state has), then for the page's load event;
    then the page must not scroll sideways."""
    expect(locator.first).to_be_visible()
    page.wait_for_load_state("load")
    assert page_fits(page, WIDTH), f"{page.url} scrolls sideways on a {WIDTH} px phone"


def watch(page, selector: str) -> None:
    page.evaluate(WATCH_JS, selector)


def saw_loading(page, selector: str) -> bool:
    """Whether the loading sign ``selector`` was shown since ``watch`` (polled in Python: the
    site's CSP refuses wait_for_function's string predicates)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while time.monotonic() < deadline:
        if page.evaluate("(sel) => !!(window.__seen && window.__seen[sel])", selector):
            return True
        time.sleep(0.05)
    return False


def log_in(page, user, password: str = DEMO_PASSWORD) -> None:
    """Log in through the login page and wait for the home page (conftest's browser_login does
    not wait for the navigation its click starts)."""
    browser_login(page, user, password)
    arrived(page, page.get_by_role("heading", name=re.compile(r"^Halo, ")))


class Shots:
    def __init__(self, tmp_path, journey: str):
        self.folder = Path(os.environ.get("JOURNEY_SCREENSHOTS", tmp_path))
        self.folder.mkdir(parents=True, exist_ok=True)
        self.journey = journey
        self.count = 0

    def __call__(self, page, step: str) -> None:
        self.count += 1
        name = f"{self.journey}-{self.count:02d}-{step}.png"
        page.screenshot(path=str(self.folder / name), full_page=True)


def rupiah(value: int) -> str:
    from berdaya.core.templatetags.berdaya_format import rupiah as fmt

    return str(fmt(value))


# --- the journeys ------------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_newcomer_registers_as_mitra_binaan(phone_page, tmp_path):
    from berdaya.registry.models import Registration
    from berdaya.registry.tests.conftest import ensure_reference_data

    ensure_reference_data()
    page, shot = phone_page, Shots(tmp_path, "register")
    _cdp = slow_phone(page)

    # The start page, then step 1: identity, the NIK checked as typed (with "Memeriksa NIK...")
    page.goto(page.base + "/daftar/")
    arrived(page, page.get_by_role("heading", name="Daftar sebagai mitra binaan"))
    shot(page, "start")
    page.get_by_role("link", name="Mulai mendaftar").click()
    arrived(page, page.locator("#id_nik"))
    page.get_by_label("Perempuan").check()
    page.fill("#id_birth_date_0", "17")
    page.select_option("#id_birth_date_1", "5")
    page.fill("#id_birth_date_2", "1990")
    watch(page, "#nik-checking")
    page.fill("#id_nik", "3276065705900001")
    assert saw_loading(page, "#nik-checking"), "no sign while the NIK is checked"
    expect(page.locator("#nik-check")).to_contain_text("NIK terbaca: perempuan, lahir 17 Mei 1990")
    expect(page.locator("#nik-checking")).to_be_hidden()
    page.fill("#id_full_name", "Siti Aminah")
    page.fill("#id_phone", "0857 1111 2222")
    shot(page, "identity")
    page.get_by_role("button", name="Simpan dan lanjut").click()

    # Step 2: the address; the kecamatan refills the kelurahan list (dimmed meanwhile)
    arrived(page, page.locator("#id_kecamatan_code"))
    watch(page, "#id_kelurahan_code")
    page.select_option("#id_kecamatan_code", "32.76.06")
    assert saw_loading(page, "#id_kelurahan_code"), "no sign while the kelurahan list loads"
    page.locator("#id_kelurahan_code option", has_text="Kukusan").wait_for(state="attached")
    page.locator("#id_kelurahan_code option", has_text="Depok Jaya").wait_for(state="detached")
    page.select_option("#id_kelurahan_code", "32.76.06.1001")
    page.fill("#id_rw", "7")
    page.fill("#id_rt", "3")
    shot(page, "address")
    page.get_by_role("button", name="Simpan dan lanjut").click()

    # Step 3: the business; the KBLI search shows "Mencari..." then its results
    arrived(page, page.locator("#id_started_on"))
    page.fill("#id_name", "Kue Basah Bu Siti")
    started = timezone.localdate() - datetime.timedelta(days=200)
    page.fill("#id_started_on", started.isoformat())
    watch(page, "#kbli-searching")
    page.fill("#kbli-q", "kue basah")
    assert saw_loading(page, "#kbli-searching"), "no sign while KBLI codes are searched"
    page.get_by_role("button", name="10792 Industri Kue Basah").click()
    assert page.input_value("#id_kbli_code") == "10792"
    page.fill("#id_capital_rupiah", "5.000.000")
    page.fill("#id_annual_sales_rupiah", "60.000.000")
    page.fill("#id_workers_women", "2")
    shot(page, "business")
    page.get_by_role("button", name="Simpan dan lanjut").click()

    # Step 4: check your answers before sending, then the password and the consent
    arrived(page, page.get_by_role("heading", name="Periksa jawaban Anda"))
    answers = page.locator("section.answers")
    for seen in ("Siti Aminah", "17 Mei 1990", "7 / 3", "Kue Basah Bu Siti", "10792"):
        expect(answers).to_contain_text(seen)
    shot(page, "check-answers")
    page.fill("#id_password", "Kue-basah#2026")
    page.get_by_label("Saya setuju").check()
    page.get_by_role("button", name="Kirim pendaftaran").click()

    # The success page: submitted, with the registration number to quote to the office
    arrived(page, page.get_by_role("heading", name="Status pendaftaran"))
    reg = Registration.objects.get()
    number = page.locator("dt", has_text="Nomor pendaftaran").locator(
        "xpath=following-sibling::dd[1]"
    )
    expect(number).to_contain_text(str(reg.pk))
    expect(page.locator(".status").first).to_have_text("Diajukan")
    shot(page, "submitted")
    assert reg.status == "submitted" and reg.business.started_on == started


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_partner_fixes_a_registration_that_needs_revision(phone_page, tmp_path):
    from berdaya.registry import services
    from berdaya.registry.tests import factories as f
    from berdaya.registry.tests.conftest import ensure_reference_data

    ensure_reference_data()
    personas = create_personas()
    reg = f.submit(business={"started_on": "2025-11-03"})
    services.registration_review(
        registration=reg, reviewer=personas.staff, decision="revise", reason="Lengkapi NIB"
    )
    page, shot = phone_page, Shots(tmp_path, "revision")
    _cdp = slow_phone(page)

    # The home page says what to do, with the staff's note
    log_in(page, reg.person.user)
    task = page.get_by_role("link", name="Perbaiki pendaftaran Kue Basah Bu Siti")
    expect(task).to_be_visible()
    expect(page.locator(".task-list")).to_contain_text("Lengkapi NIB")
    shot(page, "home")
    task.click()

    # The form keeps the saved start date (a date input shows only ISO dates)
    arrived(page, page.get_by_role("heading", name="Perbaiki pendaftaran"))
    expect(page.locator(".notice-warning")).to_contain_text("Lengkapi NIB")
    assert page.input_value("#id_started_on") == "2025-11-03"
    page.fill("#id_nib", "1234567890123")
    shot(page, "form")
    page.get_by_role("button", name="Kirim ulang").click()

    # Sent back: the status page says it is submitted again
    arrived(page, page.get_by_role("heading", name="Status pendaftaran"))
    expect(page.locator(".status").first).to_have_text("Diajukan")
    shot(page, "resubmitted")
    reg.refresh_from_db()
    reg.business.refresh_from_db()
    assert reg.status == "submitted"
    assert reg.business.started_on == datetime.date(2025, 11, 3)
    assert reg.business.nib == "1234567890123"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_partner_resets_a_forgotten_password_by_a_one_time_code(phone_page, tmp_path):
    from berdaya.registry.tests import factories as f
    from berdaya.registry.tests.conftest import ensure_reference_data

    ensure_reference_data()
    personas = create_personas()
    reg = f.verified(personas.staff)
    user = reg.person.user
    assert not user.email  # no email: the code is the only way back in
    new_password = "Sawo-Matang#77"
    page, shot = phone_page, Shots(tmp_path, "reset")
    _cdp = slow_phone(page)

    # The messages the gateway sends (the log gateway in tests) are collected here
    sent: list[str] = []

    class Outbox(logging.Handler):
        def emit(self, record):
            sent.append(record.getMessage())

    messages_log = logging.getLogger("berdaya.messages")
    outbox, old_level = Outbox(logging.INFO), messages_log.level
    messages_log.addHandler(outbox)
    messages_log.setLevel(logging.INFO)
    try:
        # From the login page, "Lupa kata sandi? Minta kode lewat WhatsApp/SMS"
        page.goto(page.base + "/akun/masuk/")
        arrived(page, page.get_by_role("heading", name="Masuk ke Berdaya"))
        page.get_by_role("link", name="Minta kode lewat WhatsApp/SMS").click()
        arrived(page, page.get_by_role("heading", name="Lupa kata sandi"))
        page.fill("#id_phone", str(user.phone).replace("+62", "0"))
        shot(page, "ask-code")
        page.get_by_role("button", name="Kirim kode").click()

        # The code page names the number (its end hidden); the code arrives by WhatsApp/SMS
        arrived(page, page.get_by_role("heading", name="Masukkan kode dan kata sandi baru"))
        expect(page.locator("main")).to_contain_text("****")
        codes: list[str] = []
        deadline = time.monotonic() + WAIT_MS / 1000
        while not codes and time.monotonic() < deadline:
            codes = re.findall(r"kata sandi Anda (\d{6})", " ".join(sent))
            time.sleep(0.05)
        assert len(codes) == 1, sent
        page.fill("#id_code", codes[0])
        page.fill("#id_password1", new_password)
        page.fill("#id_password2", new_password)
        shot(page, "enter-code")
        page.get_by_role("button", name="Simpan kata sandi baru").click()
    finally:
        messages_log.removeHandler(outbox)
        messages_log.setLevel(old_level)

    # Back on the login page with a confirmation; the new password lets them in
    arrived(page, page.get_by_text("Kata sandi baru tersimpan"))
    expect(page).to_have_url(re.compile(r"/akun/masuk/$"))
    shot(page, "saved")
    page.fill("#id_username", str(user.phone))
    page.fill("#id_password", new_password)
    page.get_by_role("button", name="Masuk").click()
    arrived(page, page.get_by_role("heading", name=re.compile(r"^Halo, ")))
    shot(page, "signed-in")
    user.refresh_from_db()
    assert user.check_password(new_password)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_work_the_verification_queue_and_verify_one(phone_page, tmp_path):
    from berdaya.registry.models import Registration
    from berdaya.registry.tests import factories as f
    from berdaya.registry.tests.conftest import ensure_reference_data

    ensure_reference_data()
    personas = create_personas()
    newer = f.submit(person={"full_name": "Budi Santoso"})
    older = f.submit(person={"full_name": "Rina Wulandari"})
    Registration.objects.filter(pk=older.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=6)
    )
    page, shot = phone_page, Shots(tmp_path, "verify")
    _cdp = slow_phone(page)

    # The home page counts what waits; it leads to the queue, oldest first, with its wait
    log_in(page, personas.staff)
    task = page.get_by_role("link", name=re.compile("Pendaftaran mitra binaan menunggu verifikasi"))
    expect(task).to_contain_text("2")
    task.click()
    arrived(page, page.get_by_role("heading", name="Pendaftaran mitra binaan"))
    rows = page.locator("table.queue-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Rina Wulandari")
    expect(rows.first.locator(".waiting")).to_contain_text("menunggu")
    shot(page, "queue")
    rows.first.get_by_role("link", name="Rina Wulandari").click()

    # The data to check come above the decision
    decision = page.get_by_role("heading", name="Keputusan", exact=True)
    arrived(page, decision)
    above = page.get_by_role("heading", name="Pendaftar", exact=True).bounding_box()
    assert above is not None and above["y"] < decision.bounding_box()["y"]
    shot(page, "detail")
    page.get_by_label("Verifikasi").check()
    page.get_by_role("button", name="Simpan keputusan").click()

    # Saved: verified, with the partner number
    arrived(page, page.get_by_text("Keputusan disimpan"))
    older.refresh_from_db()
    assert older.status == "verified" and older.partner_number
    expect(page.locator("main")).to_contain_text(older.partner_number)
    shot(page, "verified")
    newer.refresh_from_db()
    assert newer.status == "submitted"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_leader_prepares_kredit_mesra_seeing_the_cost_then_the_rt_chair_recommends(
    phone_page, tmp_path
):
    from berdaya.financing.models import Application, Product
    from berdaya.financing.schedule import build_schedule
    from berdaya.financing.tests.factories import make_full_group
    from berdaya.registry.models import Person
    from berdaya.registry.tests.conftest import ensure_reference_data

    ensure_reference_data()
    personas = create_personas()
    group, members = make_full_group(size=10)
    leader = members[0]
    Person.objects.filter(pk=leader.pk).update(full_name="Siti Aminah")
    product = Product.objects.get(code="kredit-mesra")

    def cost(amount: int, months: int) -> tuple[str, str]:
        term = product.terms.get(months=months)
        plan = build_schedule(
            product=product,
            amount_rupiah=amount,
            term_months=months,
            fee_percent=term.admin_fee_percent,
            start=timezone.localdate(),
        )
        return rupiah(plan.admin_fee_rupiah), rupiah(plan.instalment_rupiah)

    page, shot = phone_page, Shots(tmp_path, "mesra")
    _cdp = slow_phone(page)

    # The leader opens the group and starts the application
    log_in(page, leader.user)
    page.goto(f"{page.base}/pembiayaan/kelompok/{group.pk}/")
    arrived(page, page.get_by_role("link", name="Siapkan pengajuan"))
    page.get_by_role("link", name="Siapkan pengajuan").click()
    arrived(page, page.get_by_role("heading", name="Siapkan pengajuan"))
    shot(page, "form")
    row = page.locator("#biaya li", has_text="Siti Aminah")

    # Choosing 12 months shows each member's fee and instalment ("Menghitung..." meanwhile)
    watch(page, "#biaya-loading")
    page.get_by_label("Jangka waktu").select_option("12")
    assert saw_loading(page, "#biaya-loading"), "no sign while the cost is computed"
    fee, instalment = cost(5_000_000, 12)
    expect(row).to_contain_text(f"biaya adm. {fee}")
    expect(row).to_contain_text(f"Angsuran {instalment}/bulan")
    expect(page.locator("#biaya-loading")).to_be_hidden()
    shot(page, "cost-12-months")

    # A smaller amount for the leader changes their fee and instalment
    watch(page, "#biaya-loading")
    amount = page.locator(f"#id_amount_{leader.pk}")
    amount.fill("3.000.000")
    amount.blur()
    assert saw_loading(page, "#biaya-loading")
    fee, instalment = cost(3_000_000, 12)
    expect(row).to_contain_text(f"Pinjaman {rupiah(3_000_000)}")
    expect(row).to_contain_text(f"biaya adm. {fee}")
    expect(row).to_contain_text(f"Angsuran {instalment}/bulan")

    # and so does a shorter term
    watch(page, "#biaya-loading")
    page.get_by_label("Jangka waktu").select_option("6")
    assert saw_loading(page, "#biaya-loading")
    fee, instalment = cost(3_000_000, 6)
    expect(row).to_contain_text(f"biaya adm. {fee}")
    expect(row).to_contain_text(f"Angsuran {instalment}/bulan")
    expect(page.locator("#biaya")).to_contain_text("Jangka waktu 6 bulan")
    shot(page, "cost-6-months")
    assert not Application.objects.exists()  # only computed, nothing saved

    # Saved, looked over and submitted
    page.get_by_role("button", name="Simpan dan lihat rincian").click()
    arrived(page, page.get_by_role("button", name="Ajukan sekarang"))
    shot(page, "details")
    page.get_by_role("button", name="Ajukan sekarang").click()
    arrived(page, page.get_by_text("Pengajuan telah diajukan."))
    application = Application.objects.get(group=group)
    assert application.term_months == 6

    # The RT chair finds it on their home page and recommends it
    page.context.clear_cookies()
    log_in(page, personas.rt_chair)
    page.get_by_role("link", name=re.compile("Rekomendasi pembiayaan menunggu")).click()
    arrived(page, page.get_by_role("link", name="Kelompok Mawar"))
    shot(page, "rt-queue")
    page.get_by_role("link", name="Kelompok Mawar").first.click()
    arrived(page, page.get_by_role("button", name="Simpan rekomendasi"))
    page.get_by_label("Beri rekomendasi").check()
    shot(page, "rt-application")
    page.get_by_role("button", name="Simpan rekomendasi").click()
    arrived(page, page.get_by_text("Rekomendasi tercatat"))
    shot(page, "rt-recommended")
    assert application.recommendations.filter(level="rt", approved=True).count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_head_of_office_opens_the_targets_dashboard(phone_page, tmp_path):
    from berdaya.targets.tests.builders import population, registration, seeded_targets

    personas = create_personas()
    seeded_targets()
    population()
    year = timezone.localdate().year
    for days_ago in (1, 3, 5):  # verified this year (or, on 1-5 January, some last year)
        registration(gender="P", verified_at=timezone.now() - datetime.timedelta(days=days_ago))
    page, shot = phone_page, Shots(tmp_path, "dashboard")
    _cdp = slow_phone(page)

    log_in(page, personas.head)
    menu = page.get_by_role("navigation", name="Menu utama")
    menu.get_by_text("Menu").click()  # on a phone the links sit behind the "Menu" disclosure
    menu.get_by_role("link", name="Dasbor").click()
    arrived(page, page.get_by_role("heading", name="Dasbor target program"))
    expect(page.locator("section.period h2").first).to_contain_text(f"Periode {year}")
    expect(page.locator("svg.chart-cumulative").first).to_be_visible()
    assert page.locator(".target-card").count() >= 2
    shot(page, "dashboard")
