"""Builders for training tests: persons, programs, batches with sessions at chosen times."""

from __future__ import annotations

import itertools
import secrets
from datetime import date, timedelta

from django.utils import timezone

from berdaya.core.personas import BEJI
from berdaya.registry.models import Person
from berdaya.training.models import Batch, BatchStatus, Program, Session

_serial = itertools.count(1)


def make_person(*, user=None, gender="P", full_name=None, kelurahan_code=BEJI) -> Person:
    n = next(_serial)
    day = 12 + (40 if gender == "P" else 0)
    return Person.objects.create(
        user=user,
        nik=f"327606{day:02d}0890{n:04d}",
        full_name=full_name or f"Peserta {n}",
        gender=gender,
        birth_date=date(1990, 8, 12),
        phone=f"0813{n:08d}",
        kelurahan_id=kelurahan_code,
        rw=7,
        rt=3,
    )


def make_program(*, name=None, completion_percent=80) -> Program:
    return Program.objects.create(
        name=name or f"Program {next(_serial)}", completion_percent=completion_percent
    )


def make_batch(
    *,
    program=None,
    capacity=10,
    sessions=2,
    first_start=None,
    hours=3,
    status=BatchStatus.OPEN,
    kecamatan_code="32.76.06",
) -> Batch:
    """A batch with ``sessions`` daily sessions; by default they all ended yesterday or before."""
    program = program or make_program()
    start = first_start or (timezone.now() - timedelta(days=sessions + 1))
    batch = Batch.objects.create(
        program=program,
        name=f"Angkatan {next(_serial)}",
        capacity=capacity,
        kecamatan_id=kecamatan_code,
        status=status,
        venue="Aula Kecamatan Beji",
        trainer="Ibu Pelatih",
    )
    for i in range(sessions):
        s = start + timedelta(days=i)
        Session.objects.create(
            batch=batch,
            number=i + 1,
            starts_at=s,
            ends_at=s + timedelta(hours=hours),
            checkin_code=secrets.token_urlsafe(12),
        )
    times = list(batch.sessions.values_list("starts_at", flat=True))
    batch.starts_on = timezone.localtime(min(times)).date()
    batch.ends_on = timezone.localtime(max(times)).date()
    batch.save()
    return batch


def first_session(batch: Batch) -> Session:
    """The batch's first session (``make_batch`` makes at least one)."""
    session = batch.sessions.first()
    assert session is not None
    return session


def make_participant(*, phone: str, name: str = "Siti Rahayu", gender="P"):
    """A citizen user with their registry Person (password DEMO_PASSWORD)."""
    from berdaya.accounts.services import role_assign, user_create
    from berdaya.core.personas import DEMO_PASSWORD

    user = user_create(full_name=name, phone=phone, password=DEMO_PASSWORD, validate=False)
    role_assign(user=user, role="pelaku_usaha")
    person = make_person(user=user, gender=gender, full_name=name)
    return user, person


def register(batch: Batch, person: Person | None, actor=None):
    """Register ``person`` for ``batch`` through the service (a seat or the waiting list)."""
    from berdaya.training import services

    return services.enrollment_register(batch=batch, person=person, actor=actor)


def running_batch() -> Batch:
    """A batch of two sessions: the first runs now, the second tomorrow."""
    return make_batch(first_start=timezone.now() - timedelta(hours=1), sessions=2, hours=2)
