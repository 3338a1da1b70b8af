"""A cooperative's health, derived from its RAT reports. Pure functions (no queries), so the
formulas are tested on their own; ``rat_status_q`` is the same rule as a database filter.

The fiscal year is the calendar year; the RAT for year Y is due by 30 June of Y+1 (Permenkop
19/2015: within 6 months of the year's end). Years are counted back from the last closed year
(the year before today's), never before the cooperative's founding year.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Q

HELD, DUE, LATE, WARNING, DISSOLUTION = "held", "due", "late", "warning", "dissolution_warning"
RAT_STATUSES = (HELD, DUE, LATE, WARNING, DISSOLUTION)
RAT_STATUS_LABELS = {
    HELD: "RAT terlaksana",
    DUE: "RAT belum jatuh tempo",
    LATE: "RAT terlambat",
    WARNING: "Peringatan (surat teguran)",
    DISSOLUTION: "Peringatan pembubaran",
}
DEADLINE_MONTH, DEADLINE_DAY = 6, 30


def warning_years() -> int:
    return int(getattr(settings, "BERDAYA_RAT_WARNING_YEARS", 2))


def dissolution_years() -> int:
    return int(getattr(settings, "BERDAYA_RAT_DISSOLUTION_YEARS", 3))


def deadline_of(fiscal_year: int) -> datetime.date:
    return datetime.date(fiscal_year + 1, DEADLINE_MONTH, DEADLINE_DAY)


def years_without_rat(*, today: datetime.date, founded_year: int, last_rat_year: int | None) -> int:
    """Consecutive closed years without a RAT, back from the last closed year: they stop at the
    latest year with a RAT, and at the founding year."""
    last_closed = today.year - 1
    base = max(last_rat_year or 0, founded_year - 1)
    return max(last_closed - base, 0)


def rat_status(
    *,
    today: datetime.date,
    founded_year: int,
    last_rat_year: int | None,
    warn: int | None = None,
    dissolve: int | None = None,
) -> str:
    warn = warning_years() if warn is None else warn
    dissolve = dissolution_years() if dissolve is None else dissolve
    last_closed = today.year - 1
    if last_rat_year is not None and last_rat_year >= last_closed:
        return HELD
    years = years_without_rat(today=today, founded_year=founded_year, last_rat_year=last_rat_year)
    if years >= dissolve:
        return DISSOLUTION
    if years >= warn:
        return WARNING
    if years == 0:  # founded this year: the first RAT is not due yet
        return DUE
    return DUE if today <= deadline_of(last_closed) else LATE


def rat_status_q(status: str, *, today: datetime.date) -> Q:
    """The cooperatives whose ``rat_status`` is ``status`` today, as a filter on
    ``last_rat_year`` and ``founded_year`` (the same rule as ``rat_status``)."""
    warn, dissolve = warning_years(), dissolution_years()
    last_closed = today.year - 1

    def at_most(years: int) -> Q:
        # years_without_rat <= years  <=>  max(last_rat_year, founded_year - 1) >= last_closed - y
        floor = last_closed - years
        return Q(last_rat_year__gte=floor) | Q(founded_year__gte=floor + 1)

    held = Q(last_rat_year__gte=last_closed)
    if status == HELD:
        return held
    if status == DISSOLUTION:
        return ~held & ~at_most(dissolve - 1)
    if status == WARNING:
        return ~held & ~at_most(warn - 1) & at_most(dissolve - 1)
    short = ~held & at_most(min(warn, dissolve) - 1)  # neither warning
    founded_now = Q(founded_year__gt=last_closed)
    if status == DUE:
        return short if today <= deadline_of(last_closed) else short & founded_now
    if status == LATE:
        if today <= deadline_of(last_closed):
            return Q(pk__in=[])
        return short & ~founded_now
    return Q(pk__in=[])


def _round(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def own_capital_ratio(own_capital: int | None, total_assets: int | None) -> float | None:
    """own capital / total assets, between 0 and 1, 2 decimals."""
    if own_capital is None or not total_assets or total_assets <= 0:
        return None
    ratio = _round(Decimal(own_capital) / Decimal(total_assets), "0.01")
    return float(min(max(ratio, Decimal(0)), Decimal(1)))


def member_growth_percent(current: int | None, previous: int | None) -> float | None:
    """Change of members total against the year before, in percent, 2 decimals."""
    if current is None or not previous:
        return None
    return float(_round(Decimal(current - previous) * 100 / Decimal(previous), "0.01"))


def shu_per_member(shu: int | None, members_total: int | None) -> int | None:
    """SHU / members total, whole rupiah (half away from zero)."""
    if shu is None or not members_total:
        return None
    return int(_round(Decimal(shu) / Decimal(members_total), "1"))


@dataclass(frozen=True)
class Health:
    last_rat_year: int | None
    rat_status: str
    years_without_rat: int
    own_capital_ratio: float | None
    member_growth_percent: float | None
    shu_per_member_rupiah: int | None

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def rat_status_label(self) -> str:
        return RAT_STATUS_LABELS[self.rat_status]


def derive(*, today: datetime.date, founded_year: int, latest=None, previous=None) -> Health:
    """Health from the latest report (the latest version of the last filed year) and the one of
    the year before it (``previous``), either may be None."""
    last_year = latest.fiscal_year if latest is not None else None
    return Health(
        last_rat_year=last_year,
        rat_status=rat_status(today=today, founded_year=founded_year, last_rat_year=last_year),
        years_without_rat=years_without_rat(
            today=today, founded_year=founded_year, last_rat_year=last_year
        ),
        own_capital_ratio=own_capital_ratio(
            getattr(latest, "own_capital_rupiah", None),
            getattr(latest, "total_assets_rupiah", None),
        ),
        member_growth_percent=member_growth_percent(
            getattr(latest, "members_total", None), getattr(previous, "members_total", None)
        ),
        shu_per_member_rupiah=shu_per_member(
            getattr(latest, "shu_rupiah", None), getattr(latest, "members_total", None)
        ),
    )
