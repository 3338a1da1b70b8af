"""Derived facts of the registry: size class (PP 7/2021 Pasal 35), new entrepreneur, age."""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings

from berdaya.core import calendar
from berdaya.core.money import format_rupiah

MIN_AGE_YEARS = 17  # the age at which a KTP (and so a NIK-based registration) is issued


@dataclass(frozen=True)
class SizeBound:
    size_class: str
    max_capital: int | None  # modal usaha excluding land and buildings, inclusive
    max_sales: int | None  # annual sales, inclusive


# PP 7/2021 Pasal 35 ayat (3) and (5). Bounds are inclusive; above "menengah" is "besar".
SIZE_BOUNDS = (
    SizeBound("mikro", 1_000_000_000, 2_000_000_000),
    SizeBound("kecil", 5_000_000_000, 15_000_000_000),
    SizeBound("menengah", 10_000_000_000, 50_000_000_000),
    SizeBound("besar", None, None),
)
_ORDER = [b.size_class for b in SIZE_BOUNDS]


def _class_by(value: int, attr: str) -> SizeBound:
    for bound in SIZE_BOUNDS:
        limit = getattr(bound, attr)
        if limit is None or value <= limit:
            return bound
    return SIZE_BOUNDS[-1]


def _limit_text(bound: SizeBound, attr: str) -> str:
    """What follows the amount in a size rule: "≤ <limit>", or "> <the class below's limit>"."""
    limit = getattr(bound, attr)
    if limit is None:
        lower = SIZE_BOUNDS[_ORDER.index(bound.size_class) - 1]
        return f"> {format_rupiah(getattr(lower, attr))}"
    return f"≤ {format_rupiah(limit)}"


# Each bound's rank and limit texts, worked out once (an import classifies every row).
_RANK = {b.size_class: i for i, b in enumerate(SIZE_BOUNDS)}
_LIMIT_TEXT = {
    (b.size_class, attr): _limit_text(b, attr)
    for b in SIZE_BOUNDS
    for attr in ("max_capital", "max_sales")
}


def classify_size(*, capital_rupiah: int, annual_sales_rupiah: int) -> tuple[str, str]:
    """(size_class, rule). Each figure gives a class; the higher class wins, and the rule says
    which figure decided it (both, when they agree)."""
    by_capital = _class_by(capital_rupiah, "max_capital").size_class
    by_sales = _class_by(annual_sales_rupiah, "max_sales").size_class
    ci, si = _RANK[by_capital], _RANK[by_sales]
    if ci >= si:
        cap_text = (
            f"modal usaha {format_rupiah(capital_rupiah)} {_LIMIT_TEXT[by_capital, 'max_capital']}"
        )
    if si >= ci:
        sales_text = (
            f"omzet setahun {format_rupiah(annual_sales_rupiah)} "
            f"{_LIMIT_TEXT[by_sales, 'max_sales']}"
        )
    if ci == si:
        return by_capital, f"PP 7/2021 Pasal 35: {cap_text} dan {sales_text}"
    if ci > si:
        return by_capital, f"PP 7/2021 Pasal 35 ayat (3): {cap_text}"
    return by_sales, f"PP 7/2021 Pasal 35 ayat (5): {sales_text}"


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from ``start`` to ``end`` (0 when in the same month day-wise)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return months


def is_new_entrepreneur(person, *, started_on: datetime.date, registered_on: datetime.date) -> bool:
    """A new entrepreneur's business started no more than BERDAYA_NEW_ENTREPRENEUR_MONTHS months
    before registration, or the person holds a DKUM training certificate."""
    limit = registered_on - relativedelta(months=settings.BERDAYA_NEW_ENTREPRENEUR_MONTHS)
    if started_on >= limit:
        # Exactly N months before counts, a day more does not (31 Mar - 1 month = 28/29 Feb).
        # Also true for a business that starts after registering (a plan).
        return True
    if person is None or person.pk is None:
        return False
    return any(check(person, before=registered_on) for check in _CERTIFICATE_CHECKS)


# "Holds a DKUM training certificate" is answered by the training app, which registers its
# selector here when it starts (training depends on registry, never the reverse).
_CERTIFICATE_CHECKS: list = []


def certificate_check_register(check) -> None:
    """Register ``check(person, *, before) -> bool`` (training.selectors.person_has_certificate)."""
    if check not in _CERTIFICATE_CHECKS:
        _CERTIFICATE_CHECKS.append(check)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


# --- Review promise ---------------------------------------------------------------------------
# The applicant is told staff check a registration "biasanya dalam 3 hari kerja" (status page).
REVIEW_PROMISE_WORKING_DAYS = 3


def working_days_between(
    start: datetime.date,
    end: datetime.date,
    holidays: Collection[datetime.date] | None = None,
) -> int:
    """Working days after ``start`` up to and including ``end``: Monday to Friday less the
    national holidays and cuti bersama kept in ``core.Holiday`` (``core.calendar``); a
    registration sent on Friday has waited 1 working day on Monday."""
    return calendar.working_days_between(start, end, holidays)
