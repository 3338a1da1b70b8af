"""Derived facts of the registry: size class (PP 7/2021 Pasal 35), new entrepreneur, age."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings

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


def classify_size(*, capital_rupiah: int, annual_sales_rupiah: int) -> tuple[str, str]:
    """(size_class, rule). Each figure gives a class; the higher class wins, and the rule says
    which figure decided it (both, when they agree)."""
    by_capital = _class_by(capital_rupiah, "max_capital")
    by_sales = _class_by(annual_sales_rupiah, "max_sales")

    def text(kind: str, value: int, bound: SizeBound, attr: str) -> str:
        limit = getattr(bound, attr)
        if limit is None:
            lower = SIZE_BOUNDS[_ORDER.index(bound.size_class) - 1]
            return f"{kind} {format_rupiah(value)} > {format_rupiah(getattr(lower, attr))}"
        return f"{kind} {format_rupiah(value)} ≤ {format_rupiah(limit)}"

    cap_text = text("modal usaha", capital_rupiah, by_capital, "max_capital")
    sales_text = text("omzet setahun", annual_sales_rupiah, by_sales, "max_sales")
    ci, si = _ORDER.index(by_capital.size_class), _ORDER.index(by_sales.size_class)
    if ci == si:
        rule = f"PP 7/2021 Pasal 35: {cap_text} dan {sales_text}"
        return by_capital.size_class, rule
    if ci > si:
        return by_capital.size_class, f"PP 7/2021 Pasal 35 ayat (3): {cap_text}"
    return by_sales.size_class, f"PP 7/2021 Pasal 35 ayat (5): {sales_text}"


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from ``start`` to ``end`` (0 when in the same month day-wise)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return months


def is_new_entrepreneur(person, *, started_on: datetime.date, registered_on: datetime.date) -> bool:
    """A new entrepreneur's business started no more than BERDAYA_NEW_ENTREPRENEUR_MONTHS months
    before registration, or the person holds a DKUM training certificate."""
    if months_between(started_on, registered_on) <= settings.BERDAYA_NEW_ENTREPRENEUR_MONTHS:
        # Also true for a business that starts after registering (a plan).
        return True
    if person is None or person.pk is None:
        return False
    from berdaya.training.selectors import person_has_certificate

    return bool(person_has_certificate(person, before=registered_on))


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
