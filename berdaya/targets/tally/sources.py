"""What each counting rule counts: its source rows, grouped by dimension and month."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import (
    CharField,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone

from berdaya.financing.selectors import targets as financing_targets
from berdaya.registry import selectors as registry_selectors
from berdaya.targets.models import Dimension, Rule
from berdaya.training import selectors as training_selectors

# Not a target rule: valid training certificates per month of issue, for the dashboard's
# training completions (kept in the same summary table).
CERTIFICATES = "_certificates"


# Not a target rule either: financing applications by status and kelurahan (the pipeline),
# dated by creation.
APPLICATIONS = "_applications"


TALLIED = (*Rule.values, CERTIFICATES, APPLICATIONS)


REGISTRATION_RULES = (
    Rule.NEW_ENTREPRENEURS,
    Rule.WOMEN_ENTREPRENEURS,
    Rule.TRAINED_NEW_ENTREPRENEURS,
)


@dataclass(frozen=True)
class Source:
    """Where a rule's rows come from: a queryset, its date and dimension paths, its value."""

    queryset: QuerySet
    date_field: str
    is_datetime: bool
    paths: dict  # dimension -> field path (missing: the rule has no such dimension)
    value: object  # aggregate expression
    events: object


def source(rule: str) -> Source | None:
    qs: QuerySet
    if rule == APPLICATIONS:
        paths = {Dimension.STATUS: "status", Dimension.KELURAHAN: "kelurahan_id"}
        qs = financing_targets.tally_applications()
        return Source(qs, "created_at", True, paths, Count("id"), Count("id"))
    if rule == CERTIFICATES:
        qs = training_selectors.valid_certificates()
        return Source(qs, "issued_on", False, {}, Count("id"), Count("id"))
    if rule in REGISTRATION_RULES:
        # The registry says who counts: new entrepreneurs, and among them women entrepreneurs.
        qs = registry_selectors.new_entrepreneur_registrations()
        if rule == Rule.WOMEN_ENTREPRENEURS:
            qs = qs.filter(registry_selectors.woman_entrepreneur_q())
        elif rule == Rule.TRAINED_NEW_ENTREPRENEURS:
            valid = training_selectors.valid_certificates()
            qs = qs.filter(Exists(valid.filter(person=OuterRef("person_id"))))
        paths = {
            Dimension.KELURAHAN: "business__kelurahan_id",
            Dimension.KBLI: "business__kbli_section",
            Dimension.GENDER: "person__gender",
        }
        return Source(qs, "verified_at", True, paths, Count("id"), Count("id"))
    # Financing says which applications are financed groups and which loans are disbursed.
    if rule == Rule.GROUPS_FINANCED:
        qs = financing_targets.tally_groups_financed()
        paths = {Dimension.KELURAHAN: "kelurahan_id"}
        return Source(qs, "first_disbursed_on", False, paths, Count("id"), Count("id"))
    if rule == Rule.AMOUNT_DISBURSED:
        qs = financing_targets.tally_disbursed_loans()
        paths = {
            Dimension.KELURAHAN: "application__kelurahan_id",
            Dimension.GENDER: "person__gender",
        }
        return Source(qs, "disbursed_on", False, paths, Sum("principal_rupiah"), Count("id"))
    raise ValueError(f"unknown rule {rule!r}")


def local_bounds(start: datetime.date, end: datetime.date):
    """Aware datetimes [start 00:00, end+1 00:00) in the local time zone (index friendly)."""
    tz = timezone.get_current_timezone()
    low = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    high = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return low, high


def source_rows(
    rule: str,
    dimension: str,
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    by_month: bool = True,
) -> list[dict]:
    """Grouped rows ``{"month"?, "key", "value", "events"}`` of ``rule`` from the source tables."""
    src = source(rule)
    if src is None or (dimension != Dimension.ALL and dimension not in src.paths):
        return []
    qs = src.queryset
    if start is not None and end is not None:
        if src.is_datetime:
            low, high = local_bounds(start, end)
            qs = qs.filter(**{f"{src.date_field}__gte": low, f"{src.date_field}__lt": high})
        else:
            qs = qs.filter(**{f"{src.date_field}__range": (start, end)})
    key = (
        Value("", output_field=CharField())
        if dimension == Dimension.ALL
        else F(src.paths[dimension])
    )
    groups: dict = {"key": key}
    if by_month:
        groups["month"] = TruncMonth(src.date_field, output_field=DateField())
    rows = qs.order_by().values(**groups).annotate(value=src.value, events=src.events)
    return list(rows)
