"""Issue 14 in Chromium at 360 px on a slow network: a photo too large or of the wrong type is
refused in the browser before anything is sent (the same words as the server), and a good photo
is sent with a progress bar, landing on the page the form leads to (static/js/upload.js)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from berdaya.registry.models import BusinessPhoto
from berdaya.registry.tests import factories as f
from conftest import browser_login, page_fits

SLOW = {"offline": False, "latency": 400, "downloadThroughput": 50_000, "uploadThroughput": 50_000}


def _jpeg(size=(900, 700)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(out, format="JPEG", quality=95)
    return out.getvalue()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_photos_are_checked_before_upload_and_sent_with_progress(
    reference_data, phone_page, tmp_path
):
    page = phone_page
    shots = Path(os.environ.get("DOCUMENT_SCREENSHOTS", tmp_path))
    owner = f.submit()
    browser_login(page, owner.person.user)
    page.goto(page.base + f"/mitra/usaha/{owner.business_id}/foto/")
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)

    # Given a 6 MB photo, when it is chosen and sent, then it is refused at once, unsent
    big = {"name": "besar.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8" + b"0" * 6_300_000}
    page.set_input_files("#id_photo", big)
    problem = page.locator("[data-upload-problem]")
    problem.wait_for()
    expect(problem).to_contain_text("besar.jpg")
    expect(problem).to_contain_text("lebih dari 5 MB")
    page.get_by_role("button", name="Unggah").click()
    expect(page.locator("#id_photo")).to_be_focused()
    assert posts == []
    page.screenshot(path=str(shots / "upload-too-large-360.png"), full_page=True)

    # Given a document that is no photo, then it is refused too
    page.set_input_files(
        "#id_photo", {"name": "surat.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}
    )
    expect(problem).to_contain_text("bukan foto JPG, PNG atau WebP")

    # Given a good photo on a slow network, when it is sent, then a progress bar shows
    page.set_input_files("#id_photo", {"name": "etalase.jpg", "mimeType": "image/jpeg",
                                       "buffer": _jpeg()})  # fmt: skip
    expect(problem).to_be_hidden()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW)
    page.fill("#id_caption", "Etalase warung")
    page.get_by_role("button", name="Unggah").click()
    page.locator("[data-upload-progress] progress").wait_for()
    page.screenshot(path=str(shots / "upload-progress-360.png"), full_page=True)
    # and the page the form leads to is shown, with the photo saved
    page.wait_for_url(lambda url: "/foto/" not in url, timeout=60_000)
    assert BusinessPhoto.objects.filter(business_id=owner.business_id).count() == 1
    assert len(posts) == 1
    page.get_by_text("Foto diunggah").wait_for()  # the message of the page landed on
    assert page_fits(page, 360)  # measured once the page and its style sheets have loaded
    page.screenshot(path=str(shots / "upload-done-360.png"), full_page=True)
