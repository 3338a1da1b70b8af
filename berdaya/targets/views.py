from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from berdaya.core.pdf import render_pdf
from berdaya.core.xlsx import xlsx_response
from berdaya.targets import present, selectors


def _target_id(request) -> int | None:
    value = request.GET.get("target", "")
    return int(value) if value.isdigit() else None


def _require_dashboard(request) -> None:
    if not selectors.can_see_dashboard(request.user):
        raise PermissionDenied("Dasbor hanya untuk pimpinan dan staf DKUM.")


@require_GET
@login_required
def dashboard(request):
    """Progress to the program targets, with breakdowns (pimpinan, staf_dkum, admin_dkum)."""
    _require_dashboard(request)
    board = selectors.dashboard(target_id=_target_id(request))
    context = present.dashboard_context(board, public=False)
    context["can_manage"] = selectors.can_manage_targets(request.user)
    return render(request, "targets/dashboard.html", context)


@require_GET
def public(request):
    """The same aggregates for everyone, with figures under 5 shown as "<5"."""
    board = selectors.dashboard(target_id=_target_id(request))
    return render(request, "targets/public.html", present.dashboard_context(board, public=True))


@require_GET
@login_required
def export_xlsx(request):
    _require_dashboard(request)
    board = selectors.dashboard(target_id=_target_id(request))
    return xlsx_response(
        f"dasbor-target-{board.today:%Y%m%d}.xlsx",
        present.EXPORT_HEADERS,
        present.export_rows(board),
        sheet="Dasbor",
    )


@require_GET
@login_required
def export_pdf(request):
    _require_dashboard(request)
    board = selectors.dashboard(target_id=_target_id(request))
    pdf = render_pdf("targets/report_pdf.html", present.dashboard_context(board, public=False))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"dasbor-target-{board.today:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
