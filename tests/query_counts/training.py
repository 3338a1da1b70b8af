"""Training: programmes and batches (pages and API), a batch's roster, a session's attendance
and its printed sheet, and a participant's own trainings and certificates."""

from __future__ import annotations

import datetime

from django.utils import timezone

from berdaya.training.tests.helpers import first_session, make_batch, make_person, make_program
from tests.query_counts.base import a_user, api, case, page, times


def _batches(n):
    return times(n, lambda: make_batch(program=make_program(), capacity=30))


def _participants(batch):
    from berdaya.training import services

    def grow(n):
        for person in times(n, make_person):
            services.enrollment_register(batch=batch, person=person, actor=None)

    return grow


@case("training: pelatihan/ (staff: batches)")
def _index_staff(p):
    return page(p.staff, "/pelatihan/", _batches)


@case("training: GET /training/batches")
def _batches_api(p):
    return api(p.staff, "/training/batches", _batches)


@case("training: GET /training/programs")
def _programs_api(p):
    return api(p.staff, "/training/programs", lambda n: times(n, make_program))


@case("training: pelatihan/ (a participant: open batches)")
def _index_open(p):
    def grow(n):
        times(n, lambda: make_batch(program=make_program(), first_start=_future()))

    return page(a_user(), "/pelatihan/", grow)


def _future():
    return timezone.now() + datetime.timedelta(days=5)


def _participant_with(kind: str):
    """A participant and ``grow(n)`` giving them ``n`` more enrolments (with a certificate each
    when ``kind`` is "certificates")."""
    from berdaya.targets.tests.builders import certificate
    from berdaya.training import services

    user = a_user(name="Peserta Uji")
    person = make_person(user=user)

    def grow(n):
        for batch in times(n, lambda: make_batch(program=make_program(), first_start=_future())):
            services.enrollment_register(batch=batch, person=person, actor=user)
            if kind == "certificates":
                certificate(person)

    return user, grow


@case("training: pelatihan/ (a participant: own enrolments and certificates)")
def _index_participant(p):
    user, grow = _participant_with("certificates")
    return page(user, "/pelatihan/", grow)


@case("training: GET /me/trainings")
def _my_trainings(p):
    user, grow = _participant_with("trainings")
    return api(user, "/me/trainings", grow)


@case("training: GET /me/certificates")
def _my_certificates(p):
    user, grow = _participant_with("certificates")
    return api(user, "/me/certificates", grow)


@case("training: pelatihan/angkatan/<pk>/ (batch detail)")
def _batch_detail(p):
    batch = make_batch(capacity=30)
    return page(p.staff, f"/pelatihan/angkatan/{batch.pk}/", _participants(batch))


@case("training: GET /training/batches/{id}")
def _batch_api(p):
    batch = make_batch(capacity=30)
    return api(p.staff, f"/training/batches/{batch.pk}", _participants(batch))


@case("training: pelatihan/angkatan/<pk>/peserta/ (roster)")
def _roster(p):
    batch = make_batch(capacity=30)
    return page(p.staff, f"/pelatihan/angkatan/{batch.pk}/peserta/", _participants(batch))


@case("training: pelatihan/sesi/<pk>/presensi/ (attendance)")
def _attendance(p):
    batch = make_batch(capacity=30)
    url = f"/pelatihan/sesi/{first_session(batch).pk}/presensi/"
    return page(p.staff, url, _participants(batch))


@case("training: pelatihan/sesi/<pk>/daftar-hadir/ (printed attendance sheet)")
def _attendance_sheet(p):
    batch = make_batch(capacity=30)
    url = f"/pelatihan/sesi/{first_session(batch).pk}/daftar-hadir/"
    return page(p.staff, url, _participants(batch))
