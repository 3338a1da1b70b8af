"""Lending pages: DKUM staff review the file; the lender's officer decides per member and
records the disbursement."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from berdaya.core.errors import ConflictError, RuleError
from berdaya.financing import selectors, services
from berdaya.financing.forms import DecisionForm, DisburseForm, ReviewForm, add_rule_errors
from berdaya.financing.models import Decision
from berdaya.financing.views._common import guarded, require, step


@guarded
@require_POST
def review(request, pk):
    application = selectors.application_get(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pilih hasil verifikasi.")
        return redirect("financing:application", pk)
    return step(
        request,
        lambda: services.application_review(
            application=application,
            staff=request.user,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        ),
        "Hasil verifikasi tercatat.",
        reverse("financing:application", args=[pk]),
    )


@guarded
def decide(request, pk):
    application = selectors.application_get(request.user, pk)
    actions = selectors.application_actions(request.user, application)
    require(actions.decide, "Pengajuan ini tidak dapat Anda putuskan sekarang.")
    members = list(application.members.filter(decision=Decision.PENDING).select_related("person"))
    form = DecisionForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_decide(
                application=application, officer=request.user, decisions=form.decisions()
            )
        except RuleError as exc:
            add_rule_errors(form, exc)
        except ConflictError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Keputusan tercatat.")
            return redirect("financing:application", pk)
    return render(
        request, "financing/decision_form.html", {"form": form, "application": application}
    )


@guarded
@require_POST
def disburse(request, pk):
    """Two steps without JavaScript: the first POST shows the members, amounts and the total to
    confirm; the POST with ``confirm`` records the disbursement."""
    application = selectors.application_get(request.user, pk)
    actions = selectors.application_actions(request.user, application)
    form = DisburseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Isi tanggal pencairan.")
        return redirect("financing:application", pk)
    if actions.disburse and request.POST.get("confirm") != "1":
        members = list(
            application.members.filter(decision=Decision.APPROVED)
            .select_related("person")
            .order_by("person__full_name")
        )
        total = sum(m.approved_amount_rupiah or 0 for m in members)
        context = {
            "application": application,
            "form": form,
            "members": members,
            "total": total,
            "disbursed_on": form.cleaned_data["disbursed_on"],
        }
        return render(request, "financing/disburse_confirm.html", context)
    return step(
        request,
        lambda: services.application_disburse(
            application=application,
            officer=request.user,
            disbursed_on=form.cleaned_data["disbursed_on"],
        ),
        "Pencairan tercatat; jadwal angsuran dibuat.",
        reverse("financing:application", args=[pk]),
    )
