"""Progress arithmetic of a target on a given day: pace so far, pace needed, projection.

Definitions (all integers or exact fractions; ``today`` is the local date):

- ``days_total``   = period_end - period_start + 1 (the period's days, both ends included).
- ``days_elapsed`` = days from period_start to ``today`` inclusive, clamped to [0, days_total]
  (before the period: 0; after it: days_total).
- ``days_left``    = days_total - days_elapsed.
- ``pace_so_far``  = achieved / days_elapsed x 30, per 30 days (None before the period starts).
- ``pace_needed``  = (target - achieved, not below 0) / days_left x 30, per 30 days, from
  tomorrow to the end (None once the period is over).
- ``projected``    = achieved x days_total / days_elapsed, rounded half up: the value at the
  period's end if the pace so far continues (linear extrapolation). Before the period starts it
  is ``achieved``; after the period it is ``achieved``.
- ``on_track``     = projected >= target (before the period starts: True, nothing is late yet).
- ``percent``      = achieved / target x 100, rounded down to one decimal.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

PACE_DAYS = 30


@dataclass(frozen=True)
class Pace:
    days_total: int
    days_elapsed: int
    days_left: int
    pace_so_far: Decimal | None
    pace_needed: Decimal | None
    projected: int
    on_track: bool
    percent: Decimal

    @property
    def started(self) -> bool:
        return self.days_elapsed > 0

    @property
    def finished(self) -> bool:
        return self.days_left == 0


def _per_pace(amount: int, days: int) -> Decimal:
    return (Decimal(amount) * PACE_DAYS / days).quantize(Decimal("0.1"), ROUND_HALF_UP)


def pace_of(
    *,
    target: int,
    achieved: int,
    period_start: datetime.date,
    period_end: datetime.date,
    today: datetime.date,
) -> Pace:
    days_total = (period_end - period_start).days + 1
    days_elapsed = min(max((today - period_start).days + 1, 0), days_total)
    days_left = days_total - days_elapsed
    if days_elapsed == 0:
        projected, on_track, so_far = achieved, True, None
    else:
        projected = int(
            (Decimal(achieved) * days_total / days_elapsed).quantize(Decimal(1), ROUND_HALF_UP)
        )
        on_track = projected >= target
        so_far = _per_pace(achieved, days_elapsed)
    needed = _per_pace(max(target - achieved, 0), days_left) if days_left else None
    percent = (
        (Decimal(achieved) * 100 / target).quantize(Decimal("0.1"), ROUND_DOWN)
        if target
        else Decimal(0)
    )
    return Pace(days_total, days_elapsed, days_left, so_far, needed, projected, on_track, percent)
