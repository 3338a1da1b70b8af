"""The office's contact from settings (footer and each "hubungi DKUM"), read without a request so
that the 500 page can show it too."""

from __future__ import annotations

import re

from django.conf import settings


def _wa_number(phone: str) -> str:
    """``0812-9000-3276`` -> ``6281290003276`` (the form ``wa.me`` links take)."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


def office_contact() -> dict:
    return {
        "name": "Dinas Koperasi dan UMKM Kota Depok",
        "phone": settings.BERDAYA_OFFICE_PHONE,
        "phone_tel": re.sub(r"[^\d+]", "", settings.BERDAYA_OFFICE_PHONE),
        "whatsapp": settings.BERDAYA_OFFICE_WHATSAPP,
        "whatsapp_wa": _wa_number(settings.BERDAYA_OFFICE_WHATSAPP),
        "address": settings.BERDAYA_OFFICE_ADDRESS,
        "hours": settings.BERDAYA_OFFICE_HOURS,
    }
