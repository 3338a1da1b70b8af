"""Registry pages: plain function views that fetch through selectors and write through services."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Literal, overload

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from berdaya.accounts.selectors import DASHBOARD_ROLES, TERRITORY_ROLES, has_role, is_staff
from berdaya.core import events
from berdaya.core.client import client_address
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.masking import mask_nik
from berdaya.core.pagination import keyset_page
from berdaya.core.xlsx import xlsx_response
from berdaya.registry import selectors, services
from berdaya.registry.charts import report_chart_svg
from berdaya.registry.cleaning import (
    Cleaner,
    clean_address,
    clean_business,
    clean_contact,
    clean_identity,
)
from berdaya.registry.forms import (
    AccountForm,
    AddressForm,
    BusinessForm,
    DecisionForm,
    IdentityChangeForm,
    IdentityForm,
    PhotoForm,
    QueueFilterForm,
    ReportForm,
    ReviewForm,
    RuleForm,
)
from berdaya.registry.models import BusinessPhoto, IdentityChange, RegistrationDraft
from berdaya.registry.nik import validate_nik

DRAFT_SESSION_KEY = "registry_draft"
DRAFT_DAYS = 14
STEPS: list[tuple[int, str, str, type[RuleForm]]] = [
    (1, "identity", "Data diri", IdentityForm),
    (2, "address", "Alamat", AddressForm),
    (3, "business", "Usaha", BusinessForm),
    (4, "account", "Akun dan persetujuan", AccountForm),
]


# --- Public registration --------------------------------------------------------------------
@overload
def _draft(request, *, create: Literal[True]) -> RegistrationDraft: ...
@overload
def _draft(request, *, create: bool = False) -> RegistrationDraft | None: ...
def _draft(request, *, create: bool = False) -> RegistrationDraft | None:
    token = request.session.get(DRAFT_SESSION_KEY)
    draft = None
    if token:
        draft = RegistrationDraft.objects.filter(token=token, expires_at__gt=timezone.now()).first()
    if draft is None and create:
        draft = RegistrationDraft.objects.create(
            token=secrets.token_urlsafe(32),
            expires_at=timezone.now() + timedelta(days=DRAFT_DAYS),
        )
        request.session[DRAFT_SESSION_KEY] = draft.token
    return draft


def register_start(request):
    """Public start page: what is needed, and a draft to resume."""
    if selectors.person_for_user(request.user) is not None:
        return redirect("registry:dashboard")
    context = {"draft": _draft(request), "steps": STEPS}
    return render(request, "registry/register_start.html", context)


def register_resume(request, token: str):
    draft = RegistrationDraft.objects.filter(token=token, expires_at__gt=timezone.now()).first()
    if draft is None:
        raise Http404
    request.session[DRAFT_SESSION_KEY] = draft.token
    return redirect("registry:register_step", step=min(draft.step, 4))


def _step_problems(key: str, data: dict) -> list:
    c = Cleaner()
    if key == "identity":
        clean_identity(c, data)
        clean_contact(c, data)
    elif key == "address":
        clean_address(c, data)
    elif key == "business":
        return clean_business(data, prefix="")[1]
    return c.problems


def register_step(request, step: int):
    if step not in (1, 2, 3, 4):
        raise Http404
    if selectors.person_for_user(request.user) is not None:
        return redirect("registry:dashboard")
    draft = _draft(request, create=True)
    if step > draft.step:
        return redirect("registry:register_step", step=draft.step)
    _, key, title, form_class = STEPS[step - 1]
    if request.method == "POST":
        form = form_class(request.POST)
        if key == "account":
            return _register_finish(request, draft, form)
        data = form.raw()
        problems = _step_problems(key, data)
        if not problems:
            draft.data = {**draft.data, key: data}
            draft.step = max(draft.step, step + 1)
            draft.save(update_fields=["data", "step", "updated_at"])
            return redirect("registry:register_step", step=step + 1)
        form.is_valid()
        form.add_problems(RuleError(*problems))
    else:
        form = form_class(initial=draft.data.get(key, {}))
    return _render_step(request, draft, step, form)


def _render_step(request, draft, step, form, status=200, other_problems=()):
    _, key, title, _ = STEPS[step - 1]
    context = {
        "form": form, "step": step, "steps": STEPS, "title": title, "key": key, "draft": draft,
        "other_problems": other_problems,
        "resume_url": request.build_absolute_uri(
            reverse("registry:register_resume", args=[draft.token])
        ),
    }  # fmt: skip
    return render(request, "registry/register_step.html", context, status=status)


def _register_finish(request, draft, form):
    data = form.raw()
    person = {**draft.data.get("identity", {}), **draft.data.get("address", {})}
    user = request.user if request.user.is_authenticated else None
    try:
        reg = services.registration_submit(
            person=person,
            business=draft.data.get("business", {}),
            password=data["password"],
            consent=data["consent"],
            client_address=client_address(request),
            user=user,
        )
    except RuleError as exc:
        form.is_valid()
        others = form.add_problems(exc)
        return _render_step(request, draft, 4, form, 422, _link_problems(others))
    except ConflictError as exc:
        form.is_valid()
        return _render_step(request, draft, 4, form, 409, [(exc.message, 1)])
    except services.RegistrationThrottled as exc:
        form.is_valid()
        return _render_step(request, draft, 4, form, 429, [(exc.message, None)])
    draft.delete()
    request.session.pop(DRAFT_SESSION_KEY, None)
    if user is None and reg.person.user is None:
        # The phone belongs to another account: no login to give, the office follows up.
        return render(request, "registry/submitted_no_account.html", {"reg": reg}, status=201)
    if user is None:
        login(request, reg.person.user, backend="berdaya.accounts.backends.PhoneOrEmailBackend")
    messages.success(request, "Pendaftaran terkirim. Kami kabari lewat WhatsApp dan notifikasi.")
    return redirect("registry:status", pk=reg.pk)


def _link_problems(problems) -> list[tuple[str, int | None]]:
    """(message, step to fix it) for problems that belong to an earlier step."""
    step_of: dict[str, int] = {}
    for number, _, _, form_class in STEPS:
        for name in form_class.base_fields:
            step_of.setdefault(name, number)
    out = []
    for p in problems:
        name = (p.field or "").rsplit(".", 1)[-1]
        out.append((p.message, step_of.get(name)))
    return out


@require_GET
def nik_check(request):
    """htmx: the NIK checked as it is typed (format, date, gender; never whether it is taken)."""
    nik = request.GET.get("nik", "")
    digits = "".join(ch for ch in nik if ch.isdigit())
    if len(digits) < 16:
        text = f"{len(digits)} dari 16 angka" if digits else ""
        return HttpResponse(f'<span class="hint">{text}</span>' if text else "")
    c = Cleaner()
    birth = c.date(request.GET, "birth_date", "Tanggal lahir", required=False)
    gender = request.GET.get("gender") if request.GET.get("gender") in ("L", "P") else None
    try:
        info = validate_nik(nik, gender=gender, birth_date=birth)
    except RuleError as exc:
        return render(request, "registry/_nik_check.html", {"error": exc.problems[0].message})
    return render(request, "registry/_nik_check.html", {"info": info})


@require_GET
def kbli_lookup(request):
    items = selectors.kbli_search(request.GET.get("kbli_q", "") or request.GET.get("q", ""))
    return render(request, "registry/_kbli_results.html", {"items": items})


@login_required
def registration_status(request, pk: int):
    reg = selectors.registration_get(request.user, pk)
    if reg is None:
        raise Http404
    context = {"reg": reg, "timeline": events.timeline(reg)}
    return render(request, "registry/status.html", context)


# --- The entrepreneur's own pages ---------------------------------------------------------------
@login_required
def dashboard(request):
    person = selectors.person_for_user(request.user)
    if person is None:
        return render(request, "registry/dashboard_empty.html")
    cards = []
    for reg in person.registrations.select_related("business__kbli", "business__kelurahan"):
        reports = list(selectors.reports_of(reg.business))
        cards.append(
            {
                "reg": reg,
                "business": reg.business,
                "reports": reports[::-1][:6],
                "chart": report_chart_svg(reports[-12:]),
                "photos": reg.business.photos.all()[:6],
            }
        )
    pending = IdentityChange.objects.filter(person=person, status="pending").first()
    context = {
        "person": person,
        "cards": cards,
        "pending_change": pending,
        "woman_entrepreneur": selectors.is_woman_entrepreneur(person),
    }
    return render(request, "registry/dashboard.html", context)


@login_required
def my_data(request):
    """The data subject's own data as JSON (right of access and portability, UU 27/2022)."""
    person = selectors.person_for_user(request.user)
    if person is None:
        raise Http404
    return JsonResponse(
        selectors.personal_data_export(person),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
        headers={"Content-Disposition": 'attachment; filename="data-saya.json"'},
    )


