"""The import streams: rows are checked and written a batch at a time (memory does not grow
with the file), the checks can run in a thread ahead of the writes (where fork is missing; the
process is in test_checks_apart.py), and partner numbers continue the year's sequence across
imports."""

from __future__ import annotations

import datetime
import sys
import threading

import pytest
from django.db import connection

from berdaya.imports import engine, services
from berdaya.imports.engine import ErrorsBook, Tally, ahead, checked_batches
from berdaya.imports.kinds import registry as registry_kind
from berdaya.imports.models import Import
from berdaya.imports.storage import local_path
from berdaya.imports.tests.conftest import person_row, upload, xlsx_bytes
from berdaya.registry.bulk import Outcome, legacy_row, with_lines
from berdaya.registry.models import Business, PartnerSequence, Person, Registration

pytestmark = pytest.mark.usefixtures("refdata")


def _created(actor, rows, **kw) -> Import:
    return services.import_create(
        actor=actor,
        upload=upload(xlsx_bytes(rows)),
        kind="registry",
        dry_run=False,
        start=False,
        **kw,
    )


def test_it_hands_over_a_batch_before_reading_the_rest_of_the_file(personas, monkeypatch):
    monkeypatch.setattr(engine, "BATCH_SIZE", 4)
    rows = [person_row(n) for n in range(1, 12)]
    rows[1] = person_row(2, **{"NIK": "123"})  # one invalid row among the first four
    imp = _created(personas.staff, rows)
    tally, errors = Tally(), ErrorsBook()
    with local_path(imp.file) as path:
        stream = checked_batches(imp, path, registry_kind.Checker(imp), tally, errors)
        assert next(stream)[0] == "NIK"  # the headers come first
        first = next(stream)
        # The first batch leaves when its fourth valid row is checked: row 6 of 11.
        assert (len(first.rows), first.seen, first.invalid, tally.total) == (4, 5, 1, 5)
        assert tally.expected == 11  # the sheet's size, known before reading it
        rest = list(stream)
    assert [len(b.rows) for b in rest] == [4, 2]
    assert (tally.total, tally.invalid, errors.count) == (11, 1, 1)
    errors.close()


def test_the_first_batch_is_smaller_and_a_resume_finds_the_same_batches(personas, monkeypatch):
    monkeypatch.setattr(engine, "BATCH_SIZE", 4)
    monkeypatch.setattr(engine, "FIRST_BATCH_SIZE", 2)
    imp = _created(personas.staff, [person_row(n) for n in range(1, 12)])
    tally = Tally()
    with local_path(imp.file) as path:
        stream = checked_batches(imp, path, registry_kind.Checker(imp), tally, ErrorsBook())
        next(stream)  # the headers
        assert [len(b.rows) for b in stream] == [2, 4, 4, 1]
    imp = engine.run(imp.pk, max_batches=2)  # a worker killed after the second batch
    assert (imp.status, imp.batches_done, imp.new, imp.rows_done) == ("running", 2, 6, 6)
    imp = engine.run(imp.pk)
    assert (imp.status, imp.batches_done, imp.new) == ("done", 4, 11)
    assert Registration.objects.count() == 11


def test_the_progress_shows_the_files_size_while_the_batches_run(personas, monkeypatch):
    monkeypatch.setattr(engine, "BATCH_SIZE", 2)
    imp = _created(personas.staff, [person_row(n) for n in range(1, 8)])
    imp = engine.run(imp.pk, max_batches=1)
    assert (imp.status, imp.total, imp.rows_done, imp.progress_percent) == ("running", 7, 2, 28)
    imp = engine.run(imp.pk)
    assert (imp.status, imp.total, imp.new, imp.progress_percent) == ("done", 7, 7, 100)


def test_a_dry_run_shows_its_progress_batch_by_batch(personas, monkeypatch):
    monkeypatch.setattr(engine, "BATCH_SIZE", 2)
    seen = []
    imp = _created(personas.staff, [person_row(n) for n in range(1, 6)])
    Import.objects.filter(pk=imp.pk).update(dry_run=True)
    original = registry_kind.preview

    def preview(imp, rows):
        stored = Import.objects.get(pk=imp.pk)
        seen.append((stored.rows_done, stored.total))
        return original(imp, rows)

    monkeypatch.setattr(registry_kind, "preview", preview)
    imp = engine.run(imp.pk)
    assert (imp.status, imp.new) == ("done", 5)
    assert seen == [(0, 5), (2, 5), (4, 5)]  # each batch finds the one before it counted


def test_the_thread_ahead_hands_over_items_and_its_error_in_order():
    def items():
        yield 1
        yield 2
        raise ValueError("sel rusak")

    got = []
    with pytest.raises(ValueError, match="sel rusak"):
        for item in ahead(items()):
            got.append(item)
    assert got == [1, 2]


def test_closing_the_consumer_stops_the_thread_ahead():
    produced = []
    closed = threading.Event()

    def endless():
        n = 0
        try:
            while True:
                n += 1
                produced.append(n)
                yield n
        finally:
            closed.set()

    before = sys.getswitchinterval()
    stream = ahead(endless(), depth=2)
    assert next(stream) == 1
    assert sys.getswitchinterval() < before  # the writer gets the GIL back sooner meanwhile
    stream.close()
    assert sys.getswitchinterval() == before
    assert closed.wait(5)  # the producer was closed, not left running
    assert len(produced) <= 4  # it never ran more than its depth ahead
    assert not any(t.name == "import-checks" and t.is_alive() for t in threading.enumerate())


