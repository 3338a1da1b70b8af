"""Issue 14 in Chromium at 360 px: a mapping the import cannot use (no NIK column) comes back
with the shared error summary, which takes the focus (the ``autofocus`` of
includes/error_summary.html; the page's own ``data-autofocus`` did nothing)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from berdaya.imports.models import Import
from berdaya.imports.tests.conftest import person_row, xlsx_bytes
from conftest import browser_login, page_fits


@pytest.mark.browser
def test_a_mapping_without_nik_focuses_the_error_summary(
    transactional_db, refdata, personas, phone_page, tmp_path
):
    page = phone_page
    browser_login(page, personas.staff)
    # Given staff who uploaded a sheet of partners
    page.goto(page.base + "/impor/")
    page.set_input_files(
        "input[type=file]",
        {"name": "mitra.xlsx", "mimeType": "application/octet-stream",
         "buffer": xlsx_bytes([person_row(1)])},
    )  # fmt: skip
    page.locator("form").filter(has=page.locator("input[type=file]")).locator(
        "button[type=submit]"
    ).click()
    page.wait_for_url("**/kolom/**")
    imp = Import.objects.latest("id")
    nik_column = imp.headers.index("NIK")
    # When they set the NIK column to "ignore" and run the dry run
    page.select_option(f"#id_col_{nik_column}", "")
    page.get_by_role("button", name="Jalankan uji coba").click()
    page.wait_for_load_state()
    # Then the error summary says why and has the focus, and the page fits 360 px
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("NIK")
    expect(summary).to_be_focused()  # autofocus acts once the page is parsed, so it is waited for
    assert page_fits(page, 360)
    assert page.locator("[data-autofocus]").count() == 0
    shots = Path(os.environ.get("DOCUMENT_SCREENSHOTS", tmp_path))
    page.screenshot(path=str(shots / "imports-mapping-error-360.png"), full_page=True)
