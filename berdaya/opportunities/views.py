"""Opportunity pages: the partner's matched list, detail with apply/withdraw, history and alert
setting; the staff list, form, applicants with selection and the XLSX export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from berdaya.accounts.decorators import staff_only
from berdaya.accounts.selectors import is_staff
from berdaya.core.errors import ConflictError, RuleError
from berdaya.core.once import once_per_token
from berdaya.core.pagination import keyset_page
from berdaya.core.refusals import show_refusal
from berdaya.opportunities import selectors, services
from berdaya.opportunities.forms import (
    AlertForm,
    ApplyForm,
    DocumentForm,
    OpportunityForm,
    add_rule_errors,
)
from berdaya.opportunities.models import (
    ApplicationStatus,
    OpportunityDocument,
    OpportunityKind,
    OpportunityStatus,
)


@login_required
def index(request):
    g = request.GET
    if is_staff(request.user):
        qs = selectors.staff_list(request.user, status=g.get("status", ""), kind=g.get("kind", ""))
        page = keyset_page(qs, cursor=g.get("cursor"), size=25)
        taken = selectors.taken_counts(o.pk for o in page.items)
        for o in page.items:
            o.taken = taken.get(o.pk, 0)
        context = {
            "page": page,
            "statuses": OpportunityStatus,
            "kinds": OpportunityKind,
        }
        return render(request, "opportunities/staff_index.html", context)
    businesses = selectors.own_businesses(request.user)
    business = selectors.own_business(request.user, g.get("business"))
    found = selectors.matches(selectors.open_opportunities(), business)
    context = {
        "business": business,
        "businesses": businesses,
        "fitting": [m for m in found if m.fit],
        "others": [m for m in found if not m.fit],
        "alerts_on": selectors.alerts_enabled(request.user),
    }
    return render(request, "opportunities/index.html", context)


def _save_form(request, form, opportunity=None):
    try:
        if opportunity is None:
            opportunity = services.opportunity_create(actor=request.user, **form.service_fields())
        else:
            opportunity = services.opportunity_update(
                actor=request.user, opportunity=opportunity, **form.service_fields()
            )
    except RuleError as exc:
        add_rule_errors(form, exc)
    except ConflictError as exc:
        form.add_error(None, exc.message)
    else:
        messages.success(request, "Peluang disimpan.")
        return redirect("opportunities:detail", opportunity.pk)
    return None


@staff_only
@once_per_token
def create(request):
    form = OpportunityForm(request.POST or None, initial={"kind": OpportunityKind.BUSINESS})
    if request.method == "POST" and form.is_valid():
        done = _save_form(request, form)
        if done:
            return done
    return render(request, "opportunities/form.html", {"form": form, "opportunity": None})


@staff_only
@once_per_token
def edit(request, pk: int):
    opportunity = selectors.opportunity_for_staff(request.user, pk)
    if opportunity.current_status() not in services.EDITABLE:
        # The service would refuse the change: say why instead of showing the form.
        messages.info(
            request,
            "Peluang ini tidak dapat diubah lagi: statusnya "
            f"{opportunity.current_status_label().lower()}.",
        )
        return redirect("opportunities:detail", pk)
    form = OpportunityForm(request.POST or None, initial=OpportunityForm.initial_from(opportunity))
    if request.method == "POST" and form.is_valid():
        done = _save_form(request, form, opportunity)
        if done:
            return done
    context = {"form": form, "opportunity": opportunity}
    return render(request, "opportunities/form.html", context)


@login_required
def detail(request, pk: int):
    opportunity = selectors.opportunity_get(request.user, pk)
    context = {
        "o": opportunity,
        "status": opportunity.current_status(),
        "kecamatan_names": selectors.kecamatan_names(opportunity),
        "documents": opportunity.documents.all(),
        "next_url": services.next_url_for(opportunity),
    }
    if is_staff(request.user):
        context.update(
            taken=selectors.taken_count(opportunity),
            document_form=DocumentForm(),
            can_select=selectors.selection_allowed(opportunity),
        )
        return render(request, "opportunities/staff_detail.html", context)
    businesses = selectors.own_businesses(request.user)
    business = selectors.own_business(request.user, request.GET.get("business"))
    match = selectors.match_one(opportunity, business)
    initial = {"business": business.pk} if business else {}
    context.update(
        business=business,
        match=match,
        form=ApplyForm(businesses=businesses, initial=initial),
    )
    return render(request, "opportunities/detail.html", context)


def _step(service, success: str):
    @staff_only
    @require_POST
    @once_per_token
    def view(request, pk: int):
        opportunity = selectors.opportunity_for_staff(request.user, pk)
        try:
            service(actor=request.user, opportunity=opportunity)
        except (RuleError, ConflictError) as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, success)
        return redirect("opportunities:detail", pk)

    return view


publish = _step(services.opportunity_publish, "Peluang diterbitkan; mitra yang cocok dikabari.")
close = _step(services.opportunity_close, "Pendaftaran ditutup. Silakan pilih peserta.")
cancel = _step(services.opportunity_cancel, "Peluang dibatalkan.")


@staff_only
@require_POST
@once_per_token
def document_add(request, pk: int):
    opportunity = selectors.opportunity_for_staff(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Pilih berkas PDF untuk diunggah.")
        return redirect("opportunities:detail", pk)
    try:
        services.document_add(
            actor=request.user, opportunity=opportunity,
            title=form.cleaned_data["title"], upload=form.cleaned_data["file"],
        )  # fmt: skip
    except (RuleError, ConflictError) as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, "Dokumen ditambahkan.")
    return redirect("opportunities:detail", pk)


@login_required
def document(request, pk: int):
    doc = OpportunityDocument.objects.filter(pk=pk).first()
    if doc is None:
        raise Http404
    selectors.opportunity_get(request.user, doc.opportunity_id)  # 404 unless visible
    return FileResponse(doc.file.open("rb"), filename=f"{doc.title}.pdf", as_attachment=False)


@login_required
@require_POST
@once_per_token
def apply(request, pk: int):
    opportunity = selectors.opportunity_get(request.user, pk)
    businesses = selectors.own_businesses(request.user)
    form = ApplyForm(request.POST, request.FILES, businesses=businesses)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("opportunities:detail", pk)
    business = selectors.own_business(request.user, form.cleaned_data["business"])
    try:
        services.application_apply(
            user=request.user, opportunity=opportunity, business=business,
            note=form.cleaned_data["note"], attachment=form.cleaned_data["attachment"],
        )  # fmt: skip
    except (RuleError, ConflictError) as exc:
        show_refusal(request, exc)
        return redirect("opportunities:detail", pk)
    next_url = services.next_url_for(opportunity)
    if next_url and opportunity.financing_product is not None:
        messages.success(
            request, "Pendaftaran tercatat. Lanjutkan dengan mengisi pembiayaan "
            f"{opportunity.financing_product.name}.",
        )  # fmt: skip
        return redirect(next_url)
    messages.success(request, "Pendaftaran Anda terkirim. Kami kabari hasilnya.")
    return redirect("opportunities:detail", pk)


@login_required
@require_POST
@once_per_token
def withdraw(request, pk: int):
    application = selectors.application_for_applicant(request.user, pk)
    try:
        services.application_withdraw(user=request.user, application=application)
    except ConflictError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, "Lamaran Anda ditarik.")
    return redirect("opportunities:detail", application.opportunity_id)


@login_required
def attachment(request, pk: int):
    application = selectors.application_for_viewer(request.user, pk)
    if not application.attachment:
        raise Http404
    return FileResponse(
        application.attachment.open("rb"), filename=f"lampiran-{application.pk}.pdf"
    )


def _filters(request) -> selectors.ApplicantFilters:
    g = request.GET
    return selectors.ApplicantFilters(
        status=g.get("status", ""), kecamatan=g.get("kecamatan", ""), size=g.get("size", ""),
        gender=g.get("gender", ""), fit=g.get("fit", ""), sort=g.get("sort", ""),
    )  # fmt: skip


SORTS = {
    "": ("Urutan mendaftar", lambda r: (r.application.applied_at, r.application.pk)),
    "name": ("Nama", lambda r: r.application.person.full_name.lower()),
    "-sales": ("Omzet terbesar", lambda r: -r.application.business.annual_sales_rupiah),
    "fit": ("Yang masih cocok dulu", lambda r: (not r.fit, r.application.applied_at)),
}


def _applicant_rows(opportunity, f, user):
    rows = selectors.applicant_rows(opportunity, selectors.applicants(opportunity, f, user=user))
    if f.fit in ("1", "0"):
        rows = [r for r in rows if r.fit == (f.fit == "1")]
    rows.sort(key=SORTS.get(f.sort, SORTS[""])[1])
    return rows


@staff_only
def applicants(request, pk: int):
    from berdaya.regions.selectors import kecamatan_list

    opportunity = selectors.opportunity_for_staff(request.user, pk)
    f = _filters(request)
    context = {
        "o": opportunity,
        "rows": _applicant_rows(opportunity, f, request.user),
        "f": f,
        "sorts": [(k, v[0]) for k, v in SORTS.items()],
        "kecamatan": kecamatan_list(),
        "statuses": ApplicationStatus,
        "can_select": selectors.selection_allowed(opportunity),
        "status": opportunity.current_status(),
    }
    return render(request, "opportunities/applicants.html", context)


@staff_only
@require_POST
@once_per_token
def select(request, pk: int):
    opportunity = selectors.opportunity_for_staff(request.user, pk)
    try:
        result = services.selection_make(
            actor=request.user, opportunity=opportunity,
            selected_ids=request.POST.getlist("selected"),
        )  # fmt: skip
    except (RuleError, ConflictError) as exc:
        show_refusal(request, exc)
        return redirect("opportunities:applicants", pk)
    messages.success(
        request, f"{result.selected} peserta terpilih, {result.not_selected} tidak terpilih. "
        "Semua pendaftar sudah dikabari.",
    )  # fmt: skip
    return redirect("opportunities:detail", pk)


@login_required
def history(request):
    page = keyset_page(
        selectors.applications_of_user(request.user), cursor=request.GET.get("cursor"), size=25
    )
    return render(request, "opportunities/history.html", {"page": page})


@login_required
@once_per_token
def alerts(request):
    form = AlertForm(
        request.POST if request.method == "POST" else None,
        initial={"enabled": selectors.alerts_enabled(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        services.alerts_set(user=request.user, enabled=form.cleaned_data["enabled"])
        messages.success(request, "Pengaturan kabar peluang disimpan.")
        return redirect("opportunities:index")
    return render(request, "opportunities/alerts.html", {"form": form})
