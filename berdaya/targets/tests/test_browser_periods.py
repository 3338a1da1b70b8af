"""Issue 14 in the browser: the dashboard in November 2026 (this year first, cumulative chart),
the target form and the public page, at 360 px and 1280 px, with screenshots."""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from berdaya.accounts.personas import create_personas
from berdaya.targets import selectors
from berdaya.targets.tests.builders import local, population, registration, seeded_targets
from conftest import browser_login, page_fits


def _shots(tmp_path) -> Path:
    return Path(os.environ.get("TARGETS_SCREENSHOTS", tmp_path))


@pytest.mark.browser
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_it_shows_this_year_and_lets_the_admin_set_its_target(
    transactional_db, request, tmp_path, monkeypatch, size
):
    # Given November 2026, targets that ended in 2024 and registrations in 2025 and 2026
    monkeypatch.setattr(selectors, "today_local", lambda: datetime.date(2026, 11, 15))
    page = request.getfixturevalue(f"{size}_page")
    people = create_personas()
    seeded_targets()
    population()
    for month in range(1, 11):
        for _ in range(month % 3 + 1):
            registration(gender="P" if month % 2 else "L", verified_at=local(2026, month, 5))
    browser_login(page, people.admin)

    # When the admin opens the dashboard
    page.goto(page.base + "/dasbor/")

    # Then 2026 comes first, running, with its achievement and a link to set its target
    first = page.locator("section.period h2").first.inner_text()
    assert first.startswith("Periode 2026")
    assert page.locator("svg.chart-cumulative").count() == 1
    assert page_fits(page), "the dashboard must not scroll sideways"
    page.screenshot(path=str(_shots(tmp_path) / f"periods-dashboard-{size}.png"), full_page=True)

    # When they follow "Tetapkan target 2026" and save the target
    page.locator("a", has_text="Tetapkan target 2026").first.click()
    expect(page.locator("#id_period_start")).to_have_value("2026-01-01")
    page.screenshot(path=str(_shots(tmp_path) / f"periods-form-{size}.png"), full_page=True)
    page.fill("#id_number", "1500")
    page.fill("#id_year_1_number", "1500")
    page.get_by_role("button", name="Simpan target").click()

    # Then the dashboard shows the new target's card in 2026
    page.wait_for_url("**/dasbor/?target=*")
    expect(page.locator("main")).to_contain_text("ditetapkan")
    expect(page.locator("section.period").first.locator(".target-card")).to_have_count(1)
    page.screenshot(path=str(_shots(tmp_path) / f"periods-after-{size}.png"), full_page=True)

    # And the public page draws "<5" months as gaps
    page.goto(page.base + "/transparansi/")
    assert "celah pada garis" in page.inner_text("main")
    page.screenshot(path=str(_shots(tmp_path) / f"periods-public-{size}.png"), full_page=True)
