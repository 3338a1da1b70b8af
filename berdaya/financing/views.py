"""Financing pages: plain function views. Each fetches through a selector that checks access,
binds a form, calls one service and redirects. Rule refusals show on the form."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from berdaya.accounts.selectors import DASHBOARD_ROLES, has_role, institution_codes, is_staff
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.pagination import keyset_page
from berdaya.core.pdf import qr_svg_data_uri, render_pdf
from berdaya.core.xlsx import xlsx_response
from berdaya.financing import people, selectors, services
from berdaya.financing.forms import (
    AcceptForm,
    ApplicationForm,
    CollectionForm,
    DecisionForm,
    DisburseForm,
    GroupForm,
    InviteForm,
    RecommendationForm,
    RepaymentForm,
    ReviewForm,
    add_rule_errors,
    parse_date,
)
from berdaya.financing.models import (
    Decision,
    GroupMember,
    Level,
    MemberStatus,
    Product,
    Recommendation,
    Status,
)
from berdaya.regions.selectors import kelurahan_list


def guarded(view):
    """Login required; an AccessDenied from a selector or service becomes a 403 page."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except AccessDenied as exc:
            raise PermissionDenied(exc.message) from exc

    return wrapper


def _step(request, call, ok: str, back: str):
    """Run a one-click workflow step; refusals come back as messages on the page."""
    try:
        call()
    except RuleError as exc:
        for problem in exc.problems:
            messages.error(request, problem.message)
    except ConflictError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect(back)


# --- home --------------------------------------------------------------------------------------
@guarded
def index(request):
    """The user's financing home: their invitations, groups, applications and loans; their
    recommendation queue; or the staff / lender queue."""
    user = request.user
    person = people.person_for_user(user)
    context = {
        "person": person,
        "products": selectors.product_list(),
        "invitations": selectors.invitations_for(user),
        "groups": selectors.groups_for(user).exclude(leader__isnull=True)[:20] if person else [],
        "applications": selectors.applications_for(user)
        .filter(members__person=person)
        .distinct()
        .order_by("-pk")[:20]
        if person
        else [],
        "loans": selectors.loans_for(user).filter(person=person) if person else [],
        "rec_queue": selectors.recommendation_queue(user),
        "staff_queue": selectors.staff_queue(user)[:50],
        "lender_queue": selectors.lender_queue(user)[:50],
        "lender_active": selectors.lender_active(user)[:50],
        "is_official": has_role(user, "ketua_rt", "ketua_rw", "petugas_kelurahan"),
        "is_staff": is_staff(user),
        "is_lender": bool(institution_codes(user)),
        "can_report": has_role(user, *DASHBOARD_ROLES),
    }
    return render(request, "financing/index.html", context)


