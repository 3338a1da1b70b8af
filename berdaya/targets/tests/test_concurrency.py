"""Two edits of one target, or two refreshes of the dashboard's summary table, at the same moment
on PostgreSQL: the target's (or the tally state's) row lock makes the second wait, so an edit is
recorded against the one before it and the summary is never counted twice. Each test fails without
its lock (checked by removing the lock and running it; see docs/adr/0005)."""

from __future__ import annotations

from berdaya.core.models import Event
from berdaya.core.tests.concurrency import MARKS, run_together
from berdaya.targets import services
from berdaya.targets.models import Tally, TallyState, Target, TargetYear
from berdaya.targets.tally.refresh import tally_ensure_fresh, tally_rebuild, tally_update
from berdaya.targets.tests.builders import local, registration, seeded_targets

pytestmark = MARKS


def test_it_records_each_edit_of_a_target_against_the_one_before(personas):
    # given the seeded target of new entrepreneurs (5,000)
    target, _ = seeded_targets()
    original = target.number

    # when two admins save it at the same moment with different numbers
    def save(per_year):
        return lambda: services.target_update(
            target=target, actor=personas.admin, name=target.name, rule=target.rule,
            period_start=target.period_start, period_end=target.period_end,
            number=3 * per_year, years=[(2022, per_year), (2023, per_year), (2024, per_year)],
        )  # fmt: skip

    results, errors = run_together(save(2000), save(2100))
    # then one saved after the other: the target has one set of years, and the history shows
    # the second edit changing the first one's number (not both changing the original)
    assert errors == [] and results == ["ok", "ok"]
    target = Target.objects.get(pk=target.pk)
    years = set(TargetYear.objects.filter(target=target).values_list("number", flat=True))
    assert years == {target.number // 3}
    first = ({6000, 6300} - {target.number}).pop()
    befores = Event.objects.filter(
        content_type__app_label=target._meta.app_label,
        content_type__model=target._meta.model_name,
        object_id=str(target.pk),
        verb="updated",
    ).values_list("data__before__number", flat=True)
    assert sorted(befores) == sorted([original, first])


def test_it_never_counts_the_summary_twice_when_rebuilt_twice_at_once(personas):
    # given a summary table built once over a few verified registrations
    seeded_targets()
    for day in (3, 10, 20):
        registration(gender="P", verified_at=local(2023, 5, day))
    tally_rebuild()
    once = sorted(Tally.objects.values_list("rule", "dimension", "key", "month", "value"))
    assert once

    # when two refresh jobs rebuild it at the same moment
    results, errors = run_together(tally_rebuild, tally_rebuild)
    # then the table holds each count once
    assert errors == [] and results == ["ok", "ok"]
    twice = sorted(Tally.objects.values_list("rule", "dimension", "key", "month", "value"))
    assert twice == once


def test_it_never_counts_a_new_month_twice_when_updated_twice_at_once(personas):
    # given a summary table built once, then a registration verified in a new month
    seeded_targets()
    registration(gender="P", verified_at=local(2023, 5, 3))
    tally_rebuild()
    registration(gender="P", verified_at=local(2023, 8, 9))

    # when two dashboard refreshes bring it up to date at the same moment
    def update():
        tally_update(rebuild_when_old=False)

    results, errors = run_together(update, update)
    # then the table equals a whole rebuild: the new month is counted once
    assert errors == [] and results == ["ok", "ok"]
    updated = sorted(Tally.objects.values_list("rule", "dimension", "key", "month", "value"))
    tally_rebuild()
    rebuilt = sorted(Tally.objects.values_list("rule", "dimension", "key", "month", "value"))
    assert updated == rebuilt


def test_two_first_dashboard_visits_at_once_build_one_summary(personas):
    # given a fresh installation: registrations but no summary table yet
    seeded_targets()
    TallyState.objects.all().delete()
    registration(gender="P", verified_at=local(2023, 5, 3))

    # when two dashboards ask for it at the same moment
    results, errors = run_together(tally_ensure_fresh, tally_ensure_fresh)
    # then one builds it and the other waits and reads it (no error on the state row)
    assert errors == [] and results == ["ok", "ok"]
    built = sorted(Tally.objects.values_list("rule", "dimension", "key", "month", "value"))
    tally_rebuild()
    assert built == sorted(Tally.objects.values_list("rule", "dimension", "key", "month", "value"))
