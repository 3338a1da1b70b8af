"""factory_boy factories for registry rows (persons, businesses, registrations).

The NIK of a person agrees with the person's gender and birth date (women add 40 to the day), so
rows built here pass the registry's NIK rules. ``factories.py`` keeps the payload builders that go
through the services; these build rows directly for rule and lock tests.
"""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from berdaya.core.personas import BEJI
from berdaya.registry.models import Business, KbliCode, Person, Registration


def nik_of(gender: str, birth: datetime.date, serial: int, prefix: str = "327606") -> str:
    day = birth.day + (40 if gender == "P" else 0)
    return f"{prefix}{day:02d}{birth:%m%y}{serial % 9999 + 1:04d}"


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    gender = "P"
    birth_date = datetime.date(1990, 5, 17)
    nik = factory.LazyAttributeSequence(lambda o, n: nik_of(o.gender, o.birth_date, 7000 + n))
    full_name = factory.Sequence(lambda n: f"Warga Uji {n}")
    phone = factory.Sequence(lambda n: f"0821{n:08d}")
    kelurahan_id = BEJI
    rw = 7
    rt = 3


class BusinessFactory(factory.django.DjangoModelFactory[Business]):
    class Meta:
        model = Business

    owner = factory.SubFactory(PersonFactory)
    name = factory.Sequence(lambda n: f"Usaha Uji {n}")
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    kbli = factory.LazyFunction(
        lambda: KbliCode.objects.filter(level="kelompok").order_by("code").first()
    )
    kbli_section = factory.LazyAttribute(lambda o: o.kbli.section)
    capital_rupiah = 5_000_000
    annual_sales_rupiah = 60_000_000
    size_class = "mikro"
    size_rule = "PP 7/2021 Pasal 35"
    kelurahan_id = BEJI
    rw = 7
    rt = 3


class RegistrationFactory(factory.django.DjangoModelFactory[Registration]):
    class Meta:
        model = Registration

    business = factory.SubFactory(BusinessFactory)
    person = factory.LazyAttribute(lambda o: o.business.owner)
    status = "submitted"
    submitted_at = factory.LazyFunction(timezone.now)
