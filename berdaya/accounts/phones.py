"""Indonesian phone numbers, normalised to E.164 (+62...)."""

from __future__ import annotations

import phonenumbers

from berdaya.core.errors import RuleError


def normalize_phone(raw: str, *, field: str = "phone") -> str:
    """'0812-3456-7890', '62812...' or '+62 812...' -> '+6281234567890'.

    Refuses (code ``phone_invalid``) anything that is not a valid Indonesian number.
    """
    text = (raw or "").strip()
    if text.startswith("62") and not text.startswith("+"):
        text = "+" + text
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or number.country_code != 62 or not phonenumbers.is_valid_number(number):
        raise RuleError.one(
            "phone_invalid",
            "Nomor HP tidak valid. Tulis nomor Indonesia, misalnya 0812 3456 7890.",
            field=field,
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
