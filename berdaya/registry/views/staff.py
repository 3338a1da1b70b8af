"""Staff pages: the verification queue, its export, the detail and review, identity change
decisions."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from berdaya.accounts.selectors import DASHBOARD_ROLES, TERRITORY_ROLES, has_role, is_staff
from berdaya.core import calendar
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.export import (
    Column,
    choice_column,
    date_column,
    export_list,
    nik_column,
    yes_no,
)
from berdaya.core.once import once_per_token
from berdaya.core.pagination import keyset_page
from berdaya.core.privacy import reveal_nik
from berdaya.registry import rules, selectors, services
from berdaya.registry.charts import report_chart_svg
from berdaya.registry.forms import (
    DecisionForm,
    QueueFilterForm,
    ReviewForm,
)
from berdaya.registry.models import RegistrationStatus, SizeClass
from berdaya.registry.references import registration_reference

# --- Staff: queue, detail, review, export -------------------------------------------------------
QUEUE_ROLES = (*DASHBOARD_ROLES, *TERRITORY_ROLES)


def _require_queue_role(user) -> None:
    if not has_role(user, *QUEUE_ROLES):
        raise PermissionDenied


@login_required
def queue(request):
    _require_queue_role(request.user)
    # The queue opens on what waits for a decision; every filter lives in the query string, so
    # the pages, the export and the way back from a registration keep it.
    data = request.GET if request.GET else QueryDict("status=submitted")
    form = QueueFilterForm(data)
    filters = selectors.QueueFilters(**form.values())
    found = selectors.registration_search(request.user, filters)
    cursor = request.GET.get("cursor")
    if filters.status == RegistrationStatus.SUBMITTED:
        page = selectors.waiting_page(found, cursor=cursor)  # the longest waiting first
    else:
        page = keyset_page(found, cursor=cursor)
    today = timezone.localdate()
    sent = [timezone.localdate(r.submitted_at) for r in page.items]
    holidays = calendar.holidays_between(min(sent), today) if sent else frozenset()
    for r in page.items:
        r.waiting_days = (
            rules.working_days_between(timezone.localdate(r.submitted_at), today, holidays)
            if r.status == RegistrationStatus.SUBMITTED
            else None
        )
    query = data.copy()
    query.pop("cursor", None)
    # A list shows masked NIKs only (UU 27/2022); the full NIK is on the detail page.
    context = {
        "form": form, "page": page, "query": query.urlencode(),
        "filtered": any(v for k, v in query.items() if k != "status"),
        "promise_days": rules.REVIEW_PROMISE_WORKING_DAYS,
        "opens_events": is_staff(request.user),  # the registration events page's own rule
    }  # fmt: skip
    return render(request, "registry/queue.html", context)


@login_required
def queue_export(request, fmt: str = "xlsx"):
    """The partners' list exactly as filtered on the page (the same selector, scope and default
    filter), as XLSX or CSV, streamed (``core.export``). The NIK is full only for a role that
    needs it (``can_see_full_nik``), else masked; the export is recorded with its row count."""
    _require_queue_role(request.user)
    data = request.GET if request.GET else QueryDict("status=submitted")
    form = QueueFilterForm(data)
    qs = selectors.registration_search(request.user, selectors.QueueFilters(**form.values()))
    full = selectors.can_see_full_nik(request.user)
    columns = [
        Column("Nomor mitra", "partner_number"),
        choice_column("Status", "status", RegistrationStatus.choices),
        nik_column("NIK" if full else "NIK (disamarkan)", "person__nik", full=full),
        Column("Nama", "person__full_name"),
        Column("Jenis kelamin", "person__gender"),
        Column("Nama usaha", "business__name"),
        Column("KBLI", "business__kbli__code"),
        Column("Kategori", "business__kbli_section"),
        choice_column("Skala", "business__size_class", SizeClass.choices),
        Column("Modal (Rp)", "business__capital_rupiah"),
        Column("Omzet setahun (Rp)", "business__annual_sales_rupiah"),
        Column("Kecamatan", "business__kelurahan__kecamatan__name"),
        Column("Kelurahan", "business__kelurahan__name"),
        Column("RW", "business__rw"),
        Column("RT", "business__rt"),
        Column("Pengusaha baru", "is_new_entrepreneur", yes_no),
        date_column("Diajukan", "submitted_at"),
        date_column("Diverifikasi", "verified_at"),
        # last, so the columns before keep their places in the sheets people already use
        Column("Nomor pendaftaran", "pk", registration_reference),
    ]
    return export_list(
        request, fmt, queryset=qs.order_by("-pk"), columns=columns, filename="mitra-binaan",
        subject="registry.Registration:list", sheet="Mitra binaan",
        purpose=f"ekspor daftar mitra binaan (NIK {'lengkap' if full else 'disamarkan'})",
        filters=data.urlencode(),
    )  # fmt: skip


@login_required
def registration_detail(request, pk: int):
    _require_queue_role(request.user)
    reg = selectors.registration_get(request.user, pk)
    if reg is None:
        raise Http404
    return _render_detail(request, reg, ReviewForm())


def _next_waiting(user, back: str):
    """The registration that has waited longest for a decision, within ``user``'s scope and the
    queue's filters carried in ``back`` (its status set to waiting): the same selectors and order
    as the queue's first page. None when nothing else waits."""
    data = QueryDict(back, mutable=True)
    data["status"] = RegistrationStatus.SUBMITTED
    data.pop("cursor", None)
    form = QueueFilterForm(data)
    values = form.values() or {"status": RegistrationStatus.SUBMITTED}
    found = selectors.registration_search(user, selectors.QueueFilters(**values))
    page = selectors.waiting_page(found, cursor=None, size=1)
    return page.items[0] if page.items else None


