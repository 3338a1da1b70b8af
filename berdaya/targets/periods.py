"""Periods on the dashboard: the years no target covers yet (the current one above all), the
cumulative achievement of a target against its target line, and what the "next period" form
proposes.

A head of office in November 2026 must see 2026 even when the last target ended in 2024: every
calendar year from a rule's first target up to this year that no target of the rule covers is
shown as "Periode YYYY" with its achievement by the same counting rule, and an admin can set its
target.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from berdaya.targets import tally
from berdaya.targets.models import Rule, Target
from berdaya.targets.selectors import month_label


@dataclass
class OpenYear:
    """A rule's achievement in a calendar year that no target of that rule covers."""

    rule: str
    year: int
    achieved: int
    events: int
    current: bool

    @property
    def rule_label(self) -> str:
        return Rule(self.rule).label

    @property
    def is_money(self) -> bool:
        return self.rule == Rule.AMOUNT_DISBURSED

    @property
    def period_start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def period_end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)


def _rules_in_use(targets: list[Target]) -> list[str]:
    seen: list[str] = []
    for t in targets:
        if t.rule not in seen:
            seen.append(t.rule)
    return seen or [Rule.NEW_ENTREPRENEURS.value]


def uncovered_years(targets: list[Target], rule: str, today: datetime.date) -> list[int]:
    """Calendar years from the rule's first target up to this one that no target of ``rule``
    touches (this year only when the rule has no target), newest first."""
    mine = [t for t in targets if t.rule == rule]
    first = min(t.period_start.year for t in mine) if mine else today.year
    covered = {y for t in mine for y in range(t.period_start.year, t.period_end.year + 1)}
    return [y for y in range(today.year, first - 1, -1) if y not in covered]


def open_years(targets: list[Target], *, today: datetime.date) -> list[OpenYear]:
    """Every rule in use, in every year no target of it covers (tally must be fresh)."""
    out = []
    for rule in _rules_in_use(targets):
        for year in uncovered_years(targets, rule, today):
            start = datetime.date(year, 1, 1)
            end = min(datetime.date(year, 12, 31), today)
            months = tally.achieved_by_month(rule, start, end)
            out.append(
                OpenYear(
                    rule=rule,
                    year=year,
                    achieved=sum(v["value"] for v in months.values()),
                    events=sum(v["events"] for v in months.values()),
                    current=year == today.year,
                )
            )
    return out


def period_title(start: datetime.date, end: datetime.date) -> str:
    if start.year == end.year:
        return f"Periode {start.year}"
    return f"Periode {start.year}–{end.year}"


# --- cumulative achievement against the target line ------------------------------------------


def _month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def planned_by(target: Target, day: datetime.date) -> int:
    """The part of the target due by ``day`` (inclusive): each year's planned number (or the
    whole target when there is no yearly breakdown) spread evenly over its days."""
    day = min(max(day, target.period_start), target.period_end)
    planned = {y.year: y.number for y in target.years.all()}
    if not planned:
        spans = [(target.period_start, target.period_end, target.number)]
    else:
        spans = [
            (
                max(target.period_start, datetime.date(year, 1, 1)),
                min(target.period_end, datetime.date(year, 12, 31)),
                number,
            )
            for year, number in sorted(planned.items())
        ]
    total = 0.0
    for low, high, number in spans:
        if day < low:
            continue
        days = (high - low).days + 1
        done = (min(day, high) - low).days + 1
        total += number * done / days
    return round(total)


def cumulative_series(target: Target, months: dict, *, today: datetime.date) -> list[dict]:
    """One point per month of the whole period: ``{"key", "label", "target", "achieved",
    "events"}``; ``achieved``/``events`` are cumulative and ``None`` after this month."""
    out = []
    value = events = 0
    day = target.period_start.replace(day=1)
    while day <= target.period_end:
        started = day <= today
        if started:
            got = months.get(day, {"value": 0, "events": 0})
            value += got["value"]
            events += got["events"]
        out.append(
            {
                "key": f"{day:%Y-%m}",
                "label": month_label(day),
                "target": planned_by(target, _month_end(day)),
                "achieved": value if started else None,
                "events": events if started else None,
            }
        )
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return out


# --- the next period's form ----------------------------------------------------------------


def next_period(
    targets: list[Target], *, rule: str, today: datetime.date, year: int | None = None
) -> dict:
    """What the form proposes for ``rule``: the given year, else this year when no target of
    the rule covers it, else the year after the rule's last target; one calendar year."""
    if year is None:
        mine = [t for t in targets if t.rule == rule]
        if today.year in uncovered_years(targets, rule, today) or not mine:
            year = today.year
        else:
            year = max(t.period_end.year for t in mine) + 1
    label = Rule(rule).label if rule in Rule.values else ""
    return {
        "rule": rule,
        "name": f"{label} {year}".strip(),
        "period_start": datetime.date(year, 1, 1),
        "period_end": datetime.date(year, 12, 31),
    }
