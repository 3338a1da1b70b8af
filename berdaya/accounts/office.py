"""The office's contact from settings (footer and each "hubungi DKUM"), read without a request so
that the 500 page can show it too."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.functional import lazy


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


def contact_reach() -> str:
    """'telepon (021) 2967 3000 atau WhatsApp 0812-9000-3276 (Senin-Jumat 08.00-16.00 WIB)'."""
    office = office_contact()
    return f"telepon {office['phone']} atau WhatsApp {office['whatsapp']} ({office['hours']})"


def contact_sentence() -> str:
    """How to reach the office, for a message that tells a person to contact it (issue 14):
    'hubungi Dinas Koperasi dan UMKM Kota Depok di telepon ... atau WhatsApp ... (hours), atau
    datang ke (address)'. Every such message in Python uses this, so that it carries the
    contact itself (berdaya/accounts/tests/test_office_contact_everywhere.py); templates use
    ``includes/office_contact.html`` or ``{% office_reach %}``. Starts in lower case: it ends
    a sentence ("... atau {contact_sentence()}.")."""
    office = office_contact()
    return f"hubungi {office['name']} di {contact_reach()}, atau datang ke {office['address']}"


# For messages defined once at import time (a form's error_messages): read when shown, so that
# the settings in force (and a test's override) apply.
contact_sentence_lazy = lazy(contact_sentence, str)
