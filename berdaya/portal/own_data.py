"""The data subject's own data (issue 14, UU 27/2022 right of access and portability): everything
the apps hold about the person (``own_data_parts``: the registry, the account, training,
financing, cooperatives, the catalog and notifications) as JSON, as an XLSX sheet (through the
formula-safe ``core.xlsx`` writer) and as a PDF (WeasyPrint, as the letters and certificates),
with the same content. Each download is recorded in the personal-data access log."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from berdaya.core.dates import long_date, short_datetime
from berdaya.core.documents import letterhead
from berdaya.core.money import format_rupiah
from berdaya.core.pdf import render_pdf
from berdaya.core.phones import format_phone
from berdaya.core.privacy import Action, access_record
from berdaya.core.xlsx import xlsx_response
from berdaya.portal.own_data_parts import everything, part_sections
from berdaya.registry import selectors as registry
from berdaya.registry.models import Education, Gender, RegistrationStatus, SizeClass

PURPOSE = "hak akses subjek data (unduh data saya)"
HEADERS = ["Bagian", "Keterangan", "Isi"]

PERSON_FIELDS = [
    ("nik", "NIK"),
    ("full_name", "Nama lengkap"),
    ("gender", "Jenis kelamin"),
    ("birth_date", "Tanggal lahir"),
    ("phone", "Nomor HP"),
    ("email", "Email"),
    ("education", "Pendidikan"),
    ("disability", "Disabilitas"),
    ("address", "Alamat"),
]
BUSINESS_FIELDS = [
    ("name", "Nama usaha"),
    ("kbli", "KBLI"),
    ("started_on", "Mulai usaha"),
    ("nib", "NIB"),
    ("npwp", "NPWP"),
    ("capital_rupiah", "Modal (Rp)"),
    ("annual_sales_rupiah", "Omzet setahun (Rp)"),
    ("workers_women", "Pekerja perempuan"),
    ("workers_men", "Pekerja laki-laki"),
    ("size_class", "Skala usaha"),
    ("address", "Alamat usaha"),
]
REGISTRATION_FIELDS = [
    ("reference", "Nomor pendaftaran"),
    ("status", "Status pendaftaran"),
    ("partner_number", "Nomor mitra binaan"),
    ("submitted_at", "Diajukan"),
]
REPORT_FIELDS = [
    ("sales_rupiah", "Omzet (Rp)"),
    ("assets_rupiah", "Aset (Rp)"),
    ("workers_women", "Pekerja perempuan"),
    ("workers_men", "Pekerja laki-laki"),
    ("needs", "Kebutuhan"),
    ("note", "Catatan"),
]
CHOICES = {
    "gender": dict(Gender.choices),
    "education": dict(Education.choices),
    "size_class": dict(SizeClass.choices),
    "status": dict(RegistrationStatus.choices),
}


def _value(key: str, raw):
    """A value as a person reads it: choice labels, dates as dates; numbers stay numbers."""
    if raw is None or raw == "":
        return ""
    if key in CHOICES:
        return CHOICES[key].get(raw, raw)
    if key in ("birth_date", "started_on") and isinstance(raw, str):
        return datetime.date.fromisoformat(raw)
    if key in ("submitted_at", "at") and isinstance(raw, str):
        moment = datetime.datetime.fromisoformat(raw)
        return timezone.localtime(moment) if timezone.is_aware(moment) else moment
    if isinstance(raw, list):
        return ", ".join(str(v) for v in raw)
    return raw


def sections(data: dict) -> list[dict]:
    """The export as titled sections of ``(key, label, value)`` rows, in reading order."""

    def rows(source: dict, fields) -> list[tuple[str, str, object]]:
        return [(key, label, _value(key, source.get(key))) for key, label in fields]

    out = [{"title": "Data diri", "rows": rows(data, PERSON_FIELDS)}]
    consent = data.get("consent") or {}
    out.append(
        {
            "title": "Persetujuan pengolahan data",
            "rows": [
                ("text", "Pernyataan", consent.get("text") or ""),
                ("at", "Disetujui pada", _value("at", consent.get("at"))),
            ],
        }
    )
    for n, business in enumerate(data.get("businesses", []), start=1):
        title = f"Usaha {n}: {business.get('name', '')}"
        out.append({"title": title, "rows": rows(business, BUSINESS_FIELDS)})
        if business.get("registration"):
            out.append(
                {
                    "title": f"{title} — pendaftaran",
                    "rows": rows(business["registration"], REGISTRATION_FIELDS),
                }
            )
        for report in business.get("reports", []):
            out.append(
                {
                    "title": f"{title} — laporan {report.get('period', '')}",
                    "rows": rows(report, REPORT_FIELDS),
                }
            )
        photos = [
            ("photo", f"Foto {i}", f"{p.get('caption') or 'tanpa keterangan'} ({p['file']})")
            for i, p in enumerate(business.get("photos", []), start=1)
        ]
        if photos:
            out.append({"title": f"{title} — foto", "rows": photos})
    return out


def all_sections(user, person) -> list[dict]:
    """The registry's sections, then every other app's (account, training, financing,
    cooperatives, catalog, notifications)."""
    data, found = everything(user, person)
    return sections(data) + part_sections(found)


def xlsx_rows(all_of: list[dict]) -> list[list]:
    """One row per fact: section, label, value (numbers as numbers, text made formula-safe by
    the writer)."""
    return [
        [section["title"], label, value]
        for section in all_of
        for _, label, value in section["rows"]
    ]


def _printed(key: str, value) -> str:
    if value == "":
        return "-"
    if key == "phone":
        return format_phone(value)
    if key.endswith("_rupiah") and isinstance(value, int):
        return format_rupiah(value)
    if isinstance(value, datetime.datetime):
        return short_datetime(value)
    if isinstance(value, datetime.date):
        return long_date(value)
    return str(value)


PDF_TEMPLATE = "portal/own_data_pdf.html"


def pdf_context(user, person) -> dict:
    """What the PDF shows: the letterhead and every section with printed values."""
    printed = [
        {"title": s["title"], "rows": [(label, _printed(key, v)) for key, label, v in s["rows"]]}
        for s in all_sections(user, person)
    ]
    return {"head": letterhead(), "sections": printed, "made_at": timezone.localtime()}


def _recorded_person(request, kind: str):
    """The signed-in user's person (404 without one), the download recorded with its format."""
    person = registry.person_for_user(request.user)
    if person is None:
        raise Http404
    access_record(
        actor=request.user, action=Action.DOWNLOAD, subject=person, purpose=PURPOSE, detail=kind
    )
    return person


@require_GET
@login_required
def my_data_xlsx(request):
    """The person's own data as a spreadsheet (the same content as the JSON download)."""
    person = _recorded_person(request, "xlsx")
    rows = xlsx_rows(all_sections(request.user, person))
    return xlsx_response("data-saya.xlsx", HEADERS, rows, sheet="Data saya")


@require_GET
@login_required
def my_data_pdf(request):
    """The person's own data as a PDF to read or print (the same content as the JSON)."""
    person = _recorded_person(request, "pdf")
    response = HttpResponse(
        render_pdf(PDF_TEMPLATE, pdf_context(request.user, person)), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'attachment; filename="data-saya.pdf"'
    return response


@require_GET
@login_required
def my_data_json(request):
    """The person's own data as JSON, to move to another service (portability)."""
    person = _recorded_person(request, "json")
    data, _ = everything(request.user, person)
    return JsonResponse(
        data,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
        headers={"Content-Disposition": 'attachment; filename="data-saya.json"'},
    )
