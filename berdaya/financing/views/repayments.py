"""Repayment pages: a group's collection sheet and one loan with its repayment form."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from berdaya.core.documents import letterhead
from berdaya.core.errors import ConflictError, RuleError
from berdaya.financing import selectors, services
from berdaya.financing.forms import CollectionForm, RepaymentForm, add_rule_errors, parse_date
from berdaya.financing.views._common import guarded, require


@guarded
def collection(request, pk):
    application = selectors.application_get(request.user, pk)
    actions = selectors.application_actions(request.user, application)
    require(actions.collect, "Lembar setoran hanya untuk petugas lembaga, setelah pencairan.")
    due = parse_date(request.GET.get("tanggal"), timezone.localdate())
    rows = selectors.collection_sheet(application, due)
    form = CollectionForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.collection_record(
                application=application,
                officer=request.user,
                paid_on=form.cleaned_data["paid_on"],
                payments=form.payments(),
            )
        except RuleError as exc:
            add_rule_errors(form, exc)
        except ConflictError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Setoran kelompok tercatat.")
            return redirect("financing:application", pk)
    return render(
        request, "financing/collection.html", {"form": form, "application": application, "due": due}
    )


@guarded
def collection_print(request, pk):
    """The collection sheet to print (A4): each borrower's name, what is due by the date and a
    column to write the amount paid and sign; the total; the leader's and officer's signatures."""
    application = selectors.application_get(request.user, pk)
    actions = selectors.application_actions(request.user, application)
    require(actions.collect, "Lembar setoran hanya untuk petugas lembaga, setelah pencairan.")
    due = parse_date(request.GET.get("tanggal"), timezone.localdate())
    rows = selectors.collection_sheet(application, due)
    context = {
        "head": letterhead(),
        "application": application,
        "due": due,
        "rows": rows,
        "owed_total": sum(r["owed_rupiah"] for r in rows),
        "outstanding_total": sum(r["outstanding_rupiah"] for r in rows),
    }
    return render(request, "financing/collection_sheet.html", context)


@guarded
def loan_detail(request, pk):
    loan = selectors.loan_get(request.user, pk)
    can_record = selectors.can_record_repayment(request.user, loan)
    if request.method == "POST":
        require(can_record, "Pembayaran hanya dicatat oleh petugas lembaga.")
    form = RepaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.repayment_record(
                loan=loan,
                officer=request.user,
                paid_on=form.cleaned_data["paid_on"],
                amount_rupiah=form.cleaned_data["amount_rupiah"],
            )
        except RuleError as exc:
            add_rule_errors(form, exc)
        except ConflictError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Pembayaran tercatat.")
            return redirect("financing:loan", pk)
    context = {
        "loan": loan,
        "form": form,
        "can_record": can_record,
        "days_past_due": selectors.days_past_due(loan),
    }
    return render(request, "financing/loan_detail.html", context)
