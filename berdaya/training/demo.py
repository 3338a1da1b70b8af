"""Demo data of this app, called by ``manage.py seed_demo`` after the registry's. Idempotent.

Two programs, a batch every few weeks from January 2022 to today across Depok's kecamatan with
participants drawn from the registry's persons (mostly new entrepreneurs), attendance and
certificates for the completed batches, one batch running today (for the QR check-in) and one
open upcoming batch. Past batches are written in bulk (no notifications are sent for history).
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from berdaya.accounts.models import User
from berdaya.accounts.phones import normalize_phone
from berdaya.core.personas import BEJI_KECAMATAN, PERSONAS
from berdaya.regions.models import Kecamatan
from berdaya.registry.models import Person, Registration
from berdaya.training.models import (
    Attendance,
    AttendanceMethod,
    Batch,
    BatchStatus,
    Certificate,
    Enrollment,
    EnrollmentStatus,
    Program,
    Session,
)

PROGRAMS = [
    ("Pelatihan Wirausaha Baru", 80, "Perencanaan usaha, keuangan sederhana, perizinan (NIB)."),
    ("Digital Marketing UMKM", 75, "Foto produk, media sosial, marketplace dan WhatsApp Business."),
]
TOPICS = [
    "Ide dan rencana usaha",
    "Keuangan sederhana",
    "Perizinan dan NIB",
    "Pemasaran",
    "Praktik",
]
VENUES = ["Aula Kecamatan {k}", "Balai Warga Kecamatan {k}", "Gedung Dekranasda, Kec. {k}"]
DEMO_PARTICIPANT_PHONE = "081300000003"  # the registry's verified demo login


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _candidates() -> list[tuple[int, date, bool]]:
    rows = Registration.objects.values_list("person_id", "submitted_at", "is_new_entrepreneur")
    return [(pid, timezone.localtime(at).date(), new) for pid, at, new in rows]


def _staff() -> User | None:
    phone = next(p.phone for p in PERSONAS if p.key == "staff")
    return User.objects.filter(phone=normalize_phone(phone)).first()


def _demo_person() -> Person | None:
    user = User.objects.filter(phone=normalize_phone(DEMO_PARTICIPANT_PHONE)).first()
    return getattr(user, "person", None) if user else None


def _create_batch(program, name, kecamatan, first_day, sessions, capacity, status, staff, rng):
    batch = Batch.objects.create(
        program=program,
        name=name,
        capacity=capacity,
        kecamatan=kecamatan,
        venue=rng.choice(VENUES).format(k=kecamatan.name),
        trainer=rng.choice(
            ["Ibu Ratna (BDS)", "Bapak Yusuf (Klinik UMKM)", "Ibu Dewi (Dekranasda)"]
        ),
        status=status,
        starts_on=first_day,
        ends_on=first_day + timedelta(days=sessions - 1),
        created_by=staff,
    )
    Session.objects.bulk_create(
        Session(
            batch=batch,
            number=i + 1,
            starts_at=_at(first_day + timedelta(days=i), 9),
            ends_at=_at(first_day + timedelta(days=i), 15),
            topic=TOPICS[i % len(TOPICS)],
            checkin_code=secrets.token_urlsafe(16),
        )
        for i in range(sessions)
    )
    return batch


def _fill_completed(batch, person_ids, staff, rng, *, diligent=()) -> int:
    now = timezone.now()
    Enrollment.objects.bulk_create(
        Enrollment(
            batch=batch,
            person_id=pid,
            status=EnrollmentStatus.REGISTERED,
            registered_at=_at(batch.starts_on - timedelta(days=rng.randint(3, 20)), 10),
            reminded_at=_at(batch.starts_on - timedelta(days=1), 8),
        )
        for pid in person_ids
    )
    enrollments = list(batch.enrollments.all())
    sessions = list(batch.sessions.all())
    attended: dict[int, int] = {}
    rows = []
    for e in enrollments:
        diligence = 1.0 if e.person_id in diligent else rng.random()
        for s in sessions:
            if diligence == 1.0 or rng.random() < (0.97 if diligence > 0.15 else 0.5):
                rows.append(
                    Attendance(
                        session=s, enrollment=e, method=AttendanceMethod.STAFF, recorded_by=staff
                    )
                )
                attended[e.pk] = attended.get(e.pk, 0) + 1
    Attendance.objects.bulk_create(rows)
    issued_on = batch.ends_on + timedelta(days=1)
    certificates: list[Certificate] = []
    for e in sorted(enrollments, key=lambda e: e.pk):
        count = attended.get(e.pk, 0)
        if count * 100 >= batch.program.completion_percent * len(sessions):
            certificates.append(
                Certificate(
                    number=f"DKUM/{issued_on.year}/{batch.pk:04d}/{len(certificates) + 1:03d}",
                    person_id=e.person_id,
                    batch=batch,
                    enrollment=e,
                    issued_on=issued_on,
                    code=secrets.token_urlsafe(12),
                    attended_sessions=count,
                    total_sessions=len(sessions),
                )
            )
    Certificate.objects.bulk_create(certificates)
    batch.status = BatchStatus.COMPLETED
    batch.completed_at = min(now, _at(issued_on, 10))
    batch.save(update_fields=["status", "completed_at"])
    return len(certificates)


def _register_live(batch, person_ids, rng) -> None:
    """Registrations of a current batch: places up to the capacity, then a waiting list."""
    now = timezone.now()
    Enrollment.objects.bulk_create(
        Enrollment(
            batch=batch,
            person_id=pid,
            status=(
                EnrollmentStatus.REGISTERED if i < batch.capacity else EnrollmentStatus.WAITLISTED
            ),
            registered_at=now - timedelta(days=10, minutes=-i),
        )
        for i, pid in enumerate(person_ids)
    )


def seed(*, stdout, rng) -> None:
    if Batch.objects.exists():
        stdout.write("Pelatihan: data demo sudah ada.")
        return
    candidates = _candidates()
    if not candidates:
        stdout.write("Pelatihan: belum ada data registry; lewati.")
        return
    kecamatan = list(Kecamatan.objects.order_by("code"))
    staff = _staff()
    demo_person = _demo_person()
    today = timezone.localdate()
    with transaction.atomic():
        programs = [
            Program.objects.get_or_create(
                name=name, defaults={"completion_percent": pct, "description": desc}
            )[0]
            for name, pct, desc in PROGRAMS
        ]
        numbers = {p.pk: 0 for p in programs}
        trained: dict[int, set[int]] = {p.pk: set() for p in programs}
        day, certified, batches = date(2022, 1, 17), 0, 0
        used_demo = False
        while day < today - timedelta(days=10):
            program = programs[batches % 2 if rng.random() < 0.8 else 0]
            numbers[program.pk] += 1
            sessions = 4 if program == programs[0] else 3
            place = kecamatan[batches % len(kecamatan)]
            batch = _create_batch(
                program,
                f"Angkatan {numbers[program.pk]} · {day.year}",
                place,
                day,
                sessions,
                rng.choice([25, 30, 30, 40]),
                BatchStatus.OPEN,
                staff,
                rng,
            )
            # mostly new entrepreneurs registered before (or soon after) the training, each
            # person trained at most once per program
            known = [(pid, new) for pid, at, new in candidates if at <= day + timedelta(days=30)]
            fresh = [(pid, new) for pid, new in known if pid not in trained[program.pk]]
            pool = [pid for pid, new in fresh if new]
            others = [pid for pid, new in fresh if not new]
            size = min(len(pool) + len(others), rng.randint(12, 24))
            chosen = rng.sample(pool, min(len(pool), int(size * 0.85)))
            chosen += rng.sample(others, min(len(others), size - len(chosen)))
            if demo_person and not used_demo and day.year >= 2024:
                chosen = [demo_person.pk] + [p for p in chosen if p != demo_person.pk]
                used_demo = True
            trained[program.pk].update(chosen)
            if chosen:
                diligent = {demo_person.pk} if demo_person else set()
                certified += _fill_completed(batch, chosen, staff, rng, diligent=diligent)
            batches += 1
            day += timedelta(days=rng.randint(30, 55))

        beji = Kecamatan.objects.get(code=BEJI_KECAMATAN)
        beji_people = list(
            Person.objects.filter(kelurahan__kecamatan=beji).values_list("pk", flat=True)[:40]
        )
        # running today (sessions yesterday, today, tomorrow): staff take attendance, QR works
        running = _create_batch(
            programs[1],
            "Angkatan berjalan · Beji",
            beji,
            today - timedelta(days=1),
            3,
            20,
            BatchStatus.CLOSED,
            staff,
            rng,
        )
        running.venue = "Aula Kecamatan Beji"
        running.save(update_fields=["venue"])
        _register_live(running, beji_people[:12], rng)
        # open and upcoming, nearly full, with the demo participant registered
        upcoming = _create_batch(
            programs[0],
            f"Angkatan {numbers[programs[0].pk] + 1} · {today.year}",
            beji,
            today + timedelta(days=14),
            4,
            25,
            BatchStatus.OPEN,
            staff,
            rng,
        )
        upcoming_people = beji_people[12:32]
        if demo_person and demo_person.pk not in upcoming_people:
            upcoming_people = [demo_person.pk] + upcoming_people
        _register_live(upcoming, upcoming_people[:20], rng)
    stdout.write(
        f"Pelatihan: {len(programs)} program, {batches + 2} angkatan, {certified} sertifikat."
    )
