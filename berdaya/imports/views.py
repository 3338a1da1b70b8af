"""Pages of the imports app: upload, column mapping, dry-run report with progress, history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from berdaya.accounts.selectors import is_staff
from berdaya.cooperatives.bulk import manageable_choices
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.once import once_per_token
from berdaya.imports import selectors, services
from berdaya.imports.forms import MappingForm, UploadForm
from berdaya.imports.models import ImportKind, ImportStatus
from berdaya.imports.storage import errors_download

HISTORY_SIZE = 30


def _kinds(user) -> list[str]:
    kinds: list[str] = []
    if selectors.can_import_registry(user):
        kinds.append(ImportKind.REGISTRY)
    if is_staff(user) or selectors.managed_cooperative_ids(user):
        kinds.append(ImportKind.COOPERATIVE_MEMBERS)
    return kinds


def _require_importer(request) -> list[str]:
    kinds = _kinds(request.user)
    if not kinds:
        raise PermissionDenied("Impor data hanya untuk staf DKUM dan pengurus koperasi.")
    return kinds


@require_http_methods(["GET", "POST"])
@login_required
@once_per_token
def index(request):
    """Upload a file; the history of imports with their counts."""
    kinds = _require_importer(request)
    cooperatives = None
    if ImportKind.COOPERATIVE_MEMBERS in kinds:
        cooperatives = manageable_choices(request.user)
    initial = {}
    if request.method == "GET" and request.GET.get("koperasi", "").isdecimal():
        # From a cooperative's members page: its members, into that cooperative.
        initial = {"kind": ImportKind.COOPERATIVE_MEMBERS, "cooperative": request.GET["koperasi"]}
    form = UploadForm(
        request.POST or None, request.FILES or None, kinds=kinds, cooperatives=cooperatives,
        initial=initial,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            imp = services.import_create(
                actor=request.user, upload=data["file"], kind=data["kind"],
                cooperative_id=data.get("cooperative"), on_existing=data["on_existing"],
                dry_run=True, start=False,
            )  # fmt: skip
            services.headers_read(imp=imp)
        except (RuleError, AccessDenied) as exc:
            for problem in getattr(exc, "problems", []) or [exc]:
                form.add_error("file" if getattr(problem, "field", "") == "file" else None,
                               problem.message)  # fmt: skip
        else:
            return redirect("imports:mapping", pk=imp.pk)
    history = selectors.import_list(request.user)[:HISTORY_SIZE]
    return render(request, "imports/index.html", {"form": form, "history": history})


@require_http_methods(["GET", "POST"])
@login_required
@once_per_token
def mapping(request, pk: int):
    """The columns found and the field each holds: correct them, then run the dry run."""
    imp = selectors.import_get(request.user, pk)
    if imp.queued_at is not None or imp.status != ImportStatus.QUEUED:
        return redirect("imports:detail", pk=imp.pk)
    form = MappingForm(
        request.POST or None, kind=imp.kind, headers=imp.headers, mapping=imp.mapping or {}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mapping_set(imp=imp, actor=request.user, mapping=form.mapping())
        except RuleError as exc:
            for problem in exc.problems:
                form.add_error(None, problem.message)
        else:
            services.import_start(imp=imp, actor=request.user)
            return redirect("imports:detail", pk=imp.pk)
    return render(request, "imports/mapping.html", {"imp": imp, "form": form})


def _status_context(request, imp) -> dict:
    """``can_act``: the buttons (run, resume, undo) are shown only to whom the services would
    let act on this import; others who may see it get the figures only."""
    return {"imp": imp, "can_act": selectors.can_import(request.user, imp.kind, imp.cooperative_id)}


@require_GET
@login_required
def detail(request, pk: int):
    imp = selectors.import_get(request.user, pk)
    return render(request, "imports/detail.html", _status_context(request, imp))


@require_GET
@login_required
def progress(request, pk: int):
    """The status block alone, polled by htmx every second while the job runs."""
    imp = selectors.import_get(request.user, pk)
    return render(request, "imports/_status.html", _status_context(request, imp))


@require_GET
@login_required
def errors(request, pk: int):
    imp = selectors.import_get(request.user, pk)
    return errors_download(imp)


def _act(request, pk: int, action, done: str):
    imp = selectors.import_get(request.user, pk)
    try:
        action(imp=imp, actor=request.user)
    except (ConflictError, AccessDenied) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("imports:detail", pk=imp.pk)


@require_POST
@login_required
@once_per_token
def commit(request, pk: int):
    return _act(request, pk, services.import_commit, "Impor dijalankan di latar belakang.")


@require_POST
@login_required
@once_per_token
def resume(request, pk: int):
    return _act(request, pk, services.import_resume, "Impor dilanjutkan.")


@require_POST
@login_required
@once_per_token
def undo(request, pk: int):
    return _act(request, pk, services.import_undo, "Impor dibatalkan: datanya sudah dikembalikan.")