def _business_for_edit(request, pk):
    business = selectors.business_get(request.user, pk)
    if business is None:
        raise Http404
    if not selectors.manages_person(request.user, business.owner):
        raise PermissionDenied
    return business


def _back(request, business):
    if is_staff(request.user):
        return redirect("registry:detail", pk=business.registration.pk)
    return redirect("registry:dashboard")


@login_required
def business_edit(request, pk: int):
    business = _business_for_edit(request, pk)
    if request.method == "POST":
        form = BusinessForm(request.POST)
        try:
            services.business_update(business=business, actor=request.user, data=form.raw())
            messages.success(request, "Profil usaha disimpan.")
            return _back(request, business)
        except RuleError as exc:
            form.is_valid()
            form.add_problems(exc)
    else:
        form = BusinessForm(initial=services._business_current(business))
    return render(request, "registry/business_form.html", {"form": form, "business": business})


@login_required
def report_form(request, pk: int):
    business = _business_for_edit(request, pk)
    if request.method == "POST":
        form = ReportForm(request.POST)
        try:
            _, created = services.report_file(
                business=business, actor=request.user, data=form.raw()
            )
            messages.success(
                request, "Laporan disimpan." if created else "Laporan bulan itu diperbarui."
            )
            return _back(request, business)
        except RuleError as exc:
            form.is_valid()
            form.add_problems(exc)
    else:
        form = ReportForm(
            initial={
                "period": timezone.localdate().strftime("%Y-%m"),
                "workers_women": business.workers_women,
                "workers_men": business.workers_men,
                "marketing_channels": business.marketing_channels,
            }
        )
    reports = list(selectors.reports_of(business))[::-1]
    context = {"form": form, "business": business, "reports": reports}
    return render(request, "registry/report_form.html", context)


