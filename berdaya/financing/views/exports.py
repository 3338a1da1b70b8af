"""The applications' list and the loans of its applications exported (issue 13): XLSX or CSV of
exactly the list page's filter and the user's scope (``home.filtered_applications``), through
the one list export (``core.export``): values_list with joins and aggregates (no query per row),
NIK masked, each export recorded with its filter and row count."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, ExpressionWrapper, F, IntegerField, Sum

from berdaya.core.export import Column, choice_column, date_column, export_list, nik_column
from berdaya.financing import selectors
from berdaya.financing.models import LoanStatus, Status
from berdaya.financing.views._common import guarded
from berdaya.financing.views.home import can_export, filtered_applications


@guarded
def applications(request, fmt: str = "xlsx"):
    if not can_export(request.user):
        raise PermissionDenied
    qs, _, _ = filtered_applications(request)
    qs = qs.annotate(
        member_count=Count("members", distinct=True), asked=Sum("members__amount_rupiah")
    ).order_by("-pk")
    columns = [
        Column("Nomor pengajuan", "pk"),
        Column("Kelompok", "group__name"),
        Column("Pemohon", "applicant__full_name"),
        nik_column("NIK pemohon (disamarkan)", "applicant__nik", full=False),
        Column("Produk", "product__name"),
        Column("Lembaga", "product__lender__name"),
        Column("Kelurahan", "kelurahan__name"),
        choice_column("Status", "status", Status.choices),
        Column("Anggota", "member_count"),
        Column("Jumlah diajukan (Rp)", "asked"),
        Column("Jangka waktu (bulan)", "term_months"),
        date_column("Diajukan", "submitted_at"),
        date_column("Diputuskan", "decided_at"),
        Column("Dicairkan", "disbursed_on"),
    ]
    return export_list(
        request, fmt, queryset=qs, columns=columns, filename="pengajuan-pembiayaan",
        sheet="Pengajuan", subject="financing.Application:list",
        purpose="Ekspor daftar pengajuan pembiayaan (NIK disamarkan)",
    )  # fmt: skip


@guarded
def loans(request, fmt: str = "xlsx"):
    """The loans of the applications in the filtered list (that the user may see)."""
    if not can_export(request.user):
        raise PermissionDenied
    found, _, _ = filtered_applications(request)
    qs = (
        selectors.loans_for(request.user)
        .filter(application__in=found.values("pk"))
        .annotate(
            outstanding=ExpressionWrapper(F("total_rupiah") - F("paid_rupiah"), IntegerField())
        )
        .order_by("-pk")
    )
    columns = [
        Column("Nomor pinjaman", "pk"),
        Column("Nomor pengajuan", "application_id"),
        Column("Kelompok", "application__group__name"),
        Column("Peminjam", "person__full_name"),
        nik_column("NIK peminjam (disamarkan)", "person__nik", full=False),
        Column("Lembaga", "application__product__lender__name"),
        Column("Kelurahan", "kelurahan__name"),
        Column("Pokok (Rp)", "principal_rupiah"),
        Column("Biaya administrasi (Rp)", "admin_fee_rupiah"),
        Column("Total kewajiban (Rp)", "total_rupiah"),
        Column("Terbayar (Rp)", "paid_rupiah"),
        Column("Sisa (Rp)", "outstanding"),
        Column("Jangka waktu (bulan)", "term_months"),
        Column("Tanggal pencairan", "disbursed_on"),
        choice_column("Status", "status", LoanStatus.choices),
        Column("Lunas pada", "closed_on"),
    ]
    return export_list(
        request, fmt, queryset=qs, columns=columns, filename="pinjaman", sheet="Pinjaman",
        subject="financing.Loan:list",
        purpose="Ekspor pinjaman dari daftar pengajuan (NIK disamarkan)",
    )  # fmt: skip
