"""Route policies of cooperatives, their members and annual (RAT) reports
(the rules of declaring them: ``tests/route_policies/__init__.py``)."""

from __future__ import annotations

from tests.route_policies.base import (
    ALL_DASH,
    COOP_MANAGERS,
    COOP_READERS,
    DASH,
    LOGGED_IN,
    STAFF,
    Policy,
    op,
    page,
)

PAGES: dict[str, Policy] = {
    # cooperatives: registered by the pengurus koperasi persona in Beji RT 3 / RW 7
    "koperasi/": page(LOGGED_IN),
    "koperasi/daftar/": page(LOGGED_IN, form=True),
    "koperasi/semua/": page(
        ALL_DASH | {"kelurahan_officer", "other_kelurahan_officer"},
        marker="cooperative",
        seen_by=DASH | {"kelurahan_officer"},
    ),
    "koperasi/semua/ekspor.xlsx": page(ALL_DASH | {"kelurahan_officer", "other_kelurahan_officer"}),
    "koperasi/semua/ekspor.csv": page(ALL_DASH | {"kelurahan_officer", "other_kelurahan_officer"}),
    "koperasi/kepatuhan-rat/": page(ALL_DASH | {"kelurahan_officer", "other_kelurahan_officer"}),
    "koperasi/<int:pk>/": page(COOP_READERS, args={"pk": "cooperative"}),
    "koperasi/<int:pk>/perbaiki/": page(COOP_MANAGERS, args={"pk": "cooperative"}, form=True),
    "koperasi/<int:pk>/tinjau/": page(
        STAFF, args={"pk": "cooperative"}, post=True, data={"decision": "verify"}
    ),
    "koperasi/<int:pk>/status/": page(
        STAFF, args={"pk": "cooperative"}, post=True, data={"status": "inactive"}
    ),
    "koperasi/<int:pk>/anggota/": page(COOP_MANAGERS, args={"pk": "cooperative"}),
    "koperasi/<int:pk>/anggota/ekspor.xlsx": page(COOP_MANAGERS, args={"pk": "cooperative"}),
    "koperasi/<int:pk>/anggota/ekspor.csv": page(COOP_MANAGERS, args={"pk": "cooperative"}),
    "koperasi/<int:pk>/anggota/tambah/": page(COOP_MANAGERS, args={"pk": "cooperative"}, form=True),
    "koperasi/<int:pk>/anggota/<int:member_pk>/": page(
        COOP_MANAGERS, args={"pk": "cooperative", "member_pk": "coop_member"}, form=True
    ),
    "koperasi/<int:pk>/rat/": page(COOP_MANAGERS, args={"pk": "cooperative"}, form=True),
    # the annual (RAT) reports and their minutes are the cooperative's public accountability
    "koperasi/<int:pk>/rat/<int:report_pk>/notulen.pdf": page(
        COOP_READERS, args={"pk": "cooperative", "report_pk": "coop_report"}
    ),
}

API: dict[str, Policy] = {
    # cooperatives
    "POST /cooperatives": op(LOGGED_IN, data={}),
    "GET /cooperatives": op(LOGGED_IN, marker="cooperative", seen_by=COOP_READERS),
    "GET /cooperatives/{cooperative_id}": op(COOP_READERS, args={"cooperative_id": "cooperative"}),
    "POST /cooperatives/{cooperative_id}/review": op(
        STAFF, args={"cooperative_id": "cooperative"}, data={"decision": "verify"}
    ),
    "POST /cooperatives/{cooperative_id}/members": op(
        COOP_MANAGERS, args={"cooperative_id": "cooperative"}, data={}
    ),
    "GET /cooperatives/{cooperative_id}/members": op(
        COOP_MANAGERS, args={"cooperative_id": "cooperative"}
    ),
    "PATCH /cooperatives/{cooperative_id}/members/{member_id}": op(
        COOP_MANAGERS, args={"cooperative_id": "cooperative", "member_id": "coop_member"}, data={}
    ),
    "POST /cooperatives/{cooperative_id}/members/{member_id}/status": op(
        COOP_MANAGERS,
        args={"cooperative_id": "cooperative", "member_id": "coop_member"},
        data={"status": "active"},
    ),
    "POST /cooperatives/{cooperative_id}/reports": op(
        COOP_MANAGERS, args={"cooperative_id": "cooperative"}, data={}
    ),
    "GET /cooperatives/{cooperative_id}/reports": op(
        COOP_READERS, args={"cooperative_id": "cooperative"}
    ),
    "POST /cooperatives/{cooperative_id}/reports/{report_id}/minutes": op(
        COOP_MANAGERS,
        args={"cooperative_id": "cooperative", "report_id": "coop_report"},
        data={"file": "@@pdf"},
        multipart=True,
    ),
    "GET /me/memberships": op(LOGGED_IN),
}
