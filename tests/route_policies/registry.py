"""Route policies of registration, the entrepreneur's own pages and DKUM's registry work
(the rules of declaring them: ``tests/route_policies/__init__.py``)."""

from __future__ import annotations

from berdaya.core.personas import BEJI
from tests.route_policies.base import (
    ALL_DASH,
    ALL_STAFF,
    DASH,
    EVERYONE,
    LOGGED_IN,
    OWNER,
    OWNER_AREA,
    PARTNERS_WITH_DATA,
    STAFF,
    TERRITORY,
    Lit,
    Policy,
    op,
    page,
)

REGISTRATION_BODY = {
    "person": {
        "nik": "3276065705900777",
        "full_name": "Uji Rute",
        "gender": "P",
        "birth_date": "1990-05-17",
        "phone": "085799990001",
        "kelurahan_code": BEJI,
        "rw": 7,
        "rt": 3,
    },
    "business": {
        "name": "Usaha Uji Rute",
        "kbli_code": "10792",
        "started_on": "2025-01-01",
        "capital_rupiah": 5_000_000,
        "annual_sales_rupiah": 60_000_000,
    },
    "password": "Berdaya#2026",
    "consent": True,
}

PAGES: dict[str, Policy] = {
    # public registration
    "daftar/": page(EVERYONE),
    "daftar/langkah/<int:step>/": page(EVERYONE, args={"step": Lit(1)}),
    "daftar/lanjut/<str:token>/": page(EVERYONE, args={"token": "draft_token"}),
    "daftar/cek-nik/": page(EVERYONE, query="nik=3276065705900001"),
    "daftar/kbli/": page(EVERYONE, query="q=kue"),
    "daftar/status/<int:pk>/": page(OWNER | OWNER_AREA | DASH, args={"pk": "registration"}),
    # the entrepreneur's own pages
    "mitra/": page(LOGGED_IN, marker="owner_business", seen_by=OWNER),
    "mitra/usaha/<int:pk>/ubah/": page(OWNER | STAFF, args={"pk": "business"}, form=True),
    "mitra/usaha/<int:pk>/laporan/": page(OWNER | STAFF, args={"pk": "business"}, form=True),
    "mitra/usaha/<int:pk>/foto/": page(OWNER | STAFF, args={"pk": "business"}, form=True),
    "mitra/foto/<int:pk>/": page(OWNER | OWNER_AREA | DASH, args={"pk": "photo"}),
    # one's own data as JSON (the portal gathers every app's; the XLSX and PDF are in accounts.py)
    "privasi/data-saya.json": page(PARTNERS_WITH_DATA, marker="owner_business", seen_by=OWNER),
    # the owner has an identity change waiting, so the form is refused to them until it is decided
    "mitra/identitas/": page(PARTNERS_WITH_DATA - OWNER, either=OWNER, form=True),
    "mitra/registrasi/<int:pk>/perbaiki/": page(
        OWNER, args={"pk": "registration_revision"}, form=True
    ),
    # DKUM registry work
    # the list opens on the registrations waiting for a decision; the owner's is verified
    "dkum/mitra/": page(
        ALL_DASH | TERRITORY,
        query="status=verified",
        marker="owner_business",
        seen_by=OWNER_AREA | DASH,
    ),
    "dkum/mitra/ekspor.xlsx": page(ALL_DASH | TERRITORY),
    "dkum/mitra/ekspor.csv": page(ALL_DASH | TERRITORY),
    "dkum/mitra/<int:pk>/": page(OWNER_AREA | DASH, args={"pk": "registration"}),
    "dkum/mitra/<int:pk>/tinjau/": page(
        STAFF,
        args={"pk": "registration_submitted"},
        post=True,
        data={"decision": "verify"},
    ),
    "dkum/acara-pendaftaran/": page(ALL_STAFF, form=True),
    "dkum/perubahan-identitas/": page(ALL_STAFF, marker="owner_name", seen_by=STAFF),
    "dkum/perubahan-identitas/<int:pk>/": page(
        STAFF,
        args={"pk": "identity_change"},
        post=True,
        data={"approve": "0", "note": "x"},
    ),
}

API: dict[str, Policy] = {
    "POST /registrations": op(EVERYONE, data=REGISTRATION_BODY),
    "GET /registrations/{registration_id}": op(
        OWNER | OWNER_AREA | DASH, args={"registration_id": "registration"}
    ),
    "POST /registrations/{registration_id}/review": op(
        STAFF, args={"registration_id": "registration_submitted"}, data={"decision": "verify"}
    ),
    "GET /businesses": op(LOGGED_IN, marker="owner_business", seen_by=OWNER | OWNER_AREA | DASH),
    "GET /businesses/{business_id}": op(
        OWNER | OWNER_AREA | DASH, args={"business_id": "business"}
    ),
    "POST /businesses/{business_id}/reports": op(
        OWNER | STAFF,
        args={"business_id": "business"},
        data={"period": "2025-01", "sales_rupiah": 1_000_000, "workers_women": 1, "workers_men": 0},
    ),
    "GET /businesses/{business_id}/reports": op(
        OWNER | OWNER_AREA | DASH, args={"business_id": "business"}
    ),
}
