"""The summary table: cheap marks of the sources, a whole rebuild, an update by what changed."""

from __future__ import annotations

import datetime
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from berdaya.core.models import Event
from berdaya.financing.selectors import targets as financing_targets
from berdaya.registry import selectors as registry_selectors
from berdaya.targets.models import Dimension, Rule, Tally, TallyState
from berdaya.targets.tally.periods import month_end
from berdaya.targets.tally.sources import (
    APPLICATIONS,
    CERTIFICATES,
    REGISTRATION_RULES,
    TALLIED,
    source_rows,
)
from berdaya.training import selectors as training_selectors


def _mark_queries() -> dict[str, QuerySet]:
    """The one-value querysets each app offers as its marks (index lookups), and the events'."""
    return {
        **registry_selectors.tally_marks(),
        **training_selectors.tally_marks(),
        **financing_targets.tally_marks(),
        # Every workflow step writes an event (a status change of an application, ...).
        "event_id": Event.objects.order_by("-id").values("id")[:1],
    }


def source_marks() -> dict:
    """Cheap marks of the source tables, read in one query of index lookups: the last
    registration id, the latest verification, the last certificate id and the number revoked,
    the last loan and application ids, the last event id. A new registration or verification,
    certificate, revocation, loan, application or workflow step changes them. Each app says
    what its marks are (``tally_marks`` of its selectors); they are read together here."""
    names: list[str] = []
    parts: list[str] = []
    params: list = []
    for name, queryset in _mark_queries().items():
        sql, args = queryset.query.sql_with_params()
        names.append(name)
        parts.append(f"({sql})")
        params.extend(args)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
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


def _lock_state() -> TallyState:
    """The state row, locked. A missing row cannot be locked, so the first build creates it
    (empty) in its transaction: a second first build waits on that insert, then on the lock."""
    TallyState.objects.get_or_create(pk=1, defaults={"built_at": timezone.now()})
    return TallyState.objects.select_for_update().get(pk=1)


def tally_rebuild() -> TallyState:
    """Rebuild the whole summary table from the source tables, in one transaction."""
    began = time.perf_counter()
    with transaction.atomic():
        state = _lock_state()
        marks = source_marks()
        Tally.objects.all().delete()
        rows = []
        for rule in TALLIED:
            rows += _tally_rows(rule)
        Tally.objects.bulk_create(rows, batch_size=2000)
        _analyze()
        return _save_state(state, marks=marks, began=began, full=True)


@task()
def tally_refresh() -> str:
    """Rebuild the dashboard's summary table (asked for by a dashboard that found it stale)."""
    state = tally_update()
    return f"refreshed in {state.seconds:.1f} s"


def tally_update(*, rebuild_when_old: bool = True) -> TallyState:
    """Bring the summary table up to date by what changed since the last refresh: the months of
    new registrations and verifications are recounted (a few thousand rows, not the registry);
    a new or revoked certificate recounts the trained rule, a new loan the financing rules.
    A whole rebuild instead when there is no tally yet or the last whole one is older than
    ``BERDAYA_TARGETS_TALLY_SECONDS`` (this also catches edits made in place)."""
    began = time.perf_counter()
    with transaction.atomic():
        state = _lock_state()
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
        keys = ("registration_id", "verified_at", "event_id")
        if any(old.get(k) != marks.get(k) for k in keys):
            # The registry says which months of verified registrations changed since (new,
            # verified, or through a workflow step), and whether one left "verified" (its old
            # month is not known: a whole recount).
            months, left = registry_selectors.verified_months_changed_since(
                registration_id=old.get("registration_id"),
                verified_at=old.get("verified_at"),
                event_id=old.get("event_id"),
            )
            if left:
                whole |= set(REGISTRATION_RULES)
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
        tally_refresh.enqueue()
        state.refresh_from_db()
    return state
