"""DKUM staff, pimpinan and kelurahan officers: the list with filters, the XLSX export and the
RAT compliance overview per kecamatan."""

from __future__ import annotations

from functools import wraps
from itertools import islice
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from berdaya.cooperatives import health, selectors
from berdaya.cooperatives.charts import stacked_bars
from berdaya.cooperatives.forms import ListFilterForm
from berdaya.cooperatives.models import CooperativeStatus, CooperativeType
from berdaya.core.export import export_rows
from berdaya.core.masking import mask_nik
from berdaya.core.pagination import keyset_page

CHUNK = 500


def list_roles_only(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not selectors.can_see_list(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _filters(request) -> tuple[ListFilterForm, selectors.ListFilters, str]:
    form = ListFilterForm(request.GET or None)
    values = form.values()
    query = urlencode(values)
    return form, selectors.ListFilters(**values), query


@list_roles_only
def city_list(request):
    form, filters, query = _filters(request)
    page = keyset_page(
        selectors.cooperative_search(request.user, filters), cursor=request.GET.get("cursor")
    )
    selectors.health_many(page.items)
    context = {"form": form, "page": page, "query": query, "filtered": bool(query)}
    return render(request, "cooperatives/list.html", context)


@list_roles_only
def export(request, fmt: str = "xlsx"):
    """The list exactly as filtered on the page, each cooperative with its health, as XLSX or
    CSV through ``core.export`` (read in chunks of 500: one query for the chunk's boards and one
    for its reports); board NIKs masked; recorded with the filter and the row count."""
    _, filters, query = _filters(request)
    found = (
        selectors.cooperative_search(request.user, filters)
        .prefetch_related("board")
        .order_by("kelurahan__kecamatan_id", "name", "pk")
        .iterator(chunk_size=CHUNK)
    )
    types, statuses = dict(CooperativeType.choices), dict(CooperativeStatus.choices)

    def ketua(c):
        row = next((b for b in c.board.all() if b.position == "ketua"), None)
        return (row.full_name, mask_nik(row.nik)) if row else ("", "")

    def rows():
        while chunk := list(islice(found, CHUNK)):
            selectors.health_many(chunk)
            for c in chunk:
                yield (
                    c.name, c.nik_koperasi, c.legal_number, c.legal_date, types.get(c.type, c.type),
                    statuses.get(c.status, c.status), c.kelurahan.kecamatan.name, c.kelurahan.name,
                    c.rw, c.rt, *ketua(c), c.health.last_rat_year,
                    health.RAT_STATUS_LABELS[c.health.rat_status], c.health.years_without_rat,
                    c.health.own_capital_ratio, c.health.member_growth_percent,
                    c.health.shu_per_member_rupiah,
                )  # fmt: skip

    headers = [
        "Nama koperasi", "Nomor Induk Koperasi", "Nomor Badan Hukum", "Tanggal badan hukum",
        "Jenis", "Status", "Kecamatan", "Kelurahan", "RW", "RT", "Ketua",
        "NIK ketua (disamarkan)", "RAT terakhir", "Status RAT", "Tahun tanpa RAT",
        "Rasio modal sendiri", "Pertumbuhan anggota (%)", "SHU per anggota (Rp)",
    ]  # fmt: skip
    return export_rows(
        request, fmt, headers=headers, rows=rows(), sheet="Koperasi",
        filename=f"koperasi-{timezone.localdate():%Y%m%d}", subject="cooperatives.Cooperative",
        purpose="Ekspor daftar koperasi (NIK ketua disamarkan)", filters=query or "semua",
    )  # fmt: skip


@list_roles_only
def compliance(request):
    """RAT compliance of verified cooperatives per kecamatan: a chart and the same numbers in a
    table."""
    today = timezone.localdate()
    rows = selectors.compliance_by_kecamatan(request.user, today=today)
    chart = stacked_bars(rows)
    totals = {s: sum(r["counts"][s] for r in rows) for s in health.RAT_STATUSES}
    total = sum(r["total"] for r in rows)
    context = {
        "rows": rows,
        "chart": chart,
        "totals": totals,
        "total": total,
        "statuses": [(s, health.RAT_STATUS_LABELS[s]) for s in health.RAT_STATUSES],
        "last_closed": today.year - 1,
        "deadline": health.deadline_of(today.year - 1),
        "warning_years": health.warning_years(),
        "dissolution_years": health.dissolution_years(),
    }
    return render(request, "cooperatives/compliance.html", context)
