"""Issue 14, own data: "Unduh semua data saya" as a readable PDF and XLSX besides the JSON, with
the same content, text made formula-safe in the sheet, and each download in the access log."""

import datetime
import io

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from berdaya.core.models import PersonalDataAccess
from berdaya.core.privacy import subject_of
from berdaya.core.tests.responses import streamed_bytes
from berdaya.portal import own_data
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner():
    """A woman's registration of a business whose name a spreadsheet would read as a formula."""
    name = '=HYPERLINK("http://x","klik")'
    return f.submit(business={"name": name, "capital_rupiah": 7_500_000})


def test_it_gives_the_own_data_as_a_readable_xlsx_sheet(owner):
    # Given a person with a registered business
    person = owner.person

    # When they download their data as XLSX
    response = _client(person.user).get(reverse("core:my_data_xlsx"))

    # Then it is one readable sheet: section, label, value, with the same facts as the JSON
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('filename="data-saya.xlsx"')
    sheet = load_workbook(io.BytesIO(streamed_bytes(response))).active
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ("Bagian", "Keterangan", "Isi")
    facts = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert facts[("Data diri", "NIK")] == person.nik
    assert facts[("Data diri", "Jenis kelamin")] == "Perempuan"
    assert facts[("Data diri", "Tanggal lahir")] == datetime.datetime(1990, 5, 17)
    business = next(k[0] for k in facts if k[0].startswith("Usaha 1"))
    assert facts[(business, "Modal (Rp)")] == 7_500_000  # a number, not text
    assert facts[(f"{business} — pendaftaran", "Status pendaftaran")] == "Diajukan"
    # and the name typed as a formula stays text (leading apostrophe), never a live formula
    name = facts[(business, "Nama usaha")]
    assert name.startswith("'=HYPERLINK")
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not any(text.startswith("=") for text in cells)


def test_it_gives_the_own_data_as_a_readable_pdf(owner):
    # Given a person with a registered business
    person = owner.person

    # When they download their data as PDF
    response = _client(person.user).get(reverse("core:my_data_pdf"))

    # Then it is a PDF attachment
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].endswith('filename="data-saya.pdf"')
    # and what it prints reads as a document: letterhead, labels, values in Indonesian format
    html = render_to_string(own_data.PDF_TEMPLATE, own_data.pdf_context(person.user, person))
    assert "PEMERINTAH KOTA DEPOK" in html and "Data saya di Berdaya" in html
    assert "Nama lengkap" in html and person.full_name in html
    assert "17 Mei 1990" in html and "Perempuan" in html
    local = "0" + person.phone.removeprefix("+62")
    assert f"{local[:4]}-{local[4:8]}-{local[8:]}" in html  # 0857-1000-0001
    assert "Rp7.500.000" in html
    assert "Diajukan" in html and "UU 27/2022" in html


def test_each_download_is_in_the_access_log_like_the_json(owner):
    # Given a person
    person = owner.person
    client = _client(person.user)

    # When they download JSON, XLSX and PDF
    client.get(reverse("core:my_data_json"))
    client.get(reverse("core:my_data_xlsx"))
    client.get(reverse("core:my_data_pdf"))

    # Then three downloads of their own record are logged, by them, with the same purpose
    logged = PersonalDataAccess.objects.filter(subject=subject_of(person), action="download")
    assert logged.count() == 3
    assert {a.actor_id for a in logged} == {person.user.pk}
    assert {a.purpose for a in logged} == {own_data.PURPOSE}
    assert {a.detail for a in logged} >= {"xlsx", "pdf"}


def test_it_gives_nothing_to_someone_without_data(personas):
    # Given a logged-in user who is no registered person
    client = _client(personas.outsider)

    # When they ask for the readable downloads
    # Then there is nothing to give (404), and nothing is logged
    assert client.get(reverse("core:my_data_xlsx")).status_code == 404
    assert client.get(reverse("core:my_data_pdf")).status_code == 404
    assert not PersonalDataAccess.objects.filter(action="download").exists()


def test_the_dashboard_offers_the_three_formats(owner):
    # Given a person on their dashboard
    html = _client(owner.person.user).get(reverse("registry:dashboard")).content.decode()

    # Then PDF, XLSX and JSON are offered
    for name in ("core:my_data_pdf", "core:my_data_xlsx", "core:my_data_json"):
        assert reverse(name) in html


def test_the_old_json_address_sends_the_owner_to_the_new_one(owner):
    # Given a person with a saved link to the JSON's first address
    client = _client(owner.person.user)

    # When they open it
    response = client.get("/mitra/data-saya.json", follow=True)

    # Then they are sent on for good to /privasi/data-saya.json and get their data there
    assert response.redirect_chain == [(reverse("core:my_data_json"), 301)]
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
