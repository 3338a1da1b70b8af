"""Issue 8 in training: hostile input never 500 (class 6), masked roster (8), once-only forms
(9), a kecamatan-scoped staff member's reach with the same 404 (4, 5)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from berdaya.accounts.services import role_assign, user_create
from berdaya.core.models import Event
from berdaya.core.once import FIELD_NAME, new_token
from berdaya.core.personas import DEMO_PASSWORD
from berdaya.training import services
from berdaya.training.models import Batch, Program
from berdaya.training.tests.helpers import first_session, make_batch, make_person

pytestmark = pytest.mark.django_db
HOSTILE = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from(["\x00", "a\ud800", "²", "٣٠", "9" * 40, None, True, 1.5, "x" * 3000]),
)
FEW = settings(
    max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pancoran_staff(db):
    user = user_create(
        full_name="Staf Pancoran Mas", phone="085799990002", password=DEMO_PASSWORD, validate=False
    )
    role_assign(user=user, role="staf_dkum", kecamatan_code="32.76.01")
    return user


@FEW
@given(field=st.sampled_from(["name", "completion_percent", "description"]), value=HOSTILE)
def test_it_never_answers_500_to_a_hostile_program(personas, api, field, value):
    body = {"name": "Program X", "completion_percent": 80, field: value}
    try:
        payload = json.dumps(body)
    except (TypeError, ValueError):
        return
    response = api(personas.staff).client.post(
        "/api/v1/training/programs", data=payload, content_type="application/json",
        headers=api(personas.staff).headers,
    )  # fmt: skip
    assert response.status_code in (201, 409, 422), (field, value, response.status_code)


@FEW
@given(field=st.sampled_from(["program", "name", "capacity", "kecamatan_code", "venue"]),
       value=HOSTILE)  # fmt: skip
def test_it_never_answers_500_to_a_hostile_batch(personas, api, field, value):
    program = Program.objects.first() or Program.objects.create(name="Dasar", completion_percent=80)
    body = {
        "program": program.pk, "name": "Angkatan", "capacity": 10,
        "sessions": [{"starts_at": "2030-01-01T09:00:00+07:00",
                      "ends_at": "2030-01-01T12:00:00+07:00"}],
        field: value,
    }  # fmt: skip
    try:
        payload = json.dumps(body)
    except (TypeError, ValueError):
        return
    client = api(personas.staff)
    response = client.client.post(
        "/api/v1/training/batches", data=payload, content_type="application/json",
        headers=client.headers,
    )  # fmt: skip
    assert response.status_code in (201, 404, 409, 422), (field, value, response.status_code)


def test_it_refuses_superscript_nik_digits_for_attendance_with_422(personas, api):
    batch = make_batch()
    session = first_session(batch)
    client = api(personas.staff)
    response = client.client.post(
        f"/api/v1/training/sessions/{session.pk}/attendance",
        data=json.dumps({"nik": "³²⁷⁶⁰⁶⁴⁵⁰¹⁹⁰⁰⁰⁰¹"}), content_type="application/json",
        headers=client.headers,
    )  # fmt: skip
    assert response.status_code == 422
    assert "nik_invalid" in response.content.decode()


def test_it_takes_a_double_clicked_capacity_change_once(personas):
    batch = make_batch(capacity=10)
    client = _client(personas.staff)
    page = client.get(reverse("training:batch_detail", args=[batch.pk])).content.decode()
    assert f'name="{FIELD_NAME}"' in page
    token = new_token()
    url = reverse("training:batch_capacity", args=[batch.pk])
    client.post(url, {"capacity": "12", FIELD_NAME: token})
    client.post(url, {"capacity": "12", FIELD_NAME: token})
    assert Batch.objects.get(pk=batch.pk).capacity == 12
    assert Event.objects.filter(verb="capacity", object_id=str(batch.pk)).count() == 1


def test_it_limits_a_kecamatan_staff_member_to_their_kecamatans_batches(personas, pancoran_staff):
    beji = make_batch(kecamatan_code="32.76.06")
    pancoran = make_batch(kecamatan_code="32.76.01")
    services.enrollment_register(batch=beji, person=make_person())
    client = _client(pancoran_staff)
    listed = {b.pk for b in client.get(reverse("training:index")).context["page"].items}
    assert listed == {pancoran.pk}
    for name in ("training:roster", "training:roster_xlsx"):
        assert client.get(reverse(name, args=[beji.pk])).status_code == 404
        assert client.get(reverse(name, args=[999_999])).status_code == 404
        assert client.get(reverse(name, args=[pancoran.pk])).status_code == 200
    session = first_session(beji)
    assert client.get(reverse("training:session_attendance", args=[session.pk])).status_code == 404
    refused = client.post(reverse("training:batch_capacity", args=[beji.pk]), {"capacity": "50"})
    assert refused.status_code == 404
    assert Batch.objects.get(pk=beji.pk).capacity == beji.capacity
    # City-wide staff still see both.
    page = _client(personas.staff).get(reverse("training:index")).context["page"]
    staff = {b.pk for b in page.items}
    assert {beji.pk, pancoran.pk} <= staff
