"""The partners' list export (issue 13): XLSX and CSV of exactly the page's filter and scope,
NIK by the role's need, formula-safe, recorded with its row count."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from berdaya.core.models import PersonalDataAccess
from berdaya.core.tests.responses import streamed_bytes
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db
FAR = {"kelurahan_code": "32.76.01.1007", "kecamatan_code": "32.76.01"}


def rows_of(user, fmt: str, query: dict) -> list[list]:
    client = Client()
    client.force_login(user)
    name = "registry:queue_export" if fmt == "xlsx" else "registry:queue_export_csv"
    body = streamed_bytes(client.get(reverse(name), query))
    if fmt == "xlsx":
        return [list(r) for r in load_workbook(io.BytesIO(body)).active.values]
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_it_exports_only_the_filtered_rows_in_the_users_scope(personas, fmt):
    # Given a woman's and a man's registration in Beji and one in another kecamatan
    woman = f.submit(person={"full_name": "Siti Beji", "gender": "P"})
    f.submit(person={"full_name": "Budi Beji", "gender": "L"})
    f.submit(person={"full_name": "Rina Jauh", **FAR})
    # When staff export with the gender filter, and the Beji RT chair exports everything
    staff_rows = rows_of(personas.staff, fmt, {"status": "submitted", "gender": "P"})
    rt_rows = rows_of(personas.rt_chair, fmt, {"status": "submitted"})
    # Then staff get both women (the whole city) and no man; the RT chair never the far row
    assert sorted(r[3] for r in staff_rows[1:]) == ["Rina Jauh", "Siti Beji"]
    assert "Rina Jauh" not in [r[3] for r in rt_rows[1:]]
    assert len(rt_rows) == 3
    # And the staff member (a NIK role) gets the full NIK, the RT chair the masked one
    assert woman.person.nik in [str(r[2]) for r in staff_rows]
    masked = woman.person.nik[:4] + "********" + woman.person.nik[-4:]
    assert masked in [r[2] for r in rt_rows] and woman.person.nik not in [r[2] for r in rt_rows]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_it_records_each_export_with_its_filter_and_row_count(personas, fmt):
    # Given two submitted registrations
    f.submit()
    f.submit(person={"full_name": "Dewi Dua"})
    # When the RT chair exports the page's default (submitted) list
    rows_of(personas.rt_chair, fmt, {})
    # Then one export is recorded: who, the filter and the number of rows written
    record = PersonalDataAccess.objects.get(actor=personas.rt_chair, action="export")
    assert record.subject == "registry.Registration:list"
    assert record.detail == f"{fmt.upper()} 2 baris; filter: status=submitted"
    assert "disamarkan" in record.purpose


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_it_writes_a_formula_typed_by_the_public_as_text(personas, fmt):
    # Given a business named like a formula
    f.submit(business={"name": '=HYPERLINK("http://x","klik")'})
    # When staff export the list
    rows = rows_of(personas.staff, fmt, {})
    # Then the cell is the text with a leading apostrophe, never a formula
    assert rows[1][5] == '\'=HYPERLINK("http://x","klik")'


def test_it_refuses_the_csv_to_outsiders(personas):
    client = Client()
    client.force_login(personas.outsider)
    assert client.get(reverse("registry:queue_export_csv")).status_code == 403
    assert not PersonalDataAccess.objects.filter(action="export").exists()
