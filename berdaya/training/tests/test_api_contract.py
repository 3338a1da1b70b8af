"""Class 10, found by Schemathesis: a QR check-in code with characters outside ASCII made the
constant-time comparison raise (a 500); it is now a wrong code like any other (422, and the page
shows why)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from berdaya.training.models import Attendance
from berdaya.training.tests.helpers import first_session, make_batch, make_participant

pytestmark = pytest.mark.django_db

CODES = ("\U000a312f", "kodé", "١٢٣", "\u00b2")


def test_a_non_ascii_checkin_code_is_refused_as_a_wrong_code_by_the_api(personas, api):
    # Given a participant of a session that runs now
    batch = make_batch(first_start=timezone.now() - timedelta(hours=1), sessions=1, hours=2)
    user, _person = make_participant(phone="081322220071")
    assert api(user).post(f"training/batches/{batch.pk}/registrations").status_code == 201
    session = first_session(batch)
    # When they send codes with characters outside ASCII
    for code in CODES:
        response = api(user).post(f"training/sessions/{session.pk}/checkin", {"code": code})
        # Then each is a wrong code (422), never a server error, and nothing is recorded
        assert response.status_code == 422, (code, response.content)
        assert response.json()["errors"][0]["code"] == "checkin_code_invalid"
    assert Attendance.objects.count() == 0


def test_the_checkin_page_answers_a_non_ascii_code_with_the_reason(personas, api):
    batch = make_batch(first_start=timezone.now() - timedelta(hours=1), sessions=1, hours=2)
    user, _person = make_participant(phone="081322220072")
    assert api(user).post(f"training/batches/{batch.pk}/registrations").status_code == 201
    session = first_session(batch)
    client = Client()
    client.force_login(user)
    response = client.get(f"/pelatihan/sesi/{session.pk}/hadir/kod%C3%A9/")
    assert response.status_code == 200
    assert "bukan untuk sesi ini" in response.content.decode()


def test_a_number_sent_for_a_text_field_is_refused_not_turned_into_text(personas, api):
    # Given the program form's name, typed as a string in the OpenAPI document
    for name in (0, 12.5, True, ["Pelatihan"], None):
        # When staff send something else than a string for it
        response = api(personas.staff).post(
            "training/programs", {"name": name, "completion_percent": 80}
        )
        # Then it is refused as the wrong type (Schemathesis: schema-violating request accepted)
        assert response.status_code == 422, (name, response.content)
        assert response.json()["errors"][0]["code"] == "string_type"
    assert (
        api(personas.staff)
        .post("training/programs", {"name": "Pelatihan Ekspor", "completion_percent": 80})
        .status_code
        == 201
    )
