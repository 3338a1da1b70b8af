"""The account's part of "Unduh semua data saya": login, names, contact and roles. Never the
password hash, tokens or the authenticator secret."""

from __future__ import annotations

from berdaya.core.own_data import Part, iso

ACCOUNT_FIELDS = (
    ("phone", "Nomor HP (untuk masuk)"),
    ("email", "Email"),
    ("full_name", "Nama lengkap"),
    ("nickname", "Nama panggilan"),
    ("joined_at", "Akun dibuat"),
    ("last_login_at", "Terakhir masuk"),
    ("roles", "Peran"),
)


def personal_data(user) -> list[Part]:
    roles = [str(a) for a in user.role_assignments.select_related("kelurahan", "kecamatan")]
    item = {
        "phone": str(user.phone),
        "email": user.email or "",
        "full_name": user.full_name,
        "nickname": user.nickname,
        "joined_at": iso(user.date_joined),
        "last_login_at": iso(user.last_login),
        "roles": roles,
    }
    return [Part("account", "Akun", ACCOUNT_FIELDS, [item])]
