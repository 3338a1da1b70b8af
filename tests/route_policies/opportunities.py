"""Route policies of opportunities, their applications and the selection
(the rules of declaring them: ``tests/route_policies/__init__.py``)."""

from __future__ import annotations

from tests.route_policies.base import (
    ALL_STAFF,
    LOGGED_IN,
    OWNER,
    STAFF,
    TODAY,
    Policy,
    op,
    page,
)

PAGES: dict[str, Policy] = {
    # opportunities: city-wide offers published by DKUM staff
    "peluang/": page(LOGGED_IN),
    "peluang/baru/": page(ALL_STAFF, form=True),
    "peluang/riwayat/": page(LOGGED_IN),
    "peluang/kabar/": page(LOGGED_IN),
    "peluang/<int:pk>/": page(LOGGED_IN, args={"pk": "opportunity"}),
    "peluang/<int:pk>/ubah/": page(ALL_STAFF, args={"pk": "opportunity"}, form=True),
    "peluang/<int:pk>/terbitkan/": page(ALL_STAFF, args={"pk": "opportunity"}, post=True),
    "peluang/<int:pk>/tutup/": page(ALL_STAFF, args={"pk": "opportunity"}, post=True),
    "peluang/<int:pk>/batalkan/": page(
        ALL_STAFF, args={"pk": "opportunity"}, post=True, data={"note": "uji"}
    ),
    "peluang/<int:pk>/dokumen/": page(ALL_STAFF, args={"pk": "opportunity"}, post=True),
    # anyone logged in may apply with their own business (without one: a rule refusal)
    "peluang/<int:pk>/daftar/": page(LOGGED_IN, args={"pk": "opportunity"}, post=True),
    # the applicants are people of every kecamatan: a kecamatan's staff sees its own only
    "peluang/<int:pk>/pendaftar/": page(
        ALL_STAFF,
        args={"pk": "opportunity"},
        marker="owner_business",
        seen_by=STAFF,
    ),
    "peluang/<int:pk>/pendaftar.xlsx": page(ALL_STAFF, args={"pk": "opportunity"}),
    "peluang/<int:pk>/pendaftar.csv": page(ALL_STAFF, args={"pk": "opportunity"}),
    "peluang/<int:pk>/pilih/": page(ALL_STAFF, args={"pk": "opportunity"}, post=True),
    "peluang/dokumen/<int:pk>/": page(LOGGED_IN, args={"pk": "opportunity_document"}),
    "peluang/lamaran/<int:pk>/tarik/": page(
        OWNER, args={"pk": "opportunity_application"}, post=True
    ),
    "peluang/lamaran/<int:pk>/lampiran/": page(
        OWNER | STAFF,
        args={"pk": "opportunity_application"},
    ),
}

API: dict[str, Policy] = {
    # opportunities
    "POST /opportunities": op(
        ALL_STAFF,
        data={
            "kind": "business",
            "title": "Peluang Uji Rute",
            "provider": "DKUM",
            "opens_on": TODAY,
            "deadline": TODAY,
        },
    ),
    "GET /opportunities": op(LOGGED_IN),
    "GET /opportunities/{opportunity_id}": op(LOGGED_IN, args={"opportunity_id": "opportunity"}),
    "PATCH /opportunities/{opportunity_id}": op(
        ALL_STAFF, args={"opportunity_id": "opportunity"}, data={"title": "Bazar Uji Rute 2"}
    ),
    "POST /opportunities/{opportunity_id}/publish": op(
        ALL_STAFF, args={"opportunity_id": "opportunity"}
    ),
    "POST /opportunities/{opportunity_id}/close": op(
        ALL_STAFF, args={"opportunity_id": "opportunity"}
    ),
    "POST /opportunities/{opportunity_id}/cancel": op(
        ALL_STAFF, args={"opportunity_id": "opportunity"}
    ),
    "GET /opportunities/{opportunity_id}/applications": op(
        ALL_STAFF,
        args={"opportunity_id": "opportunity"},
        marker="owner_business",
        seen_by=STAFF,
    ),
    # anyone logged in may apply with their own business (without one: a rule refusal)
    "POST /opportunities/{opportunity_id}/applications": op(
        LOGGED_IN, args={"opportunity_id": "opportunity"}, data={}
    ),
    "POST /opportunities/{opportunity_id}/applications/{application_id}/withdraw": op(
        OWNER,
        args={"opportunity_id": "opportunity", "application_id": "opportunity_application"},
    ),
    "POST /opportunities/{opportunity_id}/selection": op(
        ALL_STAFF, args={"opportunity_id": "opportunity"}, data={"selected": []}
    ),
    "GET /me/opportunity-applications": op(LOGGED_IN),
}
