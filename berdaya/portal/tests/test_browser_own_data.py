"""Issue 14 in the browser: the partner's dashboard offers their data as PDF, XLSX and JSON at
360 px and 1280 px; the PDF's page is looked at as drawn (screenshots)."""

import os
from pathlib import Path

import pytest
from django.template.loader import render_to_string

from berdaya.portal import own_data
from berdaya.registry.tests import factories as f
from conftest import browser_login, page_fits


def _shots(tmp_path) -> Path:
    return Path(os.environ.get("DOCUMENT_SCREENSHOTS", tmp_path))


@pytest.mark.browser
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_partner_downloads_their_data_in_a_readable_form(
    transactional_db, request, tmp_path, size
):
    # Given a partner with a registered business, logged in
    page = request.getfixturevalue(f"{size}_page")
    registration = f.submit()
    browser_login(page, registration.person.user)

    # When they open their dashboard
    page.goto(page.base + "/mitra/")

    # Then PDF, XLSX and JSON are offered, and the page does not scroll sideways
    for label in ("PDF (untuk dibaca atau dicetak)", "XLSX (lembar kerja)"):
        assert page.get_by_role("link", name=label).is_visible()
    assert page_fits(page)
    page.screenshot(path=str(_shots(tmp_path) / f"own-data-links-{size}.png"), full_page=True)

    # And the PDF link gives a PDF file
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF (untuk dibaca atau dicetak)").click()
    assert download.value.suggested_filename == "data-saya.pdf"

    # The PDF's page, drawn from the same HTML, reads as a document (for the screenshot)
    if size == "desktop":
        html = render_to_string(
            own_data.PDF_TEMPLATE,
            own_data.pdf_context(registration.person.user, registration.person),
        )
        page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
        page.goto("about:blank")  # a blank page: the site's CSP does not apply to the PDF's HTML
        page.set_content(html)
        assert "Data saya di Berdaya" in page.inner_text("body")
        page.screenshot(path=str(_shots(tmp_path) / "own-data-pdf-page.png"), full_page=True)
