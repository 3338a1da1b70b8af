"""Annual RAT reports: filing (a second filing for the same year is a correction, version 2,
3, ...; earlier versions are kept) and the minutes PDF."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from berdaya.cooperatives import selectors
from berdaya.cooperatives.cleaning import MAX_COUNT, Cleaner
from berdaya.cooperatives.models import (
    AnnualReport,
    Cooperative,
    CooperativeEvents,
    CooperativeStatus,
)
from berdaya.core import events
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.money import grouped

MINUTES_MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
COUNTS = (
    ("members_present", "Anggota hadir", True),
    ("members_total", "Jumlah anggota", True),
    ("members_women", "Anggota perempuan", False),
    ("members_men", "Anggota laki-laki", False),
    ("employees", "Jumlah karyawan", False),
)
AMOUNTS = (
    ("total_assets_rupiah", "Total aset"),
    ("own_capital_rupiah", "Modal sendiri"),
    ("outside_capital_rupiah", "Modal luar"),
    ("business_volume_rupiah", "Volume usaha"),
)


@dataclass
class Filed:
    report: AnnualReport
    warnings: list[dict] = field(default_factory=list)


def clean_report(data: dict, *, today: datetime.date | None = None) -> dict:
    c = Cleaner()
    today = today or timezone.localdate()
    out: dict = {}
    year = c.integer(data, "fiscal_year", "Tahun buku", minimum=None, maximum=9999)
    if year and year >= today.year:
        c.add(
            "fiscal_year_future",
            f"Tahun buku {year} belum ditutup: RAT dilaporkan untuk tahun {today.year - 1} "
            "atau sebelumnya.",
            "fiscal_year",
        )
    elif year and year < 1900:
        c.add("fiscal_year_invalid", "Tahun buku tidak valid.", "fiscal_year")
    out["fiscal_year"] = year
    year_ok = bool(year) and 1900 <= year < today.year
    meeting = c.date(data, "meeting_date", "Tanggal RAT")
    if meeting and year_ok and meeting.year <= year:
        c.add(
            "meeting_date_before_year_end",
            f"RAT tahun buku {year} diadakan setelah tahun itu ditutup (mulai 1 Januari "
            f"{year + 1}).",
            "meeting_date",
        )
    elif meeting and meeting > today:
        c.add("meeting_date_future", "Tanggal RAT tidak boleh di masa depan.", "meeting_date")
    out["meeting_date"] = meeting
    for name, label, required in COUNTS:
        out[name] = c.integer(data, name, label, required=required, maximum=MAX_COUNT, default=None)
    for name, label in AMOUNTS:
        out[name] = c.integer(data, name, label, required=False, default=None)
    # SHU may be negative (a loss).
    out["shu_rupiah"] = c.integer(data, "shu_rupiah", "SHU", required=False, minimum=None,
                                  default=None)  # fmt: skip
    present, total = out["members_present"], out["members_total"]
    if present is not None and total is not None and present > total:
        c.add(
            "members_present_over_total",
            f"Anggota hadir ({grouped(present)}) melebihi jumlah anggota ({grouped(total)}).",
            "members_present",
        )
    c.raise_if_any()
    return out


def report_warnings(clean: dict) -> list[dict]:
    """Checks shown to the board that do not refuse the report."""
    warnings = []
    assets = clean.get("total_assets_rupiah")
    own, outside = clean.get("own_capital_rupiah"), clean.get("outside_capital_rupiah")
    if assets is not None and own is not None and outside is not None and assets < own + outside:
        warnings.append(
            {
                "code": "assets_below_capital",
                "message": "Total aset lebih kecil dari modal sendiri ditambah modal luar; "
                "periksa kembali neraca.",
            }
        )
    women, men, total = clean.get("members_women"), clean.get("members_men"), clean["members_total"]
    if women is not None and men is not None and women + men != total:
        warnings.append(
            {
                "code": "members_gender_sum",
                "message": f"Anggota perempuan + laki-laki ({grouped(women + men)}) tidak sama "
                f"dengan jumlah anggota ({grouped(total)}).",
            }
        )
    return warnings


def report_file(*, cooperative: Cooperative, actor, data: dict) -> Filed:
    """File the RAT report of a closed fiscal year. Filing the same year again is a correction:
    a new version, the earlier one kept in the history."""
    if not selectors.manages(actor, cooperative):
        raise AccessDenied()
    clean = clean_report(data)
    with transaction.atomic():
        coop = Cooperative.objects.select_for_update().get(pk=cooperative.pk)
        if coop.status in (CooperativeStatus.REJECTED, CooperativeStatus.DISSOLVED):
            raise ConflictError(
                "cooperative_closed",
                f"Laporan tidak dapat dikirim: koperasi {coop.get_status_display().lower()}.",
            )
        year = clean["fiscal_year"]
        previous = AnnualReport.objects.filter(cooperative=coop, fiscal_year=year).order_by(
            "-version"
        )
        last = previous.first()
        version = (last.version + 1) if last else 1
        previous.filter(is_latest=True).update(is_latest=False)
        report = AnnualReport.objects.create(
            cooperative=coop,
            version=version,
            is_latest=True,
            filed_by=actor,
            filed_at=timezone.now(),
            **clean,
        )
        if coop.last_rat_year is None or year > coop.last_rat_year:
            coop.last_rat_year = year
            coop.save(update_fields=["last_rat_year", "updated_at"])
        events.record(
            coop,
            CooperativeEvents.REPORT_CORRECTED if last else CooperativeEvents.REPORT_FILED,
            actor=actor,
            data={"report": report.pk, "fiscal_year": year, "version": version},
        )
    return Filed(report, report_warnings(clean))


def minutes_check(upload) -> None:
    """A PDF (by its content, not its name) of at most 10 MB."""
    if upload is None:
        raise RuleError.one("minutes_required", "Pilih berkas notulen RAT (PDF).", field="file")
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    if size > MINUTES_MAX_BYTES:
        raise RuleError.one("minutes_too_large", "Berkas notulen paling besar 10 MB.", field="file")
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise RuleError.one("minutes_not_pdf", "Notulen RAT harus berkas PDF.", field="file")


def minutes_attach(*, report: AnnualReport, actor, upload) -> AnnualReport:
    """Attach (or replace) the minutes of one report version."""
    if not selectors.manages(actor, report.cooperative):
        raise AccessDenied()
    minutes_check(upload)
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        name = f"rat-{report.cooperative_id}-{report.fiscal_year}-v{report.version}.pdf"
        report.minutes.save(name, File(upload), save=False)
        report.save(update_fields=["minutes"])
        events.record(
            report.cooperative,
            CooperativeEvents.MINUTES_ATTACHED,
            actor=actor,
            data={"report": report.pk, "fiscal_year": report.fiscal_year},
        )
    return report
