"""Route policies of bulk imports (registry by DKUM staff, members by a cooperative's board)
(the rules of declaring them: ``tests/route_policies/__init__.py``)."""

from __future__ import annotations

from tests.route_policies.base import (
    ALL_STAFF,
    STAFF,
    Policy,
    op,
    page,
)

PAGES: dict[str, Policy] = {
    # imports: DKUM staff (registry) and a cooperative's board (its members)
    "impor/": page(ALL_STAFF | {"coop_board"}, form=True),
    # the world's import is a registry import: rows of the whole city, for city-wide staff only
    # (staff of one kecamatan import their area's cooperatives' members; issue 8, class 4)
    "impor/<int:pk>/": page(STAFF, args={"pk": "import"}),
    "impor/<int:pk>/kolom/": page(STAFF, args={"pk": "import"}, form=True),
    "impor/<int:pk>/progres/": page(STAFF, args={"pk": "import"}),
    "impor/<int:pk>/baris-bermasalah.xlsx": page(STAFF, args={"pk": "import"}, either=STAFF),
    "impor/<int:pk>/jalankan/": page(STAFF, args={"pk": "import"}, post=True),
    "impor/<int:pk>/lanjutkan/": page(STAFF, args={"pk": "import"}, post=True),
    "impor/<int:pk>/batalkan/": page(STAFF, args={"pk": "import"}, post=True),
}

API: dict[str, Policy] = {
    # imports
    # a registry import is city-wide DKUM staff's (a board imports its own members, kind
    # cooperative_members)
    "POST /imports": op(
        STAFF,
        data={"kind": "registry", "file": "@@csv"},
        multipart=True,
    ),
    "GET /imports/{import_id}": op(STAFF, args={"import_id": "import"}),
    # the world's import has no rejected rows: 404 for staff too; only the others' refusal counts
    "GET /imports/{import_id}/errors.xlsx": op(STAFF, args={"import_id": "import"}, either=STAFF),
    "POST /imports/{import_id}/commit": op(STAFF, args={"import_id": "import"}),
    "POST /imports/{import_id}/undo": op(STAFF, args={"import_id": "import"}),
}
