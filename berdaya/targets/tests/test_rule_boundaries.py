"""Both sides of the counting rules: a registration verified on the last day of a period counts
in it, the first moment of the next day does not (periods ending on a month end are read from
the summary table, the others from the source); the public page shows "<5" for 4 and 5 for 5."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.urls import reverse

from berdaya.targets import present, selectors, tally
from berdaya.targets.models import Target
from berdaya.targets.tests.builders import local, registration

pytestmark = pytest.mark.django_db
LATER = datetime.date(2025, 1, 1)
_names = itertools.count(1)


def _achieved(start, end, rule="new_entrepreneurs") -> int:
    tally.tally_rebuild()
    target = Target.objects.create(
        name=f"Uji {next(_names)}", rule=rule, period_start=start, period_end=end, number=100
    )
    return selectors.progress_of(target, today=LATER).achieved


def _last_moment(day: datetime.date) -> datetime.datetime:
    return local(day.year, day.month, day.day, 23, 59) + datetime.timedelta(seconds=59.999999)


@pytest.mark.parametrize(
    "end",
    [datetime.date(2023, 12, 31), datetime.date(2023, 6, 15), datetime.date(2024, 2, 29)],
    ids=["month-end (summary table)", "mid-month (source)", "leap-day month end"],
)
def test_it_counts_the_last_day_of_a_period_and_not_the_first_day_after(end):
    start = datetime.date(2023, 1, 1)
    registration(verified_at=_last_moment(end))
    assert _achieved(start, end) == 1
    after = end + datetime.timedelta(days=1)
    registration(verified_at=local(after.year, after.month, after.day, 0, 0))
    assert _achieved(start, end) == 1
    assert _achieved(start, after) == 2


@pytest.mark.parametrize(
    "start",
    [datetime.date(2023, 1, 1), datetime.date(2023, 3, 10)],
    ids=["month start (summary table)", "mid-month (source)"],
)
def test_it_counts_the_first_day_of_a_period_and_not_the_day_before(start):
    end = datetime.date(2023, 12, 31)
    registration(verified_at=local(start.year, start.month, start.day, 0, 0))
    before = start - datetime.timedelta(days=1)
    registration(verified_at=_last_moment(before))
    assert _achieved(start, end) == 1


def test_it_counts_the_women_rule_on_the_same_boundary():
    end = datetime.date(2023, 12, 31)
    registration(gender="P", verified_at=_last_moment(end))
    registration(gender="P", verified_at=local(2024, 1, 1, 0, 0))
    registration(gender="L", verified_at=_last_moment(end))
    assert _achieved(datetime.date(2023, 1, 1), end, rule="women_entrepreneurs") == 1


def test_it_puts_the_last_day_of_a_year_in_that_year():
    registration(verified_at=_last_moment(datetime.date(2023, 12, 31)))
    registration(verified_at=local(2024, 1, 1, 0, 0))
    registration(verified_at=local(2024, 1, 1, 0, 0))
    tally.tally_rebuild()
    target = Target.objects.create(
        name="Dua tahun",
        rule="new_entrepreneurs",
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        number=10,
    )
    years = selectors.progress_of(target, today=LATER).years
    assert [(y.year, y.achieved) for y in years] == [(2023, 1), (2024, 2)]


def test_it_does_not_count_an_unverified_or_not_new_registration():
    end = datetime.date(2023, 12, 31)
    registration(verified_at=local(2023, 6, 1), status="submitted")
    registration(verified_at=local(2023, 6, 1), new=False)
    assert _achieved(datetime.date(2023, 1, 1), end) == 0


# --- Small counts on the public page --------------------------------------------------------
@pytest.mark.parametrize(("count", "text"), [(4, "<5"), (5, "5")])
def test_it_suppresses_4_and_shows_5_on_the_public_page(monkeypatch, client, count, text):
    monkeypatch.setattr(selectors, "today_local", lambda: datetime.date(2023, 12, 31))
    for _ in range(count):
        registration(gender="P", verified_at=local(2023, 5, 5))
    target = Target.objects.create(
        name="Uji transparansi",
        rule="new_entrepreneurs",
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        number=100,
    )
    response = client.get(reverse("targets:public") + f"?target={target.pk}")
    assert response.status_code == 200
    card = next(c for c in response.context["cards"] if c["id"] == target.pk)
    assert card["achieved"] == text
    assert [y["achieved"] for y in card["years"]] == [text]
    gender = next(s for s in response.context["sections"] if s["by"] == "gender")
    assert {r["key"]: r["text"] for r in gender["rows"]}["P"] == text


@pytest.mark.parametrize(("count", "text"), [(4, "<5"), (5, "5")])
def test_it_suppresses_below_5_by_the_rows_behind_a_figure_not_its_value(count, text):
    # an amount of many rupiah resting on 4 loans is still hidden
    assert selectors.shown(50_000_000, count, money=True, public=True).startswith(
        "<5" if count == 4 else "Rp"
    )
    assert selectors.shown(count, count, public=True) == text
    assert selectors.shown(count, count, public=False) == str(count)
    assert present.card is not None
