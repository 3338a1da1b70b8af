"""Verification codes people type from paper (issue 14): upper case, without the look-alikes
I/L/1 and O/0, so a code read aloud or copied from a print is typed right and can be compared
case-insensitively."""

from __future__ import annotations

import secrets

READABLE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def readable_code(length: int = 12) -> str:
    """A random code of ``length`` characters of READABLE_ALPHABET (12: about 59 bits)."""
    return "".join(secrets.choice(READABLE_ALPHABET) for _ in range(length))


def find_by_code(queryset, code: str):
    """The row of ``queryset`` whose ``code`` is what was typed: exactly (old codes, case and
    all), else in upper case (a readable code typed in lower case); spaces are ignored."""
    code = "".join((code or "").split())[:32]
    if not code:
        return None
    return queryset.filter(code=code).first() or queryset.filter(code=code.upper()).first()
