"""Targets API: progress to the program targets, breakdowns, and (admin) editing targets."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import Http404
from ninja import Query, Router, Schema, Status

from berdaya.core.cleaning import POSITIVE_BIGINT
from berdaya.core.cleaning.schemas import BoundedInt, CleanSchema, CleanText
from berdaya.targets import selectors, services, tally
from berdaya.targets.models import Target

router = Router(tags=["target"])

RuleCode = Literal[
    "new_entrepreneurs",
    "women_entrepreneurs",
    "trained_new_entrepreneurs",
    "groups_financed",
    "amount_disbursed",
]


class YearIn(CleanSchema):
    year: BoundedInt(2000, 2100)
    target: BoundedInt(0, POSITIVE_BIGINT[1])


class TargetIn(CleanSchema):
    name: CleanText(150, required=True)
    rule: RuleCode
    period_start: date
    period_end: date
    target: BoundedInt(0, POSITIVE_BIGINT[1])
    years: list[YearIn] = []


class YearOut(Schema):
    year: int
    target: int | None
    achieved: int


class TargetOut(Schema):
    id: int
    name: str
    rule: str
    period_start: date
    period_end: date
    target: int
    achieved: int
    projected: int
    on_track: bool
    years: list[YearOut]


class BreakdownRow(Schema):
    key: str
    label: str
    achieved: int


class BreakdownQuery(CleanSchema):
    by: Literal["kecamatan", "kelurahan", "month", "kbli", "gender"]


def _out(p: selectors.Progress) -> dict:
    t = p.target
    return {
        "id": t.pk,
        "name": t.name,
        "rule": t.rule,
        "period_start": t.period_start,
        "period_end": t.period_end,
        "target": t.number,
        "achieved": p.achieved,
        "projected": p.pace.projected,
        "on_track": p.pace.on_track,
        "years": [{"year": y.year, "target": y.target, "achieved": y.achieved} for y in p.years],
    }


def _progress(target: Target) -> dict:
    tally.tally_ensure_fresh()
    target = selectors.target_get(target.pk)
    return _out(selectors.progress_of(target, today=selectors.today_local()))


def _fields(payload: TargetIn) -> dict:
    return {
        "name": payload.name,
        "rule": payload.rule,
        "period_start": payload.period_start,
        "period_end": payload.period_end,
        "number": payload.target,
        "years": [(y.year, y.target) for y in payload.years],
    }


def _get(target_id: int) -> Target:
    try:
        return selectors.target_get(target_id)
    except Target.DoesNotExist:
        raise Http404


@router.get("/targets", response=list[TargetOut])
def targets_list(request):
    """Every target with achieved, projected and on-track (pimpinan, staf_dkum, admin_dkum)."""
    selectors.require_dashboard(request.auth)
    return [_out(p) for p in selectors.targets_progress()]


@router.post("/targets", response={201: TargetOut})
def target_create(request, payload: TargetIn):
    """Create a target (admin_dkum). Refusals: ``period_end_before_start``,
    ``years_sum_mismatch``, ``year_outside_period``, ``target_not_positive``, ``name_taken``."""
    selectors.require_manage(request.auth)
    target = services.target_create(actor=request.auth, **_fields(payload))
    return Status(201, _progress(target))


@router.get("/targets/{target_id}", response=TargetOut)
def target_detail(request, target_id: int):
    selectors.require_dashboard(request.auth)
    return _progress(_get(target_id))


@router.put("/targets/{target_id}", response=TargetOut)
def target_update(request, target_id: int, payload: TargetIn):
    """Change a target's name, rule, period, number and yearly breakdown (admin_dkum)."""
    selectors.require_manage(request.auth)
    target = services.target_update(target=_get(target_id), actor=request.auth, **_fields(payload))
    return _progress(target)


@router.get("/targets/{target_id}/breakdown", response=list[BreakdownRow])
def target_breakdown(request, target_id: int, query: Query[BreakdownQuery]):
    """Achieved in the target's period by kecamatan, kelurahan, month, kbli or gender."""
    selectors.require_dashboard(request.auth)
    target = _get(target_id)
    tally.tally_ensure_fresh()
    return [
        {"key": r["key"], "label": r["label"], "achieved": r["achieved"]}
        for r in selectors.breakdown(target, query.by)
    ]
