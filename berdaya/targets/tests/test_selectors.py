"""A known population, and every number the dashboard computes from it."""

import datetime

import pytest
from django_tasks import task_backends
from django_tasks.backends.dummy import DummyBackend

from berdaya.core.personas import BEJI, DEPOK_JAYA, KUKUSAN
from berdaya.targets import selectors, tally
from berdaya.targets.models import Tally, TallyState, Target
from berdaya.targets.tests.builders import local, population, registration, seeded_targets

D = datetime.date
TODAY = D(2023, 1, 1)  # day 366 of 1,096


@pytest.fixture
def known(db):
    people = population()
    new, women = seeded_targets()
    return people, new, women


def _idle_worker() -> DummyBackend:
    """The task backend after the test switched TASKS to the dummy one, emptied."""
    worker = task_backends["default"]
    assert isinstance(worker, DummyBackend)
    worker.clear()
    return worker


def _by(target, by):
    return {r["key"]: r["achieved"] for r in selectors.breakdown(target, by)}


def test_it_counts_new_entrepreneurs_overall_and_per_year(known):
    _, new, _ = known
    tally.tally_ensure_fresh()
    progress = selectors.progress_of(selectors.target_get(new.pk), today=TODAY)
    assert progress.achieved == 4
    assert [(y.year, y.target, y.achieved) for y in progress.years] == [
        (2022, 1750, 2),
        (2023, 1750, 1),
        (2024, 1500, 1),
    ]
    assert progress.pace.projected == 12  # 4 x 1,096 / 366 = 11.98
    assert progress.pace.on_track is False


def test_it_counts_women_among_the_new_entrepreneurs(known):
    _, _, women = known
    tally.tally_ensure_fresh()
    progress = selectors.progress_of(selectors.target_get(women.pk), today=TODAY)
    assert progress.achieved == 2
    assert [(y.year, y.target, y.achieved) for y in progress.years] == [
        (2022, None, 1),
        (2023, None, 1),
        (2024, None, 0),
    ]


def test_it_breaks_new_entrepreneurs_down_by_place_month_kbli_and_gender(known):
    _, new, _ = known
    tally.tally_ensure_fresh()
    assert _by(new, "kecamatan") == {"32.76.06": 3, "32.76.01": 1}
    assert _by(new, "kelurahan") == {BEJI: 2, KUKUSAN: 1, DEPOK_JAYA: 1}
    assert _by(new, "month") == {"2022-03": 2, "2023-07": 1, "2024-12": 1}
    assert _by(new, "kbli") == {"C": 1, "G": 2, "I": 1}
    assert _by(new, "gender") == {"L": 2, "P": 2}
    labels = {r["key"]: r["label"] for r in selectors.breakdown(new, "kecamatan")}
    assert labels == {"32.76.06": "Beji", "32.76.01": "Pancoran Mas"}
    labels = {r["key"]: r["label"] for r in selectors.breakdown(new, "month")}
    assert labels["2023-07"] == "Juli 2023"
    assert {r["label"] for r in selectors.breakdown(new, "gender")} == {"Laki-laki", "Perempuan"}


def test_it_counts_trained_new_entrepreneurs_with_a_valid_certificate(known, personas):
    from berdaya.targets import services

    target = services.target_create(
        actor=personas.admin,
        name="Terlatih",
        rule="trained_new_entrepreneurs",
        period_start=D(2022, 1, 1),
        period_end=D(2024, 12, 31),
        number=100,
    )
    tally.tally_ensure_fresh()
    assert selectors.progress_of(target, today=TODAY).achieved == 2
    assert _by(target, "kelurahan") == {BEJI: 1, DEPOK_JAYA: 1}


def test_it_reads_partial_edge_months_from_the_registry(known, personas):
    # 15 March 2022 .. 1 July 2023: b (20 Mar) and c (1 Jul 00:30 Jakarta), not a (10 Mar)
    from berdaya.targets import services

    target = services.target_create(
        actor=personas.admin,
        name="Tengah",
        rule="new_entrepreneurs",
        period_start=D(2022, 3, 15),
        period_end=D(2023, 7, 1),
        number=10,
    )
    tally.tally_ensure_fresh()
    assert selectors.progress_of(target, today=TODAY).achieved == 2
    assert _by(target, "month") == {"2022-03": 1, "2023-07": 1}
    assert _by(target, "kelurahan") == {BEJI: 1, KUKUSAN: 1}
    assert _by(target, "gender") == {"L": 1, "P": 1}


