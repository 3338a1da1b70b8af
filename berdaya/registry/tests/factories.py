"""Test data for the registry: valid submissions and registrations in a given status."""

from __future__ import annotations

import datetime
import itertools
import random

from berdaya.core.personas import BEJI, BEJI_KECAMATAN, DEMO_PASSWORD

_serial = itertools.count(1)
_phone = itertools.count(10_000_001)


def nik_for(*, gender="P", birth=datetime.date(1990, 5, 17), prefix="327606", serial=None):
    day = birth.day + (40 if gender == "P" else 0)
    return f"{prefix}{day:02d}{birth:%m%y}{serial or next(_serial):04d}"


def person_data(**over) -> dict:
    gender = over.pop("gender", "P")
    birth = over.pop("birth", datetime.date(1990, 5, 17))
    data = {
        "nik": nik_for(gender=gender, birth=birth),
        "full_name": "Siti Aminah",
        "gender": gender,
        "birth_date": birth.isoformat(),
        "phone": f"0857{next(_phone):08d}",
        "email": "",
        "kelurahan_code": BEJI,
        "kecamatan_code": BEJI_KECAMATAN,
        "rw": 7,
        "rt": 3,
        "street_address": "Jl. Kenari No. 5",
    }
    data.update(over)
    return data


def business_data(**over) -> dict:
    data = {
        "name": "Kue Basah Bu Siti",
        "kbli_code": "10792",
        "started_on": (datetime.date.today() - datetime.timedelta(days=90)).isoformat(),
        "capital_rupiah": 5_000_000,
        "annual_sales_rupiah": 60_000_000,
        "workers_women": 2,
        "workers_men": 0,
        "nib": "",
    }
    data.update(over)
    return data


def payload(person=None, business=None, **over) -> dict:
    data = {
        "person": person_data(**(person or {})),
        "business": business_data(**(business or {})),
        "password": DEMO_PASSWORD,
        "consent": True,
    }
    data.update(over)
    return data


def submit(**kw):
    from berdaya.registry.services import registration_submit

    p = payload(kw.pop("person", None), kw.pop("business", None))
    return registration_submit(
        person=p["person"], business=p["business"], password=p["password"], consent=True, **kw
    )


def verified(staff, **kw):
    from berdaya.registry.services import registration_review

    reg = submit(**kw)
    return registration_review(registration=reg, reviewer=staff, decision="verify")


def rng(seed=7):
    return random.Random(seed)
