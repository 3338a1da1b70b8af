"""An opportunity's applicants exported (issue 13): XLSX or CSV of exactly the applicants page's
filter, order and the staff member's territory (``views._applicant_rows``), through the one
list export (``core.export``): NIK masked, formula-safe, recorded with the filter and row count.
The rows are the page's: one opportunity's applicants, with whether each still fits computed
for all of them in a few queries (``selectors.applicant_rows``)."""

from __future__ import annotations

from django.utils import timezone

from berdaya.core.export import export_rows
from berdaya.core.masking import mask_nik
from berdaya.opportunities import selectors
from berdaya.opportunities.views import _applicant_rows, _filters, staff_only

HEADERS = [
    "No", "Nama", "NIK", "Jenis kelamin", "Usaha", "Kategori KBLI", "Skala", "Kecamatan",
    "Kelurahan", "Omzet setahun (Rp)", "Sertifikat pelatihan", "Terpilih sebelumnya",
    "Masih memenuhi syarat", "Catatan", "Waktu mendaftar", "Status",
]  # fmt: skip


@staff_only
def applicants(request, pk: int, fmt: str = "xlsx"):
    opportunity = selectors.opportunity_for_staff(request.user, pk)
    found = _applicant_rows(opportunity, _filters(request), request.user)

    def rows():
        for i, r in enumerate(found, start=1):
            a = r.application
            b = a.business
            yield [
                i, a.person.full_name, mask_nik(a.person.nik), a.person.get_gender_display(),
                b.name, b.kbli_section, b.get_size_class_display(), b.kelurahan.kecamatan.name,
                b.kelurahan.name, b.annual_sales_rupiah, ", ".join(r.certificates),
                r.previous_selections, "Ya" if r.fit else "Tidak: " + ", ".join(r.why_not),
                a.note, timezone.localtime(a.applied_at), a.get_status_display(),
            ]  # fmt: skip

    return export_rows(
        request, fmt, headers=HEADERS, rows=rows(), filename=f"pendaftar-peluang-{opportunity.pk}",
        sheet="Pendaftar", subject=f"opportunities.Opportunity:{opportunity.pk}",
        purpose="Ekspor pendaftar peluang (NIK disamarkan)",
    )  # fmt: skip
