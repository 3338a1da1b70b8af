"""The summary table: refreshed by what changed, always equal to a whole rebuild."""

import datetime

from berdaya.core.personas import KUKUSAN
from berdaya.targets import tally
from berdaya.targets.models import Tally, TallyState
from berdaya.targets.tests.builders import (
    application,
    certificate,
    local,
    population,
    registration,
)


def _snapshot():
    return sorted(Tally.objects.values_list("rule", "dimension", "key", "month", "value", "events"))


def test_it_recounts_only_the_changed_months_and_matches_a_whole_rebuild(db):
    # given a built tally
    people = population()
    tally.tally_rebuild()
    untouched = Tally.objects.get(rule="new_entrepreneurs", dimension="all", month="2022-03-01")
    # when registrations are verified in two months, one of them already counted
    registration(gender="P", kelurahan=KUKUSAN, kbli="C", verified_at=local(2024, 2, 2))
    registration(gender="L", verified_at=local(2023, 7, 15))
    state = tally.tally_update()
    # then those months are recounted, the others left as they were
    assert state.full_built_at is not None and state.full_built_at < state.built_at
    assert Tally.objects.get(pk=untouched.pk).value == 2
    updated = _snapshot()
    tally.tally_rebuild()
    assert updated == _snapshot()
    assert (
        Tally.objects.get(rule="new_entrepreneurs", dimension="all", month="2023-07-01").value == 2
    )
    del people


def test_it_recounts_the_trained_rule_when_a_certificate_is_issued_or_revoked(db):
    people = population()
    tally.tally_rebuild()
    certificate(people["b"].person)
    tally.tally_update()
    assert _row("trained_new_entrepreneurs", "2022-03-01") == 2
    people["a"].person.training_certificates.update(revoked_at=local(2024, 1, 1))
    tally.tally_update()
    assert _row("trained_new_entrepreneurs", "2022-03-01") == 1
    updated = _snapshot()
    tally.tally_rebuild()
    assert updated == _snapshot()


def test_it_recounts_financing_when_a_loan_is_disbursed(db):
    tally.tally_rebuild()
    application(loans=[("P", 5_000_000, datetime.date(2024, 3, 10))])
    tally.tally_update()
    assert _row("amount_disbursed", "2024-03-01") == 5_000_000
    assert _row("groups_financed", "2024-03-01") == 1


def test_it_rebuilds_everything_when_the_last_whole_rebuild_is_old(db, settings):
    population()
    first = tally.tally_rebuild()
    settings.BERDAYA_TARGETS_TALLY_SECONDS = 0
    state = tally.tally_update()
    assert state.full_built_at is not None and first.full_built_at is not None
    assert state.full_built_at > first.full_built_at


def _row(rule, month):
    return Tally.objects.get(rule=rule, dimension="all", month=month).value


def test_it_keeps_one_state_row(db):
    tally.tally_rebuild()
    tally.tally_update()
    assert TallyState.objects.count() == 1


def test_it_recounts_a_registration_verified_or_unverified_through_a_workflow_step(db, personas):
    from berdaya.core import events

    people = population()
    tally.tally_rebuild()
    # when a verification is back-dated in place, and another registration is un-verified
    late = people["out"][3]  # submitted
    late.__class__.objects.filter(pk=late.pk).update(
        status="verified", verified_at=local(2022, 3, 25)
    )
    events.record(
        late, "verify", actor=personas.staff, from_status="submitted", to_status="verified"
    )
    tally.tally_update()
    assert _row("new_entrepreneurs", "2022-03-01") == 3
    gone = people["c"]
    gone.__class__.objects.filter(pk=gone.pk).update(status="rejected")
    events.record(
        gone, "reject", actor=personas.staff, from_status="verified", to_status="rejected"
    )
    tally.tally_update()
    assert not Tally.objects.filter(
        rule="new_entrepreneurs", dimension="all", month="2023-07-01"
    ).exists()
    updated = _snapshot()
    tally.tally_rebuild()
    assert updated == _snapshot()
