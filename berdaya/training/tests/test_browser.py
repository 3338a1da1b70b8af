"""On a 360 px phone: staff take attendance with one tap; a participant finds their certificate."""

from datetime import timedelta

import pytest
from django.utils import timezone

from berdaya.training import services
from berdaya.training.models import Attendance, Certificate
from berdaya.training.tests.helpers import make_batch, make_participant, make_person
from conftest import browser_login, page_fits


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_lets_staff_take_attendance_and_a_participant_see_the_certificate(phone_page):
    from berdaya.accounts.personas import create_personas

    personas = create_personas()
    page = phone_page
    # given a session running now with two registered participants
    batch = make_batch(first_start=timezone.now() - timedelta(minutes=30), sessions=1, hours=2)
    ani_user, ani = make_participant(phone="081344440001", name="Ani Lestari")
    budi = make_person(full_name="Budi Santoso", gender="L")
    for person in (ani, budi):
        services.enrollment_register(batch=batch, person=person)
    session = batch.sessions.get()

    # when staff open the session's attendance page on a phone and tap Ani present
    browser_login(page, personas.staff)
    page.goto(f"{page.base}/pelatihan/sesi/{session.pk}/presensi/")
    assert page.get_by_alt_text("Kode QR presensi sesi 1").is_visible()
    row = page.locator("li", has_text="Ani Lestari")
    row.get_by_role("button", name="Catat Ani Lestari hadir").click()
    row.get_by_text("✓ Hadir").wait_for()
    # the page fits the phone: nothing wider than the viewport
    assert page_fits(page, 360)
    assert Attendance.objects.filter(enrollment__person=ani).count() == 1

    # and the batch is completed after the session (issued through the service)
    session.ends_at = timezone.now() - timedelta(minutes=1)
    session.save()
    services.batch_complete(batch=batch, actor=personas.staff)
    certificate = Certificate.objects.get(person=ani)

    # then Ani sees her certificate on her phone, with a download link
    page.context.clear_cookies()
    browser_login(page, ani_user)
    page.goto(f"{page.base}/pelatihan/")
    assert page.get_by_text(certificate.number).is_visible()
    link = page.get_by_role("link", name="Unduh sertifikat (PDF)")
    assert link.is_visible()
    box = link.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= 360
    assert not Certificate.objects.filter(person=budi).exists()
