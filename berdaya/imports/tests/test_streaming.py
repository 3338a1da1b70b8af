"""The import streams: rows are checked and written a batch at a time (memory does not grow
with the file), the checks can run in a thread ahead of the writes (where fork is missing; the
process is in test_checks_apart.py), and partner numbers continue the year's sequence across
imports."""

from __future__ import annotations

import sys
import threading

import pytest

from berdaya.imports import engine, services
from berdaya.imports.engine import ErrorsBook, Tally, ahead, checked_batches
from berdaya.imports.kinds import registry as registry_kind
from berdaya.imports.models import Import
from berdaya.imports.storage import local_path
from berdaya.imports.tests.conftest import person_row, upload, xlsx_bytes
from berdaya.registry.models import PartnerSequence, Registration

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
