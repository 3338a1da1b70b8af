"""The import job: read the sheet, check every row, then (dry run) count what would happen or
(import) write the valid rows batch by batch. Each batch is one transaction together with the
import's progress, so a killed worker resumes at the first unwritten batch."""

from __future__ import annotations

import datetime
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field

import xlsxwriter
from django.core.files import File
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from berdaya.core import events
from berdaya.core.errors import RuleError
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
BATCH_SIZE = 5000
MERGED_REASON = (
    "Baris ini berisi sel gabungan (merge cells); pisahkan sel gabungan dan isi setiap sel."
)


@dataclass
class Checked:
    headers: list[str]
    valid: list = field(default_factory=list)  # kind-specific clean rows, in file order
    invalid: list[tuple[int, list, str]] = field(default_factory=list)  # (row, cells, alasan)
    total: int = 0


def _kind(imp: Import):
    if imp.kind == ImportKind.REGISTRY:
        from berdaya.imports.kinds import registry

        return registry
    from berdaya.imports.kinds import members

    return members


def check_rows(imp: Import, path: str, on_progress: Callable | None = None) -> Checked:
    """Read and check every row of the file (the same for a dry run and an import)."""
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
    kind = _kind(imp)
    checker = kind.Checker(imp)
    out = Checked(sheet.headers)
    first_row_of: dict[str, int] = {}
    memo: dict = {}  # each field's answer per distinct cell value (validation.common.Row)
    for number, cells in sheet.rows:
        out.total += 1
        if on_progress and not out.total % 5000:
            on_progress("periksa", number - sheet.header_row, None)
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
            out.invalid.append((number, cells, "; ".join(row.reasons)))
        else:
            out.valid.append(kind.as_write_row(number, clean))
    if out.total == 0:
        raise RuleError.one("sheet_empty", "Berkas tidak berisi baris data.", field="file")
    return out


def _raw_nik(row: Row) -> str:
    value = row.get("nik")
    if isinstance(value, float):
        return ""
    return "".join(ch for ch in str(value or "") if ch.isdecimal())


def write_errors(imp: Import, checked: Checked) -> None:
    """The invalid rows as XLSX: the original columns plus ``alasan``."""
    if not checked.invalid:
        if imp.errors_file:
            imp.errors_file.delete(save=False)
        return
    with tempfile.TemporaryFile(suffix=".xlsx") as tmp:
        book = xlsxwriter.Workbook(tmp, {"constant_memory": True, "in_memory": False})
        ws = book.add_worksheet("Baris bermasalah")
        text = book.add_format({"num_format": "@"})
        datefmt = book.add_format({"num_format": "dd/mm/yyyy"})
        bold = book.add_format({"bold": True})
        ws.write_row(0, 0, ["baris", *checked.headers, "alasan"], bold)
        width = len(checked.headers)
        for index, (number, cells, reason) in enumerate(checked.invalid, start=1):
            ws.write_number(index, 0, number)
            for col in range(width):
                value = cells[col] if col < len(cells) else None
                if value is None or value == "":
                    continue
                if isinstance(value, datetime.datetime | datetime.date):
                    ws.write_datetime(index, col + 1, value, datefmt)
                elif isinstance(value, float | int) and not isinstance(value, bool):
                    ws.write_number(index, col + 1, value)
                else:
                    ws.write_string(index, col + 1, str(value), text)
            ws.write_string(index, width + 1, reason)
        ws.freeze_panes(1, 0)
        book.close()
        tmp.seek(0)
        imp.errors_file.save(f"impor-{imp.pk}-baris-bermasalah.xlsx", File(tmp), save=False)


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
    try:
        with local_path(imp.file) as path:
            checked = check_rows(imp, path, on_progress)
        write_errors(imp, checked)
        imp.headers = checked.headers
        imp.total = checked.total
        imp.invalid = len(checked.invalid)
        imp.save(update_fields=["headers", "mapping", "total", "invalid", "errors_file"])
        kind = _kind(imp)
        if imp.dry_run:
            _preview(imp, kind, checked)
        elif not _write(imp, kind, checked, max_batches=max_batches, on_progress=on_progress):
            imp.refresh_from_db()
            return imp  # stopped early: the rest waits for a resume
    except RuleError as exc:
        return _fail(imp, "; ".join(p.message for p in exc.problems))
    except Exception as exc:  # a batch that failed was rolled back whole
        log.exception("import %s failed", imp.pk)
        return _fail(imp, f"Impor gagal pada satu kelompok baris dan kelompok itu dibatalkan "
                          f"seluruhnya ({type(exc).__name__}). Baris lain tidak terpengaruh; "
                          "jalankan lagi untuk melanjutkan.")  # fmt: skip
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


def _preview(imp: Import, kind, checked: Checked) -> None:
    actions = kind.preview(imp, checked.valid)
    Import.objects.filter(pk=imp.pk).update(
        new=actions.count("created"),
        updated=actions.count("updated"),
        unchanged=actions.count("unchanged"),
        rows_done=imp.total,
    )
    imp.refresh_from_db()


def _write(imp: Import, kind, checked: Checked, *, max_batches, on_progress) -> bool:
    batches = [checked.valid[i : i + BATCH_SIZE] for i in range(0, len(checked.valid), BATCH_SIZE)]
    ran = 0
    done_rows = imp.invalid + sum(len(b) for b in batches[: imp.batches_done])
    for index in range(imp.batches_done, len(batches)):
        if max_batches is not None and ran >= max_batches:
            return False
        batch = batches[index]
        with transaction.atomic():
            _no_flush_wait()
            # The lock makes a second worker on the same import wait, then see the batch done.
            current = Import.objects.select_for_update().get(pk=imp.pk)
            if current.batches_done > index:
                continue
            outcomes = kind.write(imp, batch)
            now = timezone.now()
            _audit_rows(imp, outcomes, now=timezone.now())
            done_rows += len(batch)
            Import.objects.filter(pk=imp.pk).update(
                new=F("new") + sum(o.action == "created" for o in outcomes),
                updated=F("updated") + sum(o.action == "updated" for o in outcomes),
                unchanged=F("unchanged") + sum(o.action == "unchanged" for o in outcomes),
                batches_done=index + 1,
                rows_done=done_rows,
                heartbeat_at=now,
            )
        ran += 1
        if on_progress:
            on_progress("tulis", done_rows, imp.total)
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
    "import_run_id", "row_number", "action", "nik", "person_id", "business_id",
    "registration_id", "member_id", "before", "written_at",
)  # fmt: skip


def _audit_rows(imp: Import, outcomes, *, now) -> None:
    """The rows this batch created or changed, written in one statement (COPY on PostgreSQL)."""
    from berdaya.registry.bulk import insert_rows

    insert_rows(
        ImportedRow,
        AUDIT_COLUMNS,
        [
            [imp.pk, o.row_number, o.action, o.nik, o.person_id, o.business_id,
             o.registration_id, getattr(o, "member_id", None), o.before, now]
            for o in outcomes
            if o.action in (RowAction.CREATED, RowAction.UPDATED)
        ],
    )  # fmt: skip
