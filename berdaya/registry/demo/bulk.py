"""The demo seed: a few hundred registrations in every status, their events and reports."""

from __future__ import annotations

import datetime
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from berdaya.accounts.phones import normalize_phone
from berdaya.core.models import Event
from berdaya.core.personas import BEJI, DEMO_PASSWORD
from berdaya.regions.models import Kelurahan
from berdaya.registry.demo.partners import (
    BEJI_RT3_PARTNERS,
    STATUS_LOGINS,
    Status,
    _aware,
    _business_values,
    _faker,
    _free_phone,
    _kbli_map,
    make_verified_partner,
)
from berdaya.registry.models import (
    Business,
    DevelopmentReport,
    Education,
    Need,
    Person,
    Registration,
)
from berdaya.registry.services import CONSENT_TEXT, _next_partner_number

DEMO_BUSINESSES = 320


def _random_day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def seed(*, stdout, rng) -> None:
    if Person.objects.filter(phone=normalize_phone(STATUS_LOGINS[Status.VERIFIED])).exists():
        stdout.write("registry: demo data already present")
        _print_logins(stdout)
        return
    today = timezone.localdate()
    # Logins, one per status, in Beji RW 7 RT 3.
    for status, phone in STATUS_LOGINS.items():
        make_verified_partner(
            rng, kelurahan_code=BEJI, rw=7, rt=3, phone=phone, status=status,
            verified_on=today - timedelta(days=40),
        )  # fmt: skip
    for _ in range(BEJI_RT3_PARTNERS):
        make_verified_partner(rng, kelurahan_code=BEJI, rw=7, rt=3)
    _seed_bulk(rng, today)
    _seed_reports(rng, today)
    stdout.write(f"registry: {Registration.objects.count()} registrations")
    _print_logins(stdout)


def _seed_bulk(rng: random.Random, today: datetime.date) -> None:
    """The bulk of the demo registry, without user accounts, in a few bulk inserts."""
    fake = _faker(rng)
    kbli_map = _kbli_map()
    kelurahan = list(Kelurahan.objects.filter(code__startswith="32.76."))
    start = datetime.date(2022, 1, 1)
    taken_nik: set[str] = set(Person.objects.values_list("nik", flat=True))
    taken_phone: set[str] = set()
    persons, plans = [], []
    for _ in range(DEMO_BUSINESSES):
        kel = rng.choice(kelurahan)
        gender = "P" if rng.random() < 0.4 else "L"
        birth = datetime.date(rng.randint(1962, 2004), rng.randint(1, 12), rng.randint(1, 28))
        prefix = kel.code.replace(".", "")[:6]
        stem = f"{prefix}{birth.day + (40 if gender == 'P' else 0):02d}{birth:%m%y}"
        nik = f"{stem}{rng.randint(1, 9999):04d}"
        while nik in taken_nik:
            nik = f"{stem}{rng.randint(1, 9999):04d}"
        taken_nik.add(nik)
        submitted_on = _random_day(rng, start, today)
        new = rng.random() < 0.75
        months_before = rng.randint(0, 11) if new else rng.randint(14, 120)
        started_on = submitted_on - timedelta(days=months_before * 30 + rng.randint(0, 25))
        rw, rt = rng.randint(1, 15), rng.randint(1, 12)
        persons.append(
            Person(
                nik=nik,
                full_name=fake.name_female() if gender == "P" else fake.name_male(),
                gender=gender,
                birth_date=birth,
                phone=_free_phone(rng, taken_phone),
                education=rng.choice(Education.values),
                consent_text=CONSENT_TEXT,
                consent_at=_aware(submitted_on, 8),
                kelurahan=kel,
                rw=rw,
                rt=rt,
                street_address=f"{fake.street_name()} No. {rng.randint(1, 200)}",
            )
        )
        age_days = (today - submitted_on).days
        roll = rng.random()
        if age_days < 20:
            status = Status.SUBMITTED if roll < 0.7 else Status.NEEDS_REVISION
        else:
            status = (
                Status.VERIFIED if roll < 0.8 else Status.REJECTED if roll < 0.9
                else Status.NEEDS_REVISION if roll < 0.95 else Status.SUBMITTED
            )  # fmt: skip
        plans.append((submitted_on, started_on, status, new))
    niks = [p.nik for p in persons]
    with transaction.atomic():
        Person.objects.bulk_create(persons, batch_size=500)
        by_nik = {p.nik: p for p in Person.objects.filter(nik__in=niks)}
        ordered = [by_nik[nik] for nik in niks]
        businesses = []
        for person, (_, started_on, _, _) in zip(ordered, plans, strict=True):
            values = _business_values(rng, fake, kbli_map, started_on=started_on)
            businesses.append(
                Business(
                    owner=person,
                    kelurahan_id=person.kelurahan_id,
                    rw=person.rw,
                    rt=person.rt,
                    street_address=person.street_address,
                    **values,
                )  # fmt: skip
            )
        Business.objects.bulk_create(businesses, batch_size=500)
        businesses = list(Business.objects.filter(owner__in=ordered).order_by("owner_id"))
        by_owner = {b.owner_id: b for b in businesses}
        registrations = []
        verified = sorted(
            (i for i, plan in enumerate(plans) if plan[2] == Status.VERIFIED),
            key=lambda i: plans[i][0],
        )
        numbers = {
            i: _next_partner_number(min(today, plans[i][0] + timedelta(days=7)).year)
            for i in verified
        }
        for i, (person, (submitted_on, _, status, new)) in enumerate(
            zip(ordered, plans, strict=True)
        ):
            verified_on = min(today, submitted_on + timedelta(days=rng.randint(1, 7)))
            registrations.append(
                Registration(
                    person=person,
                    business=by_owner[person.pk],
                    status=status,
                    partner_number=numbers.get(i),
                    submitted_at=_aware(submitted_on, 9),
                    verified_at=_aware(verified_on, 11) if status == Status.VERIFIED else None,
                    reason={
                        Status.NEEDS_REVISION: "Lengkapi NIB atau foto tempat usaha.",
                        Status.REJECTED: "Data usaha tidak dapat diverifikasi.",
                    }.get(status, ""),
                    is_new_entrepreneur=new,
                )
            )
        Registration.objects.bulk_create(registrations, batch_size=500)
        _bulk_events(Registration.objects.filter(person__in=ordered))


