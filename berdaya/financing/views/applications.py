"""Application pages: prepare (create, edit), see, submit and withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from berdaya.core.errors import ConflictError, RuleError
from berdaya.financing import people, selectors, services
from berdaya.financing.forms import (
    ApplicationForm,
    DisburseForm,
    RecommendationForm,
    ReviewForm,
    add_rule_errors,
)
from berdaya.financing.schedule import build_schedule
from berdaya.financing.views._common import guarded, require, step


def _form_members(application=None, group=None, person=None):
    if group is not None:
        return [m.person for m in selectors.active_members(group)]
    return [application.applicant if application else person]


def cost_preview(form: ApplicationForm, product) -> dict | None:
    """The fee and instalments of each member for the chosen amount and term, by the same
    schedule code as the application (shown after "Hitung", or live with htmx)."""
    if not form.is_valid():
        return None
    months = form.cleaned_data["term_months"]
    term = product.terms.filter(months=months).first()
    if term is None:
        return None
    rows = []
    for person in form.members:
        amount = form.cleaned_data.get(f"amount_{person.pk}") or 0
        plan = build_schedule(
            product=product,
            amount_rupiah=amount,
            term_months=months,
            fee_percent=term.admin_fee_percent,
            start=timezone.localdate(),
        )
        rows.append(
            {
                "pk": person.pk,
                "name": person.full_name,
                "amount": amount,
                "fee": plan.admin_fee_rupiah,
                "instalment": plan.instalment_rupiah,
                "last": plan.instalments[-1][1] if plan.instalments else 0,
                "total": plan.total_rupiah,
            }
        )
    return {
        "months": months,
        "fee_label": term.fee_label,
        "rows": rows,
        "fee_total": sum(r["fee"] for r in rows),
        "amount_total": sum(r["amount"] for r in rows),
        # what the whole group pays each month (the summary bar that stays in view)
        "instalment_total": sum(r["instalment"] for r in rows),
    }


def _group_param(request) -> int | None:
    raw = request.GET.get("kelompok", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


@guarded
def application_create(request):
    person = people.person_for_user(request.user)
    require(person is not None, "Daftar sebagai mitra binaan terlebih dahulu.")
    group = None
    group_pk = _group_param(request)
    if request.GET.get("kelompok"):
        if group_pk is None:
            raise Http404
        group = selectors.group_led_by(request.user, group_pk)
        product = group.product
    else:
        product = selectors.product_get_active(request.GET.get("produk", ""))
    blockers = selectors.start_blockers(person, product, group)
    if blockers:
        # what is missing, before the user starts; nothing to submit (a POST is refused)
        require(request.method != "POST", blockers[0])
        context: dict[str, object] = {"product": product, "group": group, "blockers": blockers}
        return render(request, "financing/application_form.html", context)
    form = ApplicationForm(
        request.POST or None, product=product, members=_form_members(group=group, person=person)
    )
    if request.method == "POST" and request.POST.get("hitung"):
        context = {
            "form": form,
            "product": product,
            "group": group,
            "preview": cost_preview(form, product),
        }
        return render(request, "financing/application_form.html", context)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                user=request.user,
                group=group,
                product=None if group else product,
                term_months=form.cleaned_data["term_months"],
                members=form.member_items(),
            )
        except RuleError as exc:
            add_rule_errors(form, exc)
        except ConflictError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Pengajuan disimpan. Periksa rinciannya lalu ajukan.")
            return redirect("financing:application", application.pk)
    return render(
        request,
        "financing/application_form.html",
        {"form": form, "product": product, "group": group},
    )


@guarded
def application_edit(request, pk):
    application = selectors.application_get(request.user, pk)
    actions = selectors.application_actions(request.user, application)
    require(actions.edit, "Pengajuan ini tidak dapat Anda ubah sekarang.")
    rows = {
        m.person.nik: (m.amount_rupiah, m.purpose)
        for m in application.members.select_related("person")
    }
    form = ApplicationForm(
        request.POST or None,
        product=application.product,
        members=_form_members(application=application, group=application.group),
        initial_rows=rows,
        initial={"term_months": application.term_months},
    )
    preview = None
    if request.method == "POST" and request.POST.get("hitung"):
        preview = cost_preview(form, application.product)
    elif request.method == "POST" and form.is_valid():
        try:
            services.application_update(
                application=application,
                user=request.user,
                term_months=form.cleaned_data["term_months"],
                members=form.member_items(),
            )
        except RuleError as exc:
            add_rule_errors(form, exc)
        except ConflictError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Perubahan disimpan.")
            return redirect("financing:application", pk)
    return render(
        request,
        "financing/application_form.html",
        {
            "form": form,
            "product": application.product,
            "group": application.group,
            "application": application,
            "preview": preview,
        },
    )


@guarded
def application_detail(request, pk):
    user = request.user
    application = selectors.application_get(user, pk)
    actions = selectors.application_actions(user, application)
    members = selectors.visible_members(user, application)
    rows = selectors.member_rows(application, members=members)
    context = {
        "application": application,
        "actions": actions,
        "rows": rows,
        # Links only to what the linked page's own accessor answers this user with.
        "group_open": selectors.can_view_group(user, application.group),
        "open_loan_ids": selectors.viewable_loan_ids(user, [r["loan_id"] for r in rows]),
        "all_members_shown": selectors.sees_every_member(user, application),
        "timeline": selectors.timeline_rows(
            application, hidden_actor_ids=selectors.hidden_member_user_ids(user, application)
        ),
        "progress": selectors.recommendation_progress(application),
        "recommendations": application.recommendations.all(),
        "loans": application.loans.select_related("person").order_by("person__full_name"),
        "review_form": ReviewForm(),
        "disburse_form": DisburseForm(),
        "rec_form": RecommendationForm(),
    }
    return render(request, "financing/application_detail.html", context)


@guarded
@require_POST
def application_submit(request, pk):
    application = selectors.application_get(request.user, pk)
    return step(
        request,
        lambda: services.application_submit(application=application, user=request.user),
        "Pengajuan telah diajukan.",
        reverse("financing:application", args=[pk]),
    )


@guarded
@require_POST
def application_withdraw(request, pk):
    application = selectors.application_get(request.user, pk)
    return step(
        request,
        lambda: services.application_withdraw(application=application, user=request.user),
        "Pengajuan ditarik.",
        reverse("financing:application", args=[pk]),
    )
