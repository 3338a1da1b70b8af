"""The registration's reference, quotable by phone: ``DFT-000123`` (*daftar*), derived from its
id (nothing stored), given the moment a registration is sent, long before a verified partner gets
a partner number (``MB-YYYY-NNNNNN``). Staff find a registration by it however it is read out:
``DFT-000123``, ``dft 123``, ``DFT000123``."""

from __future__ import annotations

import re

from berdaya.core.cleaning import to_ascii_digits

PREFIX = "DFT"
_WRITTEN = re.compile(rf"{PREFIX}[\s\-./]*(\d{{1,18}})")


def registration_reference(pk: int) -> str:
    """``DFT-`` and the id, zero-padded to six digits (longer ids keep every digit)."""
    return f"{PREFIX}-{pk:06d}"


def registration_pk(text: str) -> int | None:
    """The id a written reference names, or None when ``text`` is not a reference."""
    found = _WRITTEN.fullmatch(to_ascii_digits(text or "").strip().upper())
    if not found:
        return None
    pk = int(found.group(1))
    return pk or None
