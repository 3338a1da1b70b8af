"""Writes of the imports app: upload, start, commit a dry run, resume, undo."""

from __future__ import annotations

import hashlib
import os
import zipfile

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from berdaya.core import events
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.imports import selectors
from berdaya.imports.headers import suggest_mapping
from berdaya.imports.models import (
    Import,
    ImportedRow,
    ImportEvents,
    ImportKind,
    ImportStatus,
    OnExisting,
    RowAction,
)
from berdaya.imports.reading import MAX_UPLOAD_BYTES, open_sheet, sniff_format, unreadable
from berdaya.imports.storage import local_path

EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt"}


def _check_upload(upload, *, limit: int | None) -> tuple[str, int]:
    """(sha256, size) of the upload; RuleError when it is empty, too big or plainly not a
    spreadsheet (by its first bytes, whatever its name says)."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
    if limit is not None and size > limit:
        raise RuleError.one(
            "file_too_large",
            f"Berkas terlalu besar ({size / 1048576:.0f} MB); paling besar "
            f"{limit // 1048576} MB. Bagi menjadi beberapa berkas.",
            field="file",
        )
    if size == 0:
        raise unreadable("Berkas kosong: tidak ada isinya.")
    upload.seek(0)
    head = upload.read(8192)
    fmt = sniff_format(head)
    ext = os.path.splitext(getattr(upload, "name", "") or "")[1].lower()
    if ext and ext not in EXTENSIONS:
        raise unreadable()
    if fmt == "zip":
        upload.seek(0)
        try:
            names = set(zipfile.ZipFile(upload).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise unreadable() from None
        if "xl/workbook.xml" not in names and "content.xml" not in names:
            raise unreadable()
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest(), size


def import_create(
    *,
    actor,
    upload,
    kind: str,
    cooperative_id: int | None = None,
    on_existing: str = OnExisting.UPDATE,
    dry_run: bool = True,
    mapping: dict | None = None,
    start: bool = True,
    size_limit: int | None = MAX_UPLOAD_BYTES,
    check_access: bool = True,
) -> Import:
    """Store an uploaded file as a new import and (``start``) queue its job. The mapping is the
    one suggested from the headers, corrected by ``mapping``."""
    if kind not in ImportKind.values:
        raise RuleError.one("kind_invalid", "Jenis impor harus registry atau cooperative_members.",
                            field="kind")  # fmt: skip
    if on_existing not in OnExisting.values:
        raise RuleError.one("on_existing_invalid", "on_existing harus update atau skip.",
                            field="on_existing")  # fmt: skip
    if kind == ImportKind.COOPERATIVE_MEMBERS and not cooperative_id:
        raise RuleError.one("cooperative_required", "Pilih koperasinya.", field="cooperative")
    if kind == ImportKind.REGISTRY:
        cooperative_id = None
    if check_access and not selectors.can_import(actor, kind, cooperative_id):
        raise AccessDenied("Anda tidak berwenang mengimpor data ini.")
    if mapping is not None and not isinstance(mapping, dict):
        raise RuleError.one("mapping_invalid", 'mapping harus JSON {"judul kolom": "isian"}.',
                            field="mapping")  # fmt: skip
    checksum, size = _check_upload(upload, limit=size_limit)
    name = os.path.basename(getattr(upload, "name", "") or "berkas")[:200]
    imp = Import(
        kind=kind, dry_run=dry_run, on_existing=on_existing, cooperative_id=cooperative_id,
        filename=name, size_bytes=size, checksum=checksum,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        mapping={str(k): str(v or "") for k, v in (mapping or {}).items()},
    )  # fmt: skip
    imp.file.save(f"impor-{checksum[:12]}{os.path.splitext(name)[1].lower()}", File(upload),
                  save=False)  # fmt: skip
    imp.save()
    events.record(imp, ImportEvents.UPLOADED, actor=actor, to_status=imp.status,
                  data={"checksum": checksum, "size": size})  # fmt: skip
    if start:
        import_start(imp=imp, actor=actor)
    return imp


def headers_read(*, imp: Import) -> list[str]:
    """Read the header row (for the mapping page) and keep it with the suggested mapping."""
    with local_path(imp.file) as path:
        sheet = open_sheet(path)
    suggested = suggest_mapping(imp.kind, sheet.headers)
    given = {h: v for h, v in (imp.mapping or {}).items() if h in suggested}
    imp.headers = sheet.headers
    imp.mapping = {**suggested, **given}
    imp.save(update_fields=["headers", "mapping"])
    return sheet.headers


def mapping_set(*, imp: Import, actor, mapping: dict) -> Import:
    """The user's corrected mapping (checked again when the job reads the rows)."""
    from berdaya.imports.headers import check_mapping

    _require(actor, imp)
    if imp.status != ImportStatus.QUEUED or imp.queued_at is not None:
        raise ConflictError("import_started", "Impor ini sudah diproses; unggah ulang berkasnya.")
    imp.mapping = check_mapping(imp.kind, imp.headers, mapping)
    imp.save(update_fields=["mapping"])
    return imp


