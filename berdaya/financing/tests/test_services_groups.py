"""The workflow services: groups, invitations and recommendations."""

from decimal import Decimal

import pytest

from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.models import Notification
from berdaya.core.personas import BEJI
from berdaya.financing import selectors, services
from berdaya.financing.models import (
    Application,
    GroupMember,
    Product,
    ProductTerm,
)
from berdaya.financing.tests.factories import make_full_group, make_partner
from berdaya.financing.tests.service_helpers import (
    codes,
    small_application,
    submit,
)

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


def test_it_enforces_changed_product_numbers_with_no_code_change(mesra):
    # given a group of 3 asking Rp 5,000,000 each for 12 months
    application, members = small_application()
    with pytest.raises(RuleError) as exc:
        submit(application, members)
    assert codes(exc) == {"group_size"}
    # when the admin changes the product's numbers
    mesra.group_size_min, mesra.group_size_max = 3, 5
    mesra.amount_max_rupiah = 4_000_000
    mesra.save()
    ProductTerm.objects.filter(product=mesra, months=12).update(admin_fee_percent=Decimal("9"))
    # then the new numbers are the rules
    with pytest.raises(RuleError) as exc:
        submit(application, members)
    assert codes(exc) == {"amount_over_limit"}
    services.application_update(
        application=application,
        user=members[0].user,
        term_months=12,
        members=[{"nik": p.nik, "amount_rupiah": 4_000_000} for p in members],
    )
    application = submit(application, members)
    assert application.admin_fee_percent == Decimal("9")
    assert selectors.member_rows(application)[0]["admin_fee_rupiah"] == 360_000
    mesra.recommendation_levels = ["kelurahan"]
    mesra.save()
    assert services.current_level(Application.objects.get(pk=application.pk)) == "kelurahan"


# --- groups ------------------------------------------------------------------------------------
def test_it_refuses_a_group_area_the_product_does_not_allow(mesra):
    leader = make_partner()
    mesra.allowed_areas = ["rt"]
    mesra.save()
    with pytest.raises(RuleError) as exc:
        services.group_create(user=leader.user, product=mesra, name="K", kelurahan_code=BEJI)
    assert codes(exc) == {"area_not_allowed"}
    outsider = make_partner(rt=9)
    with pytest.raises(RuleError) as exc:
        services.group_create(
            user=outsider.user, product=mesra, name="K", kelurahan_code=BEJI, rw=7, rt=3
        )
    assert codes(exc) == {"member_outside_area"}


def test_it_invites_by_phone_and_only_the_invited_person_may_answer(small_mesra):
    group, members = make_full_group(size=2)
    invitee, stranger = make_partner(), make_partner()
    invitation = services.invitation_create(group=group, user=members[0].user, phone=invitee.phone)
    assert Notification.objects.filter(user=invitee.user).exists()
    with pytest.raises(AccessDenied):
        services.invitation_answer(
            invitation=invitation, user=stranger.user, accept=True, joint_liability=True
        )
    with pytest.raises(AccessDenied):
        services.invitation_create(group=group, user=members[1].user, nik=stranger.nik)
    services.invitation_answer(
        invitation=invitation, user=invitee.user, accept=True, joint_liability=True
    )
    with pytest.raises(ConflictError):
        services.invitation_answer(
            invitation=invitation, user=invitee.user, accept=True, joint_liability=True
        )
    assert group.memberships.filter(status="active").count() == 3


def test_it_lets_members_leave_or_be_removed_only_before_submission(small_mesra):
    application, members = small_application()
    services.member_leave(group=application.group, user=members[2].user)
    assert application.members.count() == 2
    newcomer = make_partner()
    invitation = services.invitation_create(
        group=application.group, user=members[0].user, nik=newcomer.nik
    )
    services.invitation_answer(
        invitation=invitation, user=newcomer.user, accept=True, joint_liability=True
    )
    services.member_leave(group=application.group, user=members[0].user, person=newcomer)
    assert GroupMember.objects.get(person=newcomer).status == "removed"
    submit(application, members)
    with pytest.raises(ConflictError) as exc:
        services.member_leave(group=application.group, user=members[1].user)
    assert exc.value.code == "group_locked"


