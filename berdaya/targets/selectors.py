"""Reads of targets and the dashboard: who may see it, progress, breakdowns, pipeline.

All counting happens in the database (``berdaya.targets.tally``); Python only puts the few
aggregated rows in order and adds labels.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field

from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from berdaya.accounts.selectors import DASHBOARD_ROLES, has_city_reach, has_role
from berdaya.core.errors import AccessDenied
from berdaya.core.inbox import InboxItem
from berdaya.core.money import format_rupiah
from berdaya.financing.selectors import targets as financing_targets
from berdaya.targets import tally
from berdaya.targets.models import Dimension, Tally, Target
from berdaya.targets.pace import Pace, pace_of

BREAKDOWNS = ("kecamatan", "kelurahan", "month", "kbli", "gender")
BREAKDOWN_TITLES = {
    "kecamatan": "Per kecamatan",
    "kelurahan": "Per kelurahan",
    "month": "Per bulan",
    "kbli": "Per kategori KBLI",
    "gender": "Per jenis kelamin",
}
SUPPRESS_BELOW = 5
MONTHS_ID = (
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
).split()
GENDERS = {"L": "Laki-laki", "P": "Perempuan"}
UNKNOWN = "Tidak tercatat"


def inbox(user) -> list[InboxItem]:
    return []


# --- access ----------------------------------------------------------------------------------


def can_see_dashboard(user) -> bool:
    """The dashboard, its exports and the API counts are of the whole city: for pimpinan and
    DKUM staff/admin with the city as reach (DESIGN §1). Staff limited to one kecamatan are
    refused them (their kecamatan's figures are in the registry queue and reports they see)."""
    return has_city_reach(user, *DASHBOARD_ROLES)


def can_manage_targets(user) -> bool:
    return has_role(user, "admin_dkum")


def require_dashboard(user) -> None:
    if not can_see_dashboard(user):
        raise AccessDenied(
            "Dasbor target berisi angka seluruh kota: hanya untuk pimpinan dan staf DKUM "
            "tingkat kota."
        )


def require_manage(user) -> None:
    if not can_manage_targets(user):
        raise AccessDenied("Hanya admin DKUM yang dapat mengubah target.")


def today_local() -> datetime.date:
    return timezone.localdate()


# --- progress --------------------------------------------------------------------------------


@dataclass
class YearProgress:
    year: int
    target: int | None
    achieved: int
    events: int

    @property
    def percent(self):
        if not self.target:
            return None
        return round(self.achieved * 100 / self.target, 1)


@dataclass
class Progress:
    target: Target
    achieved: int
    events: int
    pace: Pace
    years: list[YearProgress]
    months: dict = field(default_factory=dict)

    @property
    def projected(self) -> int:
        return self.pace.projected

    @property
    def on_track(self) -> bool:
        return self.pace.on_track


def progress_of(target: Target, *, today: datetime.date, months: dict | None = None) -> Progress:
    """Achieved overall and per year, pace and projection of one target (tally must be fresh);
    ``months``: its ``tally.achieved_by_month`` when already read (``targets_progress``)."""
    if months is None:
        months = tally.achieved_by_month(target.rule, target.period_start, target.period_end)
    achieved = sum(v["value"] for v in months.values())
    events = sum(v["events"] for v in months.values())
    planned = {y.year: y.number for y in target.years.all()}
    years = []
    for year in range(target.period_start.year, target.period_end.year + 1):
        low = max(target.period_start, datetime.date(year, 1, 1))
        high = min(target.period_end, datetime.date(year, 12, 31))
        years.append(
            YearProgress(
                year=year,
                target=planned.get(year),
                achieved=tally.sum_between(months, low, high),
                events=tally.sum_between(months, low, high, "events"),
            )
        )
    pace = pace_of(
        target=target.number,
        achieved=achieved,
        period_start=target.period_start,
        period_end=target.period_end,
        today=today,
    )
    return Progress(target, achieved, events, pace, years, months)


def targets_progress(*, today: datetime.date | None = None) -> list[Progress]:
    tally.tally_ensure_fresh()
    today = today or today_local()
    return _progress_all(today)


def _progress_all(today: datetime.date) -> list[Progress]:
    """The progress of every target, their months read together (not a query per target)."""
    targets = list(Target.objects.prefetch_related("years"))
    months = tally.achieved_by_months([(t.rule, t.period_start, t.period_end) for t in targets])
    return [
        progress_of(t, today=today, months=months[t.rule, t.period_start, t.period_end])
        for t in targets
    ]


def target_get(target_id: int) -> Target:
    return Target.objects.prefetch_related("years").get(pk=target_id)


# --- breakdowns ------------------------------------------------------------------------------


def month_label(day: datetime.date) -> str:
    return f"{MONTHS_ID[day.month - 1]} {day.year}"


_LABELS: dict = {}
LABELS_SECONDS = 600


def _all_labels() -> dict[str, dict[str, str]]:
    """Names of kecamatan, kelurahan and KBLI kategori, kept in the process for 10 minutes
    (reference data that changes only when a city's regions are loaded)."""
    from berdaya.regions.models import Kecamatan, Kelurahan
    from berdaya.registry.models import KbliCode

    now = time.monotonic()
    if _LABELS.get("until", 0) < now:
        kbli = {}
        for code, title in (
            KbliCode.objects.filter(level="kategori").order_by("code", "version")
        ).values_list("code", "title"):
            kbli[code] = title  # the newest version wins
        _LABELS.update(
            {
                "kecamatan": dict(Kecamatan.objects.values_list("code", "name")),
                "kelurahan": dict(Kelurahan.objects.values_list("code", "name")),
                "kbli": kbli,
                "gender": GENDERS,
                "until": now + LABELS_SECONDS,
            }
        )
    return _LABELS


def _rows(by: str, data: dict[str, dict]) -> list[dict]:
    labels = _all_labels()[by]
    return [
        {
            "key": key,
            "label": labels.get(key, key) if key else UNKNOWN,
            "achieved": v["value"],
            "events": v["events"],
        }
        for key, v in sorted(data.items())
    ]


def _month_rows(months: dict) -> list[dict]:
    return [
        {
            "key": f"{m:%Y-%m}",
            "label": month_label(m),
            "achieved": v["value"],
            "events": v["events"],
        }
        for m, v in sorted(months.items())
    ]


def breakdowns(target: Target, *, months: dict | None = None) -> dict[str, list[dict]]:
    """Every breakdown of ``target`` in its period: ``{by: [{"key", "label", "achieved",
    "events"}]}`` ordered by key, only keys with data (two queries on the tally)."""
    if months is None:
        months = tally.achieved_by_month(target.rule, target.period_start, target.period_end)
    dims = tally.achieved_by_dimension(target.rule, target.period_start, target.period_end)
    out = {by: _rows(by, dims[by]) for by in ("kecamatan", "kelurahan", "kbli", "gender")}
    out["month"] = _month_rows(months)
    return {by: out[by] for by in BREAKDOWNS}


def breakdown(target: Target, by: str) -> list[dict]:
    """One breakdown of ``target`` (kecamatan, kelurahan, month, kbli, gender)."""
    if by not in BREAKDOWNS:
        raise ValueError(by)
    if by == "month":
        return _month_rows(
            tally.achieved_by_month(target.rule, target.period_start, target.period_end)
        )
    dimension = "kelurahan" if by == "kecamatan" else by
    data = tally.achieved_by(
        target.rule,
        dimension,
        target.period_start,
        target.period_end,
        kecamatan=by == "kecamatan",
    )
    return _rows(by, data)


def month_series(target: Target, rows: list[dict]) -> list[dict]:
    """The month rows of ``breakdown(target, "month")`` with every month of the period present
    (zeros filled) up to the period's end or this month, whichever is first: for the line."""
    have = {r["key"]: r for r in rows}
    last = min(target.period_end, max(today_local(), target.period_start))
    day = target.period_start.replace(day=1)
    out = []
    while day <= last:
        key = f"{day:%Y-%m}"
        out.append(
            have.get(key, {"key": key, "label": month_label(day), "achieved": 0, "events": 0})
        )
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return out


# --- training and financing ------------------------------------------------------------------


def training_completions() -> list[dict]:
    """Valid (not revoked) certificates per year of issue: ``[{"key", "label", "count"}]``
    (from the summary table; it is kept fresh by the certificate marks)."""
    rows = (
        Tally.objects.filter(rule=tally.CERTIFICATES, dimension=Dimension.ALL)
        .order_by()
        .values(year=ExtractYear("month"))
        .annotate(count=Sum("value"))
        .order_by("year")
    )
    return [{"key": str(r["year"]), "label": str(r["year"]), "count": r["count"]} for r in rows]


def financing_pipeline() -> dict:
    """Applications per status and per kelurahan (from the summary table, refreshed when an
    application is created or any workflow event is written):
    ``{"status": [...], "kelurahan": [...], "total"}``."""
    rows = (
        Tally.objects.filter(
            rule=tally.APPLICATIONS, dimension__in=[Dimension.STATUS, Dimension.KELURAHAN]
        )
        .order_by()
        .values("dimension", "key")
        .annotate(count=Sum("value"))
        .order_by("dimension", "key")
    )
    labels = {
        Dimension.STATUS: financing_targets.application_status_labels(),
        Dimension.KELURAHAN: _all_labels()["kelurahan"],
    }
    parts: dict[str, list] = {Dimension.STATUS: [], Dimension.KELURAHAN: []}
    for r in rows:
        name = labels[r["dimension"]].get(r["key"], r["key"])
        parts[r["dimension"]].append({"key": r["key"], "label": name, "count": r["count"]})
    order = list(labels[Dimension.STATUS])
    parts[Dimension.STATUS].sort(
        key=lambda r: order.index(r["key"]) if r["key"] in order else len(order)
    )
    return {
        "status": parts[Dimension.STATUS],
        "kelurahan": parts[Dimension.KELURAHAN],
        "total": sum(r["count"] for r in parts[Dimension.STATUS]),
    }


# --- showing numbers -------------------------------------------------------------------------


def shown(value: int, events: int | None, *, money: bool = False, public: bool = False) -> str:
    """A number as the page shows it: Indonesian format; on the public page a figure that rests
    on fewer than 5 rows (people, groups, loans) reads "<5" so no one can be singled out."""
    if public and (events if events is not None else value) < SUPPRESS_BELOW:
        return "<5"
    if money:
        return format_rupiah(value)
    return f"{int(value):,}".replace(",", ".")


def is_suppressed(events: int, *, public: bool) -> bool:
    return public and events < SUPPRESS_BELOW


@dataclass
class Dashboard:
    today: datetime.date
    progress: list[Progress]
    selected: Progress | None
    breakdowns: dict[str, list[dict]]
    training: list[dict]
    pipeline: dict
    built_at: datetime.datetime | None
    refreshing: bool = False


_breakdowns = breakdowns


def dashboard(*, target_id: int | None = None, today: datetime.date | None = None) -> Dashboard:
    """Everything the dashboard (and the public page and exports) shows."""
    state = tally.tally_ensure_fresh()
    today = today or today_local()
    progress = _progress_all(today)
    selected = next((p for p in progress if p.target.pk == target_id), None)
    if selected is None and progress:  # the target of today's period, else the latest
        running = [p for p in progress if p.target.period_start <= today <= p.target.period_end]
        selected = running[0] if running else progress[-1]
    breakdowns: dict = {}
    if selected is not None:
        breakdowns = _breakdowns(selected.target, months=selected.months)
    return Dashboard(
        today=today,
        progress=progress,
        selected=selected,
        breakdowns=breakdowns,
        training=training_completions(),
        pipeline=financing_pipeline(),
        built_at=state.built_at,
        refreshing=bool(state.requested_at and state.requested_at > state.built_at),
    )
