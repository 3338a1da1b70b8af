"""Masking of personal data in lists, logs and exports (UU 27/2022)."""

from __future__ import annotations


def mask_nik(nik: str) -> str:
    """3276012345670001 -> 3276********0001"""
    nik = (nik or "").strip()
    if len(nik) < 8:
        return "*" * len(nik)
    return nik[:4] + "*" * (len(nik) - 8) + nik[-4:]


def mask_phone(phone: str) -> str:
    phone = str(phone or "")
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:5] + "*" * (len(phone) - 8) + phone[-3:]