def _render_detail(request, reg, review_form, status=200):
    nik = reveal_nik(
        reg.person.nik, actor=request.user, may_see_full=selectors.can_see_full_nik(request.user),
        subject=reg.person, purpose="verifikasi mitra binaan",
    )  # fmt: skip
    reports = list(selectors.reports_of(reg.business))
    back = request.GET.get("kembali") or request.POST.get("kembali") or ""
    back = back if back.isprintable() and len(back) < 1000 else ""
    decided = reg.status != RegistrationStatus.SUBMITTED and selectors.can_review(request.user)
    context = {
        "reg": reg, "person": reg.person, "business": reg.business,
        "back_query": back,
        "next_waiting": _next_waiting(request.user, back) if decided else None,
        "waiting_days": rules.working_days_between(
            timezone.localdate(reg.submitted_at), timezone.localdate()
        ) if reg.status == RegistrationStatus.SUBMITTED else None,
        "promise_days": rules.REVIEW_PROMISE_WORKING_DAYS,
        "nik": nik,
        "timeline": selectors.timeline(reg),
        "duplicates": selectors.likely_duplicates(reg) if is_staff(request.user) else [],
        "nik_warnings": selectors.nik_warnings(reg.person),
        "can_review": selectors.can_review(request.user) and reg.status == "submitted",
        "can_report": is_staff(request.user),
        "woman_entrepreneur": selectors.registration_is_woman_entrepreneur(reg),
        "review_form": review_form, "reports": reports[::-1][:12],
        "chart": report_chart_svg(reports[-12:]),
        "photos": reg.business.photos.all()[:6],
    }  # fmt: skip
    return render(request, "registry/detail.html", context, status=status)


@login_required
@require_POST
@once_per_token
def registration_review(request, pk: int):
    if not is_staff(request.user):
        raise PermissionDenied
    reg = selectors.registration_get(request.user, pk)
    if reg is None:
        raise Http404
    form = ReviewForm(request.POST)
    try:
        data = form.raw()
        reg = services.registration_review(
            registration=reg, reviewer=request.user, decision=data["decision"],
            reason=data["reason"],
        )  # fmt: skip
    except RuleError as exc:
        form.is_valid()
        for problem in form.add_problems(exc):
            form.add_error(None, problem.message)
        return _render_detail(request, reg, form, status=422)
    except ConflictError as exc:
        messages.error(request, exc.message)
        return redirect("registry:detail", pk=pk)
    messages.success(request, f"Keputusan disimpan: {reg.get_status_display()}.")
    back = request.POST.get("kembali", "")
    if back:  # back to the queue as it was filtered
        return redirect(f"{reverse('registry:detail', args=[pk])}?{urlencode({'kembali': back})}")
    return redirect("registry:detail", pk=pk)


@login_required
def identity_changes(request):
    if not is_staff(request.user):
        raise PermissionDenied
    items = selectors.identity_changes_pending(request.user)[:100]
    return render(request, "registry/identity_changes.html", {"items": items})


@login_required
@require_POST
@once_per_token
def identity_change_decide(request, pk: int):
    if not is_staff(request.user):
        raise PermissionDenied
    change = selectors.identity_change_get(request.user, pk)
    if change is None:
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pilih setujui atau tolak.")
        return redirect("registry:changes")
    try:
        services.identity_change_decide(
            change=change, reviewer=request.user, approve=form.cleaned_data["approve"],
            note=form.cleaned_data["note"],
        )  # fmt: skip
        messages.success(request, "Keputusan perubahan identitas disimpan.")
    except (ConflictError, AccessDenied) as exc:
        messages.error(request, exc.message)
    return redirect("registry:changes")
