"""The import's statements per batch do not grow with the rows of the batch: a query per row
(a lookup in the checks, a save() per row, a per-row event) would show here on both databases."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from berdaya.imports import engine, services
from berdaya.imports.models import Import
from berdaya.imports.tests.conftest import person_row, upload, xlsx_bytes

pytestmark = pytest.mark.usefixtures("refdata")


def _queries(actor, rows, *, on_existing="update") -> tuple[int, Import]:
    imp = services.import_create(
        actor=actor, upload=upload(xlsx_bytes(rows)), kind="registry", dry_run=False,
        on_existing=on_existing, start=False,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as captured:
        imp = engine.run(imp.pk)
    assert imp.status == "done", imp.error
    return len(captured.captured_queries), imp


def _sheet(first: int, count: int, **over) -> list[list]:
    return [person_row(n, **over) for n in range(first, first + count)]


@pytest.mark.parametrize("on_existing", ["update", "skip"])
def test_two_batches_of_30_rows_take_as_many_statements_as_two_of_5(
    personas, monkeypatch, on_existing
):
    # 30 rows stay inside one SQLite multi-row INSERT (bulk_create's chunk), so both databases
    # must give exactly the same count for 10 and for 60 rows.
    small, large = _sheet(1, 10), _sheet(101, 60)
    # First-time reads (content types of the events, the partner number year) happen once.
    _queries(personas.staff, _sheet(900, 1))
    _queries(personas.staff, _sheet(900, 1, **{"Omzet": "9jt", "Nama Lengkap": "Siti B"}))
    counts = {}
    for name, rows, size in (("small", small, 5), ("large", large, 30)):
        monkeypatch.setattr(engine, "BATCH_SIZE", size)
        new, imp = _queries(personas.staff, rows, on_existing=on_existing)
        assert (imp.new, imp.batches_done) == (len(rows), 2)
        again, imp = _queries(personas.staff, rows, on_existing=on_existing)
        assert (imp.new, imp.unchanged) == (0, len(rows))
        changed_rows = [
            person_row(int(r[0][-4:]), **{"Omzet": "9jt", "Nama Lengkap": f"Siti B {i}"})
            for i, r in enumerate(rows)
        ]
        changed, imp = _queries(personas.staff, changed_rows, on_existing=on_existing)
        assert imp.updated == (len(rows) if on_existing == "update" else 0)
        counts[name] = (new, again, changed)
    assert counts["small"] == counts["large"]


def test_the_checks_read_nothing_per_row(personas):
    """A dry run of 5 or of 50 rows: the same statements (regions and KBLI are read once)."""
    counts = []
    for first, count in ((1, 5), (201, 50)):
        imp = services.import_create(
            actor=personas.staff, upload=upload(xlsx_bytes(_sheet(first, count))),
            kind="registry", dry_run=True, start=False,
        )  # fmt: skip
        with CaptureQueriesContext(connection) as captured:
            imp = engine.run(imp.pk)
        assert (imp.status, imp.new) == ("done", count)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
