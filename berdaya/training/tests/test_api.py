"""The training API contract: paths, JSON fields, status codes and each role's reach."""

from datetime import timedelta

import pytest
from django.utils import timezone

from berdaya.training.models import Attendance, Certificate, Program
from berdaya.training.tests.helpers import make_batch, make_participant, make_person, make_program


def _iso(moment):
    return moment.isoformat()


def _batch_payload(program, *, capacity=2, start=None, sessions=2, **extra):
    start = start or timezone.now() - timedelta(days=sessions + 1)
    return {
        "program": program,
        "name": "Angkatan API",
        "capacity": capacity,
        "kecamatan_code": "32.76.06",
        "sessions": [
            {
                "starts_at": _iso(start + timedelta(days=i)),
                "ends_at": _iso(start + timedelta(days=i, hours=3)),
            }
            for i in range(sessions)
        ],
        **extra,
    }


def test_it_creates_a_program(personas, api):
    response = api(personas.staff).post(
        "training/programs", {"name": "Pelatihan Wirausaha Baru", "completion_percent": 80}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Pelatihan Wirausaha Baru" and body["completion_percent"] == 80
    assert Program.objects.filter(pk=body["id"]).exists()


def test_it_refuses_a_duplicate_or_bad_program(personas, api):
    client = api(personas.staff)
    client.post("training/programs", {"name": "Digital Marketing UMKM", "completion_percent": 80})
    duplicate = client.post(
        "training/programs", {"name": "Digital Marketing UMKM", "completion_percent": 75}
    )
    assert duplicate.status_code == 409 and duplicate.json()["code"] == "program_exists"
    bad = client.post("training/programs", {"name": "Lain", "completion_percent": 120})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["code"] == "completion_percent_invalid"


def test_it_creates_a_batch_with_sessions_by_program_id_or_name(personas, api):
    program = make_program(name="Pelatihan Wirausaha Baru")
    client = api(personas.staff)
    by_id = client.post("training/batches", _batch_payload(program.pk))
    assert by_id.status_code == 201, by_id.content
    body = by_id.json()
    assert body["id"] and body["program"] == program.pk and body["kecamatan_code"] == "32.76.06"
    assert len(body["sessions"]) == 2 and all("id" in s for s in body["sessions"])
    by_name = client.post("training/batches", _batch_payload("Pelatihan Wirausaha Baru"))
    assert by_name.status_code == 201 and by_name.json()["program"] == program.pk


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"program": 999999}, "program_unknown"),
        ({"program": "Tidak Ada"}, "program_unknown"),
        ({"capacity": 0}, "capacity_invalid"),
        ({"sessions": []}, "sessions_required"),
        ({"kecamatan_code": "99.99.99"}, "kecamatan_unknown"),
    ],
)
def test_it_refuses_a_bad_batch(personas, api, change, code):
    program = make_program()
    response = api(personas.staff).post(
        "training/batches", {**_batch_payload(program.pk), **change}
    )
    assert response.status_code == 422, response.content
    assert response.json()["errors"][0]["code"] == code
    assert not program.batches.exists()


def test_it_refuses_a_batch_without_required_fields(personas, api):
    response = api(personas.staff).post("training/batches", {"name": "x"})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"program", "capacity", "sessions"} <= fields


@pytest.mark.parametrize("who", ["outsider", "head", "rt_chair", "bank_officer"])
def test_it_lets_only_staff_create_and_complete(personas, api, who):
    client = api(getattr(personas, who))
    batch = make_batch()
    program_resp = client.post("training/programs", {"name": "X", "completion_percent": 80})
    batch_resp = client.post("training/batches", _batch_payload(batch.program_id))
    session = batch.sessions.first()
    assert session is not None
    attend = client.post(f"training/sessions/{session.pk}/attendance", {"nik": "3276061208900001"})
    complete = client.post(f"training/batches/{batch.pk}/complete")
    assert [program_resp.status_code, batch_resp.status_code] == [403, 403]
    assert [attend.status_code, complete.status_code] == [403, 403]


def test_it_needs_a_login(api):
    assert api().post("training/programs", {"name": "X"}).status_code == 401
    assert api().get("me/certificates").status_code == 401
    assert api().post("training/batches/1/registrations").status_code == 401


def test_it_registers_then_waitlists_and_refuses_twice(personas, api):
    batch = make_batch(capacity=1)
    first_user, _ = make_participant(phone="081322220001", name="Ani")
    second_user, _ = make_participant(phone="081322220002", name="Budi", gender="L")
    url = f"training/batches/{batch.pk}/registrations"

    first = api(first_user).post(url)
    second = api(second_user).post(url)
    again = api(first_user).post(url)

    assert (first.status_code, first.json()["status"]) == (201, "registered")
    assert (second.status_code, second.json()["status"]) == (201, "waitlisted")
    assert second.json()["waitlist_position"] == 1
    assert again.status_code == 409 and again.json()["code"] == "already_registered"


def test_it_guides_a_user_without_person_data_to_register(personas, api):
    batch = make_batch()
    response = api(personas.outsider).post(f"training/batches/{batch.pk}/registrations")
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "person_required"


def test_it_refuses_registration_for_a_closed_batch_and_404s_an_unknown_one(personas, api):
    user, _ = make_participant(phone="081322220003")
    closed = make_batch(status="closed")
    response = api(user).post(f"training/batches/{closed.pk}/registrations")
    assert response.status_code == 422 and response.json()["errors"][0]["code"] == "batch_closed"
    assert api(user).post("training/batches/999999/registrations").status_code == 404


