"""The workflow services, the rules: money, every product rule and code, rules as data."""

import datetime
from decimal import Decimal

import pytest

from berdaya.core.errors import AccessDenied, RuleError
from berdaya.core.models import Event
from berdaya.core.money import percent_of
from berdaya.financing import services
from berdaya.financing.models import (
    GroupMember,
    Product,
)
from berdaya.financing.schedule import build_schedule
from berdaya.financing.tests.factories import make_full_group, make_partner
from berdaya.financing.tests.service_helpers import (
    codes,
    problem,
    small_application,
    submit,
)
from berdaya.registry.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def mesra():
    return Product.objects.get(code="kredit-mesra")


@pytest.fixture
def small_mesra(mesra):
    """Kredit Mesra with groups of 2-3 (an admin edit), so rule tests stay quick."""
    mesra.group_size_min, mesra.group_size_max = 2, 3
    mesra.save()
    return mesra


# --- money -------------------------------------------------------------------------------------
def test_it_rounds_the_fee_half_up_and_lets_the_last_instalment_absorb_the_rest(mesra):
    schedule = build_schedule(
        product=mesra,
        amount_rupiah=5_000_000,
        term_months=12,
        fee_percent=Decimal("8.5"),
        start=datetime.date(2026, 1, 31),
    )
    assert schedule.admin_fee_rupiah == 425_000
    assert schedule.total_rupiah == 5_425_000
    amounts = [a for _, a in schedule.instalments]
    assert amounts[:11] == [452_083] * 11 and amounts[11] == 452_087
    assert sum(amounts) == 5_425_000
    assert schedule.instalments[0][0] == datetime.date(2026, 2, 28)  # month end clamps
    assert schedule.instalments[-1][0] == datetime.date(2027, 1, 31)
    assert percent_of(100, Decimal("8.5")) == 9  # 8.5 rounds half up


def test_it_rounds_instalments_to_the_product_unit(mesra):
    mesra.rounding_unit = 1000
    schedule = build_schedule(
        product=mesra,
        amount_rupiah=5_000_000,
        term_months=12,
        fee_percent="8.5",
        start=datetime.date(2026, 1, 1),
    )
    amounts = [a for _, a in schedule.instalments]
    assert amounts[0] == 452_000 and sum(amounts) == 5_425_000


def test_it_deducts_the_fee_at_disbursement_when_the_product_says_so(mesra):
    mesra.fee_collection = "deducted"
    schedule = build_schedule(
        product=mesra,
        amount_rupiah=5_000_000,
        term_months=6,
        fee_percent="8",
        start=datetime.date(2026, 1, 1),
    )
    assert schedule.admin_fee_rupiah == 400_000
    assert sum(a for _, a in schedule.instalments) == schedule.total_rupiah == 5_000_000


# --- rules (each code) -------------------------------------------------------------------------
def test_it_refuses_a_group_of_the_wrong_size(mesra):
    application, members = small_application(size=3)
    with pytest.raises(RuleError) as exc:
        submit(application, members)
    assert codes(exc) == {"group_size"}
    assert "10" in problem(exc, "group_size").message


def test_it_refuses_amounts_over_under_and_off_step_all_at_once(small_mesra):
    small_mesra.amount_min_rupiah, small_mesra.amount_step_rupiah = 500_000, 100_000
    small_mesra.save()
    application, members = small_application()
    over, under, off = application.members.select_related("person")
    for member, amount in ((over, 6_000_000), (under, 100_000), (off, 1_250_050)):
        member.amount_rupiah = amount
        member.save()
    with pytest.raises(RuleError) as exc:
        submit(application, members)
    assert codes(exc) == {"amount_over_limit", "amount_under_minimum", "amount_step"}
    assert problem(exc, "amount_over_limit").members == [over.person.nik]
    assert problem(exc, "amount_under_minimum").members == [under.person.nik]
    assert problem(exc, "amount_step").members == [off.person.nik]
    assert "Rp5.000.000" in problem(exc, "amount_over_limit").message


def test_it_refuses_a_term_the_product_does_not_offer(small_mesra):
    application, members = small_application(term=9)
    with pytest.raises(RuleError) as exc:
        submit(application, members)
    assert codes(exc) == {"term_not_offered"}


def test_it_refuses_members_who_are_not_verified_partners(small_mesra):
    application, members = small_application()
    Registration.objects.filter(person=members[2]).update(status="submitted")
    with pytest.raises(RuleError) as exc:
        submit(application, members)
    assert codes(exc) == {"member_not_verified"}
    assert problem(exc, "member_not_verified").members == [members[2].nik]


def test_it_refuses_members_living_outside_the_group_area(small_mesra):
    application, members = small_application()
    members[1].rt = 4
    members[1].save()
    with pytest.raises(RuleError) as exc:
        submit(application, members)
    assert codes(exc) == {"member_outside_area"}
    assert problem(exc, "member_outside_area").members == [members[1].nik]


def test_it_refuses_members_in_another_active_application(small_mesra):
    first, members = small_application()
    submit(first, members)
    group, others = make_full_group(size=2)
    person = members[1]
    invitation = services.invitation_create(group=group, user=others[0].user, nik=person.nik)
    services.invitation_answer(
        invitation=invitation, user=person.user, accept=True, joint_liability=True
    )
    second = services.application_create(
        user=others[0].user,
        group=group,
        term_months=12,
        members=[{"nik": p.nik, "amount_rupiah": 1_000_000} for p in [*others, person]],
    )
    with pytest.raises(RuleError) as exc:
        submit(second, others)
    assert codes(exc) == {"member_in_other_application"}
    assert problem(exc, "member_in_other_application").members == [person.nik]
    # the product allows it once the admin says so
    small_mesra.single_active_application = False
    small_mesra.save()
    assert submit(second, others).status == "awaiting_recommendation"


def test_it_requires_a_training_certificate_where_the_product_asks(monkeypatch):
    person = make_partner()
    baznas = Product.objects.get(code="baznas-modal-usaha")
    application = services.application_create(
        user=person.user,
        product=baznas,
        term_months=10,
        members=[{"nik": person.nik, "amount_rupiah": 1_000_000}],
    )
    with pytest.raises(RuleError) as exc:
        services.application_submit(application=application, user=person.user)
    assert codes(exc) == {"training_required"}
    monkeypatch.setattr("berdaya.financing.people.has_certificate", lambda p: True)
    assert services.application_submit(application=application, user=person.user).status == (
        "awaiting_recommendation"
    )


def test_it_requires_joint_liability_where_the_product_asks(small_mesra):
    application, members = small_application()
    GroupMember.objects.filter(person=members[1]).update(joint_liability_signed_at=None)
    with pytest.raises(RuleError) as exc:
        submit(application, members)
    assert codes(exc) == {"liability_not_signed"}
    # when the member signs later, once
    services.liability_sign(group=application.group, user=members[1].user)
    services.liability_sign(group=application.group, user=members[1].user)
    # then the submission passes
    assert submit(application, members).status == "awaiting_recommendation"
    assert Event.objects.filter(verb="liability_signed").count() == 1


def test_it_lets_an_invitee_join_unsigned_and_refuses_the_submission_until_they_sign(small_mesra):
    application, members = small_application()
    newcomer = make_partner()
    invitation = services.invitation_create(
        group=application.group, user=members[0].user, nik=newcomer.nik
    )
    services.invitation_answer(invitation=invitation, user=newcomer.user, accept=True)
    membership = GroupMember.objects.get(person=newcomer)
    assert membership.joint_liability_signed_at is None
    with pytest.raises(AccessDenied):
        services.liability_sign(group=application.group, user=make_partner().user)
