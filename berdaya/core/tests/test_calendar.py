"""Working days skip weekends and the national holidays / cuti bersama kept in ``Holiday``
(issue 14: "menunggu N hari" against the promised 3 working days)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.sites import site

from berdaya.core.calendar import holidays_between, working_days_between
from berdaya.core.models import Holiday

pytestmark = pytest.mark.django_db
d = datetime.date.fromisoformat


def test_the_skb_dates_are_loaded_by_the_migration():
    # Given the migrated database, then Idulfitri 2026 and its cuti bersama are holidays
    days = holidays_between(d("2026-03-17"), d("2026-03-25"))
    assert days == {d(x) for x in ("2026-03-18", "2026-03-19", "2026-03-20", "2026-03-21",
                                   "2026-03-22", "2026-03-23", "2026-03-24")}  # fmt: skip
    assert Holiday.objects.get(date="2026-12-25").get_kind_display() == "Libur nasional"
    assert Holiday.objects.get(date="2025-08-18").kind == Holiday.Kind.JOINT_LEAVE


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # Thursday 12 Mar 2026 -> Wednesday 25 Mar: 9 weekdays, 5 of them Nyepi / Idulfitri
        ("2026-03-12", "2026-03-25", 4),
        # Friday 15 May 2026 (cuti bersama) sent, Monday 18 May: the weekend and nothing else
        ("2026-05-15", "2026-05-18", 1),
        # Wednesday 13 May -> Monday 18 May: Kenaikan Thursday, cuti Friday, a weekend
        ("2026-05-13", "2026-05-18", 1),
        # Sunday 31 May (Waisak, a weekend holiday counts once only as a weekend) -> 2 June
        ("2026-05-29", "2026-06-02", 1),
        # A plain week with no holiday
        ("2026-11-30", "2026-12-07", 5),
        # Over Christmas 2026: 24 (cuti) and 25 Dec (Natal) fall on Thursday and Friday
        ("2026-12-22", "2026-12-29", 3),
    ],
)
def test_working_days_skip_weekends_and_holidays(start, end, expected):
    assert working_days_between(d(start), d(end)) == expected


def test_a_holiday_added_by_an_admin_counts_at_once():
    # Given a Wednesday in 2027 that the SKB (not yet loaded) makes a holiday
    start, end = d("2027-02-01"), d("2027-02-05")  # Monday -> Friday
    assert working_days_between(start, end) == 4
    # When an admin adds it
    Holiday.objects.create(date=d("2027-02-03"), name="Contoh libur", kind=Holiday.Kind.NATIONAL)
    # Then the count drops by one, and the admin page exists to do it
    assert working_days_between(start, end) == 3
    assert Holiday in site._registry


def test_holidays_given_once_are_used_as_given():
    # A page that counts many rows reads the holidays once and passes them in
    start, end = d("2026-03-12"), d("2026-03-25")
    holidays = holidays_between(start, end)
    assert working_days_between(start, end, holidays) == 4
    assert working_days_between(start, end, frozenset()) == 9
