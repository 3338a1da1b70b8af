"""The import job: read the sheet and check its rows a batch at a time, and for each batch
of valid rows (dry run) count what would happen or (import) write it. Each batch is one
transaction together with the import's progress, so a killed worker resumes at the first
unwritten batch (the batches before it are checked again, not written).

Only one batch or a few are in memory at once, whatever the size of the file; the invalid rows
go straight into the XLSX of bad rows. For the registry the checks read no database, so they
run in a forked process a batch ahead of the writes (``checked_apart``; a thread, ``ahead``,
where fork is missing): while the database inserts one batch, the checks' process checks the
next and prepares its COPY text on the other core."""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from berdaya.core import events
from berdaya.core.errors import RuleError, sentences
from berdaya.imports.engine.ahead import ahead, apart
from berdaya.imports.engine.errors_book import ErrorsBook
from berdaya.imports.headers import check_mapping, suggest_mapping
from berdaya.imports.models import (
    Import,
    ImportedRow,
    ImportEvents,
    ImportKind,
    ImportStatus,
    RowAction,
)
from berdaya.imports.reading import open_sheet
from berdaya.imports.storage import local_path
from berdaya.imports.validation.common import Row

log = logging.getLogger(__name__)
__all__ = ["Batch", "ErrorsBook", "Tally", "ahead", "checked_apart", "checked_batches", "run"]
BATCH_SIZE = 5000
# The first batch is smaller, so that writing (and the progress bar) starts sooner: the
# checks of the rest run while it is written. Batches stay the same for the same file.
FIRST_BATCH_SIZE = 1000
MERGED_REASON = (
    "Baris ini berisi sel gabungan (merge cells); pisahkan sel gabungan dan isi setiap sel."
)


@dataclass
class Tally:
    """What the checks have seen so far: data rows read, rows invalid, the file's size hint."""

    total: int = 0
    invalid: int = 0
    expected: int = 0


@dataclass
class Batch:
    rows: list  # the kind's clean write rows, in file order
    seen: int  # data rows read up to the end of this batch (valid and invalid)
    invalid: int  # invalid rows among them


def _kind(imp: Import):
    if imp.kind == ImportKind.REGISTRY:
        from berdaya.imports.kinds import registry

        return registry
    from berdaya.imports.kinds import members

    return members


def _open(imp: Import, path: str):
    """The sheet and its columns by field name (``imp.mapping`` set to the mapping used).
    RuleError for a file that cannot be read, a merged header or a mapping without NIK."""
    sheet = open_sheet(path)
    if sheet.merged_header:
        raise RuleError.one(
            "merged_cells",
            "Baris judul kolom berisi sel gabungan (merge cells); pisahkan dulu agar setiap "
            "kolom punya judul sendiri.",
            field="file",
        )
    given = {h: v for h, v in (imp.mapping or {}).items() if h in sheet.headers}
    unknown = {h: v for h, v in (imp.mapping or {}).items() if h not in sheet.headers}
    mapping = {**suggest_mapping(imp.kind, sheet.headers), **given, **unknown}
    imp.mapping = mapping = check_mapping(imp.kind, sheet.headers, mapping)
    columns = {name: i for i, h in enumerate(sheet.headers) if (name := mapping.get(h))}
    return sheet, columns


def checked_batches(imp: Import, path: str, checker, tally: Tally, errors: ErrorsBook):
    """Read and check every row of the file, the same for a dry run and an import, and yield
    the valid rows in batches of ``BATCH_SIZE`` (a ``Batch``; the first of at most
    ``FIRST_BATCH_SIZE``); invalid rows go to ``errors``.
    The first item is the sheet's headers. Only this generator holds rows, one batch at a
    time, so memory does not grow with the file."""
    sheet, columns = _open(imp, path)
    tally.expected = sheet.size_hint
    errors.headers = sheet.headers
    yield sheet.headers
    kind = _kind(imp)
    size = min(FIRST_BATCH_SIZE, BATCH_SIZE)
    first_row_of: dict[str, int] = {}
    memo: dict = {}  # each field's answer per distinct cell value (validation.common.Row)
    new_batch = getattr(checker, "new_batch", list)  # a kind's own batch (how it is pickled)
    pending: list = new_batch()
    for number, cells in sheet.rows:
        tally.total += 1
        row = Row(number, cells, columns, memo)
        clean = checker.check(row)
        nik = clean_nik = kind.nik_of(clean) if clean else _raw_nik(row)
        if number in sheet.merged_rows:
            row.reasons.insert(0, MERGED_REASON)
        if nik:
            first = first_row_of.setdefault(nik, number)
            if first != number:
                row.reasons.append(f"NIK {clean_nik} sudah ada di baris {first} berkas ini.")
        if row.reasons:
            tally.invalid += 1
            errors.add(number, cells, sentences(row.reasons))
        else:
            pending.append(checker.write_row(number, clean))
            if len(pending) == size:
                yield Batch(pending, tally.total, tally.invalid)
                pending, size = new_batch(), BATCH_SIZE
    if tally.total == 0:
        raise RuleError.one("sheet_empty", "Berkas tidak berisi baris data.", field="file")
    if pending:
        yield Batch(pending, tally.total, tally.invalid)


