"""Demo data pieces: NIKs, phones, business values and one verified partner with an account."""

from __future__ import annotations

import datetime
import functools
import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from faker import Faker

from berdaya.accounts.models import Role, User
from berdaya.accounts.phones import normalize_phone
from berdaya.accounts.services import role_assign
from berdaya.core import events
from berdaya.core.personas import DEMO_PASSWORD
from berdaya.regions.models import Kelurahan
from berdaya.registry import rules
from berdaya.registry.models import (
    Business,
    Education,
    KbliCode,
    MarketingChannel,
    Person,
    Registration,
    RegistrationStatus,
    RegistryEvents,
)
from berdaya.registry.services import CONSENT_TEXT, _next_partner_number

Status = RegistrationStatus


BEJI_RT3_PARTNERS = 16


# One login per status, with a fixed phone, so the demo can be walked through.
STATUS_LOGINS = {
    Status.SUBMITTED: "081300000001",
    Status.NEEDS_REVISION: "081300000002",
    Status.VERIFIED: "081300000003",
    Status.REJECTED: "081300000004",
}


# Typical micro businesses of Depok: (KBLI kelompok, name patterns).
TRADES = [
    ("10792", ["Kue Basah {n}", "Jajanan Pasar {n}", "Lapis Legit {n}"]),
    ("10794", ["Kerupuk {n}", "Keripik Singkong {n}"]),
    ("47111", ["Warung Sembako {n}", "Toko Kelontong {n}"]),
    ("56102", ["Warung Makan {n}", "Warteg {n}", "Soto Betawi {n}"]),
    ("56103", ["Kedai Kopi {n}", "Es Teh {n}"]),
    ("14111", ["Konveksi {n}", "Jahit {n}"]),
    ("96021", ["Salon {n}", "Pangkas Rambut {n}"]),
    ("95230", ["Sol Sepatu {n}"]),
    ("47911", ["Olshop {n}", "Dagang Online {n}"]),
    ("01131", ["Tanaman Hias {n}", "Kebun {n}"]),
    ("45407", ["Bengkel Motor {n}"]),
    ("16292", ["Kerajinan Bambu {n}"]),
]


@functools.cache
def _demo_password_hash() -> str:
    """DEMO_PASSWORD hashed once per process (hashing is slow on purpose)."""
    return make_password(DEMO_PASSWORD)


def _faker(rng: random.Random) -> Faker:
    fake = Faker("id_ID")
    fake.seed_instance(rng.randint(0, 10**9))
    return fake


def make_nik(rng: random.Random, *, kelurahan_code: str, gender: str, birth_date) -> str:
    """A well-formed, unused NIK for the demo (region of the kelurahan's kecamatan)."""
    prefix = kelurahan_code.replace(".", "")[:6]
    day = birth_date.day + (40 if gender == "P" else 0)
    stem = f"{prefix}{day:02d}{birth_date:%m%y}"
    while True:
        nik = f"{stem}{rng.randint(1, 9999):04d}"
        if not Person.objects.filter(nik=nik).exists():
            return nik


def _free_phone(rng: random.Random, taken: set[str] | None = None) -> str:
    while True:
        phone = f"+62857{rng.randint(10_000_000, 99_999_999)}"
        if (taken is None or phone not in taken) and not User.objects.filter(phone=phone).exists():
            if taken is not None:
                taken.add(phone)
            return phone


def _kbli_map() -> dict[str, KbliCode]:
    codes = [code for code, _ in TRADES]
    found = {k.code: k for k in KbliCode.objects.filter(version="2020", code__in=codes)}
    if not found:
        found = {k.code: k for k in KbliCode.objects.filter(level="kelompok")[:12]}
    return found