# --- recommendations ---------------------------------------------------------------------------
def test_it_takes_recommendations_in_the_product_order(small_mesra, personas):
    application, members = small_application()
    submit(application, members)
    with pytest.raises(ConflictError) as exc:
        services.recommendation_give(
            application=application, official=personas.rw_chair, level="rw", approve=True
        )
    assert exc.value.code == "level_not_open"
    services.recommendation_give(
        application=application, official=personas.rt_chair, level="rt", approve=True
    )
    with pytest.raises(ConflictError) as exc:
        services.recommendation_give(
            application=application, official=personas.rt_chair, level="rt", approve=True
        )
    assert exc.value.code == "wrong_status" or exc.value.code == "level_not_open"
    assert Notification.objects.filter(user=personas.rw_chair).exists()


def test_it_lets_each_rt_chair_decide_only_their_own_members(small_mesra, personas):
    # given a group for RW 7 with members in RT 3 and RT 4
    leader = make_partner(rt=3)
    group = services.group_create(
        user=leader.user,
        product=small_mesra,
        name="RW 7",
        kelurahan_code=BEJI,
        rw=7,
        joint_liability=True,
    )
    neighbour = make_partner(rt=4)
    invitation = services.invitation_create(group=group, user=leader.user, nik=neighbour.nik)
    services.invitation_answer(
        invitation=invitation, user=neighbour.user, accept=True, joint_liability=True
    )
    application = services.application_create(
        user=leader.user,
        group=group,
        term_months=6,
        members=[{"nik": p.nik, "amount_rupiah": 2_000_000} for p in (leader, neighbour)],
    )
    submit(application, [leader])
    # the RT 3 chair's queue holds only the RT 3 member
    queue = selectors.recommendation_queue(personas.rt_chair)
    assert [[m.person for m in pending] for _, _, pending in queue] == [[leader]]
    rec = services.recommendation_give(
        application=application, official=personas.rt_chair, level="rt", approve=True
    )
    assert list(rec.members.values_list("person", flat=True)) == [leader.pk]
    assert services.current_level(application) == "rt"
    assert selectors.recommendation_queue(personas.rt_chair) == []
    with pytest.raises(AccessDenied):
        services.recommendation_give(
            application=application, official=personas.far_rt_chair, level="rt", approve=True
        )
    services.recommendation_give(
        application=application, official=personas.other_rt_chair, level="rt", approve=True
    )
    assert services.current_level(application) == "rw"
    assert Application.objects.get(pk=application.pk).status == "awaiting_recommendation"


def test_it_needs_a_reason_to_refuse_and_sends_the_application_back(small_mesra, personas):
    application, members = small_application()
    submit(application, members)
    with pytest.raises(RuleError) as exc:
        services.recommendation_give(
            application=application, official=personas.rt_chair, level="rt", approve=False
        )
    assert codes(exc) == {"reason_required"}
    services.recommendation_give(
        application=application,
        official=personas.rt_chair,
        level="rt",
        approve=False,
        note="Bukan warga tetap",
    )
    application.refresh_from_db()
    assert application.status == "needs_revision"
    assert application.revision_note == "Bukan warga tetap"


def test_it_restarts_only_a_replaced_members_recommendations(small_mesra, personas):
    # given RT recommendations for all three, then a refusal at the RW level
    application, members = small_application()
    submit(application, members)
    services.recommendation_give(
        application=application, official=personas.rt_chair, level="rt", approve=True
    )
    services.recommendation_give(
        application=application,
        official=personas.rw_chair,
        level="rw",
        approve=False,
        note="Satu anggota pindah",
    )
    # when the leader replaces one member and resubmits
    leaving = members[2]
    services.member_leave(group=application.group, user=members[0].user, person=leaving)
    newcomer = make_partner()
    invitation = services.invitation_create(
        group=application.group, user=members[0].user, nik=newcomer.nik
    )
    services.invitation_answer(
        invitation=invitation, user=newcomer.user, accept=True, joint_liability=True
    )
    services.application_update(
        application=application,
        user=members[0].user,
        members=[
            {"nik": p.nik, "amount_rupiah": 5_000_000} for p in (members[0], members[1], newcomer)
        ],
    )
    submit(application, members)
    # then only the newcomer waits for the RT chair
    queue = selectors.recommendation_queue(personas.rt_chair)
    assert [[m.person for m in pending] for _, _, pending in queue] == [[newcomer]]
    rec = services.recommendation_give(
        application=application, official=personas.rt_chair, level="rt", approve=True
    )
    assert len(rec.member_names) == 1
    assert services.current_level(application) == "rw"


# --- verification, decision, disbursement, repayment --------------------------------------------
