"""The checks in a process of their own (``engine.checked_apart``): the same import as the
checks in a thread, the bad rows after the last batch included; errors come back to the
writer; closing the writer's side ends the process; the rows travel compactly, a batch at a
time."""

from __future__ import annotations

import datetime
import multiprocessing
import os
import pickle
import signal
import time

import pytest
from python_calamine import CalamineWorkbook

from berdaya.core.errors import RuleError
from berdaya.imports import engine, services
from berdaya.imports.engine.ahead import apart
from berdaya.imports.tests.conftest import person_row, upload, xlsx_bytes
from berdaya.registry.bulk import LegacyBatch, legacy_row
from berdaya.registry.models import Business, Person, Registration

pytestmark = pytest.mark.usefixtures("refdata")


def _rows() -> list[list]:
    rows = [person_row(n) for n in range(1, 10)]
    rows[2] = person_row(3, **{"NIK": "123"})
    rows[8] = person_row(9, **{"Kelurahan": "Atlantis"})  # invalid, after the last batch
    return rows


def _import(actor, monkeypatch, *, apart_: bool):
    monkeypatch.setattr(engine, "BATCH_SIZE", 3)
    monkeypatch.setattr(engine, "CHECKS_APART", apart_)
    imp = services.import_create(
        actor=actor, upload=upload(xlsx_bytes(_rows())), kind="registry", dry_run=False,
        start=False,
    )  # fmt: skip
    imp = engine.run(imp.pk)
    book = CalamineWorkbook.from_filelike(imp.errors_file.open("rb"))
    bad = [
        (int(str(r[0]).split(".")[0]), r[-1]) for r in book.get_sheet_by_index(0).to_python()[1:]
    ]
    return imp, bad


@pytest.mark.skipif(not engine.CHECKS_APART, reason="fork is not available here")
def test_the_checks_apart_import_what_the_checks_in_a_thread_import(personas, monkeypatch):
    imp, bad = _import(personas.staff, monkeypatch, apart_=True)
    assert (imp.status, imp.total, imp.new, imp.invalid) == ("done", 9, 7, 2)
    assert [n for n, _ in bad] == [4, 10]  # sheet rows: the header is row 1
    assert "Kelurahan" in bad[1][1]  # the row after the last batch reached the book
    assert imp.mapping["NIK"] == "nik"  # the mapping came back from the checks' process
    Registration.objects.all().delete()
    Business.objects.all().delete()
    Person.objects.all().delete()
    threaded, threaded_bad = _import(personas.staff, monkeypatch, apart_=False)
    assert (threaded.total, threaded.new, threaded.invalid) == (imp.total, imp.new, imp.invalid)
    assert threaded_bad == bad


@pytest.mark.skipif(not engine.CHECKS_APART, reason="fork is not available here")
def test_a_sheet_without_bad_rows_leaves_no_book_when_checked_apart(personas, monkeypatch):
    monkeypatch.setattr(engine, "BATCH_SIZE", 3)
    imp = services.import_create(
        actor=personas.staff, upload=upload(xlsx_bytes([person_row(n) for n in range(1, 6)])),
        kind="registry", dry_run=False, start=False,
    )  # fmt: skip
    imp = engine.run(imp.pk)
    assert (imp.status, imp.new, imp.invalid) == ("done", 5, 0)
    assert not imp.errors_file


def test_the_process_apart_hands_over_its_items_then_its_error():
    parent = os.getpid()

    def produce():
        yield os.getpid()
        yield 2
        raise ValueError("sel rusak")

    got = []
    with pytest.raises(ValueError, match="sel rusak"):
        for item in apart(produce):
            got.append(item)
    assert got[0] != parent  # made in another process
    assert got[1] == 2


def test_a_rule_error_in_the_process_apart_keeps_its_codes():
    def produce():
        raise RuleError.one("sheet_empty", "Berkas tidak berisi baris data.", field="file")
        yield  # a generator

    with pytest.raises(RuleError) as caught:
        list(apart(produce))
    assert caught.value.codes == ["sheet_empty"]
    assert caught.value.problems[0].field == "file"


def test_closing_the_consumer_ends_the_process_apart():
    def endless():
        n = 0
        while True:
            n += 1
            yield n

    stream = apart(endless)
    assert next(stream) == 1
    assert any(p.name == "import-checks" for p in multiprocessing.active_children())
    stream.close()
    assert not any(p.name == "import-checks" for p in multiprocessing.active_children())


def _checked_row(number: int, nik: str) -> tuple:
    person = {"nik": nik, "full_name": f"Siti {number}", "birth_date": datetime.date(1985, 8, 17)}
    business = {"capital_rupiah": 5_000_000 * number, "annual_sales_rupiah": 60_000_000,
                "started_on": datetime.date(2020, 1, 2)}  # fmt: skip
    row = legacy_row(number, person, business, datetime.date(2023, 5, number), lines=False)
    row.person_line = f"{nik}\tSiti {number}"
    return row, person, business


def _light(row) -> tuple:
    return (row.row_number, row.nik, row.registered_on, row.size, row.is_new, row.person_line,
            row.business_line)  # fmt: skip


def test_a_checked_row_travels_compactly_and_unpacks_when_read():
    row, person, business = _checked_row(7, "3276065708850001")
    copy = pickle.loads(pickle.dumps(row))
    assert copy._fields is None  # the fields stay packed until read
    assert _light(copy) == _light(row)
    assert copy.registered_on == datetime.date(2023, 5, 7)
    assert (copy.person, copy.business) == (person, business)


def test_a_batch_of_rows_travels_as_columns_and_unpacks_when_a_row_is_read():
    made = [_checked_row(n, f"327606570885000{n}") for n in range(1, 4)]
    batch = LegacyBatch(row for row, _person, _business in made)
    copy = pickle.loads(pickle.dumps(batch))
    assert isinstance(copy, LegacyBatch)
    assert [_light(r) for r in copy] == [_light(r) for r in batch]
    assert all(r._fields is None for r in copy)  # nothing unpacked yet
    assert (copy[2].person, copy[2].business) == (made[2][1], made[2][2])
    assert [(r.person, r.business) for r in copy] == [(p, b) for _r, p, b in made]
    assert pickle.loads(pickle.dumps(LegacyBatch())) == []


def _import_checks_process():
    return next(p for p in multiprocessing.active_children() if p.name == "import-checks")


def test_closing_ends_the_process_apart_even_when_the_worker_ignores_sigterm():
    def slow():
        yield 1
        time.sleep(20)  # a long check, not at a point where the child sends
        yield 2

    before = signal.signal(signal.SIGTERM, signal.SIG_IGN)  # as a worker's own handler might
    try:
        stream = apart(slow)
        assert next(stream) == 1
        child = _import_checks_process()
        stream.close()
    finally:
        signal.signal(signal.SIGTERM, before)
    assert child.exitcode == -signal.SIGTERM  # ended by terminate(), not after its sleep


def test_an_exception_that_cannot_travel_arrives_by_its_name():
    class Local(Exception):  # defined in a function: pickle cannot find it
        pass

    def produce():
        raise Local("sel aneh")
        yield

    with pytest.raises(RuntimeError, match="Local: sel aneh"):
        list(apart(produce))
