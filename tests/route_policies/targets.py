"""Route policies of the programme targets, the dashboards and the transparency page
(the rules of declaring them: ``tests/route_policies/__init__.py``)."""

from __future__ import annotations

from tests.route_policies.base import (
    ADMIN,
    DASH,
    EVERYONE,
    Policy,
    op,
    page,
)

TARGET_BODY = {
    "name": "Target Uji Rute",
    "rule": "new_entrepreneurs",
    "period_start": "2025-01-01",
    "period_end": "2025-12-31",
    "target": 10,
    "years": [],
}

PAGES: dict[str, Policy] = {
    # targets and dashboards
    # the city-wide dashboard: staff scoped to one kecamatan are refused (403)
    "dasbor/": page(DASH),
    "dasbor/ekspor.xlsx": page(DASH),
    "dasbor/ekspor.pdf": page(DASH),
    # an admin sets a period's target in the app (issue 14); others refused on GET and POST
    "dasbor/target/baru/": page(ADMIN, form=True),
    "transparansi/": page(EVERYONE),
}

API: dict[str, Policy] = {
    # targets
    "GET /targets": op(DASH),
    "POST /targets": op(ADMIN, data=TARGET_BODY),
    "GET /targets/{target_id}": op(DASH, args={"target_id": "target"}),
    "PUT /targets/{target_id}": op(ADMIN, args={"target_id": "target"}, data=TARGET_BODY),
    "GET /targets/{target_id}/breakdown": op(
        DASH, args={"target_id": "target"}, query="by=kecamatan"
    ),
}
