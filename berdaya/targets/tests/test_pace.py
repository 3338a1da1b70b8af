import datetime
from decimal import Decimal

from berdaya.targets.pace import pace_of

START, END = datetime.date(2022, 1, 1), datetime.date(2024, 12, 31)  # 1,096 days


def test_it_projects_the_pace_so_far_to_the_end_of_the_period():
    # given 548 of 1,096 days gone (1 Jan 2022 .. 2 Jul 2023) and 2,000 achieved
    pace = pace_of(
        target=5000,
        achieved=2000,
        period_start=START,
        period_end=END,
        today=datetime.date(2023, 7, 2),
    )
    # then
    assert (pace.days_total, pace.days_elapsed, pace.days_left) == (1096, 548, 548)
    assert pace.projected == 4000  # 2,000 x 1,096 / 548
    assert pace.on_track is False
    assert pace.pace_so_far == Decimal("109.5")  # 2,000 / 548 x 30
    assert pace.pace_needed == Decimal("164.2")  # 3,000 / 548 x 30
    assert pace.percent == Decimal("40.0")


def test_it_is_on_track_when_the_projection_reaches_the_target():
    pace = pace_of(
        target=1000,
        achieved=500,
        period_start=START,
        period_end=END,
        today=datetime.date(2023, 7, 2),
    )
    assert pace.projected == 1000
    assert pace.on_track is True


def test_it_rounds_the_projection_half_up():
    # 1 achieved on day 2 of 5 -> 2.5 -> 3
    pace = pace_of(
        target=3,
        achieved=1,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 1, 5),
        today=datetime.date(2024, 1, 2),
    )
    assert pace.projected == 3
    assert pace.on_track is True


def test_it_has_no_pace_before_the_period_starts():
    pace = pace_of(
        target=100,
        achieved=0,
        period_start=START,
        period_end=END,
        today=datetime.date(2021, 12, 31),
    )
    assert (pace.days_elapsed, pace.days_left) == (0, 1096)
    assert pace.pace_so_far is None
    assert pace.projected == 0
    assert pace.on_track is True
    assert pace.pace_needed == Decimal("2.7")  # 100 / 1,096 x 30


def test_it_judges_a_finished_period_by_what_was_achieved():
    late = pace_of(
        target=5000,
        achieved=4999,
        period_start=START,
        period_end=END,
        today=datetime.date(2025, 3, 1),
    )
    assert (late.days_elapsed, late.days_left, late.projected) == (1096, 0, 4999)
    assert late.pace_needed is None
    assert late.on_track is False
    done = pace_of(
        target=5000,
        achieved=5001,
        period_start=START,
        period_end=END,
        today=datetime.date(2025, 3, 1),
    )
    assert done.on_track is True
    assert done.percent == Decimal("100.0")


def test_it_needs_no_more_pace_once_the_target_is_reached():
    pace = pace_of(
        target=10,
        achieved=12,
        period_start=START,
        period_end=END,
        today=datetime.date(2022, 2, 1),
    )
    assert pace.pace_needed == Decimal("0.0")
