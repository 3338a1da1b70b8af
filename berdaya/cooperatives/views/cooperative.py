"""A person's cooperatives page, registration, the cooperative's page, review and status."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from berdaya.cooperatives import health, selectors, services
from berdaya.cooperatives.forms import CooperativeForm, ReviewForm, StatusForm, cooperative_initial
from berdaya.cooperatives.models import CooperativeEvents, CooperativeStatus
from berdaya.cooperatives.views.common import cooperative_or_404
from berdaya.core import events
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.once import once_per_token
from berdaya.core.privacy import Action, access_record
from berdaya.core.refusals import show_refusal

EVENT_LABELS = dict(CooperativeEvents.choices)
STATUS_LABELS = dict(CooperativeStatus.choices)


@login_required
def index(request):
    """Everyone's door: the cooperatives they keep, their memberships, registering a new one;
    staff, pimpinan and kelurahan officers also get the list and the compliance overview."""
    managed = list(selectors.managed_by(request.user).order_by("name"))
    selectors.health_many(managed)
    context = {
        "managed": managed,
        "memberships": selectors.memberships_for_user(request.user),
        "can_see_list": selectors.can_see_list(request.user),
    }
    return render(request, "cooperatives/index.html", context)


def _form_problems(form, exc: RuleError | ConflictError) -> list:
    if isinstance(exc, ConflictError):
        form.add_error("nik_koperasi" if exc.code.startswith("nik_koperasi") else None, exc.message)
        return []
    return form.add_problems(exc)


@login_required
@once_per_token
def register(request):
    form = CooperativeForm(request.POST if request.method == "POST" else None)
    others: list = []
    if request.method == "POST":
        try:
            coop = services.cooperative_register(actor=request.user, data=form.data_for_service())
        except (RuleError, ConflictError) as exc:
            form.is_valid()
            others = _form_problems(form, exc)
        else:
            messages.success(request, "Pendaftaran koperasi terkirim dan akan diperiksa staf DKUM.")
            return redirect("cooperatives:detail", pk=coop.pk)
    return render(
        request,
        "cooperatives/register.html",
        {"form": form, "others": others, "title": "Daftarkan koperasi"},
    )


@login_required
@once_per_token
def resubmit(request, pk: int):
    coop = cooperative_or_404(request, pk)
    if not (selectors.manages(request.user, coop) or selectors.is_registrant(request.user, coop)):
        raise PermissionDenied
    if coop.status != CooperativeStatus.NEEDS_REVISION:
        messages.info(request, "Koperasi ini tidak sedang diminta perbaikan.")
        return redirect("cooperatives:detail", pk=coop.pk)
    form = CooperativeForm(
        request.POST if request.method == "POST" else None, initial=cooperative_initial(coop)
    )
    others: list = []
    if request.method == "POST":
        try:
            services.cooperative_resubmit(
                cooperative=coop, actor=request.user, data=form.data_for_service()
            )
        except (RuleError, ConflictError) as exc:
            form.is_valid()
            others = _form_problems(form, exc)
        else:
            messages.success(request, "Perbaikan terkirim dan akan diperiksa kembali.")
            return redirect("cooperatives:detail", pk=coop.pk)
    context = {"form": form, "others": others, "coop": coop, "title": "Perbaiki pendaftaran"}
    return render(request, "cooperatives/register.html", context)


def _timeline(coop) -> list[dict]:
    return [
        {
            "at": e.created_at,
            "label": EVENT_LABELS.get(e.verb, e.verb),
            "actor": e.actor.full_name if e.actor else "Sistem",
            "from": STATUS_LABELS.get(e.from_status, e.from_status),
            "to": STATUS_LABELS.get(e.to_status, e.to_status),
            "note": e.note,
            "data": e.data,
        }
        for e in events.timeline(coop).order_by("-created_at", "-id")[:50]
    ]


@login_required
def detail(request, pk: int):
    coop = cooperative_or_404(request, pk)
    manages = selectors.manages(request.user, coop)
    context = {
        "coop": coop,
        "health": selectors.health_of(coop),
        "labels": health.RAT_STATUS_LABELS,
        "warning_years": health.warning_years(),
        "dissolution_years": health.dissolution_years(),
        "board": list(coop.board.all()),
        "reports": selectors.reports_of(coop),
        "timeline": _timeline(coop),
        "manages": manages,
        "full_nik": manages or selectors.is_registrant(request.user, coop),
        "counts": selectors.member_counts(coop) if manages else None,
        "can_review": selectors.can_review(request.user)
        and coop.status == CooperativeStatus.SUBMITTED,
        "can_resubmit": coop.status == CooperativeStatus.NEEDS_REVISION
        and (manages or selectors.is_registrant(request.user, coop)),
        "can_set_status": selectors.can_review(request.user)
        and coop.status in (CooperativeStatus.VERIFIED, CooperativeStatus.INACTIVE),
        "review_form": ReviewForm(),
        "status_form": StatusForm(initial={"status": coop.status}),
    }
    if context["full_nik"] and context["board"]:
        access_record(
            actor=request.user, action=Action.VIEW, subject=coop,
            purpose="Data pengurus dan pengawas koperasi",
        )  # fmt: skip
    return render(request, "cooperatives/detail.html", context)


@login_required
@require_POST
@once_per_token
def review(request, pk: int):
    if not selectors.can_review(request.user):
        raise PermissionDenied
    coop = cooperative_or_404(request, pk)
    try:
        services.cooperative_review(
            cooperative=coop,
            reviewer=request.user,
            decision=request.POST.get("decision", ""),
            reason=request.POST.get("reason", ""),
        )
    except (RuleError, ConflictError) as exc:
        show_refusal(request, exc)
    except AccessDenied:
        raise PermissionDenied from None
    else:
        messages.success(request, "Keputusan tersimpan.")
    return redirect("cooperatives:detail", pk=coop.pk)


@login_required
@require_POST
@once_per_token
def status_set(request, pk: int):
    if not selectors.can_review(request.user):
        raise PermissionDenied
    coop = cooperative_or_404(request, pk)
    try:
        services.cooperative_status_set(
            cooperative=coop,
            actor=request.user,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
        )
    except (RuleError, ConflictError) as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, "Status koperasi diubah.")
    return redirect("cooperatives:detail", pk=coop.pk)