def test_partner_numbers_continue_the_years_sequence_across_imports(personas):
    PartnerSequence.objects.update_or_create(year=2023, defaults={"last": 41})
    engine.run(_created(personas.staff, [person_row(1), person_row(2)]).pk)
    engine.run(_created(personas.staff, [person_row(3)]).pk)
    numbers = sorted(
        str(n)
        for n in Registration.objects.filter(person__nik__startswith="327606570885").values_list(
            "partner_number", flat=True
        )
    )
    assert numbers == ["MB-2023-000042", "MB-2023-000043", "MB-2023-000044"]
    assert PartnerSequence.objects.get(year=2023).last == 44


def test_a_reimport_leaves_the_copy_text_out_after_a_batch_of_known_rows(personas, monkeypatch):
    """After a batch that created nothing, the checks make no COPY text for the next rows; a
    row that is new after all is written whole all the same (the writer makes its text)."""
    monkeypatch.setattr(engine, "BATCH_SIZE", 2)
    monkeypatch.setattr(engine, "FIRST_BATCH_SIZE", 2)
    first = engine.run(_created(personas.staff, [person_row(n) for n in range(1, 5)]).pk)
    assert first.new == 4
    again = [person_row(n) for n in range(1, 5)] + [person_row(5), person_row(6, RT=9)]
    imp = engine.run(_created(personas.staff, again).pk)
    assert (imp.status, imp.new, imp.unchanged, imp.batches_done) == ("done", 2, 4, 3)
    five, six = (
        Person.objects.get(nik="3276065708850005"),
        Person.objects.get(nik="3276065708850006"),
    )
    assert (five.full_name, five.kelurahan.name, six.rt, six.phone) == (
        "Siti Aminah 5", "Beji", 9, "+6281200000006",
    )  # fmt: skip
    business = Business.objects.get(owner=six)
    assert (business.name, business.rt, business.capital_rupiah) == (
        "Warung Bu Siti 6",
        9,
        5_000_000,
    )
    assert Registration.objects.get(person=six).status == "verified"
    # The checker's side: the writer's word switches the COPY text off and on again.
    checker = registry_kind.Checker(imp)
    person_values: dict = {
        "nik": "3276065708850007",
        "full_name": "Siti\\7",
        "gender": "P",
        "birth_date": datetime.date(1985, 8, 17),
        "phone": "+6281200000007",
        "email": "",
        "kelurahan_id": five.kelurahan_id,
        "rw": 7,
        "rt": 3,
        "street_address": "",
    }
    business_values: dict = {
        "name": "Warung",
        "kbli_id": 1,
        "kbli_version": "2020",
        "kbli_section": "I",
        "started_on": datetime.date(2020, 3, 1),
        "nib": "",
        "npwp": "",
        "capital_rupiah": 5_000_000,
        "annual_sales_rupiah": 60_000_000,
        "workers_women": 0,
        "workers_men": 0,
    }
    day = datetime.date(2023, 5, 10)
    clean = {"person": person_values, "business": business_values, "registered_on": day}
    whole = legacy_row(7, person_values, business_values, day, lines=True)
    assert bool(checker.write_row(7, clean).person_line) == (connection.vendor == "postgresql")
    checker.written([Outcome(1, "3276065708850001", "unchanged")])  # a batch that created nothing
    left_out = checker.write_row(7, clean)
    assert (left_out.person_line, left_out.business_line) == ("", "")
    with_lines(left_out)
    assert (left_out.person_line, left_out.business_line) == (
        whole.person_line,
        whole.business_line,
    )
    checker.written([Outcome(1, "3276065708850001", "created")])
    expected = whole.person_line if checker.lines else ""  # PostgreSQL only
    assert checker.write_row(7, clean).person_line == expected


def test_a_dry_run_makes_no_copy_text(personas):
    imp = services.import_create(
        actor=personas.staff, upload=upload(xlsx_bytes([person_row(1)])), kind="registry",
        dry_run=True, start=False,
    )  # fmt: skip
    assert registry_kind.Checker(imp).lines is False


def test_rows_checked_without_copy_text_are_written_whole(personas):
    """The checks told that rows are known leave the COPY text out; rows that are new after all
    get theirs from the writer and are written with every field."""
    from django.db import transaction

    imp = _created(personas.staff, [person_row(1), person_row(2, **{"Nama Usaha": "Toko\\Dua"})])
    checker = registry_kind.Checker(imp)
    checker.rows_known.value = 1
    with local_path(imp.file) as path:
        stream = checked_batches(imp, path, checker, Tally(), ErrorsBook())
        next(stream)
        [batch] = list(stream)
    assert [r.person_line for r in batch.rows] == ["", ""]
    with transaction.atomic():
        outcomes = registry_kind.write(imp, batch.rows)
    assert [o.action for o in outcomes] == ["created", "created"]
    two = Person.objects.get(nik="3276065708850002")
    assert (two.full_name, two.rw, two.rt, two.kelurahan.name) == ("Siti Aminah 2", 7, 3, "Beji")
    business = Business.objects.get(owner=two)
    assert (business.name, business.capital_rupiah, business.annual_sales_rupiah) == (
        "Toko\\Dua", 5_000_000, 60_000_000,
    )  # fmt: skip
    assert business.size_class and business.kbli.code == "56103"
