"""Issue 14 in the browser: the printable collection sheet at 360 px and 1280 px and printed on
A4 (screenshots and a PDF from Chromium's print)."""

import os
from pathlib import Path

import pytest

from berdaya.financing import selectors
from conftest import browser_login, page_fits


def _shots(tmp_path) -> Path:
    return Path(os.environ.get("DOCUMENT_SCREENSHOTS", tmp_path))


@pytest.mark.browser
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_collection_sheet_reads_as_a_document(
    transactional_db, request, tmp_path, flow, personas, size
):
    # Given a disbursed group loan with instalments due
    page = request.getfixturevalue(f"{size}_page")
    application = flow.disbursed()
    due = max(i.due_date for loan in application.loans.all() for i in loan.instalments.all())
    assert selectors.collection_sheet(application, due)
    browser_login(page, personas.bank_officer)

    # When the officer opens the printable sheet
    page.goto(f"{page.base}/pembiayaan/pengajuan/{application.pk}/tagihan/cetak/?tanggal={due}")

    # Then it has the three borrowers, the total and the signature lines, and fits the screen
    assert page.locator("tr[data-borrower]").count() == 3
    assert page.locator(".signatures .line").count() == 2
    assert page.get_by_role("button", name="Cetak").is_visible()
    assert page_fits(page)
    page.screenshot(path=str(_shots(tmp_path) / f"collection-sheet-{size}.png"), full_page=True)

    # And printed on A4 the toolbar is gone
    page.emulate_media(media="print")
    assert not page.locator(".doc-toolbar").is_visible()
    if size == "desktop":
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        assert pdf.startswith(b"%PDF")
        (_shots(tmp_path) / "collection-sheet.pdf").write_bytes(pdf)
