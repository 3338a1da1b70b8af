"""Writes of targets: create and update, with the rules that refuse a bad target."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction

from berdaya.accounts.models import User
from berdaya.accounts.selectors import has_role
from berdaya.core import events
from berdaya.core.errors import AccessDenied, Problem, RuleError
from berdaya.targets.models import Rule, Target, TargetYear

MANAGE_ROLES = ("admin_dkum",)


def target_problems(
    *,
    name: str,
    rule: str,
    period_start: datetime.date,
    period_end: datetime.date,
    number: int,
    years: Iterable[tuple[int, int]] = (),
) -> list[Problem]:
    """Every reason to refuse this target (empty when it is fine). Shared by the API and admin."""
    problems: list[Problem] = []
    years = list(years)
    if not (name or "").strip():
        problems.append(Problem("required", "Nama target wajib diisi.", "name"))
    if rule not in Rule.values:
        problems.append(Problem("rule_unknown", "Aturan penghitungan tidak dikenal.", "rule"))
    if period_end < period_start:
        problems.append(
            Problem(
                "period_end_before_start",
                "Akhir periode tidak boleh sebelum awal periode.",
                "period_end",
            )
        )
    if number is None or number <= 0:
        problems.append(Problem("target_not_positive", "Target harus lebih dari nol.", "target"))
    if years:
        seen = [y for y, _ in years]
        if len(set(seen)) != len(seen):
            problems.append(
                Problem("year_duplicate", "Setiap tahun hanya boleh muncul sekali.", "years")
            )
        outside = sorted(str(y) for y in set(seen) if not period_start.year <= y <= period_end.year)
        if outside and period_end >= period_start:
            problems.append(
                Problem(
                    "year_outside_period",
                    f"Tahun {', '.join(outside)} di luar periode target.",
                    "years",
                    outside,
                )
            )
        if any(n is None or n < 0 for _, n in years):
            problems.append(
                Problem("year_target_negative", "Target tahunan tidak boleh negatif.", "years")
            )
        total = sum(n or 0 for _, n in years)
        if number is not None and total != number:
            problems.append(
                Problem(
                    "years_sum_mismatch",
                    f"Jumlah target tahunan ({total:,}) harus sama dengan target "
                    f"({number:,}).".replace(",", "."),
                    "years",
                )
            )
    return problems


def _require_manager(actor: User | None) -> None:
    if actor is not None and not has_role(actor, *MANAGE_ROLES):
        raise AccessDenied("Hanya admin DKUM yang dapat mengubah target.")


def target_create(
    *,
    actor: User | None,
    name: str,
    rule: str,
    period_start: datetime.date,
    period_end: datetime.date,
    number: int,
    years: Iterable[tuple[int, int]] = (),
) -> Target:
    _require_manager(actor)
    years = list(years)
    problems = target_problems(
        name=name,
        rule=rule,
        period_start=period_start,
        period_end=period_end,
        number=number,
        years=years,
    )
    if problems:
        raise RuleError(*problems)
    with transaction.atomic():
        if Target.objects.filter(name=name.strip()).exists():
            raise RuleError.one("name_taken", "Nama target sudah dipakai.", field="name")
        target = Target.objects.create(
            name=name.strip(),
            rule=rule,
            period_start=period_start,
            period_end=period_end,
            number=number,
        )
        TargetYear.objects.bulk_create(
            TargetYear(target=target, year=y, number=n) for y, n in sorted(years)
        )
        events.record(target, "created", actor=actor, data={"number": number, "rule": rule})
    return target


def target_update(
    *,
    target: Target,
    actor: User | None,
    name: str,
    rule: str,
    period_start: datetime.date,
    period_end: datetime.date,
    number: int,
    years: Iterable[tuple[int, int]] = (),
) -> Target:
    _require_manager(actor)
    years = list(years)
    problems = target_problems(
        name=name,
        rule=rule,
        period_start=period_start,
        period_end=period_end,
        number=number,
        years=years,
    )
    if problems:
        raise RuleError(*problems)
    with transaction.atomic():
        target = Target.objects.select_for_update().get(pk=target.pk)
        if Target.objects.filter(name=name.strip()).exclude(pk=target.pk).exists():
            raise RuleError.one("name_taken", "Nama target sudah dipakai.", field="name")
        before = {"number": target.number, "period_end": str(target.period_end)}
        target.name = name.strip()
        target.rule = rule
        target.period_start = period_start
        target.period_end = period_end
        target.number = number
        target.save()
        target.years.all().delete()
        TargetYear.objects.bulk_create(
            TargetYear(target=target, year=y, number=n) for y, n in sorted(years)
        )
        events.record(
            target,
            "updated",
            actor=actor,
            data={"before": before, "number": number, "period_end": str(period_end)},
        )
    return target