@guarded
def application_list(request):
    """Every application the user may see, filtered by status and kelurahan, newest first."""
    qs = selectors.applications_for(request.user)
    status = request.GET.get("status", "")
    kelurahan = request.GET.get("kelurahan", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    if kelurahan:
        qs = qs.filter(kelurahan_id=kelurahan)
    page = keyset_page(qs, cursor=request.GET.get("setelah"), size=25)
    context = {
        "page": page,
        "statuses": Status.choices,
        "status": status,
        "kelurahan": kelurahan,
        "kelurahan_choices": kelurahan_list(),
    }
    return render(request, "financing/application_list.html", context)


# --- groups and invitations --------------------------------------------------------------------
@guarded
def group_create(request):
    product = get_object_or_404(Product, code=request.GET.get("produk", ""), is_active=True)
    person = people.person_for_user(request.user)
    form = GroupForm(request.POST or None, product=product, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                user=request.user,
                product=product,
                name=form.cleaned_data["name"],
                kelurahan_code=form.cleaned_data["kelurahan_code"],
                rw=form.cleaned_data["rw"],
                rt=form.cleaned_data["rt"],
            )
        except RuleError as exc:
            add_rule_errors(form, exc)
        else:
            messages.success(request, "Kelompok dibentuk. Undang anggota kelompok.")
            return redirect("financing:group", group.pk)
    return render(request, "financing/group_form.html", {"form": form, "product": product})


@guarded
def group_detail(request, pk):
    group = selectors.group_get(request.user, pk)
    person = people.person_for_user(request.user)
    is_leader = person is not None and person.pk == group.leader_id
    members = group.memberships.filter(status=MemberStatus.ACTIVE).select_related("person")
    context = {
        "group": group,
        "members": members,
        "is_leader": is_leader,
        "person": person,
        "is_member": person is not None and members.filter(person=person).exists(),
        "invitations": group.invitations.filter(status="pending"),
        "locked": services.group_locked(group),
        "form": InviteForm(),
        "application": group.applications.exclude(status=Status.WITHDRAWN).order_by("-pk").first(),
    }
    return render(request, "financing/group_detail.html", context)


@guarded
@require_POST
def group_liability_sign(request, pk):
    group = selectors.group_get(request.user, pk)
    return _step(
        request,
        lambda: services.liability_sign(group=group, user=request.user),
        "Pernyataan tanggung renteng Anda tercatat.",
        reverse("financing:group", args=[pk]),
    )


@guarded
@require_POST
def group_invite(request, pk):
    group = selectors.group_get(request.user, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Isi NIK atau nomor HP orang yang diundang.")
        return redirect("financing:group", pk)
    return _step(
        request,
        lambda: services.invitation_create(
            group=group,
            user=request.user,
            nik=form.cleaned_data["nik"],
            phone=form.cleaned_data["phone"],
        ),
        "Undangan terkirim.",
        reverse("financing:group", args=[pk]),
    )


@guarded
@require_POST
def group_leave(request, pk, member_pk=None):
    group = selectors.group_get(request.user, pk)
    target = None
    if member_pk is not None:
        target = get_object_or_404(GroupMember, pk=member_pk, group=group).person
    return _step(
        request,
        lambda: services.member_leave(group=group, user=request.user, person=target),
        "Anggota dikeluarkan." if target else "Anda telah keluar dari kelompok.",
        reverse("financing:group", args=[pk]) if target else reverse("financing:index"),
    )


@guarded
def invitation(request, pk):
    invitation = selectors.invitation_get(request.user, pk)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = request.POST.get("answer") != "decline"
        try:
            services.invitation_answer(
                invitation=invitation,
                user=request.user,
                accept=accept,
                joint_liability=form.cleaned_data["joint_liability"],
            )
        except RuleError as exc:
            add_rule_errors(form, exc)
        except ConflictError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Anda bergabung." if accept else "Undangan ditolak.")
            return redirect(
                "financing:group" if accept else "financing:index",
                *([invitation.group_id] if accept else []),
            )
    return render(request, "financing/invitation.html", {"invitation": invitation, "form": form})


# --- applications ------------------------------------------------------------------------------
def _form_members(application=None, group=None, person=None):
    if group is not None:
        return [
            m.person
            for m in group.memberships.filter(status=MemberStatus.ACTIVE)
            .select_related("person")
            .order_by("-is_leader", "pk")
        ]
    return [application.applicant if application else person]


@guarded
def application_create(request):
    person = people.person_for_user(request.user)
    group = None
    if request.GET.get("kelompok"):
        group = selectors.group_get(request.user, int(request.GET["kelompok"]))
        product = group.product
    else:
        product = get_object_or_404(Product, code=request.GET.get("produk", ""), is_active=True)
    if person is None:
        raise PermissionDenied("Daftar sebagai mitra binaan terlebih dahulu.")
    form = ApplicationForm(
        request.POST or None, product=product, members=_form_members(group=group, person=person)
    )
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
    if request.method == "POST" and form.is_valid():
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
        },
    )


@guarded
def application_detail(request, pk):
    application = selectors.application_get(request.user, pk)
    user = request.user
    person = people.person_for_user(user)
    level = (
        services.current_level(application)
        if (application.status == Status.AWAITING_RECOMMENDATION)
        else None
    )
    my_scope = services.members_in_scope(application, user, level) if level else []
    context = {
        "application": application,
        "rows": selectors.member_rows(application),
        "timeline": selectors.timeline_rows(application),
        "progress": selectors.recommendation_progress(application),
        "recommendations": application.recommendations.all(),
        "is_leader": person is not None and person.pk == application.applicant_id,
        "can_recommend": bool(my_scope),
        "level": level,
        "level_label": Level(level).label if level else "",
        "can_review": is_staff(user) and application.status == Status.AWAITING_VERIFICATION,
        "is_lender": selectors.is_lender_officer(user, application.product),
        "editable": application.status in services.EDITABLE,
        "withdrawable": application.status in services.WITHDRAWABLE,
        "loans": application.loans.select_related("person").order_by("person__full_name"),
        "review_form": ReviewForm(),
        "disburse_form": DisburseForm(),
        "rec_form": RecommendationForm(),
        "my_scope": my_scope,
        "show_checks": is_staff(user) or selectors.is_lender_officer(user, application.product),
    }
    return render(request, "financing/application_detail.html", context)


@guarded
@require_POST
def application_submit(request, pk):
    application = selectors.application_get(request.user, pk)
    return _step(
        request,
        lambda: services.application_submit(application=application, user=request.user),
        "Pengajuan telah diajukan.",
        reverse("financing:application", args=[pk]),
    )


@guarded
@require_POST
def application_withdraw(request, pk):
    application = selectors.application_get(request.user, pk)
    return _step(
        request,
        lambda: services.application_withdraw(application=application, user=request.user),
        "Pengajuan ditarik.",
        reverse("financing:application", args=[pk]),
    )


