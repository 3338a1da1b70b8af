"""The login and home pages in headless Chromium, on a phone and on a desktop."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import browser_login, page_fits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.mark.parametrize("page_fixture", ["phone_page", "desktop_page"])
def test_it_logs_in_and_shows_the_home_page(request, personas, page_fixture):
    page = request.getfixturevalue(page_fixture)
    SHOTS.mkdir(exist_ok=True)
    page.goto(page.base + "/akun/masuk/")
    assert page.get_attribute("html", "lang") == "id"
    assert page.is_visible("text=Masuk ke Berdaya")
    assert page_fits(page)
    page.screenshot(path=str(SHOTS / f"login-{page_fixture}.png"), full_page=True)
    # A wrong password keeps the input and shows the error summary.
    page.fill("#id_username", "0812 0000 0003")
    page.fill("#id_password", "salah")
    page.click("button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    assert page.input_value("#id_username") == "0812 0000 0003"
    browser_login(page, personas.rt_chair)
    expect(page.get_by_role("heading", name="Menunggu tindakan Anda")).to_be_visible()
    assert page_fits(page)
    page.screenshot(path=str(SHOTS / f"home-{page_fixture}.png"), full_page=True)


def test_it_has_touch_targets_of_at_least_44px_on_a_phone(phone_page, db):
    phone_page.goto(phone_page.base + "/akun/masuk/")
    for selector in ("main button[type=submit]", "#id_username", "#id_password"):
        box = phone_page.locator(selector).bounding_box()
        assert box["height"] >= 44, selector
