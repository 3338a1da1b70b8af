"""Issue 14, documents: a session's printable attendance sheet with a signature column, and the
certificate as a document (letterhead and signatory from settings)."""

import pytest
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse
from weasyprint import HTML

from berdaya.training import services
from berdaya.training.models import Certificate
from berdaya.training.tests.helpers import first_session, make_batch, make_person

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_prints_the_attendance_sheet_with_a_signature_box_per_participant(personas):
    # Given a batch with two registered participants, one waiting and one cancelled
    batch = make_batch(capacity=2)
    ani = make_person(full_name="Ani Suryani")
    budi = make_person(full_name="Budi Santoso", gender="L")
    services.enrollment_register(batch=batch, person=ani)
    services.enrollment_register(batch=batch, person=budi)
    waiting = make_person(full_name="Citra Waiting")
    services.enrollment_register(batch=batch, person=waiting)
    session = first_session(batch)

    # When DKUM staff open the sheet of its first session
    response = _client(personas.staff).get(reverse("training:attendance_sheet", args=[session.pk]))

    # Then it is a document with the letterhead, the session's facts and one signature row per
    # registered participant (masked NIK), plus blank rows, and the organiser's signature
    html = response.content.decode()
    assert response.status_code == 200
    assert "PEMERINTAH KOTA DEPOK" in html and "Daftar hadir pelatihan" in html
    assert batch.program.name in html and "Aula Kecamatan Beji" in html
    assert html.count("data-participant") == 2
    assert "Ani Suryani" in html and "Budi Santoso" in html and "Citra Waiting" not in html
    assert ani.nik not in html and ani.nik[:4] in html
    assert html.count('class="sign"') == 1 + 2 + 3  # header, participants, blank rows
    assert "Penanggung jawab pelatihan" in html
    assert "css/document" in html and "<style" not in html  # print CSS from a file (CSP)


def test_the_session_page_links_to_the_sheet(personas):
    # Given a session's attendance page
    session = first_session(make_batch())

    # When staff open it
    html = (
        _client(personas.staff)
        .get(reverse("training:session_attendance", args=[session.pk]))
        .content.decode()
    )

    # Then it links to the printable sheet
    assert reverse("training:attendance_sheet", args=[session.pk]) in html


def test_it_refuses_the_sheet_to_participants_and_outsiders(personas):
    # Given a session and a registered participant with an account
    batch = make_batch()
    participant = make_person(user=personas.outsider)
    services.enrollment_register(batch=batch, person=participant)
    url = reverse("training:attendance_sheet", args=[first_session(batch).pk])

    # When a participant or an outsider asks for the sheet
    # Then both are refused (the other participants' names are staff business)
    assert _client(personas.outsider).get(url).status_code == 403
    assert _client(personas.bank_officer).get(url).status_code == 403


def _a_certificate(personas) -> Certificate:
    batch = make_batch(sessions=1)
    person = make_person(full_name="Siti Rahmawati")
    services.enrollment_register(batch=batch, person=person)
    services.attendance_record(session=first_session(batch), person=person, actor=personas.staff)
    services.batch_complete(batch=batch, actor=personas.staff)
    return Certificate.objects.get(batch=batch, person=person)


@override_settings(
    BERDAYA_LETTERHEAD_OFFICE="DINAS KUKM UJI",
    BERDAYA_SIGNATORY_NAME="Dra. Contoh Penandatangan, M.Si.",
    BERDAYA_SIGNATORY_POSITION="Kepala Dinas Uji",
)
def test_the_certificate_is_a_document_with_letterhead_and_signatory(personas):
    # Given a certificate
    from berdaya.training.documents import certificate_context

    certificate = _a_certificate(personas)
    # When its PDF is drawn
    html = render_to_string(
        "training/certificate_pdf.html", certificate_context(certificate, "http://x/s/K")
    )
    # Then it carries the office's letterhead from settings and the signatory's name and position
    assert 'class="letterhead"' in html
    assert "DINAS KUKM UJI" in html and "PEMERINTAH KOTA DEPOK" in html
    assert "Dra. Contoh Penandatangan, M.Si." in html and "Kepala Dinas Uji" in html
    assert len(HTML(string=html).render().pages) == 1


def test_the_certificate_leaves_a_line_for_a_signatory_not_set(personas):
    from berdaya.training.documents import certificate_context

    html = render_to_string(
        "training/certificate_pdf.html", certificate_context(_a_certificate(personas), "http://x")
    )
    assert "Kepala Dinas Koperasi dan Usaha Mikro Kota Depok" in html
    assert "(......" in html


@override_settings(BERDAYA_PUBLIC_URL="http://127.0.0.1:8000", ALLOWED_HOSTS=["berdaya.example.id"])
def test_the_certificate_and_checkin_qr_use_the_served_address_without_a_public_url(personas):
    # Given no BERDAYA_PUBLIC_URL (its default) and the app served at berdaya.example.id
    certificate = _a_certificate(personas)
    staff = Client(HTTP_HOST="berdaya.example.id")
    staff.force_login(personas.staff)
    # When staff download the certificate
    response = staff.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    # Then its QR code and printed link lead to the served address
    assert response.status_code == 200
    assert response.context["verify_url"] == (
        "http://berdaya.example.id" + reverse("training:verify", args=[certificate.code])
    )


@override_settings(BERDAYA_PUBLIC_URL="https://berdaya.depok.go.id")
def test_the_certificate_uses_the_public_url_when_it_is_set(personas):
    certificate = _a_certificate(personas)
    staff = Client(HTTP_HOST="testserver")
    staff.force_login(personas.staff)
    response = staff.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    assert response.context["verify_url"].startswith("https://berdaya.depok.go.id/")


def test_certificate_codes_are_readable_and_checked_in_any_case(personas):
    # Given a new certificate, then its code has no look-alike characters and is upper case
    from berdaya.core.codes import READABLE_ALPHABET

    certificate = _a_certificate(personas)
    assert len(certificate.code) == 12 and set(certificate.code) <= set(READABLE_ALPHABET)
    assert not set(certificate.code) & set("IL1O0lo")
    # When it is typed in lower case, with a space, then the verification page finds it
    typed = certificate.code[:6].lower() + " " + certificate.code[6:].lower()
    page = Client().get(reverse("training:verify", args=[typed]))
    assert page.status_code == 200 and certificate.person.full_name in page.content.decode()
    # and an old code (mixed case, from before) still matches exactly, not in another case
    Certificate.objects.filter(pk=certificate.pk).update(code="aB3_xY9-kLmN")
    assert Client().get(reverse("training:verify", args=["aB3_xY9-kLmN"])).status_code == 200
    assert Client().get(reverse("training:verify", args=["AB3_XY9-KLMN"])).status_code == 404