@login_required
def photo_upload(request, pk: int):
    business = _business_for_edit(request, pk)
    if request.method == "POST":
        form = PhotoForm(request.POST, request.FILES)
        upload = request.FILES.get("photo")
        try:
            if upload is None:
                raise RuleError.one("photo_required", "Pilih foto untuk diunggah.", field="photo")
            services.photo_add(
                business=business, actor=request.user, upload=upload,
                caption=request.POST.get("caption", ""),
            )  # fmt: skip
            messages.success(request, "Foto diunggah.")
            return _back(request, business)
        except RuleError as exc:
            form.is_valid()
            form.add_problems(exc)
    else:
        form = PhotoForm()
    return render(request, "registry/photo_form.html", {"form": form, "business": business})


@login_required
def photo_file(request, pk: int):
    photo = BusinessPhoto.objects.filter(pk=pk).select_related("business").first()
    if photo is None or selectors.business_get(request.user, photo.business_id) is None:
        raise Http404
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


@login_required
def identity_change(request):
    person = selectors.person_for_user(request.user)
    if person is None:
        raise Http404
    if request.method == "POST":
        form = IdentityChangeForm(request.POST)
        data = form.raw()
        try:
            services.identity_change_request(
                person=person, actor=request.user, data=data, reason=data["reason"]
            )
            messages.success(request, "Permintaan perubahan dikirim ke staf DKUM.")
            return redirect("registry:dashboard")
        except RuleError as exc:
            form.is_valid()
            for problem in form.add_problems(exc):
                form.add_error(None, problem.message)
        except ConflictError as exc:
            form.is_valid()
            form.add_error(None, exc.message)
    else:
        form = IdentityChangeForm(initial=services._identity_of(person))
    return render(request, "registry/identity_change.html", {"form": form, "person": person})


@login_required
def resubmit(request, pk: int):
    reg = selectors.registration_get(request.user, pk)
    if reg is None or reg.person.user_id != request.user.pk:
        raise Http404
    if request.method == "POST":
        form = BusinessForm(request.POST)
        try:
            services.registration_resubmit(
                registration=reg, actor=request.user, business=form.raw(),
                note=request.POST.get("note", ""),
            )  # fmt: skip
            messages.success(request, "Perbaikan dikirim. Staf DKUM akan memeriksanya kembali.")
            return redirect("registry:status", pk=reg.pk)
        except RuleError as exc:
            form.is_valid()
            form.add_problems(exc)
        except ConflictError as exc:
            messages.error(request, exc.message)
            return redirect("registry:status", pk=reg.pk)
    else:
        form = BusinessForm(initial=services._business_current(reg.business))
    return render(request, "registry/resubmit.html", {"form": form, "reg": reg})


