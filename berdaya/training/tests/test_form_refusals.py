"""Issue 8, class 11: a training page whose POST would be refused for this user does not show
its form on GET (403/404 instead). One test per view with a form, for a user who may not act."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from berdaya.training import services
from berdaya.training.tests.helpers import first_session, make_batch, make_participant

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_refuses_the_program_form_to_a_non_staff_user(personas):
    assert _client(personas.rt_chair).get(reverse("training:program_create")).status_code == 403


def test_it_refuses_the_batch_form_to_a_non_staff_user(personas):
    assert _client(personas.head).get(reverse("training:batch_create")).status_code == 403


def test_it_refuses_the_roster_form_to_a_non_staff_user(personas):
    batch = make_batch()
    url = reverse("training:roster", args=[batch.pk])
    assert _client(personas.rt_chair).get(url).status_code == 403


def test_it_refuses_the_attendance_form_to_a_non_staff_user(personas):
    session = first_session(make_batch())
    url = reverse("training:session_attendance", args=[session.pk])
    assert _client(personas.rt_chair).get(url).status_code == 403


def test_it_refuses_the_checkin_form_to_someone_not_in_the_batch(personas):
    batch = make_batch(first_start=timezone.now() - timedelta(hours=1), hours=2)
    session = first_session(batch)
    url = reverse("training:checkin", args=[session.pk, session.checkin_code])
    outsider, _ = make_participant(phone="081333339901")
    assert _client(outsider).get(url).status_code == 404
    participant, person = make_participant(phone="081333339902", name="Rina")
    services.enrollment_register(batch=batch, person=person)
    assert _client(participant).get(url).status_code == 200
