"""Issue 14, own data: "Unduh semua data saya" covers every app's data about the person, not only
the registry's: account, business photos, training (enrolments, attendance, certificates),
financing (groups, invitations, requests, loans, instalments, repayments), cooperative
memberships, catalog products and notifications; in JSON, XLSX and PDF alike, and nobody else's."""

from __future__ import annotations

import datetime
import io

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from berdaya.catalog.tests import helpers as catalog_helpers
from berdaya.cooperatives.models import Member
from berdaya.cooperatives.tests.helpers import a_cooperative, a_user
from berdaya.core.notify import notify_user
from berdaya.core.tests.responses import streamed_bytes
from berdaya.financing.models import Instalment, Loan, Repayment
from berdaya.financing.tests.factories import make_application
from berdaya.portal import own_data
from berdaya.registry.models import BusinessPhoto, Registration
from berdaya.training.models import Attendance, Certificate, Enrollment
from berdaya.training.tests.helpers import first_session, make_batch, make_program

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def borrower(personas):
    """The leader of a ten-member group with an application, a loan paid once, a training
    certificate, a cooperative membership, a catalog product, a photo and a notification; the
    other members have loans too (which must not show)."""
    application, members = make_application(amount=4_000_000)
    person = members[0]
    reg = Registration.objects.get(person=person)
    loans = []
    for member in application.members.all():
        loans.append(
            Loan.objects.create(
                application=application, member=member, person=member.person,
                kelurahan=application.kelurahan, principal_rupiah=member.amount_rupiah,
                admin_fee_rupiah=40_000, total_rupiah=member.amount_rupiah + 40_000,
                paid_rupiah=0, term_months=12, disbursed_on=datetime.date(2026, 6, 2),
            )
        )  # fmt: skip
    own = next(loan for loan in loans if loan.person_id == person.pk)
    Instalment.objects.create(
        loan=own, number=1, due_date=datetime.date(2026, 7, 2), amount_rupiah=336_667,
        paid_rupiah=336_667, paid_on=datetime.date(2026, 7, 1),
    )  # fmt: skip
    Repayment.objects.create(loan=own, paid_on=datetime.date(2026, 7, 1), amount_rupiah=336_667)
    # training
    batch = make_batch(program=make_program(name="Pemasaran Digital UMKM"), sessions=1)
    enrolment = Enrollment.objects.create(
        batch=batch, person=person, status="registered", registered_at=timezone.now()
    )
    Attendance.objects.create(session=first_session(batch), enrollment=enrolment, method="staff")
    Certificate.objects.create(
        number="SERT/2026/0042", person=person, batch=batch, enrollment=enrolment,
        issued_on=datetime.date(2026, 6, 20), code="K7P4M9", attended_sessions=1,
        total_sessions=1,
    )  # fmt: skip
    # cooperative membership
    coop = a_cooperative(board_user=a_user(), staff=personas.staff, name="Koperasi Melati Jaya")
    Member.objects.create(
        cooperative=coop, member_number="MJ-0077", nik=person.nik, full_name=person.full_name,
        gender="P", birth_date=person.birth_date, person=person,
        joined_on=datetime.date(2020, 1, 15), status_on=datetime.date(2020, 1, 15),
        savings_pokok_rupiah=100_000,
    )  # fmt: skip
    # catalog product and a business photo
    catalog_helpers.make_product(person.user, reg.business, name="Rendang Daun Singkong")
    BusinessPhoto.objects.create(business=reg.business, image="usaha/2026/06/etalase.jpg",
                                 caption="Etalase warung")  # fmt: skip
    notify_user(person.user, title="Angsuran ke-2 jatuh tempo 2 Agustus", url="/")
    return person, members


def test_the_json_holds_every_apps_data_and_only_the_persons(borrower):
    person, members = borrower
    data = _client(person.user).get(reverse("core:my_data_json")).json()
    assert data["nik"] == person.nik  # the registry's, as before
    assert data["businesses"][0]["photos"][0]["caption"] == "Etalase warung"
    assert data["account"][0]["full_name"] == person.full_name
    assert "password" not in str(data["account"])
    assert data["training_enrolments"][0]["program"] == "Pemasaran Digital UMKM"
    assert data["training_attendance"][0]["session"] == 1
    assert data["training_certificates"][0]["number"] == "SERT/2026/0042"
    assert data["financing_groups"][0]["group"] == "Kelompok Mawar"  # never "kelompok Kelompok"
    assert data["financing_groups"][0]["is_leader"] == "Ya"
    assert [r["amount_rupiah"] for r in data["financing_requests"]] == [4_000_000]
    assert [loan["principal_rupiah"] for loan in data["financing_loans"]] == [4_000_000]
    assert data["financing_instalments"][0]["paid_on"] == "2026-07-01"
    assert data["financing_repayments"][0]["amount_rupiah"] == 336_667
    assert data["cooperative_memberships"][0]["member_number"] == "MJ-0077"
    assert data["catalog_products"][0]["name"] == "Rendang Daun Singkong"
    assert "Angsuran ke-2" in data["notifications"][-1]["title"]
    # and nothing of the other nine members (their names are only in the leader's notifications
    # that they joined the group, which are the leader's own)
    beside_notifications = str({k: v for k, v in data.items() if k != "notifications"})
    for other in members[1:]:
        assert other.nik not in str(data) and other.full_name not in beside_notifications


def test_the_xlsx_and_the_pdf_show_every_app(borrower):
    person, _ = borrower
    client = _client(person.user)
    sheet = load_workbook(
        io.BytesIO(streamed_bytes(client.get(reverse("core:my_data_xlsx"))))
    ).active
    facts = {(r[0], r[1]): r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
    sections = {section for section, _ in facts}
    for title in ("Akun", "Sertifikat pelatihan: SERT/2026/0042",
                  "Keanggotaan kelompok: Kelompok Mawar",
                  "Keanggotaan koperasi: Koperasi Melati Jaya",
                  "Produk katalog: Rendang Daun Singkong"):  # fmt: skip
        assert title in sections, title
    assert facts[("Pinjaman: Kredit Mesra", "Pokok (Rp)")] == 4_000_000  # a number
    assert facts[("Angsuran: Kredit Mesra", "Jatuh tempo")] == datetime.datetime(2026, 7, 2)
    assert facts[("Undangan kelompok", "Data")] == "Tidak ada"  # looked for, none
    assert isinstance(facts[("Akun", "Akun dibuat")], datetime.datetime)
    assert client.get(reverse("core:my_data_pdf")).content.startswith(b"%PDF")
    text = render_to_string(own_data.PDF_TEMPLATE, own_data.pdf_context(person.user, person))
    for words in ("Pemasaran Digital UMKM", "Rp4.000.000", "Koperasi Melati Jaya",
                  "Rendang Daun Singkong", "Angsuran ke-2", "Etalase warung"):  # fmt: skip
        assert words in text, words


def test_the_dashboard_links_the_json_of_every_app(borrower):
    person, _ = borrower
    html = _client(person.user).get(reverse("registry:dashboard")).content.decode()
    assert reverse("core:my_data_json") in html