# --- Staff: queue, detail, review, export -------------------------------------------------------
QUEUE_ROLES = (*DASHBOARD_ROLES, *TERRITORY_ROLES)


def _require_queue_role(user) -> None:
    if not has_role(user, *QUEUE_ROLES):
        raise PermissionDenied


@login_required
def queue(request):
    _require_queue_role(request.user)
    form = QueueFilterForm(request.GET)
    filters = selectors.QueueFilters(**form.values())
    page = keyset_page(
        selectors.registration_search(request.user, filters), cursor=request.GET.get("cursor")
    )
    query = request.GET.copy()
    query.pop("cursor", None)
    context = {
        "form": form, "page": page, "query": query.urlencode(),
        "full_nik": selectors.can_see_full_nik(request.user),
    }  # fmt: skip
    return render(request, "registry/queue.html", context)


@login_required
def queue_export(request):
    _require_queue_role(request.user)
    form = QueueFilterForm(request.GET)
    qs = selectors.registration_search(request.user, selectors.QueueFilters(**form.values()))
    full = selectors.can_see_full_nik(request.user)
    if full:
        services.personal_data_access_record(
            actor=request.user, action="export", subject="registry.Registration:list",
            purpose=f"ekspor XLSX {request.GET.urlencode()}"[:200],
        )  # fmt: skip
    headers = [
        "Nomor mitra", "Status", "NIK", "Nama", "Jenis kelamin", "Nama usaha", "KBLI",
        "Kategori", "Skala", "Modal (Rp)", "Omzet setahun (Rp)", "Kecamatan", "Kelurahan",
        "RW", "RT", "Pengusaha baru", "Diajukan", "Diverifikasi",
    ]  # fmt: skip
    rows = (
        [
            r.partner_number or "",
            r.get_status_display(),
            r.person.nik if full else mask_nik(r.person.nik),
            r.person.full_name,
            r.person.gender,
            r.business.name,
            r.business.kbli.code,
            r.business.kbli_section,
            r.business.get_size_class_display(),
            r.business.capital_rupiah,
            r.business.annual_sales_rupiah,
            r.business.kelurahan.kecamatan.name,
            r.business.kelurahan.name,
            r.business.rw,
            r.business.rt,
            "ya" if r.is_new_entrepreneur else "tidak",
            timezone.localtime(r.submitted_at).strftime("%Y-%m-%d"),
            timezone.localtime(r.verified_at).strftime("%Y-%m-%d") if r.verified_at else "",
        ]  # fmt: skip
        for r in qs.order_by("-pk").iterator(chunk_size=1000)
    )
    return xlsx_response("mitra-binaan.xlsx", headers, rows, sheet="Mitra binaan")


@login_required
def registration_detail(request, pk: int):
    _require_queue_role(request.user)
    reg = selectors.registration_get(request.user, pk)
    if reg is None:
        raise Http404
    return _render_detail(request, reg, ReviewForm())


def _render_detail(request, reg, review_form, status=200):
    full = selectors.can_see_full_nik(request.user)
    if full:
        services.personal_data_access_record(
            actor=request.user, action="view", subject=f"registry.Person:{reg.person_id}",
            purpose="verifikasi mitra binaan",
        )  # fmt: skip
    reports = list(selectors.reports_of(reg.business))
    context = {
        "reg": reg, "person": reg.person, "business": reg.business,
        "nik": reg.person.nik if full else mask_nik(reg.person.nik),
        "timeline": events.timeline(reg),
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
    return redirect("registry:detail", pk=pk)


@login_required
def identity_changes(request):
    if not is_staff(request.user):
        raise PermissionDenied
    items = selectors.identity_changes_pending(request.user)[:100]
    return render(request, "registry/identity_changes.html", {"items": items})


@login_required
@require_POST
def identity_change_decide(request, pk: int):
    if not is_staff(request.user):
        raise PermissionDenied
    change = IdentityChange.objects.filter(pk=pk).first()
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
