"""What each counting rule counts, and the monthly summary table built from it.

The rules, precisely (dates are local dates in ``settings.TIME_ZONE``, periods inclusive):

``new_entrepreneurs``
    Verified mitra binaan registrations marked ``is_new_entrepreneur``, counted on the date of
    ``verified_at``. One verified registration is one new entrepreneur's business.
``women_entrepreneurs``
    Of those, the ones whose person's gender is ``P``.
``trained_new_entrepreneurs``
    Of the new entrepreneurs, the ones whose person holds a training certificate that is not
    revoked (issued at any time), counted on the registration's ``verified_at``.
``groups_financed``
    Applications for a product with ``borrower_type == "group"`` that have a disbursed loan,
    counted once, on the date of their first disbursement.
``amount_disbursed``
    The sum of ``principal_rupiah`` of loans, counted on ``disbursed_on``.

Dimensions: ``kelurahan`` (the business's kelurahan for registrations, the application's
kelurahan for financing; the kecamatan is the first 8 characters of its code), ``kbli`` (the
business's KBLI kategori) and ``gender`` (the person's). Financing has no KBLI, groups no gender.

Everything is aggregated in the database. ``Tally`` keeps these per calendar month so the
dashboard reads a few thousand rows instead of the registry; a period that starts or ends inside
a month reads its partial edge months from the source tables directly.
"""

from __future__ import annotations

import calendar
import datetime
import time
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import (
    CharField,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from berdaya.core.models import Event
from berdaya.targets.models import Dimension, Rule, Tally, TallyState

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


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:  # the app has not defined it yet
        return None


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
    if rule == APPLICATIONS:
        application = _model("financing.Application")
        if application is None:
            return None
        paths = {Dimension.STATUS: "status", Dimension.KELURAHAN: "kelurahan_id"}
        return Source(
            application.objects.all(), "created_at", True, paths, Count("id"), Count("id")
        )
    if rule == CERTIFICATES:
        certificate = _model("training.Certificate")
        if certificate is None:
            return None
        qs = certificate.objects.filter(revoked_at__isnull=True)
        return Source(qs, "issued_on", False, {}, Count("id"), Count("id"))
    if rule in REGISTRATION_RULES:
        from berdaya.registry.models import Registration

        qs = Registration.objects.filter(status="verified", is_new_entrepreneur=True)
        if rule == Rule.WOMEN_ENTREPRENEURS:
            qs = qs.filter(person__gender="P")
        elif rule == Rule.TRAINED_NEW_ENTREPRENEURS:
            certificate = _model("training.Certificate")
            if certificate is None:
                return None
            qs = qs.filter(
                Exists(
                    certificate.objects.filter(
                        person=OuterRef("person_id"), revoked_at__isnull=True
                    )
                )
            )
        paths = {
            Dimension.KELURAHAN: "business__kelurahan_id",
            Dimension.KBLI: "business__kbli_section",
            Dimension.GENDER: "person__gender",
        }
        return Source(qs, "verified_at", True, paths, Count("id"), Count("id"))
    loan = _model("financing.Loan")
    application = _model("financing.Application")
    if loan is None or application is None:
        return None
    if rule == Rule.GROUPS_FINANCED:
        first = (
            loan.objects.filter(application=OuterRef("pk"), disbursed_on__isnull=False)
            .order_by("disbursed_on")
            .values("disbursed_on")[:1]
        )
        qs = (
            application.objects.filter(product__borrower_type="group")
            .annotate(first_disbursed_on=Subquery(first, output_field=DateField()))
            .filter(first_disbursed_on__isnull=False)
        )
        paths = {Dimension.KELURAHAN: "kelurahan_id"}
        return Source(qs, "first_disbursed_on", False, paths, Count("id"), Count("id"))
    if rule == Rule.AMOUNT_DISBURSED:
        qs = loan.objects.filter(disbursed_on__isnull=False)
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


# --- the summary table -------------------------------------------------------------------------


def source_marks() -> dict:
    """Cheap marks of the source tables, read in one query of index lookups: the last
    registration id, the latest verification, the last certificate id and the number revoked,
    the last loan id. A new registration or verification, certificate, revocation or loan
    changes them."""
    from berdaya.registry.models import Registration

    def table(model) -> str:
        return connection.ops.quote_name(model._meta.db_table)

    # Table names come from the models (quoted), never from input.
    reg = table(Registration)
    names = ["registration_id", "verified_at"]
    parts = [
        f"(SELECT MAX(id) FROM {reg})",  # noqa: S608
        f"(SELECT MAX(verified_at) FROM {reg} WHERE status = 'verified')",  # noqa: S608
    ]
    certificate = _model("training.Certificate")
    if certificate is not None:
        cert = table(certificate)
        names += ["certificate_id", "certificates_revoked"]
        parts.append(f"(SELECT MAX(id) FROM {cert})")  # noqa: S608
        parts.append(f"(SELECT COUNT(*) FROM {cert} WHERE revoked_at IS NOT NULL)")  # noqa: S608
    loan = _model("financing.Loan")
    if loan is not None:
        names.append("loan_id")
        parts.append(f"(SELECT MAX(id) FROM {table(loan)})")  # noqa: S608
    application = _model("financing.Application")
    if application is not None:
        names.append("application_id")
        parts.append(f"(SELECT MAX(id) FROM {table(application)})")  # noqa: S608
    # Every workflow step writes an event (a status change of an application, ...).
    names.append("event_id")
    parts.append(f"(SELECT MAX(id) FROM {table(Event)})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        values = cursor.fetchone()
    marks = {}
    for name, value in zip(names, values, strict=True):
        if name == "verified_at" and value is not None:
            if isinstance(value, str):  # SQLite returns text for an aggregate of datetimes
                value = datetime.datetime.fromisoformat(value)
            if timezone.is_naive(value):
                value = timezone.make_aware(value, datetime.UTC)
            value = value.isoformat()
        marks[name] = value
    return marks


def fingerprint_of(marks: dict) -> str:
    return repr(sorted(marks.items()))[:300]


def source_fingerprint() -> str:
    return fingerprint_of(source_marks())


def max_age_seconds() -> int:
    return settings.BERDAYA_TARGETS_TALLY_SECONDS


def _tally_rows(rule: str, start=None, end=None) -> list[Tally]:
    rows = []
    for dimension in Dimension.values:
        for row in source_rows(rule, dimension, start=start, end=end):
            rows.append(
                Tally(
                    rule=rule,
                    dimension=dimension,
                    key=row["key"] or "",
                    month=row["month"],
                    value=row["value"] or 0,
                    events=row["events"],
                )
            )
    return rows


def _analyze() -> None:
    if connection.vendor == "postgresql":  # fresh statistics for the planner
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Tally._meta.db_table)}")