def test_it_rebuilds_the_tally_when_a_registration_is_verified(known):
    people, new, _ = known
    first = selectors.targets_progress(today=TODAY)
    assert next(p.achieved for p in first if p.target == new) == 4
    registration(gender="P", verified_at=local(2024, 2, 2))
    again = selectors.targets_progress(today=TODAY)
    assert next(p.achieved for p in again if p.target == new) == 5


def test_it_rebuilds_the_tally_when_it_is_too_old(known, settings):
    tally.tally_ensure_fresh()
    Tally.objects.all().delete()  # pretend the sources changed unseen
    settings.BERDAYA_TARGETS_TALLY_SECONDS = 0
    state = tally.tally_ensure_fresh()
    assert Tally.objects.exists()
    assert state.built_at is not None


def test_it_changes_what_the_dashboard_says_when_a_target_is_edited(known, personas):
    from berdaya.targets import services

    _, new, _ = known
    before = next(p for p in selectors.targets_progress(today=TODAY) if p.target == new)
    assert before.pace.on_track is False
    services.target_update(
        target=new,
        actor=personas.admin,
        name=new.name,
        rule=new.rule,
        period_start=new.period_start,
        period_end=new.period_end,
        number=10,
        years=[(2022, 4), (2023, 3), (2024, 3)],
    )
    after = next(p for p in selectors.targets_progress(today=TODAY) if p.target.pk == new.pk)
    assert after.target.number == 10
    assert after.pace.on_track is True  # 12 projected >= 10
    assert [y.target for y in after.years] == [4, 3, 3]


def test_it_suppresses_counts_under_five_for_the_public():
    assert selectors.shown(4, 4, public=True) == "<5"
    assert selectors.shown(0, 0, public=True) == "<5"
    assert selectors.shown(5, 5, public=True) == "5"
    assert selectors.shown(3, 3, public=False) == "3"
    assert selectors.shown(50_000_000, 3, money=True, public=True) == "<5"
    assert selectors.shown(1234567, 1234567) == "1.234.567"


def test_it_does_not_loop_over_registrations_to_count(known, django_assert_max_num_queries):
    tally.tally_ensure_fresh()
    for _ in range(30):
        registration(verified_at=local(2022, 8, 1))
    tally.tally_ensure_fresh()
    # the whole dashboard in a fixed number of queries, whatever the population
    with django_assert_max_num_queries(13):  # 10 once region and KBLI names are cached
        board = selectors.dashboard(today=TODAY)
    assert board.progress[0].achieved == 34
    assert Target.objects.count() == 2


def test_it_counts_valid_training_certificates_per_year(known):
    tally.tally_ensure_fresh()
    rows = {r["key"]: r["count"] for r in selectors.training_completions()}
    assert rows == {"2022": 1, "2025": 1}  # c's certificate is revoked


def test_it_counts_a_new_verification_at_once_without_waiting_for_the_worker(known, settings):
    # given a built tally and a background worker that has not run (not the immediate backend)
    tally.tally_ensure_fresh()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    worker = _idle_worker()
    new = Target.objects.get(name="5.000 Pengusaha Baru")
    assert selectors.progress_of(new, today=TODAY).achieved == 4
    # when a registration is verified
    registration(verified_at=local(2024, 2, 2))
    # then the next dashboard read already counts it, and nothing waits for the worker
    tally.tally_ensure_fresh()
    assert selectors.progress_of(new, today=TODAY).achieved == 5
    assert len(worker.results) == 0


def test_it_queues_an_old_tallys_whole_rebuild_once_and_reads_the_current_one(known, settings):
    # given a tally whose last whole rebuild is older than the allowed age
    state = tally.tally_ensure_fresh()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    worker = _idle_worker()
    assert state.full_built_at is not None
    an_hour_ago = state.full_built_at - datetime.timedelta(hours=1)
    TallyState.objects.update(full_built_at=an_hour_ago, built_at=an_hour_ago)
    state.refresh_from_db()
    # when the dashboard is read twice
    again = tally.tally_ensure_fresh()
    tally.tally_ensure_fresh()
    # then it reads the tally it has, and one rebuild waits for the worker
    assert again.built_at == state.built_at
    assert len(worker.results) == 1
    from berdaya.targets.tasks import tally_refresh

    tally_refresh.call()
    rebuilt_at = TallyState.objects.get().full_built_at
    assert rebuilt_at is not None and rebuilt_at > state.full_built_at