# Where fork is available (Linux), the checks of a kind that reads no database run in a
# process of their own; elsewhere in a thread.
CHECKS_APART = "fork" in multiprocessing.get_all_start_methods()


def checked_apart(imp: Import, path: str, checker, tally: Tally, errors: ErrorsBook):
    """``checked_batches`` run in a process of their own (``ahead.apart``), for kinds whose
    checks read no database: the same items, with ``tally`` and ``imp.mapping`` brought up to
    date here as each item arrives. The checks' process writes the bad rows' book into
    ``errors``' file and finishes it; ``errors`` adopts it after the last batch."""
    shared = errors.shared_file()

    def produce():
        book = ErrorsBook(shared)
        for item in checked_batches(imp, path, checker, tally, book):
            yield item, (tally.total, tally.invalid, tally.expected, imp.mapping)
        yield book.finish(), (tally.total, tally.invalid, tally.expected, imp.mapping)

    with closing(apart(produce)) as items:
        for item, (total, invalid, expected, mapping) in items:
            tally.total, tally.invalid, tally.expected = total, invalid, expected
            imp.mapping = mapping
            if isinstance(item, list):  # the headers come first
                errors.headers = item
            elif isinstance(item, bool):  # the end: whether the book holds a row
                if item:
                    errors.adopt(invalid)
                return
            yield item


def _raw_nik(row: Row) -> str:
    value = row.get("nik")
    if isinstance(value, float):
        return ""
    return "".join(ch for ch in str(value or "") if ch.isdecimal())


def run(imp_id: int, *, max_batches: int | None = None, on_progress: Callable | None = None):
    """Run (or resume) the import ``imp_id``. ``max_batches`` stops after that many batches as
    if the worker were killed (used to spread long imports and by the resume tests)."""
    imp = Import.objects.get(pk=imp_id)
    if imp.status == ImportStatus.DONE:
        return imp
    resumed = imp.batches_done > 0
    Import.objects.filter(pk=imp.pk).update(
        status=ImportStatus.RUNNING,
        started_at=imp.started_at or timezone.now(),
        error="",
        heartbeat_at=timezone.now(),
    )
    imp.refresh_from_db()
    if resumed:
        events.record(imp, ImportEvents.RESUMED, data={"batches_done": imp.batches_done})
    errors = ErrorsBook()
    try:
        kind = _kind(imp)
        checker = kind.Checker(imp)  # reads its reference data here, in this thread
        tally = Tally()
        with local_path(imp.file) as path:
            if not getattr(kind, "CHECKS_READ_NO_DATABASE", False):
                stream = checked_batches(imp, path, checker, tally, errors)
            elif CHECKS_APART:  # checks in a process beside the writes
                stream = checked_apart(imp, path, checker, tally, errors)
            else:  # checks in a thread beside the writes
                stream = ahead(checked_batches(imp, path, checker, tally, errors), depth=3)
            with closing(stream):
                imp.headers = next(stream)
                Import.objects.filter(pk=imp.pk).update(
                    headers=imp.headers, mapping=imp.mapping, total=tally.expected
                )
                if imp.dry_run:
                    finished = _preview(imp, kind, stream, tally, on_progress=on_progress)
                else:
                    finished = _write(
                        imp, kind, stream, tally, max_batches=max_batches,
                        on_progress=on_progress, written=getattr(checker, "written", None),
                    )  # fmt: skip
        if not finished:
            imp.refresh_from_db()
            return imp  # stopped early: the rest waits for a resume
        errors.save_to(imp)
        imp.total, imp.invalid = tally.total, tally.invalid
        imp.save(update_fields=["total", "invalid", "errors_file"])
    except RuleError as exc:
        return _fail(imp, sentences(p.message for p in exc.problems))
    except Exception as exc:  # a batch that failed was rolled back whole
        log.exception("import %s failed", imp.pk)
        return _fail(imp, f"Impor gagal pada satu kelompok baris dan kelompok itu dibatalkan "
                          f"seluruhnya ({type(exc).__name__}). Baris lain tidak terpengaruh; "
                          "jalankan lagi untuk melanjutkan.")  # fmt: skip
    finally:
        errors.close()
    now = timezone.now()
    values = {"status": ImportStatus.DONE, "finished_at": now, "rows_done": imp.total}
    if not imp.dry_run:
        values["committed_at"] = now
    Import.objects.filter(pk=imp.pk).update(**values)
    imp.refresh_from_db()
    events.record(
        imp,
        ImportEvents.CHECKED if imp.dry_run else ImportEvents.IMPORTED,
        to_status=ImportStatus.DONE,
        data={k: getattr(imp, k) for k in ("total", "new", "updated", "unchanged", "invalid")},
    )
    return imp


