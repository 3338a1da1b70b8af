"""An opportunity's applicants exported (issue 13): XLSX and CSV of exactly the applicants
page's filter and the staff member's territory, NIK masked, formula-safe, recorded."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from berdaya.accounts.services import role_assign, user_create
from berdaya.core.models import PersonalDataAccess
from berdaya.core.tests.responses import streamed_bytes
from berdaya.opportunities import services
from berdaya.opportunities.tests.factories import make_opportunity, make_partner

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n" + b"0" * 200
FAR_KECAMATAN, FAR = "32.76.01", "32.76.01.1007"


def rows_of(user, fmt: str, opportunity, query: dict) -> list[list]:
    client = Client()
    client.force_login(user)
    url = reverse(f"opportunities:applicants_{fmt}", args=[opportunity.pk])
    body = streamed_bytes(client.get(url, query))
    if fmt == "xlsx":
        return [list(r) for r in load_workbook(io.BytesIO(body)).active.values]
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def apply(opportunity, business):
    services.application_apply(
        user=business.owner.user, opportunity=opportunity, business=business,
        attachment=SimpleUploadedFile("a.pdf", PDF, "application/pdf"),
    )  # fmt: skip


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_it_exports_the_filtered_applicants_of_the_staff_members_territory(personas, fmt):
    # Given an opportunity with an applicant in Beji and one in another kecamatan
    opportunity = make_opportunity(personas.staff, title="Bazar")
    beji, far = make_partner(name="Siti Beji"), make_partner(name="=Rina Jauh", kelurahan=FAR)
    apply(opportunity, beji)
    apply(opportunity, far)
    kecamatan_staff = user_create(full_name="Staf Kecamatan", phone="081299990031",
                                  password=None, validate=False)  # fmt: skip
    role_assign(user=kecamatan_staff, role="staf_dkum", kecamatan_code=FAR_KECAMATAN)
    # When city staff export the far kecamatan's applicants, and the far kecamatan's staff all
    filtered = rows_of(personas.staff, fmt, opportunity, {"kecamatan": FAR_KECAMATAN})
    every = rows_of(personas.staff, fmt, opportunity, {})
    scoped = rows_of(kecamatan_staff, fmt, opportunity, {})
    # Then each holds exactly its applicants, the formula-like name as text
    assert [r[1] for r in filtered[1:]] == ["'=Rina Jauh"]
    assert sorted(r[1] for r in every[1:]) == ["'=Rina Jauh", "Siti Beji"]
    assert [r[1] for r in scoped[1:]] == ["'=Rina Jauh"]
    # And the NIK is masked
    nik = beji.owner.nik
    assert nik not in str(every) and nik[:4] + "********" + nik[-4:] in str(every)
    # And each export is recorded with its filter and row count
    details = list(PersonalDataAccess.objects.filter(action="export").order_by("pk")
                   .values_list("detail", flat=True))  # fmt: skip
    assert details == [
        f"{fmt.upper()} 1 baris; filter: kecamatan={FAR_KECAMATAN}",
        f"{fmt.upper()} 2 baris; filter: semua",
        f"{fmt.upper()} 1 baris; filter: semua",
    ]


def test_it_refuses_the_csv_to_a_non_staff_user(personas):
    opportunity = make_opportunity(personas.staff, title="Bazar")
    client = Client()
    client.force_login(personas.rt_chair)
    url = reverse("opportunities:applicants_csv", args=[opportunity.pk])
    assert client.get(url).status_code == 403
    assert not PersonalDataAccess.objects.filter(action="export").exists()
