"""Health derivation: RAT status and the three ratios, each formula on both sides of its
boundaries, and the database filter agreeing with the Python rule."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.test import override_settings
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from berdaya.cooperatives import health, selectors
from berdaya.cooperatives.models import Cooperative

D = datetime.date


def status(today, *, founded=2010, last=None, **kw):
    return health.rat_status(today=today, founded_year=founded, last_rat_year=last, **kw)


def test_it_is_held_when_the_last_closed_year_is_filed():
    assert status(D(2026, 1, 1), last=2025) == "held"
    assert status(D(2026, 12, 31), last=2025) == "held"


def test_it_is_due_until_30_june_and_late_from_1_july():
    assert status(D(2026, 6, 30), last=2024) == "due"
    assert status(D(2026, 7, 1), last=2024) == "late"
    assert health.deadline_of(2025) == D(2026, 6, 30)


def test_it_warns_after_2_years_and_warns_of_dissolution_after_3():
    today = D(2026, 3, 1)
    assert health.years_without_rat(today=today, founded_year=2000, last_rat_year=2024) == 1
    assert status(today, last=2024) == "due"
    assert status(today, last=2023) == "warning"
    assert status(today, last=2022) == "dissolution_warning"
    assert status(today, last=2015) == "dissolution_warning"
    assert health.years_without_rat(today=today, founded_year=2000, last_rat_year=2015) == 10


def test_it_counts_no_year_before_the_founding_year():
    today = D(2026, 8, 1)
    assert health.years_without_rat(today=today, founded_year=2025, last_rat_year=None) == 1
    assert status(today, founded=2025) == "late"
    assert status(today, founded=2024) == "warning"
    assert status(today, founded=2026) == "due"  # founded this year: nothing closed yet
    assert health.years_without_rat(today=today, founded_year=2026, last_rat_year=None) == 0


def test_the_thresholds_are_settings():
    today = D(2026, 3, 1)
    with override_settings(BERDAYA_RAT_WARNING_YEARS=3, BERDAYA_RAT_DISSOLUTION_YEARS=5):
        assert status(today, last=2023) == "due"
        assert status(today, last=2022) == "warning"
        assert status(today, last=2021) == "warning"
        assert status(today, last=2020) == "dissolution_warning"


def test_own_capital_ratio_has_2_decimals_between_0_and_1_and_null_without_inputs():
    assert health.own_capital_ratio(540, 900) == 0.6
    assert health.own_capital_ratio(1, 3) == 0.33
    assert health.own_capital_ratio(2, 3) == 0.67
    assert health.own_capital_ratio(1000, 900) == 1.0
    assert health.own_capital_ratio(None, 900) is None
    assert health.own_capital_ratio(5, None) is None
    assert health.own_capital_ratio(5, 0) is None


def test_member_growth_is_the_change_against_the_year_before():
    assert health.member_growth_percent(110, 100) == 10.0
    assert health.member_growth_percent(90, 100) == -10.0
    assert health.member_growth_percent(4, 3) == 33.33
    assert health.member_growth_percent(100, None) is None
    assert health.member_growth_percent(None, 100) is None
    assert health.member_growth_percent(5, 0) is None


def test_shu_per_member_is_whole_rupiah_and_null_without_members():
    assert health.shu_per_member(45_000_000, 60) == 750_000
    assert health.shu_per_member(10, 4) == 3  # 2.5 rounds half up
    assert health.shu_per_member(-10, 4) == -3  # a loss, half away from zero
    assert health.shu_per_member(None, 4) is None
    assert health.shu_per_member(10, 0) is None


@given(
    own=st.integers(0, 10**15),
    assets=st.integers(1, 10**15),
)
def test_own_capital_ratio_is_always_within_0_and_1(own, assets):
    ratio = health.own_capital_ratio(own, assets)
    assert ratio is not None
    assert 0 <= ratio <= 1
    assert round(ratio, 2) == ratio


@given(shu=st.integers(-(10**13), 10**13), members=st.integers(1, 10**6))
def test_shu_per_member_is_within_half_a_rupiah(shu, members):
    value = health.shu_per_member(shu, members)
    assert abs(value * members - shu) <= members / 2


def test_derive_uses_the_latest_report_and_the_year_before():
    latest = SimpleNamespace(fiscal_year=2025, members_total=66, own_capital_rupiah=600,
                             total_assets_rupiah=1000, shu_rupiah=6_600)  # fmt: skip
    previous = SimpleNamespace(fiscal_year=2024, members_total=60)
    h = health.derive(today=D(2026, 2, 1), founded_year=2016, latest=latest, previous=previous)
    assert h.as_dict() == {
        "last_rat_year": 2025, "rat_status": "held", "years_without_rat": 0,
        "own_capital_ratio": 0.6, "member_growth_percent": 10.0, "shu_per_member_rupiah": 100,
    }  # fmt: skip
    h = health.derive(today=D(2026, 2, 1), founded_year=2016)
    assert (h.last_rat_year, h.own_capital_ratio, h.member_growth_percent) == (None, None, None)


# --- The database filter is the same rule ------------------------------------------------------
@pytest.mark.django_db
@given(
    rows=st.lists(
        st.tuples(st.integers(2015, 2027), st.one_of(st.none(), st.integers(2012, 2026))),
        min_size=1,
        max_size=12,
    ),
    today=st.dates(D(2025, 1, 1), D(2027, 12, 31)),
    warn=st.integers(1, 4),
    extra=st.integers(0, 2),
)
def test_the_database_filter_agrees_with_the_rule(rows, today, warn, extra):
    from berdaya.cooperatives.models import AnnualReport

    AnnualReport.objects.all().delete()
    Cooperative.objects.all().delete()
    now = timezone.now()
    coops = Cooperative.objects.bulk_create(
        Cooperative(
            name=f"K{i}", nik_koperasi=f"{i:016d}", legal_number="1", legal_date=D(founded, 1, 1),
            founded_year=founded, type="jasa", kelurahan_id="32.76.06.1001", rw=1, rt=1,
            last_rat_year=last if last is None or last <= today.year - 1 else today.year - 1,
            submitted_at=now,
        )
        for i, (founded, last) in enumerate(rows)
    )  # fmt: skip
    with override_settings(
        BERDAYA_RAT_WARNING_YEARS=warn, BERDAYA_RAT_DISSOLUTION_YEARS=warn + extra
    ):
        for s in health.RAT_STATUSES:
            in_db = set(
                Cooperative.objects.filter(health.rat_status_q(s, today=today)).values_list(
                    "pk", flat=True
                )
            )
            in_python = {
                c.pk
                for c in coops
                if status(today, founded=c.founded_year, last=c.last_rat_year) == s
            }
            assert in_db == in_python, s


@pytest.mark.django_db
def test_health_many_reads_every_report_in_one_query(coop, board_user, django_assert_num_queries):
    from berdaya.cooperatives import services
    from berdaya.cooperatives.tests.helpers import LAST_CLOSED, report_data

    services.report_file(cooperative=coop, actor=board_user,
                         data=report_data(fiscal_year=LAST_CLOSED() - 1, members_total=50,
                                          members_present=30))  # fmt: skip
    services.report_file(cooperative=coop, actor=board_user, data=report_data())
    coops = list(Cooperative.objects.all())
    with django_assert_num_queries(1):
        selectors.health_many(coops)
    h = coops[0].health
    assert (h.rat_status, h.member_growth_percent, h.own_capital_ratio) == ("held", 20.0, 0.6)
    assert h.shu_per_member_rupiah == 750_000
