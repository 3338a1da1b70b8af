"""The entrepreneur's own pages: status, dashboard, data, business, reports, photos, identity
change, resubmission."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from berdaya.accounts.selectors import is_staff
from berdaya.core.errors import ConflictError, RuleError
from berdaya.core.once import once_per_token
from berdaya.registry import selectors, services
from berdaya.registry.charts import report_chart_svg
from berdaya.registry.forms import (
    BusinessForm,
    IdentityChangeForm,
    PhotoForm,
    ReportForm,
)
from berdaya.registry.models import (
    BusinessPhoto,
    RegistrationStatus,
)


@login_required
def registration_status(request, pk: int):
    reg = selectors.registration_get(request.user, pk)
    if reg is None:
        raise Http404
    context = {"reg": reg, "timeline": selectors.timeline(reg)}
    return render(request, "registry/status.html", context)


# --- The entrepreneur's own pages ---------------------------------------------------------------
@login_required
def dashboard(request):
    person = selectors.person_for_user(request.user)
    if person is None:
        return render(request, "registry/dashboard_empty.html")
    cards = []
    for reg in selectors.registrations_with_cards(person):
        reports = list(reg.business.reports.all())
        cards.append(
            {
                "reg": reg,
                "business": reg.business,
                "reports": reports[::-1][:6],
                "chart": report_chart_svg(reports[-12:]),
                "photos": reg.business.photos.all()[:6],
            }
        )
    context = {
        "person": person,
        "cards": cards,
        # The same rule as the identity-change page: while one waits, no link to a second.
        "pending_change": selectors.identity_change_waiting(person),
        "woman_entrepreneur": selectors.is_woman_entrepreneur(person),
    }
    return render(request, "registry/dashboard.html", context)


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
@once_per_token
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
@once_per_token
def identity_change(request):
    person = selectors.person_for_user(request.user)
    if person is None:
        raise Http404
    if request.method != "POST" and selectors.identity_change_waiting(person):
        # The service would refuse the POST (one request at a time): the form is not shown.
        raise PermissionDenied("Permintaan perubahan identitas Anda masih menunggu keputusan staf.")
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
@once_per_token
def resubmit(request, pk: int):
    reg = selectors.registration_get(request.user, pk)
    if reg is None or reg.person.user_id != request.user.pk:
        raise Http404
    if request.method != "POST" and reg.status != RegistrationStatus.NEEDS_REVISION:
        # The service would refuse the POST: the form is not shown at all.
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
    context = {
        "form": form,
        "reg": reg,
        "pending_change": selectors.identity_change_waiting(reg.person),
    }
    return render(request, "registry/resubmit.html", context)
