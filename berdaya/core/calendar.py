"""Working days: Monday to Friday, less the national holidays and joint leave days (``Holiday``,
kept by admins in Django admin). Used for promises made in working days ("diperiksa dalam 3 hari
kerja")."""

from __future__ import annotations

import datetime
from collections.abc import Collection

from berdaya.core.models import Holiday


def holidays_between(start: datetime.date, end: datetime.date) -> frozenset[datetime.date]:
    """The holiday dates after ``start`` up to and including ``end`` (one query)."""
    if end <= start:
        return frozenset()
    rows = Holiday.objects.filter(date__gt=start, date__lte=end).values_list("date", flat=True)
    return frozenset(rows)


def working_days_between(
    start: datetime.date,
    end: datetime.date,
    holidays: Collection[datetime.date] | None = None,
) -> int:
    """Working days after ``start`` up to and including ``end``: a request sent on Friday has
    waited 1 working day on Monday, 0 on a Monday that is a holiday. ``holidays`` may be given
    (a page counting many rows reads them once, see ``holidays_between``); else they are read."""
    if end <= start:
        return 0
    if holidays is None:
        holidays = holidays_between(start, end)
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    weekday = start.weekday()
    for step in range(1, rest + 1):
        if (weekday + step) % 7 < 5:
            count += 1
    closed = sum(1 for day in holidays if start < day <= end and day.weekday() < 5)
    return count - closed