def _bulk_events(registrations) -> None:
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Registration)
    rows, when = [], []
    for reg in registrations:
        rows.append(Event(content_type=ct, object_id=str(reg.pk), verb="submitted",
                          to_status=Status.SUBMITTED))  # fmt: skip
        when.append(reg.submitted_at)
        if reg.status != Status.SUBMITTED:
            verb = {"verified": "verify", "rejected": "reject"}.get(reg.status, "revise")
            rows.append(Event(content_type=ct, object_id=str(reg.pk), verb=verb,
                              from_status=Status.SUBMITTED, to_status=reg.status,
                              note=reg.reason))  # fmt: skip
            when.append(reg.verified_at or reg.submitted_at + timedelta(days=3))
    created = Event.objects.bulk_create(rows, batch_size=1000)
    # created_at is auto_now_add: set the historical times afterwards.
    for event, at in zip(created, when, strict=True):
        event.created_at = at
    Event.objects.bulk_update(created, ["created_at"], batch_size=500)


def _seed_reports(rng: random.Random, today: datetime.date) -> None:
    """Monthly development reports for a part of the verified partners (the last 6 months)."""
    rows = []
    partners = Registration.objects.filter(status=Status.VERIFIED).select_related("business")
    for reg in partners:
        if rng.random() > 0.5:
            continue
        b = reg.business
        monthly = max(1, b.annual_sales_rupiah // 12)
        for back in range(rng.randint(2, 6), 0, -1):
            month = (today.replace(day=1) - timedelta(days=30 * back)).replace(day=1)
            if month < timezone.localdate(reg.verified_at).replace(day=1):
                continue
            growth = 1 + (6 - back) * rng.uniform(0.0, 0.06)
            rows.append(
                DevelopmentReport(
                    business=b,
                    period=month,
                    sales_rupiah=int(monthly * growth) // 1000 * 1000,
                    assets_rupiah=b.capital_rupiah + rng.randint(0, 20) * 500_000,
                    workers_women=b.workers_women + (1 if back < 2 and rng.random() < 0.3 else 0),
                    workers_men=b.workers_men,
                    production=f"{rng.randint(50, 900)} porsi/unit per bulan",
                    marketing_channels=b.marketing_channels,
                    needs=rng.sample(list(Need.values), rng.randint(0, 2)),
                )
            )
    DevelopmentReport.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


def _print_logins(stdout) -> None:
    for status, phone in STATUS_LOGINS.items():
        stdout.write(f"  pelaku usaha ({Status(status).label}): {phone} / {DEMO_PASSWORD}")
