"""Each product rule on both sides of its boundary, and the arithmetic of the schedule
(Hypothesis: whatever the amount, term, fee and rounding, the instalments add up to the total)."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from berdaya.core.errors import RuleError
from berdaya.core.money import percent_of
from berdaya.core.personas import BEJI, KUKUSAN
from berdaya.financing import services
from berdaya.financing.models import FeeCollection, Product
from berdaya.financing.rules import application_problems
from berdaya.financing.schedule import build_schedule
from berdaya.financing.tests.factories import make_application, make_full_group, make_partner

pytestmark = pytest.mark.django_db


def codes(application) -> set[str]:
    return {p.code for p in application_problems(application)}


@pytest.mark.parametrize(("size", "ok"), [(1, False), (2, True), (3, True), (4, False)])
def test_it_checks_the_group_size_on_both_sides(small_mesra, size, ok):
    application, _ = make_application(size=size, amount=1_000_000)
    assert ("group_size" not in codes(application)) is ok


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (499_999, "amount_under_minimum"),
        (500_000, None),
        (5_000_000, None),
        (5_000_001, "amount_over_limit"),
    ],
)
def test_it_checks_the_amount_on_both_sides(small_mesra, amount, code):
    small_mesra.amount_min_rupiah, small_mesra.amount_step_rupiah = 500_000, 1
    small_mesra.save()
    application, _ = make_application(size=2, amount=amount)
    found = codes(application) & {"amount_under_minimum", "amount_over_limit", "amount_step"}
    assert found == ({code} if code else set())


@pytest.mark.parametrize(
    ("amount", "ok"), [(1_000_000, True), (1_050_000, True), (1_050_001, False)]
)
def test_it_checks_the_amount_step(small_mesra, amount, ok):
    small_mesra.amount_step_rupiah = 50_000
    small_mesra.save()
    application, _ = make_application(size=2, amount=amount)
    assert ("amount_step" not in codes(application)) is ok


@pytest.mark.parametrize(("term", "ok"), [(6, True), (12, True), (7, False), (24, False)])
def test_it_checks_the_term_offered(small_mesra, term, ok):
    application, _ = make_application(size=2, amount=1_000_000, term=term)
    assert ("term_not_offered" not in codes(application)) is ok


@pytest.mark.parametrize(
    ("area", "where", "ok"),
    [
        ({"rw": 7, "rt": 3}, {"rw": 7, "rt": 3}, True),
        ({"rw": 7, "rt": 3}, {"rw": 7, "rt": 4}, False),
        ({"rw": 7}, {"rw": 7, "rt": 9}, True),
        ({"rw": 7}, {"rw": 8, "rt": 3}, False),
        ({}, {"rw": 1, "rt": 1}, True),
        ({}, {"rw": 7, "rt": 3, "kelurahan_code": KUKUSAN}, False),
    ],
)
def test_it_checks_the_area_at_each_level(small_mesra, area: dict, where: dict, ok):
    # given a group whose area is an RT, an RW or the kelurahan
    leader = make_partner(rw=7, rt=3)
    group = services.group_create(
        user=leader.user,
        product=small_mesra,
        name="K",
        kelurahan_code=BEJI,
        joint_liability=True,
        **area,
    )
    # when a member living inside or outside it joins the application
    member = make_partner(**where)
    invitation = services.invitation_create(group=group, user=leader.user, nik=member.nik)
    services.invitation_answer(
        invitation=invitation, user=member.user, accept=True, joint_liability=True
    )
    application = services.application_create(
        user=leader.user,
        group=group,
        term_months=12,
        members=[{"nik": p.nik, "amount_rupiah": 1_000_000} for p in (leader, member)],
    )
    # then the area rule refuses exactly the member outside
    problems = {p.code: p for p in application_problems(application)}
    assert ("member_outside_area" not in problems) is ok
    if not ok:
        assert problems["member_outside_area"].members == [member.nik]


def test_it_refuses_a_group_area_the_product_does_not_allow(small_mesra):
    small_mesra.allowed_areas = ["rt"]
    small_mesra.save()
    leader = make_partner()
    services.group_create(
        user=leader.user, product=small_mesra, name="K", kelurahan_code=BEJI, rw=7, rt=3
    )
    areas: list[dict] = [{"rw": 7}, {}]
    for area in areas:
        with pytest.raises(RuleError) as exc:
            services.group_create(
                user=leader.user, product=small_mesra, name="K", kelurahan_code=BEJI, **area
            )
        assert exc.value.codes == ["area_not_allowed"]


def test_it_needs_every_member_to_sign_joint_liability(small_mesra):
    group, members = make_full_group(size=2)
    application = services.application_create(
        user=members[0].user,
        group=group,
        term_months=12,
        members=[{"nik": p.nik, "amount_rupiah": 1_000_000} for p in members],
    )
    assert "liability_not_signed" not in codes(application)
    assert small_mesra.joint_liability
    late = make_partner()
    invitation = services.invitation_create(group=group, user=members[0].user, nik=late.nik)
    services.invitation_answer(invitation=invitation, user=late.user, accept=True)
    services.application_update(
        application=application,
        user=members[0].user,
        members=[{"nik": p.nik, "amount_rupiah": 1_000_000} for p in (*members, late)],
    )
    problems = {p.code: p for p in application_problems(application)}
    assert problems["liability_not_signed"].members == [late.nik]


START = datetime.date(2026, 1, 31)


@given(
    amount=st.integers(min_value=1, max_value=50_000_000),
    term=st.integers(min_value=1, max_value=60),
    fee=st.decimals(min_value=0, max_value=20, places=2),
    unit=st.sampled_from([1, 100, 500, 1_000, 5_000]),
    spread=st.booleans(),
)
def test_the_instalments_always_add_up_to_the_total(amount, term, fee, unit, spread):
    product = Product(
        fee_collection=FeeCollection.SPREAD if spread else FeeCollection.DEDUCTED,
        rounding_unit=unit,
    )
    schedule = build_schedule(
        product=product, amount_rupiah=amount, term_months=term, fee_percent=fee, start=START
    )
    amounts = [a for _, a in schedule.instalments]
    assert len(amounts) == term
    assert sum(amounts) == schedule.total_rupiah
    assert schedule.total_rupiah == amount + (schedule.admin_fee_rupiah if spread else 0)
    assert all(a >= 0 for a in amounts)
    # equal instalments (rounded down to the unit) except the last, which absorbs the rest
    assert len(set(amounts[:-1])) <= 1
    if term > 1:
        assert amounts[0] % unit == 0 and amounts[-1] >= amounts[0]
    dues = [d for d, _ in schedule.instalments]
    assert dues == sorted(dues) and dues[0] > START


@pytest.mark.parametrize(
    ("amount", "percent", "fee"),
    [(5_000_000, "8", 400_000), (5_000_000, "8.5", 425_000), (1_000_001, "8.5", 85_000),
     (1_000_006, "8.5", 85_001), (3, "50", 2), (1, "49.99", 0)],
)  # fmt: skip
def test_it_rounds_the_fee_half_up(amount, percent, fee):
    assert percent_of(amount, Decimal(percent)) == fee