def _save_state(state, *, marks: dict, began: float, full: bool) -> TallyState:
    now = timezone.now()
    values = {
        "built_at": now,
        "fingerprint": fingerprint_of(marks),
        "marks": marks,
        "seconds": time.perf_counter() - began,
    }
    if full:
        values["full_built_at"] = now
    if state is None:
        return TallyState.objects.create(pk=1, **values)
    TallyState.objects.filter(pk=1).update(**values)
    state.refresh_from_db()
    return state


def tally_rebuild() -> TallyState:
    """Rebuild the whole summary table from the source tables, in one transaction."""
    began = time.perf_counter()
    with transaction.atomic():
        state = TallyState.objects.select_for_update().filter(pk=1).first()
        marks = source_marks()
        Tally.objects.all().delete()
        rows = []
        for rule in TALLIED:
            rows += _tally_rows(rule)
        Tally.objects.bulk_create(rows, batch_size=2000)
        _analyze()
        return _save_state(state, marks=marks, began=began, full=True)


def tally_update(*, rebuild_when_old: bool = True) -> TallyState:
    """Bring the summary table up to date by what changed since the last refresh: the months of
    new registrations and verifications are recounted (a few thousand rows, not the registry);
    a new or revoked certificate recounts the trained rule, a new loan the financing rules.
    A whole rebuild instead when there is no tally yet or the last whole one is older than
    ``BERDAYA_TARGETS_TALLY_SECONDS`` (this also catches edits made in place)."""
    from berdaya.registry.models import Registration

    began = time.perf_counter()
    with transaction.atomic():
        state = TallyState.objects.select_for_update().filter(pk=1).first()
        if state is None or not state.marks:
            return tally_rebuild()
        last_full = state.full_built_at or state.built_at
        if rebuild_when_old and (timezone.now() - last_full).total_seconds() > max_age_seconds():
            return tally_rebuild()
        old, marks = state.marks, source_marks()
        whole: set[str] = set()
        if (old.get("certificate_id"), old.get("certificates_revoked")) != (
            marks.get("certificate_id"),
            marks.get("certificates_revoked"),
        ):
            whole |= {Rule.TRAINED_NEW_ENTREPRENEURS, CERTIFICATES}
        if old.get("loan_id") != marks.get("loan_id"):
            whole |= {Rule.GROUPS_FINANCED, Rule.AMOUNT_DISBURSED}
        if (old.get("application_id"), old.get("event_id")) != (
            marks.get("application_id"),
            marks.get("event_id"),
        ):
            whole.add(APPLICATIONS)
        months: set[datetime.date] = set()
        if (old.get("registration_id"), old.get("verified_at")) != (
            marks.get("registration_id"),
            marks.get("verified_at"),
        ):
            changed = Registration.objects.filter(
                status="verified", id__gt=old.get("registration_id") or 0
            )
            if old.get("verified_at"):
                changed = changed | Registration.objects.filter(
                    status="verified",
                    verified_at__gt=datetime.datetime.fromisoformat(old["verified_at"]),
                )
            months = {d.date() for d in changed.datetimes("verified_at", "month")}
        if old.get("event_id") != marks.get("event_id"):
            # Registrations that went through a workflow step since (their months), and a
            # whole recount when one left "verified" (its old month is not known).
            steps = Event.objects.filter(
                id__gt=old.get("event_id") or 0,
                content_type=ContentType.objects.get_for_model(Registration),
            )
            if steps.filter(from_status="verified").exclude(to_status="verified").exists():
                whole |= set(REGISTRATION_RULES)
            ids = [int(i) for i in steps.values_list("object_id", flat=True) if i.isdigit()]
            moved = Registration.objects.filter(status="verified", pk__in=ids)
            months |= {d.date() for d in moved.datetimes("verified_at", "month")}
        for rule in whole:
            Tally.objects.filter(rule=rule).delete()
            Tally.objects.bulk_create(_tally_rows(rule), batch_size=2000)
        for rule in REGISTRATION_RULES:
            if rule in whole:
                continue
            for month in sorted(months):
                Tally.objects.filter(rule=rule, month=month).delete()
                Tally.objects.bulk_create(
                    _tally_rows(rule, start=month, end=month_end(month)), batch_size=2000
                )
        return _save_state(state, marks=marks, began=began, full=False)