def _business_values(rng, fake, kbli_map, *, started_on) -> dict:
    code = rng.choice([c for c, _ in TRADES if c in kbli_map] or list(kbli_map))
    patterns = dict(TRADES).get(code, ["Usaha {n}"])
    kbli = kbli_map[code]
    capital = rng.choice([2, 5, 10, 15, 25, 50, 75, 100, 250]) * 1_000_000
    sales = capital * rng.randint(2, 12)
    if rng.random() < 0.03:
        capital, sales = 1_500_000_000, 4_000_000_000  # a few small (kecil) businesses
    size_class, size_rule = rules.classify_size(capital_rupiah=capital, annual_sales_rupiah=sales)
    return {
        "name": rng.choice(patterns).format(n=fake.first_name()),
        "started_on": started_on,
        "kbli": kbli,
        "kbli_version": kbli.version,
        "kbli_section": kbli.section,
        "nib": f"{rng.randint(10**12, 10**13 - 1)}" if rng.random() < 0.35 else "",
        "capital_rupiah": capital,
        "annual_sales_rupiah": sales,
        "workers_women": rng.randint(0, 3),
        "workers_men": rng.randint(0, 2),
        "marketing_channels": rng.sample(list(MarketingChannel.values), rng.randint(1, 2)),
        "size_class": size_class,
        "size_rule": size_rule,
    }


def make_verified_partner(
    rng: random.Random,
    *,
    kelurahan_code: str,
    rw: int,
    rt: int,
    gender: str | None = None,
    with_user: bool = True,
    verified_on: datetime.date | None = None,
    phone: str | None = None,
    status: str = Status.VERIFIED,
) -> Person:
    """A person (with a user account, password DEMO_PASSWORD), a business and a VERIFIED
    registration, living at kelurahan/RW/RT. Used by other apps' demos to build groups."""
    fake = _faker(rng)
    kelurahan = Kelurahan.objects.get(code=kelurahan_code)
    gender = gender or ("P" if rng.random() < 0.4 else "L")
    birth_date = datetime.date(rng.randint(1965, 2003), rng.randint(1, 12), rng.randint(1, 28))
    full_name = fake.name_female() if gender == "P" else fake.name_male()
    verified_on = verified_on or timezone.localdate() - timedelta(days=rng.randint(30, 600))
    submitted_on = verified_on - timedelta(days=rng.randint(1, 14))
    started_on = submitted_on - timedelta(days=rng.randint(20, 330))
    with transaction.atomic():
        user = None
        if with_user:
            user = User.objects.create(
                phone=normalize_phone(phone or _free_phone(rng)),
                full_name=full_name,
                password=_demo_password_hash(),
            )
            role_assign(user=user, role=Role.PELAKU_USAHA)
        consent_at = _aware(submitted_on, 9)
        person = Person.objects.create(
            user=user,
            nik=make_nik(rng, kelurahan_code=kelurahan_code, gender=gender, birth_date=birth_date),
            full_name=full_name,
            gender=gender,
            birth_date=birth_date,
            phone=str(user.phone) if user else _free_phone(rng),
            education=rng.choice(Education.values),
            consent_text=CONSENT_TEXT,
            consent_at=consent_at,
            kelurahan=kelurahan,
            rw=rw,
            rt=rt,
            street_address=f"{fake.street_name()} No. {rng.randint(1, 120)}",
        )
        values = _business_values(rng, fake, _kbli_map(), started_on=started_on)
        business = Business.objects.create(
            owner=person, kelurahan=kelurahan, rw=rw, rt=rt,
            street_address=person.street_address, **values,
        )  # fmt: skip
        reg = Registration.objects.create(
            person=person,
            business=business,
            status=status,
            submitted_at=consent_at,
            is_new_entrepreneur=rules.is_new_entrepreneur(
                person, started_on=started_on, registered_on=submitted_on
            ),
        )
        events.record(reg, RegistryEvents.SUBMITTED, actor=user, to_status=Status.SUBMITTED)
        if status != Status.SUBMITTED:
            reasons: dict[str, str] = {
                Status.NEEDS_REVISION: "Lengkapi alamat usaha dan NIB (bila sudah ada).",
                Status.REJECTED: "Usaha berada di luar Kota Depok.",
            }
            reg.reason = reasons.get(status, "")
            if status == Status.VERIFIED:
                reg.partner_number = _next_partner_number(verified_on.year)
                reg.verified_at = _aware(verified_on, 10)
            reg.save()
            verbs: dict[str, RegistryEvents] = {
                Status.VERIFIED: RegistryEvents.VERIFIED,
                Status.REJECTED: RegistryEvents.REJECTED,
            }
            verb = verbs.get(status, RegistryEvents.REVISION_ASKED)
            events.record(
                reg, verb,
                from_status=Status.SUBMITTED, to_status=status, note=reg.reason,
            )  # fmt: skip
    return person


def _aware(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))
