"""Filing the RAT report (with its minutes) from a phone, and reading the minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from berdaya.cooperatives import selectors, services
from berdaya.cooperatives.forms import ReportForm
from berdaya.cooperatives.views.common import closed_reason, cooperative_or_404, managed_or_403
from berdaya.core.errors import ConflictError, RuleError
from berdaya.core.once import once_per_token


@login_required
@once_per_token
def report_add(request, pk: int):
    """File the RAT report; the same year again is a correction. The minutes PDF is checked
    before anything is saved, and the report and its minutes are saved together."""
    coop = managed_or_403(request, pk)
    year = request.GET.get("tahun") or str(timezone.localdate().year - 1)
    form = ReportForm(request.POST or None, request.FILES or None, initial={"fiscal_year": year})
    others: list = []
    if request.method == "POST":
        upload = request.FILES.get("minutes")
        try:
            if upload is not None:
                services.minutes_check(upload)
            with transaction.atomic():
                filed = services.report_file(cooperative=coop, actor=request.user, data=form.raw())
                if upload is not None:
                    services.minutes_attach(report=filed.report, actor=request.user, upload=upload)
        except RuleError as exc:
            form.is_valid()
            form.field_map = {"file": "minutes"}
            others = form.add_problems(exc)
        except ConflictError as exc:
            form.is_valid()
            form.add_error(None, exc.message)
        else:
            r = filed.report
            messages.success(
                request,
                f"Laporan RAT tahun buku {r.fiscal_year} tersimpan"
                + (f" sebagai koreksi (versi {r.version})." if r.version > 1 else "."),
            )
            for warning in filed.warnings:
                messages.warning(request, warning["message"])
            return redirect("cooperatives:detail", pk=coop.pk)
    context = {
        "coop": coop, "form": form, "others": others, "title": "Laporan RAT",
        "closed": closed_reason(coop, "Pengiriman laporan RAT"),
    }  # fmt: skip
    return render(request, "cooperatives/report_form.html", context)


@login_required
def minutes_file(request, pk: int, report_pk: int):
    """The minutes PDF, for whoever may see the cooperative."""
    coop = cooperative_or_404(request, pk)
    report = selectors.report_get(coop, report_pk)
    if report is None or not report.minutes:
        raise Http404
    return FileResponse(
        report.minutes.open("rb"),
        content_type="application/pdf",
        filename=f"notulen-rat-{report.fiscal_year}-v{report.version}.pdf",
    )
