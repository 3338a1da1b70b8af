"""Issue 14 in Chromium at 360 px and 1280 px: the registry pages changed for it fit the screen,
an error summary takes the focus, and each page is kept as a screenshot to look at
(test-artifacts/registry-*.png)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from berdaya.accounts.personas import create_personas
from berdaya.registry import services
from berdaya.registry.tests import factories as f
from conftest import browser_login, page_fits

SHOTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def shot(page, name: str, width: int) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"registry-{name}-{width}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("page_fixture", "width"), [("phone_page", 360), ("desktop_page", 1280)])
def test_the_changed_registry_pages_fit_and_focus_their_errors(
    reference_data, request, page_fixture, width
):
    page = request.getfixturevalue(page_fixture)
    personas = create_personas()
    waiting = [f.submit() for _ in range(2)]
    revise = f.submit(business={"started_on": "2025-11-03"})
    services.registration_review(
        registration=revise, reviewer=personas.staff, decision="revise", reason="Lengkapi NIB"
    )

    # Given a visitor at step 1, when it is sent empty
    page.goto(page.base + "/daftar/langkah/1/")
    shot(page, "register-step1", width)
    page.get_by_role("button", name="Simpan dan lanjut").click()
    # Then the error summary has the focus and each field one message
    page.locator(".error-summary").wait_for()
    # (autofocus moves the focus once the page is parsed, not when the summary first exists)
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#id_birth_date_error")).to_have_count(1)
    assert page_fits(page, width)
    shot(page, "register-step1-errors", width)

    # Given the owner asked to revise, when they open "Perbaiki pendaftaran"
    browser_login(page, revise.person.user)
    page.goto(page.base + f"/mitra/registrasi/{revise.pk}/perbaiki/")
    # Then the saved start date is in the date input, and sending it back saves
    assert page.input_value("#id_started_on") == "2025-11-03"
    assert page_fits(page, width)
    shot(page, "resubmit", width)
    page.fill("#id_nib", "1234567890123")
    page.get_by_role("button", name="Kirim ulang").click()
    page.get_by_role("heading", name="Status pendaftaran").wait_for()
    shot(page, "status", width)

    # Given staff, when they open the queue and a registration
    page.context.clear_cookies()
    browser_login(page, personas.staff)
    page.goto(page.base + "/dkum/mitra/")
    assert page.get_by_text("menunggu 0 hari kerja").first.is_visible()
    assert page_fits(page, width)
    shot(page, "queue", width)
    page.get_by_role("link", name=waiting[0].person.full_name).first.click()
    page.get_by_role("heading", name="Keputusan").wait_for()
    assert page_fits(page, width)
    shot(page, "detail", width)