def tally_ensure_fresh() -> TallyState:
    """The tally to read, never behind a change the markers see: built here when there is none,
    and brought up to date here, by what changed, when the sources changed (the months of new
    verifications: a fraction of a second even at city scale). When the last whole rebuild is
    older than ``BERDAYA_TARGETS_TALLY_SECONDS`` (default 600), one is queued for the background
    worker (once) to catch edits made in place, and the current tally is read meanwhile, so no
    request waits for a rebuild of a city-sized registry. (With the immediate task backend of the
    tests the rebuild runs at once.)"""
    fingerprint = source_fingerprint()
    state = TallyState.objects.filter(pk=1).first()
    if state is None:
        return tally_rebuild()
    if state.fingerprint != fingerprint:
        state = tally_update(rebuild_when_old=False)
    now = timezone.now()
    last_full = state.full_built_at or state.built_at
    too_old = (now - last_full).total_seconds() > max_age_seconds()
    if not too_old:
        return state
    asked_recently = (
        state.requested_at is not None
        and state.requested_at > state.built_at
        and state.requested_fingerprint == fingerprint
        and (now - state.requested_at).total_seconds() < max_age_seconds()
    )
    if not asked_recently:
        TallyState.objects.filter(pk=1).update(requested_at=now, requested_fingerprint=fingerprint)
        from berdaya.targets.tasks import tally_refresh

        tally_refresh.enqueue()
        state.refresh_from_db()
    return state


# --- reading: achieved per key over any period -------------------------------------------------


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
    if end < start:
        return {}
    full, edges = split_period(start, end)
    out: dict = defaultdict(lambda: {"value": 0, "events": 0})
    if full is not None:
        rows = Tally.objects.filter(
            rule=rule, dimension=Dimension.ALL, month__gte=full[0], month__lte=full[1]
        ).values_list("month", "value", "events")
        for month, value, events in rows:
            out[month]["value"] += value
            out[month]["events"] += events
    for low, high in edges:
        for row in source_rows(rule, Dimension.ALL, start=low, end=high, by_month=True):
            out[row["month"]]["value"] += row["value"] or 0
            out[row["month"]]["events"] += row["events"]
    return dict(out)


def sum_between(months: dict, start: datetime.date, end: datetime.date, field="value") -> int:
    """Sum a month map over the months that fall in [start, end] (month keys are 1st days)."""
    return sum(v[field] for m, v in months.items() if month_start(start) <= m <= end)
