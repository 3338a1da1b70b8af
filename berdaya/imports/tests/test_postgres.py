"""The PostgreSQL path of the bulk writes: ids from the sequence and COPY straight into the
tables for new rows, COPY into a staging table and UPDATE ... FROM for changed ones, with the
model defaults raw SQL would skip, and the COPY text format."""

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
    assert sum("pg_get_serial_sequence" in s for s in sql) == 3 * 3  # person, business, reg.
    assert not any(s.startswith('INSERT INTO "registry_person"') for s in sql)
    assert Person.objects.filter(nik__startswith="32760657088").count() == 120
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


def test_copy_text_keeps_every_awkward_value(db):
    """Backslashes, tabs, newlines, carriage returns, quotes, NULL, booleans, moments with
    their offset and JSON come back exactly as sent through the COPY text lines."""
    from berdaya.core.models import Event
    from berdaya.registry.bulk.sql import copy_line, copy_new

    awkward = 'Jl. Mawar\\No.5\tBlok "A"\nRT 3\r\\N'
    moment = datetime.datetime(
        2024, 1, 15, 5, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
    )
    names = ("content_type_id", "object_id", "verb", "actor_id", "note", "data", "created_at")
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Person).pk
    values = [ct, "1", "imported", None, awkward, {"row": 2, "teks": awkward, "ok": True}, moment]
    [pk] = copy_new(Event, names, [copy_line(values)])
    event = Event.objects.get(pk=pk)
    assert (event.note, event.actor_id, event.created_at) == (awkward, None, moment)
    assert event.data == {"row": 2, "teks": awkward, "ok": True}
    assert (event.from_status, event.to_status) == ("", "")  # the model's defaults


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


BULK_TABLES = (
    "registry_person", "registry_business", "registry_registration", "core_event",
    "imports_importedrow",
)  # fmt: skip


def test_the_tables_an_import_writes_carry_no_index_that_another_already_serves(db):
    """Every index costs each imported row an entry: on the five tables a registry import
    writes, no B-tree index may be a leading part of another, and no ``varchar_pattern_ops``
    copy (``*_like``) may stand beside a column nothing searches by prefix."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT t.relname, c.relname, i.indisunique, am.amname,
                   i.indexprs IS NULL AND i.indpred IS NULL,
                   array_to_string(i.indkey::int2[], ','), i.indclass::oid[]::text
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_am am ON am.oid = c.relam
            WHERE t.relname = ANY(%s)
            """,
            [list(BULK_TABLES)],
        )
        indexes = cursor.fetchall()
        cursor.execute("SELECT oid FROM pg_opclass WHERE opcname LIKE '%%pattern_ops'")
        pattern_ops = {str(r[0]) for r in cursor.fetchall()}
    assert len({row[0] for row in indexes}) == len(BULK_TABLES)
    redundant = []
    for table, name, unique, method, plain, keys, classes in indexes:
        if any(c in pattern_ops for c in classes.strip("{}").split(",")):
            redundant.append(f"{name} (prefix search copy)")
            continue
        if unique or method != "btree" or not plain:
            continue
        for other_table, other, _u, other_method, other_plain, other_keys, _c in indexes:
            if (other_table, other_method, other_plain) == (table, "btree", True) and (
                other != name and f"{other_keys},".startswith(f"{keys},")
            ):
                redundant.append(f"{name} (served by {other})")
                break
    assert redundant == []
