"""The PostgreSQL path of the bulk writes: COPY into a staging table, INSERT ... SELECT
... RETURNING and UPDATE ... FROM, with the model defaults raw SQL would skip."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from berdaya.imports import engine, services
from berdaya.imports.tests.conftest import person_row, upload, xlsx_bytes
from berdaya.registry.bulk.sql import insert_rows, update_rows
from berdaya.registry.models import Business, Person

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY needs PostgreSQL"),
    pytest.mark.usefixtures("refdata"),
]


def test_it_writes_a_batch_with_copy_and_set_based_statements(personas, monkeypatch):
    monkeypatch.setattr(engine, "BATCH_SIZE", 50)
    rows = [person_row(n) for n in range(1, 121)]
    imp = services.import_create(
        actor=personas.staff, upload=upload(xlsx_bytes(rows)), kind="registry", dry_run=False,
        start=False,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        imp = engine.run(imp.pk)
    assert (imp.status, imp.new, imp.batches_done) == ("done", 120, 3)
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum("CREATE TEMP TABLE _stage_person" in s for s in sql) == 3
    assert not any(s.startswith('INSERT INTO "registry_person"') and "VALUES" in s for s in sql)
    # A fixed number of statements per batch, not one per row.
    assert len(sql) < 120


def test_it_fills_model_defaults_and_json_on_the_copy_path(db):
    from berdaya.regions.models import Kelurahan

    kel = Kelurahan.objects.first()
    assert kel is not None
    now = datetime.datetime.now(datetime.UTC)
    ids = insert_rows(
        Person,
        ["nik", "full_name", "gender", "birth_date", "phone", "kelurahan_id", "rw", "rt",
         "created_at", "updated_at"],
        [["3276065708850001", "Siti", "P", datetime.date(1985, 8, 17), "+6281200000001",
          kel.pk, 7, 3, now, now]],
        returning="nik",
    )  # fmt: skip
    person = Person.objects.get(pk=ids[0][0])
    assert (person.education, person.email, person.consent_text) == ("", "", "")
    update_rows(Person, ["full_name", "rw"], [["Siti Aminah", 8, person.pk]])
    person.refresh_from_db()
    assert (person.full_name, person.rw) == ("Siti Aminah", 8)


def test_it_updates_with_update_from(personas):
    services_run = engine.run
    first = services.import_create(
        actor=personas.staff, upload=upload(xlsx_bytes([person_row(1)])), kind="registry",
        dry_run=False, start=False,
    )  # fmt: skip
    services_run(first.pk)
    changed = services.import_create(
        actor=personas.staff, kind="registry", dry_run=False, start=False,
        upload=upload(xlsx_bytes([person_row(1, **{"Omzet": "9jt"})])),
    )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        imp = services_run(changed.pk)
    assert imp.updated == 1
    assert any('UPDATE "registry_business" AS t' in q["sql"] for q in queries.captured_queries)
    assert Business.objects.get(owner__nik="3276065708850001").annual_sales_rupiah == 9_000_000
