"""Training pages: who may open each one, registration from the page, attendance, exports,
certificates and their public verification."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from berdaya.core.models import PersonalDataAccess
from berdaya.core.tests.responses import streamed_bytes
from berdaya.training import services
from berdaya.training.models import Attendance, Certificate
from berdaya.training.tests.helpers import first_session, make_batch, make_participant, make_person


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _completed_batch(staff, person, sessions=1):
    batch = make_batch(sessions=sessions)
    services.enrollment_register(batch=batch, person=person)
    for session in batch.sessions.all():
        services.attendance_record(session=session, person=person, actor=staff)
    services.batch_complete(batch=batch, actor=staff)
    return batch, Certificate.objects.get(batch=batch, person=person)


STAFF_PAGES = [
    ("training:program_create", lambda b, s: []),
    ("training:batch_create", lambda b, s: []),
    ("training:roster", lambda b, s: [b.pk]),
    ("training:roster_xlsx", lambda b, s: [b.pk]),
    ("training:session_attendance", lambda b, s: [s.pk]),
]
STAFF_POSTS = [
    ("training:batch_complete", lambda b, s, e: [b.pk]),
    ("training:batch_open", lambda b, s, e: [b.pk]),
    ("training:batch_capacity", lambda b, s, e: [b.pk]),
    ("training:session_mark", lambda b, s, e: [s.pk, e.pk]),
]


@pytest.mark.parametrize("who", ["outsider", "rt_chair", "head", "bank_officer"])
def test_it_refuses_staff_pages_to_others(personas, who):
    batch = make_batch()
    client = _client(getattr(personas, who))
    for name, args in STAFF_PAGES:
        url = reverse(name, args=args(batch, batch.sessions.first()))
        assert client.get(url).status_code == 403, name


@pytest.mark.parametrize(("name", "args"), STAFF_POSTS)
def test_it_refuses_staff_actions_to_an_outsider_and_changes_nothing(personas, name, args):
    batch = make_batch()
    enrollment = services.enrollment_register(batch=batch, person=make_person())
    url = reverse(name, args=args(batch, batch.sessions.first(), enrollment))
    response = _client(personas.outsider).post(url, {"present": "1", "open": "0", "capacity": 99})
    assert response.status_code == 403
    batch.refresh_from_db()
    assert batch.status == "open" and batch.capacity == 10 and not Attendance.objects.exists()


@pytest.mark.parametrize(
    "name", ["training:index", "training:batch_detail", "training:certificate_pdf"]
)
def test_it_sends_anonymous_visitors_to_the_login(db, name):
    args = [] if name == "training:index" else [1]
    response = _client().get(reverse(name, args=args))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_it_shows_staff_the_batch_list_and_pages(personas):
    batch = make_batch()
    client = _client(personas.staff)
    for name, args in STAFF_PAGES:
        response = client.get(reverse(name, args=args(batch, batch.sessions.first())))
        assert response.status_code == 200, name
    response = client.get(reverse("training:index"))
    assert batch.name in response.content.decode()


def test_it_filters_the_staff_batch_list_to_the_batches_to_complete(personas):
    ended, completed = make_batch(), make_batch(status="completed")
    html = _client(personas.staff).get(reverse("training:index") + "?perlu=selesai").content
    assert f"{ended.name}<".encode() in html and f"{completed.name}<".encode() not in html


def test_it_creates_a_program_and_a_batch_from_the_forms(personas):
    client = _client(personas.staff)
    response = client.post(
        reverse("training:program_create"),
        {"name": "Pelatihan Wirausaha Baru", "completion_percent": 80},
    )
    assert response.status_code == 302
    from berdaya.training.models import Program

    program = Program.objects.get()
    day = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client.post(
        reverse("training:batch_create"),
        {
            "program": program.pk,
            "name": "Angkatan 1",
            "capacity": 25,
            "kecamatan": "32.76.06",
            "venue": "Aula Kecamatan Beji",
            "sessions": f"{day} 09:00-12:00 Perencanaan usaha\n{day} 13.00-15.00 Keuangan",
            "open": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = program.batches.get()
    assert batch.sessions.count() == 2 and batch.status == "open"


def test_it_keeps_the_batch_form_input_on_a_bad_session_line(personas):
    from berdaya.training.tests.helpers import make_program

    program = make_program()
    response = _client(personas.staff).post(
        reverse("training:batch_create"),
        {"program": program.pk, "name": "Angkatan 9", "capacity": 5, "sessions": "besok pagi"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Baris 1 tidak terbaca" in html and "Angkatan 9" in html
    assert not program.batches.exists()


def test_it_registers_a_participant_from_the_batch_page(personas):
    user, person = make_participant(phone="081333330001")
    batch = make_batch(first_start=timezone.now() + timedelta(days=2))
    client = _client(user)
    page = client.get(reverse("training:batch_detail", args=[batch.pk]))
    assert "Daftar pelatihan ini" in page.content.decode()
    response = client.post(reverse("training:batch_register", args=[batch.pk]), follow=True)
    assert "Anda terdaftar" in response.content.decode()
    assert batch.enrollments.get(person=person).status == "registered"
    client.post(reverse("training:batch_cancel", args=[batch.pk]))
    assert batch.enrollments.get(person=person).status == "cancelled"


def test_it_guides_a_user_without_person_data_to_the_registry(personas):
    batch = make_batch()
    client = _client(personas.outsider)
    response = client.post(reverse("training:batch_register", args=[batch.pk]))
    assert response.status_code == 302
    try:
        expected = reverse("registry:register")
    except Exception:
        expected = "/"
    assert response["Location"].startswith(expected)
    assert not batch.enrollments.exists()
    index = client.get(reverse("training:index")).content.decode()
    assert "Isi data diri" in index


def test_it_shows_a_participant_their_trainings_and_certificates(personas):
    user, person = make_participant(phone="081333330002")
    batch, certificate = _completed_batch(personas.staff, person)
    html = _client(user).get(reverse("training:index")).content.decode()
    assert batch.program.name in html and certificate.number in html
    assert reverse("training:certificate_pdf", args=[certificate.pk]) in html


def test_it_serves_the_certificate_pdf_to_its_holder_and_staff_only(personas):
    user, person = make_participant(phone="081333330003")
    _, certificate = _completed_batch(personas.staff, person)
    url = reverse("training:certificate_pdf", args=[certificate.pk])
    mine = _client(user).get(url)
    assert mine.status_code == 200 and mine["Content-Type"] == "application/pdf"
    assert mine.content.startswith(b"%PDF")
    assert _client(personas.staff).get(url).status_code == 200
    assert _client(personas.outsider).get(url).status_code == 404
    assert _client(personas.rt_chair).get(url).status_code == 404


def test_it_verifies_a_certificate_publicly_without_the_nik(personas):
    person = make_person(full_name="Sri Wahyuni")
    batch, certificate = _completed_batch(personas.staff, person)
    response = _client().get(f"/sertifikat/{certificate.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "asli dan berlaku" in html and "Sri Wahyuni" in html and batch.program.name in html
    assert person.nik not in html and person.nik[-4:] + "<" not in html
    assert person.phone not in html

    services.certificate_revoke(certificate=certificate, actor=personas.staff, reason="Salah")
    assert "dicabut" in _client().get(f"/sertifikat/{certificate.code}/").content.decode()
    missing = _client().get("/sertifikat/bukan-kode/")
    assert missing.status_code == 404 and "tidak ditemukan" in missing.content.decode()


def test_it_exports_the_roster_with_the_nik_masked_and_records_the_export(personas):
    batch, person = make_batch(), make_person(full_name="Rina")
    services.enrollment_register(batch=batch, person=person)
    response = _client(personas.staff).get(reverse("training:roster_xlsx", args=[batch.pk]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(streamed_bytes(response)))
    rows = list(book.active.values)
    assert rows[0][:3] == ("No", "Nama", "NIK")
    assert rows[1][1] == "Rina" and rows[1][2] == person.nik[:4] + "********" + person.nik[-4:]
    assert PersonalDataAccess.objects.filter(
        subject=f"training.Batch:{batch.pk}", action="export", actor=personas.staff
    ).exists()


def test_it_masks_the_nik_on_the_roster_page_even_for_staff(personas):
    batch, person = make_batch(), make_person()
    services.enrollment_register(batch=batch, person=person)
    html = _client(personas.staff).get(reverse("training:roster", args=[batch.pk])).content.decode()
    assert person.nik not in html and person.nik[-4:] in html


def test_it_marks_attendance_with_one_tap_and_by_nik(personas):
    batch, person = make_batch(), make_person()
    enrollment = services.enrollment_register(batch=batch, person=person)
    session = first_session(batch)
    client = _client(personas.staff)
    url = reverse("training:session_mark", args=[session.pk, enrollment.pk])

    row = client.post(url, {"present": "1"}, headers={"HX-Request": "true"})
    assert row.status_code == 200 and "✓ Hadir" in row.content.decode()
    client.post(url, {"present": "0"})
    assert not Attendance.objects.exists()
    page = reverse("training:session_attendance", args=[session.pk])
    response = client.post(page, {"nik": person.nik})
    assert response.status_code == 302 and Attendance.objects.count() == 1
    wrong = client.post(page, {"nik": "3276060101990009"})
    assert wrong.status_code == 200 and "tidak terdaftar" in wrong.content.decode()


def test_it_shows_the_qr_code_only_while_the_session_runs(personas):
    running = make_batch(first_start=timezone.now() - timedelta(hours=1), hours=2)
    past = make_batch()
    client = _client(personas.staff)
    on = client.get(reverse("training:session_attendance", args=[first_session(running).pk]))
    off = client.get(reverse("training:session_attendance", args=[first_session(past).pk]))
    assert "data:image/svg+xml" in on.content.decode()
    assert "data:image/svg+xml" not in off.content.decode()


def test_it_checks_in_by_scanning_the_qr_code(personas):
    batch = make_batch(first_start=timezone.now() - timedelta(hours=1), sessions=2, hours=2)
    user, person = make_participant(phone="081333330004")
    services.enrollment_register(batch=batch, person=person)
    first, second = batch.sessions.get(number=1), batch.sessions.get(number=2)
    client = _client(user)
    wrong = client.post(reverse("training:checkin", args=[first.pk, second.checkin_code]))
    assert "bukan untuk sesi ini" in wrong.content.decode()
    ok = client.post(reverse("training:checkin", args=[first.pk, first.checkin_code]))
    assert "Kehadiran Anda tercatat" in ok.content.decode()
    assert Attendance.objects.get().method == "qr"


def test_it_completes_a_batch_from_the_roster(personas):
    batch, person = make_batch(sessions=1), make_person()
    services.enrollment_register(batch=batch, person=person)
    services.attendance_record(session=batch.sessions.get(), person=person, actor=personas.staff)
    response = _client(personas.staff).post(
        reverse("training:batch_complete", args=[batch.pk]), follow=True
    )
    assert "1 bersertifikat" in response.content.decode()
    assert Certificate.objects.filter(batch=batch).count() == 1


def test_it_fills_the_home_page_inbox(personas):
    from berdaya.training import selectors

    user, person = make_participant(phone="081333330005")
    soon = make_batch(first_start=timezone.now() + timedelta(days=1))
    services.enrollment_register(batch=soon, person=person)
    make_batch()  # ended, not completed: staff should complete it
    assert [i.title for i in selectors.inbox(user)][0].startswith(soon.program.name)
    staff_titles = [i.title for i in selectors.inbox(personas.staff)]
    assert any("terbitkan sertifikat" in t for t in staff_titles)
    assert selectors.inbox(personas.outsider) == []


def test_it_lets_staff_add_a_walk_in_participant_by_nik(personas):
    batch, person = make_batch(capacity=1), make_person()
    url = reverse("training:roster", args=[batch.pk])
    client = _client(personas.staff)
    response = client.post(url, {"nik": person.nik})
    assert response.status_code == 302
    assert batch.enrollments.get(person=person).registered_by == personas.staff
    again = client.post(url, {"nik": person.nik})
    assert "sudah terdaftar" in again.content.decode()
    unknown = client.post(url, {"nik": "3276060101990009"})
    assert "belum terdaftar" in unknown.content.decode()


def test_it_tells_the_participant_before_the_tap_when_the_code_cannot_work(personas):
    batch = make_batch(first_start=timezone.now() + timedelta(days=1))
    user, person = make_participant(phone="081333330007")
    services.enrollment_register(batch=batch, person=person)
    session = first_session(batch)
    page = _client(user).get(reverse("training:checkin", args=[session.pk, session.checkin_code]))
    html = page.content.decode()
    assert "Sesi belum mulai" in html and "Saya hadir" not in html


def test_it_renders_the_certificate_on_one_page(personas):
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from berdaya.training.documents import certificate_context

    _, certificate = _completed_batch(personas.staff, make_person(full_name="A" * 60))
    url = services.verify_url(certificate)
    html = render_to_string("training/certificate_pdf.html", certificate_context(certificate, url))
    assert len(HTML(string=html).render().pages) == 1


def test_it_sends_reminders_as_a_background_task(personas):
    from berdaya.core.models import Notification
    from berdaya.training.tasks import send_reminders

    user, person = make_participant(phone="081333330008")
    batch = make_batch(first_start=timezone.now() + timedelta(hours=2))
    services.enrollment_register(batch=batch, person=person)
    send_reminders.enqueue()
    assert Notification.objects.filter(user=user, title__startswith="Pengingat").count() == 1


def test_it_follows_the_inbox_links_to_the_right_batches(personas):
    from berdaya.training import selectors

    # a session that started a few minutes ago, but never before local midnight (Jakarta)
    midnight = timezone.localtime().replace(hour=0, minute=0, second=1, microsecond=0)
    today = make_batch(first_start=max(timezone.now() - timedelta(minutes=5), midnight), sessions=1)
    finished = make_batch()
    client = _client(personas.staff)
    links = {i.title: i.url for i in selectors.inbox(personas.staff)}
    assert len(links) == 2
    for url in links.values():
        assert client.get(url).status_code == 200
    today_html = client.get(links["Sesi pelatihan hari ini: catat kehadiran"]).content.decode()
    assert today.name in today_html and finished.name not in today_html
    done_html = client.get(
        links["Angkatan pelatihan selesai: terbitkan sertifikat"]
    ).content.decode()
    assert finished.name in done_html


def test_it_lets_staff_change_the_capacity_and_revoke_a_certificate(personas):
    batch = make_batch(capacity=1, sessions=1)
    first, waiting = make_person(), make_person()
    services.enrollment_register(batch=batch, person=first)
    services.enrollment_register(batch=batch, person=waiting)
    client = _client(personas.staff)
    client.post(reverse("training:batch_capacity", args=[batch.pk]), {"capacity": "2"})
    assert batch.enrollments.get(person=waiting).status == "registered"
    refused = client.post(
        reverse("training:batch_capacity", args=[batch.pk]), {"capacity": "1"}, follow=True
    )
    assert "tidak boleh lebih kecil" in refused.content.decode()

    services.attendance_record(session=batch.sessions.get(), person=first, actor=personas.staff)
    services.batch_complete(batch=batch, actor=personas.staff)
    certificate = Certificate.objects.get(person=first)
    url = reverse("training:certificate_revoke", args=[certificate.pk])
    assert _client(personas.outsider).post(url, {"reason": "x"}).status_code == 403
    client.post(url, {"reason": "Identitas tidak cocok"})
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revoked_reason == "Identitas tidak cocok"


def test_it_keeps_the_filter_on_the_next_page_of_the_staff_batch_list(personas):
    program = make_batch(sessions=1).program
    for _ in range(25):
        make_batch(program=program, sessions=1)
    html = _client(personas.staff).get(reverse("training:index") + "?perlu=selesai").content
    assert b"perlu=selesai&cursor=" in html
