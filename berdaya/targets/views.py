from __future__ import annotations

import dataclasses
import datetime
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from berdaya.core.cleaning import INT_MAX, CleanError, clean_int
from berdaya.core.errors import AccessDenied, RuleError
from berdaya.core.once import once_per_token
from berdaya.core.pdf import render_pdf
from berdaya.core.xlsx import xlsx_response
from berdaya.targets import charts, periods, present, selectors, services, tally
from berdaya.targets.forms import TargetSetForm
from berdaya.targets.models import Rule, Target


def _target_id(request) -> int | None:
    try:
        return clean_int(request.GET.get("target"), low=1, high=INT_MAX)
    except CleanError:
        return None


def _require_dashboard(request) -> None:
    try:
        selectors.require_dashboard(request.user)
    except AccessDenied as exc:
        raise PermissionDenied(exc.message) from exc


@require_GET
@login_required
def dashboard(request):
    """Progress to the program targets, with breakdowns (pimpinan, staf_dkum, admin_dkum)."""
    _require_dashboard(request)
    context = _board_context(request, public=False)
    context["can_manage"] = selectors.can_manage_targets(request.user)
    return render(request, "targets/dashboard.html", context)


def _this_year(board):
    """When no target covers today (November 2026 after a 2022-2024 target), the breakdown opens
    on the current year's period, as ``(OpenYear, board for the breakdown)``, by the rule of the
    target that would have been shown when it is in use this year; None when a target covers
    today or nothing of that rule is counted this year yet."""
    today, shown = board.today, board.selected
    if shown is not None and shown.target.period_start <= today <= shown.target.period_end:
        return None
    targets = [p.target for p in board.progress]
    now = [o for o in periods.open_years(targets, today=today) if o.current]
    if not now:
        return None
    year = next((o for o in now if shown and o.rule == shown.target.rule), now[0])
    if not year.events:  # nothing this year yet: an empty breakdown helps nobody
        return None
    stand_in = Target(
        rule=year.rule,
        name=f"{year.rule_label}, {periods.period_title(year.period_start, year.period_end)}",
        period_start=year.period_start,
        period_end=year.period_end,
        number=0,
    )  # not saved: only its rule and period are read by the breakdowns
    months = tally.achieved_by_month(year.rule, year.period_start, min(year.period_end, today))
    breakdown = dataclasses.replace(
        board,
        selected=SimpleNamespace(target=stand_in, months=months),
        breakdowns=selectors.breakdowns(stand_in, months=months),
    )
    return year, breakdown


def _cumulative_without_target(breakdown, *, public: bool) -> dict:
    """The current year's cumulative achievement per month, as ``present.cumulative_section``
    draws it but without a target line (no target covers the year yet)."""
    target, months, today = breakdown.selected.target, breakdown.selected.months, breakdown.today
    money = target.is_money
    rows, value, events = [], 0, 0
    day = target.period_start
    while day <= target.period_end:
        started = day <= today
        if started:
            got = months.get(day, {"value": 0, "events": 0})
            value, events = value + got["value"], events + got["events"]
        shown_value = value if started else None
        hidden = started and selectors.is_suppressed(events, public=public)
        rows.append(
            {
                "key": f"{day:%Y-%m}",
                "label": selectors.month_label(day),
                "value": shown_value,
                "target": None,
                "hidden": hidden,
                "text": "" if not started else selectors.shown(value, events, money=money,
                                                              public=public),
                "target_text": "-",
            }
        )  # fmt: skip
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return {
        "title": "Capaian kumulatif (belum ada target)",
        "chart": charts.cumulative_chart(rows),
        "rows": [r for r in rows if r["value"] is not None],
        "gaps": any(r["hidden"] for r in rows),
    }


def _board_context(request, *, public: bool) -> dict:
    """The dashboard's (or public page's) context; without ``?target=`` the breakdown is the
    current year's period (``_this_year``) when no target covers it."""
    target_id = _target_id(request)
    board = selectors.dashboard(target_id=target_id)
    context = present.dashboard_context(board, public=public)
    this_year = _this_year(board) if target_id is None else None
    if this_year is not None:
        year, breakdown = this_year
        context["sections"] = present.breakdown_sections(breakdown, public=public)
        context["cumulative"] = _cumulative_without_target(breakdown, public=public)
        context["selected"] = {"id": None, "name": breakdown.selected.target.name}
        context["open_year"] = year
    return context


@require_GET
def public(request):
    """The same aggregates for everyone, with figures under 5 shown as "<5"."""
    return render(request, "targets/public.html", _board_context(request, public=True))


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


def _initial(request) -> dict:
    """The next period proposed for ``?aturan=`` (a rule) and ``?tahun=`` (a year)."""
    rule = request.GET.get("aturan", "")
    rule = rule if rule in Rule.values else Rule.NEW_ENTREPRENEURS.value
    try:
        year = clean_int(request.GET.get("tahun"), low=2000, high=2100)
    except CleanError:
        year = None
    targets = list(Target.objects.all())
    initial = periods.next_period(targets, rule=rule, today=selectors.today_local(), year=year)
    for i, y in enumerate(range(initial["period_start"].year, initial["period_end"].year + 1), 1):
        initial[f"year_{i}"] = y
    return initial


@require_http_methods(["GET", "POST"])
@login_required
@once_per_token
def target_create(request):
    """An admin sets a period's target in the app (service ``target_create``, with its event)."""
    try:
        selectors.require_manage(request.user)
    except AccessDenied as exc:
        raise PermissionDenied(exc.message) from exc
    if request.method != "POST":
        form = TargetSetForm(initial=_initial(request))
        return render(request, "targets/target_form.html", {"form": form})
    form = TargetSetForm(request.POST)
    if form.is_valid():
        years = form.years()  # flags a row without its year
        if not form.errors:
            try:
                target = services.target_create(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    rule=form.cleaned_data["rule"],
                    period_start=form.cleaned_data["period_start"],
                    period_end=form.cleaned_data["period_end"],
                    number=form.cleaned_data["number"],
                    years=years,
                )
            except RuleError as exc:
                form.add_problems(exc)
            else:
                messages.success(request, f"Target {target.name} ditetapkan.")
                return redirect(f"{reverse('targets:dashboard')}?target={target.pk}")
    return render(request, "targets/target_form.html", {"form": form})
