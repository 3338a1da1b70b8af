"""Programs and batches: created, resolved, scheduled, opened and closed."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from berdaya.core import events
from berdaya.core.cleaning import INT_MAX, Cleaner, CleanError, clean_int
from berdaya.core.errors import ConflictError, RuleError
from berdaya.regions.selectors import kecamatan_get
from berdaya.training.models import (
    Batch,
    BatchStatus,
    Program,
    Session,
    TrainingEvents,
)
from berdaya.training.services.common import MAX_CAPACITY, MAX_SESSIONS, _require_staff


def program_create(
    *, actor, name: str, completion_percent: int = 80, description: str = ""
) -> Program:
    _require_staff(actor)
    c = Cleaner()
    given = {"name": name, "description": description}
    name = c.text(given, "name", "Nama program", required=True, max_length=150)
    description = c.text(given, "description", "Keterangan", max_length=2000)
    c.raise_if_any()
    if not isinstance(completion_percent, int) or not 1 <= completion_percent <= 100:
        raise RuleError.one(
            "completion_percent_invalid",
            "Syarat kehadiran harus antara 1 dan 100 persen.",
            field="completion_percent",
        )
    if Program.objects.filter(name__iexact=name).exists():
        raise ConflictError("program_exists", f"Program {name!r} sudah ada.")
    try:
        with transaction.atomic():
            program = Program.objects.create(
                name=name, completion_percent=completion_percent, description=description
            )
            events.record(program, TrainingEvents.CREATED, actor=actor)
    except IntegrityError:
        raise ConflictError("program_exists", f"Program {name!r} sudah ada.") from None
    return program


def program_resolve(value: int | str) -> Program:
    """The program by its id or (kindly) its exact name; else RuleError ``program_unknown``."""
    program = None
    try:
        pk = clean_int(value, low=1, high=INT_MAX)
    except CleanError:
        pk = None
    if pk is not None:
        program = Program.objects.filter(pk=pk).first()
    if program is None and isinstance(value, str) and value.strip():
        program = Program.objects.filter(name__iexact=value.strip()).first()
    if program is None:
        raise RuleError.one(
            "program_unknown", "Program pelatihan tidak ditemukan.", field="program"
        )
    return program


@dataclass
class SessionTime:
    starts_at: datetime
    ends_at: datetime
    topic: str = ""


def _check_sessions(sessions: list[SessionTime]) -> None:
    if not sessions:
        raise RuleError.one(
            "sessions_required", "Angkatan harus punya paling sedikit satu sesi.", field="sessions"
        )
    problems = []
    for i, s in enumerate(sessions):
        if s.ends_at <= s.starts_at:
            problems.append(
                (
                    "session_time_invalid",
                    f"Sesi {i + 1}: waktu selesai harus setelah waktu mulai.",
                    f"sessions.{i}",
                )
            )
    if problems:
        raise RuleError(*problems)


def batch_create(
    *,
    actor,
    program: Program,
    name: str,
    capacity: int,
    sessions: list[SessionTime],
    kecamatan_code: str | None = None,
    venue: str = "",
    online_url: str = "",
    trainer: str = "",
    status: str = BatchStatus.OPEN,
) -> Batch:
    _require_staff(actor)
    c = Cleaner()
    given = {"name": name, "venue": venue, "online_url": online_url, "trainer": trainer}
    name = c.text(given, "name", "Nama angkatan", required=True, max_length=150)
    venue = c.text(given, "venue", "Tempat", max_length=200)
    online_url = c.text(given, "online_url", "Tautan daring", max_length=200)
    trainer = c.text(given, "trainer", "Pelatih", max_length=150)
    if kecamatan_code is not None:
        kecamatan_code = c.text({"k": kecamatan_code}, "k", "Kecamatan", max_length=8)
    for i, session in enumerate(sessions or []):
        c.text({"topic": session.topic}, "topic", f"Sesi {i + 1}: materi", max_length=200)
    if len(sessions or []) > MAX_SESSIONS:
        c.add("sessions_too_many", f"Paling banyak {MAX_SESSIONS} sesi.", "sessions")
    c.raise_if_any()
    if not isinstance(capacity, int) or not 1 <= capacity <= MAX_CAPACITY:
        raise RuleError.one(
            "capacity_invalid",
            f"Kapasitas harus 1 sampai {MAX_CAPACITY} orang.",
            field="capacity",
        )
    if status not in (BatchStatus.OPEN, BatchStatus.CLOSED):
        raise RuleError.one("status_invalid", "Status pendaftaran tidak dikenal.", field="status")
    kecamatan = kecamatan_get(kecamatan_code) if kecamatan_code else None
    _check_sessions(sessions)
    ordered = sorted(sessions, key=lambda s: s.starts_at)
    with transaction.atomic():
        batch = Batch.objects.create(
            program=program,
            name=name,
            capacity=capacity,
            kecamatan=kecamatan,
            venue=venue,
            online_url=online_url,
            trainer=trainer,
            status=status,
            starts_on=timezone.localtime(ordered[0].starts_at).date(),
            ends_on=timezone.localtime(ordered[-1].ends_at).date(),
            created_by=actor,
        )
        Session.objects.bulk_create(
            Session(
                batch=batch,
                number=i,
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                topic=s.topic,
                checkin_code=secrets.token_urlsafe(16),
            )
            for i, s in enumerate(ordered, start=1)
        )
        events.record(batch, TrainingEvents.CREATED, actor=actor, to_status=batch.status)
    return batch


def batch_set_open(*, batch: Batch, actor, open: bool) -> Batch:
    """Open or close registration."""
    _require_staff(actor)
    with transaction.atomic():
        batch = Batch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == BatchStatus.COMPLETED:
            raise ConflictError("batch_completed", "Angkatan ini sudah selesai.")
        target = BatchStatus.OPEN if open else BatchStatus.CLOSED
        if batch.status != target:
            before = batch.status
            batch.status = target
            batch.save(update_fields=["status", "updated_at"])
            events.record(
                batch,
                TrainingEvents.STATUS_CHANGED,
                actor=actor,
                from_status=before,
                to_status=target,
            )
    return batch
