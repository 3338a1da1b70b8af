"""The portfolio report and its XLSX exports, narrowed to the caller's territory."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from berdaya.core.xlsx import xlsx_response
from berdaya.financing import selectors
from berdaya.financing.views._common import guarded, require


@guarded
def reports(request):
    user = request.user
    require(selectors.can_see_reports(user), "Laporan hanya untuk DKUM dan pimpinan.")
    kind = request.GET.get("unduh")
    if kind:
        return _export(kind, user)
    context = {
        "totals": selectors.portfolio_totals(user=user),
        "pipeline": selectors.pipeline(user=user),
        "par_kelurahan": selectors.par(by="kelurahan", user=user),
        "par_group": selectors.par(by="group", user=user),
        "by_year": selectors.disbursed_by_year(user),
    }
    return render(request, "financing/reports.html", context)


def _export(kind: str, user):
    if kind == "pipeline":
        rows = selectors.pipeline(user=user)
        return xlsx_response(
            "pembiayaan-pipeline.xlsx",
            ["Status", "Kode kelurahan", "Kelurahan", "Jumlah"],
            [(r["status_label"], r["kelurahan_code"], r["kelurahan"], r["count"]) for r in rows],
        )
    if kind in ("par-kelurahan", "par-kelompok"):
        rows = selectors.par(by="kelurahan" if kind == "par-kelurahan" else "group", user=user)
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
        rows = selectors.disbursed_by_year(user)
        return xlsx_response(
            "pembiayaan-pencairan.xlsx",
            ["Tahun", "Jumlah pinjaman", "Dicairkan (Rp)"],
            [(r["year"], r["loans"], r["amount"]) for r in rows],
        )
    raise Http404
