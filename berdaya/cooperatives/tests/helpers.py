"""Test data for the cooperatives app: valid submissions and cooperatives in a given state."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from berdaya.accounts.services import user_create
from berdaya.cooperatives import services
from berdaya.cooperatives.models import Cooperative, CooperativeStatus
from berdaya.core.personas import BEJI, DEMO_PASSWORD, DEPOK_JAYA, KUKUSAN

_serial = itertools.count(1)
_nik_koperasi = itertools.count(1)
_phone = itertools.count(10_000_001)
TODAY = datetime.date.today
LAST_CLOSED = lambda: timezone.localdate().year - 1  # noqa: E731

__all__ = ["BEJI", "DEPOK_JAYA", "KUKUSAN"]


def nik_for(*, gender: str = "P", birth=datetime.date(1990, 5, 17), serial=None) -> str:
    day = birth.day + (40 if gender == "P" else 0)
    return f"327606{day:02d}{birth:%m%y}{serial or next(_serial):04d}"


def a_user(name: str = "Pengurus Koperasi"):
    return user_create(
        full_name=name, phone=f"0857{next(_phone):08d}", password=DEMO_PASSWORD, validate=False
    )


def cooperative_data(**over) -> dict:
    data = {
        "name": "Koperasi Serba Usaha Mawar",
        "nik_koperasi": f"3276{next(_nik_koperasi):012d}",
        "legal_number": "518/045/BH/XIII.3/2016",
        "legal_date": "2016-03-14",
        "type": "serba_usaha",
        "kelurahan_code": BEJI,
        "rw": 7,
        "rt": 3,
        "street_address": "Jl. Kenanga No. 1",
        "phone": "021 7720 1234",
        "email": "mawar@example.id",
        "board": [
            {"nik": nik_for(gender="L", birth=datetime.date(1970, 2, 3)),
             "full_name": "Budi Santoso", "position": "ketua",
             "term_start": "2024-01-01", "term_end": "2028-12-31"},
        ],
    }  # fmt: skip
    data.update(over)
    return data


def member_data(**over) -> dict:
    gender = over.pop("gender", "P")
    birth = over.pop("birth", datetime.date(1990, 5, 17))
    data = {
        "member_number": f"A-{next(_serial):05d}",
        "nik": nik_for(gender=gender, birth=birth),
        "full_name": "Siti Aminah",
        "gender": gender,
        "birth_date": birth.isoformat(),
        "joined_on": "2020-01-15",
        "savings_pokok_rupiah": 100_000,
        "savings_wajib_rupiah": 600_000,
        "savings_sukarela_rupiah": 0,
    }
    data.update(over)
    return data


def report_data(**over) -> dict:
    year = over.pop("fiscal_year", LAST_CLOSED())
    data = {
        "fiscal_year": year,
        "meeting_date": f"{year + 1}-01-20",
        "members_present": 40,
        "members_total": 60,
        "members_women": 35,
        "members_men": 25,
        "employees": 3,
        "total_assets_rupiah": 900_000_000,
        "own_capital_rupiah": 540_000_000,
        "outside_capital_rupiah": 300_000_000,
        "business_volume_rupiah": 1_200_000_000,
        "shu_rupiah": 45_000_000,
    }
    data.update(over)
    return data


def a_cooperative(*, board_user, staff, status: str = CooperativeStatus.VERIFIED, **over):
    """A cooperative registered by ``board_user``; verified by ``staff`` unless told."""
    coop = services.cooperative_register(actor=board_user, data=cooperative_data(**over))
    if status == CooperativeStatus.SUBMITTED:
        return coop
    decision = {"verified": "verify", "rejected": "reject", "needs_revision": "revise"}.get(
        status, "verify"
    )
    coop = services.cooperative_review(
        cooperative=coop, reviewer=staff, decision=decision, reason="alasan"
    )
    if status in (CooperativeStatus.INACTIVE, CooperativeStatus.DISSOLVED):
        coop = services.cooperative_status_set(cooperative=coop, actor=staff, status=status)
    return Cooperative.objects.get(pk=coop.pk)


# --- API answers (the contract reviews) ---------------------------------------------------
HEALTH = {
    "last_rat_year", "rat_status", "years_without_rat", "own_capital_ratio",
    "member_growth_percent", "shu_per_member_rupiah",
}  # fmt: skip
