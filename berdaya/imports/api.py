"""API of the imports app, mounted under /api/v1/."""

from __future__ import annotations

import json

from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from berdaya.core.api_schemas import ApiError, ApiValidationError
from berdaya.core.errors import RuleError
from berdaya.core.xlsx import XLSX_TYPE
from berdaya.imports import selectors, services
from berdaya.imports.models import Import
from berdaya.imports.storage import errors_download

router = Router(tags=["imports"])


class QueuedOut(Schema):
    id: int
    status: str


# The shared error bodies (also what BerdayaAPI declares on every operation).
ErrorsOut = ApiValidationError
CodeOut = ApiError


class ImportOut(Schema):
    id: int
    kind: str
    status: str
    dry_run: bool
    total: int
    new: int
    updated: int
    unchanged: int
    invalid: int
    progress_percent: int
    errors_url: str | None
    mapping: dict[str, str]
    error: str | None


def import_out(imp: Import) -> dict:
    return {
        "id": imp.pk,
        "kind": imp.kind,
        "status": imp.status,
        "dry_run": imp.dry_run,
        "total": imp.total,
        "new": imp.new,
        "updated": imp.updated,
        "unchanged": imp.unchanged,
        "invalid": imp.invalid,
        "progress_percent": imp.progress_percent,
        "errors_url": (reverse("api-v1:import_errors", args=[imp.pk]) if imp.errors_file else None),
        "mapping": imp.mapping or {},
        "error": imp.error or None,
    }


def _mapping(raw: str | None) -> dict | None:
    if raw in (None, ""):
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise RuleError.one(
            "mapping_invalid", 'mapping harus JSON {"judul kolom": "isian"}.', field="mapping"
        )
    return value


@router.post(
    "/imports",
    response={202: QueuedOut, 403: CodeOut, 409: CodeOut, 422: ErrorsOut},
    summary="Unggah berkas impor (uji coba atau impor)",
)
def import_create(
    request,
    file: File[UploadedFile],
    kind: Form[str],
    cooperative: Form[int | None] = None,
    on_existing: Form[str] = "update",
    dry_run: Form[bool] = True,
    mapping: Form[str | None] = None,
):
    imp = services.import_create(
        actor=request.user, upload=file, kind=kind, cooperative_id=cooperative,
        on_existing=on_existing, dry_run=dry_run, mapping=_mapping(mapping), start=False,
    )  # fmt: skip
    queued = imp.status
    services.import_start(imp=imp, actor=request.user)
    return Status(202, {"id": imp.pk, "status": queued})


@router.get("/imports/{import_id}", response={200: ImportOut, 404: CodeOut})
def import_detail(request, import_id: int):
    return import_out(selectors.import_get(request.user, import_id))


@router.get(
    "/imports/{import_id}/errors.xlsx",
    response={200: None, 404: CodeOut},
    url_name="import_errors",
    summary="Baris bermasalah: kolom asli ditambah kolom alasan (XLSX)",
    openapi_extra={
        "responses": {
            200: {
                "description": "Berkas XLSX baris bermasalah",
                "content": {XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def import_errors(request, import_id: int):
    imp = selectors.import_get(request.user, import_id)
    return errors_download(imp)


@router.post(
    "/imports/{import_id}/commit",
    response={202: QueuedOut, 403: CodeOut, 404: CodeOut, 409: CodeOut},
    summary="Jalankan impor dari uji coba yang selesai (id yang sama)",
)
def import_commit(request, import_id: int):
    imp = selectors.import_get(request.user, import_id)
    services.import_commit(imp=imp, actor=request.user)
    return Status(202, {"id": imp.pk, "status": "queued"})


@router.post(
    "/imports/{import_id}/undo",
    response={200: ImportOut, 403: CodeOut, 404: CodeOut, 409: CodeOut},
    summary="Batalkan impor selama datanya belum diubah pihak lain",
)
def import_undo(request, import_id: int):
    imp = selectors.import_get(request.user, import_id)
    return import_out(services.import_undo(imp=imp, actor=request.user))