def test_it_cancels_and_promotes_through_the_api(personas, api):
    batch = make_batch(capacity=1)
    first_user, _ = make_participant(phone="081322220004")
    second_user, second = make_participant(phone="081322220005")
    url = f"training/batches/{batch.pk}/registrations"
    api(first_user).post(url)
    api(second_user).post(url)
    response = api(first_user).delete(url)
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert batch.enrollments.get(person=second).status == "registered"


def test_it_records_attendance_by_nik(personas, api):
    batch = make_batch()
    person = make_person()
    from berdaya.training.services import enrollment_register

    enrollment_register(batch=batch, person=person)
    session = batch.sessions.first()
    assert session is not None
    url = f"training/sessions/{session.pk}/attendance"
    client = api(personas.staff)

    first = client.post(url, {"nik": person.nik})
    again = client.post(url, {"nik": person.nik})
    stranger = client.post(url, {"nik": make_person().nik})
    unknown = client.post(url, {"nik": "3276060101990009"})

    assert first.status_code == 201 and first.json()["nik"] != person.nik
    assert again.status_code == 200 and again.json()["created"] is False
    assert stranger.status_code == 422
    assert stranger.json()["errors"][0]["code"] == "not_participant"
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["code"] == "nik_unknown"
    assert Attendance.objects.count() == 1


def test_it_checks_in_with_the_session_code_only_while_it_runs(personas, api):
    batch = make_batch(first_start=timezone.now() - timedelta(hours=1), sessions=2, hours=2)
    user, person = make_participant(phone="081322220006")
    api(user).post(f"training/batches/{batch.pk}/registrations")
    first, second = batch.sessions.get(number=1), batch.sessions.get(number=2)
    client = api(user)

    wrong = client.post(f"training/sessions/{first.pk}/checkin", {"code": second.checkin_code})
    later = client.post(f"training/sessions/{second.pk}/checkin", {"code": second.checkin_code})
    ok = client.post(f"training/sessions/{first.pk}/checkin", {"code": first.checkin_code})

    assert wrong.json()["errors"][0]["code"] == "checkin_code_invalid"
    assert later.json()["errors"][0]["code"] == "checkin_outside_session"
    assert ok.status_code == 201 and ok.json()["method"] == "qr"


def test_it_completes_a_batch_and_lists_my_certificates(personas, api):
    # given a batch of 2 sessions needing 80%: one participant attends both, one only one
    program = make_program(name="Digital Marketing UMKM", completion_percent=80)
    batch = make_batch(program=program, sessions=2)
    done_user, done = make_participant(phone="081322220007", name="Citra")
    half_user, half = make_participant(phone="081322220008", name="Dedi", gender="L")
    staff = api(personas.staff)
    for user in (done_user, half_user):
        api(user).post(f"training/batches/{batch.pk}/registrations")
    s1, s2 = batch.sessions.order_by("number")
    staff.post(f"training/sessions/{s1.pk}/attendance", {"nik": done.nik})
    staff.post(f"training/sessions/{s2.pk}/attendance", {"nik": done.nik})
    staff.post(f"training/sessions/{s1.pk}/attendance", {"nik": half.nik})

    # when staff complete it (twice)
    response = staff.post(f"training/batches/{batch.pk}/complete")
    twice = staff.post(f"training/batches/{batch.pk}/complete")

    # then the certified list has Citra with a masked NIK, the other list Dedi
    assert response.status_code == 200, response.content
    body = response.json()
    assert [r["name"] for r in body["certified"]] == ["Citra"]
    assert [r["name"] for r in body["not_certified"]] == ["Dedi"]
    assert body["certified"][0]["nik"] != done.nik and "*" in body["certified"][0]["nik"]
    # the masked NIK is also under the name the financing API uses
    assert body["certified"][0]["nik_masked"] == body["certified"][0]["nik"]
    assert body["not_certified"][0]["nik_masked"] == body["not_certified"][0]["nik"]
    assert done.nik not in response.content.decode() and half.nik not in response.content.decode()
    assert twice.status_code == 200 and len(twice.json()["certified"]) == 1
    assert Certificate.objects.filter(batch=batch).count() == 1

    mine = api(done_user).get("me/certificates")
    assert mine.status_code == 200
    [cert] = mine.json()
    assert set(cert) >= {"number", "program", "batch", "issued_on", "verify_url"}
    assert cert["program"] == "Digital Marketing UMKM" and cert["batch"] == batch.name
    assert "/sertifikat/" in cert["verify_url"]
    assert api(half_user).get("me/certificates").json() == []
    assert api(personas.outsider).get("me/certificates").json() == []


def test_it_lists_open_batches_and_my_trainings(personas, api):
    upcoming = make_batch(first_start=timezone.now() + timedelta(days=3))
    user, _ = make_participant(phone="081322220009")
    client = api(user)
    ids = [b["id"] for b in client.get("training/batches").json()]
    assert upcoming.pk in ids
    client.post(f"training/batches/{upcoming.pk}/registrations")
    [mine] = client.get("me/trainings").json()
    assert mine["batch"] == upcoming.pk and mine["status"] == "registered"


def test_it_lists_batches_in_a_constant_number_of_queries(
    personas, api, django_assert_max_num_queries
):
    for _ in range(6):
        make_batch(first_start=timezone.now() + timedelta(days=3))
    client = api(personas.staff)
    with django_assert_max_num_queries(8):
        response = client.get("training/batches")
    assert len(response.json()) == 6
