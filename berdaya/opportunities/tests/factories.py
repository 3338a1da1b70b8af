"""Builders for opportunity tests: partners with exactly the facts the rules look at."""

from __future__ import annotations

import datetime
import itertools
import secrets

from django.utils import timezone

from berdaya.core.personas import BEJI, DEMO_PASSWORD, DEPOK_JAYA
from berdaya.registry.models import Business, KbliCode, Person, Registration

_n = itertools.count(1)
SIZE_FIGURES = {
    "mikro": (10_000_000, 60_000_000),
    "kecil": (2_000_000_000, 5_000_000_000),
    "menengah": (8_000_000_000, 30_000_000_000),
}
BEJI_KEC = "32.76.06"
PANCORAN_MAS_KEC = "32.76.01"


def kbli_of(section: str) -> KbliCode:
    kbli = KbliCode.objects.filter(section=section, level="kelompok").order_by("code").first()
    assert kbli is not None, section
    return kbli


def make_partner(
    *,
    gender: str = "P",
    kelurahan: str = BEJI,
    section: str = "C",
    size: str = "mikro",
    new: bool = True,
    verified: bool = True,
    with_user: bool = True,
    certificate_program=None,
    name: str | None = None,
):
    """A partner (user, person, business, registration). Returns the Business."""
    from berdaya.accounts.services import role_assign, user_create

    n = next(_n)
    phone = f"0858{n:08d}"
    full_name = name or f"Mitra {n}"
    user = None
    if with_user:
        user = user_create(full_name=full_name, phone=phone, password=DEMO_PASSWORD, validate=False)
        role_assign(user=user, role="pelaku_usaha")
    day = 17 + (40 if gender == "P" else 0)
    person = Person.objects.create(
        user=user, nik=f"327606{day:02d}0590{n:04d}", full_name=full_name, gender=gender,
        birth_date=datetime.date(1990, 5, 17), phone=phone, kelurahan_id=kelurahan, rw=7, rt=3,
    )  # fmt: skip
    kbli = kbli_of(section)
    capital, sales = SIZE_FIGURES[size]
    business = Business.objects.create(
        owner=person, name=f"Usaha {full_name}", started_on=datetime.date(2025, 1, 1), kbli=kbli,
        kbli_section=kbli.section, capital_rupiah=capital, annual_sales_rupiah=sales,
        size_class=size, size_rule="uji", kelurahan_id=kelurahan, rw=7, rt=3,
    )  # fmt: skip
    Registration.objects.create(
        person=person, business=business, status="verified" if verified else "submitted",
        submitted_at=timezone.now(), verified_at=timezone.now() if verified else None,
        partner_number=f"MB-T{n:06d}" if verified else None, is_new_entrepreneur=new,
    )  # fmt: skip
    if certificate_program is not None:
        give_certificate(person, certificate_program)
    return business


def far_kelurahan() -> str:
    """A kelurahan outside Beji and Pancoran Mas."""
    from berdaya.regions.models import Kelurahan

    found = Kelurahan.objects.exclude(kecamatan_id__in=[BEJI_KEC, PANCORAN_MAS_KEC]).first()
    assert found is not None
    return found.code


def make_program(name: str | None = None):
    from berdaya.training.models import Program

    return Program.objects.create(name=name or f"Program uji {next(_n)}")


def give_certificate(person, program):
    from berdaya.training.models import Batch, Certificate

    batch = Batch.objects.create(program=program, name=f"Angkatan {next(_n)}", capacity=30)
    return Certificate.objects.create(
        number=f"CERT-{next(_n)}", person=person, batch=batch,
        issued_on=timezone.localdate() - datetime.timedelta(days=30),
        code=secrets.token_hex(8),
    )  # fmt: skip


def today() -> datetime.date:
    return timezone.localdate()


def fields(**over) -> dict:
    data = {
        "kind": "business",
        "title": "Slot bazar Ramadan",
        "provider": "Dinas KUMKM Kota Depok",
        "description": "Stan gratis di bazar alun-alun.",
        "quota": 20,
        "first_come": False,
        "opens_on": today(),
        "deadline": today() + datetime.timedelta(days=14),
    }
    data.update(over)
    return data


def make_opportunity(staff, *, publish: bool = True, **over):
    from berdaya.opportunities import services

    o = services.opportunity_create(actor=staff, **fields(**over))
    if publish:
        o = services.opportunity_publish(actor=staff, opportunity=o)
    return o


def published(staff, **over):
    """Publish and run what the publication queues on commit (in-app alerts, the digest job)."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return make_opportunity(staff, **over)


def expire(opportunity, days: int = 1):
    """Move the dates so the deadline passed ``days`` days ago (status stays as stored)."""
    opportunity.opens_on = today() - datetime.timedelta(days=days + 10)
    opportunity.deadline = today() - datetime.timedelta(days=days)
    opportunity.save(update_fields=["opens_on", "deadline"])
    return opportunity


__all__ = ["BEJI", "DEPOK_JAYA", "make_partner", "make_opportunity", "fields", "expire"]
