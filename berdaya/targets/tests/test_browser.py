import os
from pathlib import Path

import pytest

from berdaya.accounts.personas import create_personas
from berdaya.targets.tests.builders import local, population, registration, seeded_targets
from conftest import browser_login, page_fits


def _shots(tmp_path) -> Path:
    return Path(os.environ.get("TARGETS_SCREENSHOTS", tmp_path))


@pytest.mark.browser
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_it_renders_the_dashboard_on_a_phone_and_a_desktop(
    transactional_db, request, tmp_path, size
):
    # given
    page = request.getfixturevalue(f"{size}_page")
    people = create_personas()
    seeded_targets()
    population()
    for month in range(1, 13):
        for _ in range(month % 4 + 1):
            registration(gender="P" if month % 2 else "L", verified_at=local(2023, month, 5))
    browser_login(page, people.head)
    # when
    page.goto(page.base + "/dasbor/")
    # then
    assert page.locator("h1").inner_text() == "Dasbor target program"
    assert page.locator(".target-card").count() == 2
    assert page.locator("svg.chart").count() >= 6
    assert page_fits(page), "the dashboard must not scroll sideways"
    page.screenshot(path=str(_shots(tmp_path) / f"dashboard-{size}.png"), full_page=True)
    page.goto(page.base + "/transparansi/")
    assert "<5" in page.inner_text("main")
    page.screenshot(path=str(_shots(tmp_path) / f"public-{size}.png"), full_page=True)
