"""Reading the summary table: achieved per key, per dimension and per month over any period."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict

from django.db.models import (
    CharField,
    F,
    Sum,
    Value,
)
from django.db.models.functions import Substr

from berdaya.targets.models import Dimension, Tally
from berdaya.targets.tally.sources import source_rows


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def split_period(start: datetime.date, end: datetime.date):
    """(full months as (first, last month) or None, partial edge ranges to read from source)."""
    edges = []
    first_full = start if start.day == 1 else month_end(start) + datetime.timedelta(days=1)
    last_full = end if end == month_end(end) else month_start(end) - datetime.timedelta(days=1)
    if first_full > last_full:  # no full month inside: all from the source
        return None, [(start, end)]
    if start < first_full:
        edges.append((start, first_full - datetime.timedelta(days=1)))
    if end > last_full:
        edges.append((last_full + datetime.timedelta(days=1), end))
    return (first_full, month_start(last_full)), edges


def achieved_by(
    rule: str,
    dimension: str,
    start: datetime.date,
    end: datetime.date,
    *,
    kecamatan: bool = False,
) -> dict[str, dict]:
    """``{key: {"value", "events"}}`` of ``rule`` in [start, end] by ``dimension`` (kelurahan
    keys folded to kecamatan codes when ``kecamatan``). Reads the tally; edges from source."""
    if end < start:
        return {}
    full, edges = split_period(start, end)
    out: dict[str, dict] = defaultdict(lambda: {"value": 0, "events": 0})
    if full is not None:
        key = Substr("key", 1, 8) if kecamatan else F("key")
        rows = (
            Tally.objects.filter(
                rule=rule, dimension=dimension, month__gte=full[0], month__lte=full[1]
            )
            .order_by()
            .values(group=key)
            .annotate(value=Sum("value"), events=Sum("events"))
        )
        for row in rows:
            out[row["group"]]["value"] += row["value"]
            out[row["group"]]["events"] += row["events"]
    for low, high in edges:
        for row in source_rows(rule, dimension, start=low, end=high, by_month=False):
            group = (row["key"] or "")[:8] if kecamatan else (row["key"] or "")
            out[group]["value"] += row["value"] or 0
            out[group]["events"] += row["events"]
    return dict(out)


def achieved_by_dimension(
    rule: str, start: datetime.date, end: datetime.date
) -> dict[str, dict[str, dict]]:
    """``{"kecamatan"|"kelurahan"|"kbli"|"gender": {key: {"value", "events"}}}`` of ``rule`` in
    [start, end]: one query on the tally (kecamatan as a second SELECT of the same UNION),
    plus the partial edge months from the source tables."""
    out: dict[str, dict] = {
        name: defaultdict(lambda: {"value": 0, "events": 0})
        for name in ("kecamatan", Dimension.KELURAHAN, Dimension.KBLI, Dimension.GENDER)
    }
    if end < start:
        return {k: dict(v) for k, v in out.items()}
    full, edges = split_period(start, end)
    if full is not None:
        months = Tally.objects.filter(rule=rule, month__gte=full[0], month__lte=full[1])
        dims = (
            months.exclude(dimension=Dimension.ALL)
            .order_by()
            .values(dim=F("dimension"), group=F("key"))
            .annotate(value=Sum("value"), events=Sum("events"))
        )
        kecamatan = (
            months.filter(dimension=Dimension.KELURAHAN)
            .order_by()
            .values(dim=Value("kecamatan", output_field=CharField()), group=Substr("key", 1, 8))
            .annotate(value=Sum("value"), events=Sum("events"))
        )
        for row in dims.union(kecamatan, all=True):
            cell = out[row["dim"]][row["group"]]
            cell["value"] += row["value"]
            cell["events"] += row["events"]
    for low, high in edges:
        for dimension in (Dimension.KELURAHAN, Dimension.KBLI, Dimension.GENDER):
            for row in source_rows(rule, dimension, start=low, end=high, by_month=False):
                targets: list[tuple[str, str]] = [(dimension, row["key"] or "")]
                if dimension == Dimension.KELURAHAN:
                    targets.append(("kecamatan", (row["key"] or "")[:8]))
                for name, key in targets:
                    out[name][key]["value"] += row["value"] or 0
                    out[name][key]["events"] += row["events"]
    return {k: dict(v) for k, v in out.items()}


def achieved_by_month(rule: str, start: datetime.date, end: datetime.date) -> dict:
    """``{first day of month: {"value", "events"}}`` of ``rule`` in [start, end]."""
    return achieved_by_months([(rule, start, end)])[(rule, start, end)]


def achieved_by_months(periods) -> dict[tuple, dict]:
    """``achieved_by_month`` of several ``(rule, start, end)``, keyed by them: the summary table
    is read once for all their full months (not once per period), and a partial edge month that
    several share is read from the source once."""
    splits = {p: split_period(p[1], p[2]) for p in dict.fromkeys(periods) if p[2] >= p[1]}
    fulls = [(p[0], full) for p, (full, _edges) in splits.items() if full is not None]
    tallied: dict = defaultdict(list)
    if fulls:
        rows = Tally.objects.filter(
            rule__in={rule for rule, _full in fulls},
            dimension=Dimension.ALL,
            month__gte=min(full[0] for _rule, full in fulls),
            month__lte=max(full[1] for _rule, full in fulls),
        ).values_list("rule", "month", "value", "events")
        for rule, month, value, events in rows:
            tallied[rule].append((month, value, events))
    edge_rows: dict = {}
    answer: dict = {p: {} for p in periods}
    for (rule, start, end), (full, edges) in splits.items():
        out: dict = defaultdict(lambda: {"value": 0, "events": 0})
        if full is not None:
            for month, value, events in tallied[rule]:
                if full[0] <= month <= full[1]:
                    out[month]["value"] += value
                    out[month]["events"] += events
        for low, high in edges:
            if (rule, low, high) not in edge_rows:
                edge_rows[rule, low, high] = list(
                    source_rows(rule, Dimension.ALL, start=low, end=high, by_month=True)
                )
            for row in edge_rows[rule, low, high]:
                out[row["month"]]["value"] += row["value"] or 0
                out[row["month"]]["events"] += row["events"]
        answer[rule, start, end] = dict(out)
    return answer


def sum_between(months: dict, start: datetime.date, end: datetime.date, field="value") -> int:
    """Sum a month map over the months that fall in [start, end] (month keys are 1st days)."""
    return sum(v[field] for m, v in months.items() if month_start(start) <= m <= end)
