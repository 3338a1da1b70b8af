"""The personal-data access log for ``admin_dkum``: filter, page and export it."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from berdaya.accounts.models import Role
from berdaya.accounts.selectors import has_role
from berdaya.core.cleaning.forms import CleanCharField, CleaningFormMixin
from berdaya.core.export import Column, choice_column, export_list
from berdaya.core.pagination import keyset_page
from berdaya.core.privacy import AccessFilters, Action, access_log

EXPORT_LIMIT = 50_000


class AccessLogFilterForm(CleaningFormMixin, forms.Form):
    actor = CleanCharField(label="Pengguna", required=False, max_length=150)
    subject = CleanCharField(
        label="Subjek", required=False, max_length=200, help_text="Misalnya registry.Person:12"
    )
    action = forms.ChoiceField(
        label="Tindakan", required=False, choices=[("", "Semua"), *Action.choices]
    )
    date_from = forms.DateField(
        label="Dari tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="Sampai tanggal", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filters(self) -> AccessFilters:
        """The filters of a valid form."""
        return AccessFilters(**self.cleaned_data)


def _require_admin(request: HttpRequest) -> None:
    user = request.user
    if not user.is_authenticated or not has_role(user, Role.ADMIN_DKUM):
        raise Http404


@login_required
@require_GET
def access_log_page(request: HttpRequest) -> HttpResponse:
    """Who saw, exported or downloaded personal data: newest first, keyset pages."""
    _require_admin(request)
    form = AccessLogFilterForm(request.GET)
    items = access_log(form.filters()) if form.is_valid() else access_log(AccessFilters()).none()
    page = keyset_page(items, cursor=request.GET.get("cursor"), size=50)
    query = request.GET.copy()
    query.pop("cursor", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "core/access_log.html", context)


@login_required
@require_GET
def access_log_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The filtered log as XLSX or CSV (recorded as an export itself)."""
    _require_admin(request)
    if fmt not in ("xlsx", "csv"):
        raise Http404
    form = AccessLogFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "core/access_log.html", {"form": form, "page": None}, status=422)
    columns = [
        Column("Waktu", "created_at"),
        Column("Pengguna", "actor__full_name"),
        choice_column("Tindakan", "action", Action.choices),
        Column("Subjek", "subject"),
        Column("Keperluan", "purpose"),
        Column("Rincian", "detail"),
    ]
    return export_list(
        request, fmt, queryset=access_log(form.filters())[:EXPORT_LIMIT], columns=columns,
        filename="log-akses-data-pribadi", sheet="Log akses", subject="core.PersonalDataAccess",
        purpose="Ekspor log akses data pribadi",
    )  # fmt: skip