def _fail(imp: Import, message: str) -> Import:
    Import.objects.filter(pk=imp.pk).update(
        status=ImportStatus.FAILED, error=message, finished_at=timezone.now()
    )
    imp.refresh_from_db()
    events.record(imp, ImportEvents.FAILED, to_status=ImportStatus.FAILED, note=message)
    return imp


def _preview(imp: Import, kind, stream, tally: Tally, *, on_progress) -> bool:
    """A dry run: what each batch would do, compared with the database as the import would."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for batch in stream:
        for action in kind.preview(imp, batch.rows):
            counts[action] += 1
        Import.objects.filter(pk=imp.pk).update(  # for the progress bar on the page
            rows_done=batch.seen, total=max(tally.expected, batch.seen), heartbeat_at=timezone.now()
        )
        if on_progress:
            on_progress("periksa", batch.seen, max(tally.expected, batch.seen))
    Import.objects.filter(pk=imp.pk).update(
        new=counts["created"], updated=counts["updated"], unchanged=counts["unchanged"]
    )
    imp.refresh_from_db()
    return True


def _write(
    imp: Import, kind, stream, tally: Tally, *, max_batches, on_progress, written=None
) -> bool:
    """Write each batch not yet written, in its own transaction; ``written(outcomes)`` tells
    the checks what the batch did (a kind's checker may use it)."""
    ran = 0
    for index, batch in enumerate(stream):
        if index < imp.batches_done:
            continue  # written by an earlier worker
        if max_batches is not None and ran >= max_batches:
            return False
        with transaction.atomic():
            _no_flush_wait()
            # The lock makes a second worker on the same import wait, then see the batch done.
            current = Import.objects.select_for_update().get(pk=imp.pk)
            if current.batches_done > index:
                continue
            outcomes = kind.write(imp, batch.rows)
            now = timezone.now()
            _audit_rows(imp, outcomes, now=now)
            Import.objects.filter(pk=imp.pk).update(
                new=F("new") + sum(o.action == "created" for o in outcomes),
                updated=F("updated") + sum(o.action == "updated" for o in outcomes),
                unchanged=F("unchanged") + sum(o.action == "unchanged" for o in outcomes),
                batches_done=index + 1,
                rows_done=batch.seen,
                total=max(tally.expected, batch.seen),
                invalid=batch.invalid,
                heartbeat_at=now,
            )
        ran += 1
        if written is not None:
            written(outcomes)
        if on_progress:
            on_progress("tulis", batch.seen, max(tally.expected, batch.seen))
    return True


def _no_flush_wait() -> None:
    """PostgreSQL: this batch's COMMIT does not wait for its WAL to reach the disk. The batch
    stays all-or-nothing (rows, audit rows and ``batches_done`` commit together or not at all);
    a crash of the database server within a fraction of a second after the commit can lose the
    whole batch, never part of it, and the import then resumes at that batch. Never used for
    anything but an import batch."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


AUDIT_COLUMNS = (
    "row_number", "action", "nik", "person_id", "business_id", "registration_id", "member_id",
    "before",
)  # fmt: skip


def _audit_rows(imp: Import, outcomes, *, now) -> None:
    """The rows this batch created or changed, written in one statement (COPY on PostgreSQL)."""
    from berdaya.registry.bulk import insert_rows

    insert_rows(
        ImportedRow,
        AUDIT_COLUMNS,
        [
            [o.row_number, o.action, o.nik, o.person_id, o.business_id, o.registration_id,
             getattr(o, "member_id", None), o.before]
            for o in outcomes
            if o.action in (RowAction.CREATED, RowAction.UPDATED)
        ],
        same={"import_run_id": imp.pk, "written_at": now},
    )  # fmt: skip
