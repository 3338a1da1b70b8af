"""Phone numbers as people write them (issue 14): stored as +6281234567890, shown as
0812-3456-7890."""

from __future__ import annotations


def format_phone(value) -> str:
    """+6281234567890 / 6281234567890 / 081234567890 -> 0812-3456-7890 (four, four, the rest); a
    landline or anything not a mobile number is shown as it was given."""
    text = str(value or "").strip()
    digits = text.removeprefix("+")
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    mobile = digits.startswith("08") and len(digits) >= 10
    if not (mobile and digits.isascii() and digits.isdigit()):
        return text
    return f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"
