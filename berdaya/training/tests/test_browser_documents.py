"""Issue 14 in the browser: the printable attendance sheet at 360 px and 1280 px and printed on
A4 (screenshots and a PDF from Chromium's print)."""

import os
from pathlib import Path

import pytest

from berdaya.accounts.personas import create_personas
from berdaya.training import services
from berdaya.training.tests.helpers import first_session, make_batch, make_person
from conftest import browser_login, page_fits


def _shots(tmp_path) -> Path:
    return Path(os.environ.get("DOCUMENT_SCREENSHOTS", tmp_path))


@pytest.mark.browser
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_attendance_sheet_reads_as_a_document(transactional_db, request, tmp_path, size):
    # Given a batch of twelve participants
    page = request.getfixturevalue(f"{size}_page")
    people = create_personas()
    batch = make_batch(capacity=20)
    for n in range(12):
        person = make_person(full_name=f"Peserta Pelatihan Nomor {n + 1}", gender="PL"[n % 2])
        services.enrollment_register(batch=batch, person=person)
    session = first_session(batch)
    browser_login(page, people.staff)

    # When staff open the attendance sheet of the first session
    page.goto(f"{page.base}/pelatihan/sesi/{session.pk}/daftar-hadir/")

    # Then every participant has a signature box, and it fits the screen
    assert page.locator("tr[data-participant]").count() == 12
    assert page.get_by_role("button", name="Cetak").is_visible()
    assert page_fits(page)
    page.screenshot(path=str(_shots(tmp_path) / f"attendance-sheet-{size}.png"), full_page=True)

    # And printed on A4 the toolbar is gone
    page.emulate_media(media="print")
    assert not page.locator(".doc-toolbar").is_visible()
    if size == "desktop":
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        assert pdf.startswith(b"%PDF")
        (_shots(tmp_path) / "attendance-sheet.pdf").write_bytes(pdf)