def import_start(*, imp: Import, actor) -> Import:
    from berdaya.imports.tasks import run_import

    if not imp.headers:
        try:
            headers_read(imp=imp)
        except RuleError:
            pass  # the job reports it as the import's error
    Import.objects.filter(pk=imp.pk).update(queued_at=timezone.now())
    run_import.enqueue(imp.pk)
    imp.refresh_from_db()
    return imp


def _require(actor, imp: Import) -> None:
    if not selectors.can_import(actor, imp.kind, imp.cooperative_id):
        raise AccessDenied("Anda tidak berwenang mengubah impor ini.")


def import_commit(*, imp: Import, actor) -> Import:
    """Turn a finished dry run into the import of the same file, under the same id."""
    _require(actor, imp)
    with transaction.atomic():
        current = Import.objects.select_for_update().get(pk=imp.pk)
        if not current.dry_run:
            raise ConflictError("import_not_dry_run", "Impor ini sudah dijalankan, bukan uji coba.")
        if current.status != ImportStatus.DONE:
            raise ConflictError(
                "dry_run_not_done", "Uji coba belum selesai (atau gagal); tunggu hasilnya dulu."
            )
        Import.objects.filter(pk=imp.pk).update(
            dry_run=False, status=ImportStatus.QUEUED, new=0, updated=0, unchanged=0,
            rows_done=0, batches_done=0, started_at=None, finished_at=None,
        )  # fmt: skip
        events.record(current, ImportEvents.COMMIT_REQUESTED, actor=actor,
                      from_status=ImportStatus.DONE, to_status=ImportStatus.QUEUED)  # fmt: skip
    imp.refresh_from_db()
    return import_start(imp=imp, actor=actor)


def import_resume(*, imp: Import, actor=None) -> Import:
    """Queue again an import whose worker stopped (killed, or failed on one batch)."""
    if actor is not None:
        _require(actor, imp)
    if imp.status == ImportStatus.DONE:
        raise ConflictError("import_done", "Impor ini sudah selesai.")
    if imp.status == ImportStatus.RUNNING and not imp.stalled:
        raise ConflictError("import_running", "Impor ini masih berjalan.")
    return import_start(imp=imp, actor=actor)


def import_undo(*, imp: Import, actor) -> Import:
    """Remove what the import created and put back what it changed, while nothing else has
    touched those rows since. ConflictError ``import_touched`` otherwise."""
    _require(actor, imp)
    if imp.dry_run or imp.status != ImportStatus.DONE or imp.committed_at is None:
        raise ConflictError(
            "import_not_committed", "Hanya impor yang sudah selesai dapat dibatalkan."
        )
    if imp.undone_at is not None:
        raise ConflictError("import_undone", "Impor ini sudah dibatalkan.")
    from berdaya.imports.kinds import members, registry

    kind = registry if imp.kind == ImportKind.REGISTRY else members
    with transaction.atomic():
        current = Import.objects.select_for_update().get(pk=imp.pk)
        if current.undone_at is not None:
            raise ConflictError("import_undone", "Impor ini sudah dibatalkan.")
        rows = list(ImportedRow.objects.filter(import_run=imp).order_by("row_number"))
        touched = kind.touched(imp, rows)
        if touched:
            raise ConflictError(
                "import_touched",
                f"{touched} data hasil impor ini sudah diubah sejak diimpor, jadi impor tidak "
                "dapat dibatalkan lagi.",
            )
        kind.undo(imp, [r for r in rows if r.action == RowAction.CREATED],
                  [r for r in rows if r.action == RowAction.UPDATED], actor)  # fmt: skip
        now = timezone.now()
        Import.objects.filter(pk=imp.pk).update(undone_at=now, undone_by=actor)
        events.record(current, ImportEvents.UNDONE, actor=actor,
                      data={"rows": len(rows)})  # fmt: skip
    imp.refresh_from_db()
    return imp
