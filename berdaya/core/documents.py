"""Printable documents (attendance sheets, collection sheets, own data, the recommendation letter,
the training certificate): the office's letterhead and signatory from settings, shared by every
app that prints. PDFs include ``templates/documents/letterhead_pdf.html``. The page layout is
``templates/documents/base_document.html`` with ``static/css/document.css`` (A4 print CSS)."""

from __future__ import annotations

from django.conf import settings


def letterhead() -> dict[str, str]:
    """The heading of a printed document (BERDAYA_LETTERHEAD_*, the office's address and phone),
    with the city's defaults."""
    return {
        "government": getattr(settings, "BERDAYA_LETTERHEAD_GOVERNMENT", "PEMERINTAH KOTA DEPOK"),
        "office": getattr(settings, "BERDAYA_LETTERHEAD_OFFICE", "DINAS KOPERASI DAN USAHA MIKRO"),
        "address": getattr(
            settings,
            "BERDAYA_LETTERHEAD_ADDRESS",
            getattr(settings, "BERDAYA_OFFICE_ADDRESS", ""),
        ),
        "phone": getattr(settings, "BERDAYA_OFFICE_PHONE", ""),
        "city": getattr(settings, "BERDAYA_LETTERHEAD_CITY", "Depok"),
    }


def signatory() -> dict[str, str]:
    """Who signs what the office issues (the training certificate): BERDAYA_SIGNATORY_NAME and
    BERDAYA_SIGNATORY_POSITION. Without a name the document leaves a line to write it on."""
    return {
        "name": getattr(settings, "BERDAYA_SIGNATORY_NAME", ""),
        "position": getattr(
            settings,
            "BERDAYA_SIGNATORY_POSITION",
            "Kepala Dinas Koperasi dan Usaha Mikro Kota Depok",
        ),
    }