@guarded
@require_POST
def recommend(request, pk):
    application = selectors.application_get(request.user, pk)
    form = RecommendationForm(request.POST)
    level = services.current_level(application) or ""
    if not form.is_valid():
        messages.error(request, "Pilih beri atau tolak rekomendasi.")
        return redirect("financing:application", pk)
    return _step(
        request,
        lambda: services.recommendation_give(
            application=application,
            official=request.user,
            level=level,
            approve=form.cleaned_data["approve"],
            note=form.cleaned_data["note"],
        ),
        "Rekomendasi tercatat dan surat diterbitkan.",
        reverse("financing:application", args=[pk]),
    )


@guarded
@require_POST
def review(request, pk):
    application = selectors.application_get(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pilih hasil verifikasi.")
        return redirect("financing:application", pk)
    return _step(
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
    if not selectors.is_lender_officer(request.user, application.product):
        raise PermissionDenied
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
    application = selectors.application_get(request.user, pk)
    form = DisburseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Isi tanggal pencairan.")
        return redirect("financing:application", pk)
    return _step(
        request,
        lambda: services.application_disburse(
            application=application,
            officer=request.user,
            disbursed_on=form.cleaned_data["disbursed_on"],
        ),
        "Pencairan tercatat; jadwal angsuran dibuat.",
        reverse("financing:application", args=[pk]),
    )


@guarded
def collection(request, pk):
    application = selectors.application_get(request.user, pk)
    if not selectors.is_lender_officer(request.user, application.product):
        raise PermissionDenied
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
def loan_detail(request, pk):
    loan = selectors.loan_get(request.user, pk)
    can_record = selectors.is_lender_officer(request.user, loan.application.product)
    form = RepaymentForm(request.POST or None)
    if request.method == "POST" and can_record and form.is_valid():
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


# --- letters and verification ------------------------------------------------------------------
@guarded
def letter(request, pk):
    rec = get_object_or_404(Recommendation, pk=pk)
    selectors.application_get(request.user, rec.application_id)
    verify_url = request.build_absolute_uri(f"/verifikasi/{rec.code}")
    from django.conf import settings

    base = getattr(settings, "BERDAYA_PUBLIC_URL", "") or ""
    if base:
        verify_url = base.rstrip("/") + f"/verifikasi/{rec.code}"
    pdf = render_pdf(
        "financing/letter.html",
        {
            "rec": rec,
            "application": rec.application,
            "qr": qr_svg_data_uri(verify_url),
            "verify_url": verify_url,
            "level_label": Level(rec.level).label,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="surat-rekomendasi-{rec.pk}.pdf"'
    return response


def verify(request, code):
    """Public: confirms a letter is genuine and still valid, and shows nothing more."""
    rec = Recommendation.objects.filter(code=code).first()
    if rec is None:
        raise Http404
    return render(request, "financing/verify.html", {"rec": rec})


# --- reports -----------------------------------------------------------------------------------
@guarded
def reports(request):
    if not selectors.can_see_reports(request.user):
        raise PermissionDenied
    kind = request.GET.get("unduh")
    if kind:
        return _export(kind)
    context = {
        "totals": selectors.portfolio_totals(),
        "pipeline": selectors.pipeline(),
        "par_kelurahan": selectors.par(by="kelurahan"),
        "par_group": selectors.par(by="group"),
        "by_year": selectors.disbursed_by_year(),
    }
    return render(request, "financing/reports.html", context)


def _export(kind: str):
    if kind == "pipeline":
        rows = selectors.pipeline()
        return xlsx_response(
            "pembiayaan-pipeline.xlsx",
            ["Status", "Kode kelurahan", "Kelurahan", "Jumlah"],
            [(r["status_label"], r["kelurahan_code"], r["kelurahan"], r["count"]) for r in rows],
        )
    if kind in ("par-kelurahan", "par-kelompok"):
        rows = selectors.par(by="kelurahan" if kind == "par-kelurahan" else "group")
        return xlsx_response(
            f"pembiayaan-{kind}.xlsx",
            [
                "Nama",
                "Pinjaman aktif",
                "Menunggak",
                "Sisa pokok+biaya (Rp)",
                "Berisiko >30 hari (Rp)",
                "PAR 30 (%)",
            ],
            [
                (
                    r["name"],
                    r["loans"],
                    r["in_arrears"],
                    r["outstanding_rupiah"],
                    r["at_risk_rupiah"],
                    r["par_percent"],
                )
                for r in rows
            ],
        )
    if kind == "pencairan":
        rows = selectors.disbursed_by_year()
        return xlsx_response(
            "pembiayaan-pencairan.xlsx",
            ["Tahun", "Jumlah pinjaman", "Dicairkan (Rp)"],
            [(r["year"], r["loans"], r["amount"]) for r in rows],
        )
    raise Http404
