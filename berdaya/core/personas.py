"""The named people of Berdaya, in one place: demo logins and test personas use the same list
(``berdaya.accounts.personas.create_personas`` makes them users).

Beji (32.76.06.1001) RT 3 / RW 7 is the neighbourhood the demo and the tests revolve around.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BEJI = "32.76.06.1001"
BEJI_KECAMATAN = "32.76.06"
KUKUSAN = "32.76.06.1002"  # another kelurahan in Kecamatan Beji
DEPOK_JAYA = "32.76.01.1007"  # a kelurahan in another kecamatan (Pancoran Mas)

DEMO_PASSWORD = "Berdaya#2026"


@dataclass(frozen=True)
class Persona:
    key: str
    role: str
    phone: str
    label: str
    scope: dict = field(default_factory=dict)
    email: str | None = None


PERSONAS = [
    Persona(
        "rt_chair",
        "ketua_rt",
        "081200000003",
        "Ketua RT 3/RW 7 Beji",
        {"kelurahan_code": BEJI, "rw": 7, "rt": 3},
    ),
    Persona(
        "rw_chair", "ketua_rw", "081200000007", "Ketua RW 7 Beji", {"kelurahan_code": BEJI, "rw": 7}
    ),
    Persona(
        "kelurahan_officer",
        "petugas_kelurahan",
        "081200000010",
        "Petugas Kelurahan Beji",
        {"kelurahan_code": BEJI},
    ),
    Persona("staff", "staf_dkum", "081200000020", "Staf DKUM", {}, "staf@berdaya.local"),
    Persona("admin", "admin_dkum", "081200000021", "Admin DKUM", {}, "admin@berdaya.local"),
    Persona(
        "bank_officer",
        "petugas_lembaga",
        "081200000030",
        "Petugas Bank BJB",
        {"institution_code": "bjb"},
    ),
    Persona(
        "baznas_officer",
        "petugas_lembaga",
        "081200000031",
        "Petugas BAZNAS Kota Depok",
        {"institution_code": "baznas"},
    ),
    Persona("head", "pimpinan", "081200000040", "Kepala Dinas (pimpinan)"),
    # Outsiders: another RT chair in the same RW, an RT chair elsewhere, and a citizen.
    Persona(
        "other_rt_chair",
        "ketua_rt",
        "081200000004",
        "Ketua RT 4/RW 7 Beji",
        {"kelurahan_code": BEJI, "rw": 7, "rt": 4},
    ),
    Persona(
        "far_rt_chair",
        "ketua_rt",
        "081200000005",
        "Ketua RT 1/RW 2 Depok Jaya",
        {"kelurahan_code": DEPOK_JAYA, "rw": 2, "rt": 1},
    ),
    Persona("outsider", "pelaku_usaha", "081200000099", "Warga tanpa data"),
]
