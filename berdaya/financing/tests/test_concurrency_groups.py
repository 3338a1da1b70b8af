"""Two at once on a group: every lock of the group steps has a test that fails without it."""

import pytest

from berdaya.core.tests.concurrency import MARKS, count_events, run_together, run_twice
from berdaya.financing import services
from berdaya.financing.models import (
    Application,
    GroupMember,
    Invitation,
    MemberStatus,
    Product,
    Status,
)
from berdaya.financing.tests.factories import make_application, make_full_group, make_partner

pytestmark = MARKS


@pytest.fixture
def small_mesra():
    mesra = Product.objects.get(code="kredit-mesra")
    mesra.group_size_min, mesra.group_size_max = 2, 3
    mesra.save()
    return mesra


def test_it_invites_a_person_once_when_two_invitations_arrive_together(small_mesra):
    # given a group and a neighbour (group lock in invitation_create)
    group, (leader, *_) = make_full_group(size=1)
    neighbour = make_partner()
    # when the leader's invitation is sent twice at the same moment
    results, errors = run_twice(
        lambda: services.invitation_create(group=group, user=leader.user, nik=neighbour.nik)
    )
    # then one invitation exists and the other is refused
    assert errors == []
    assert sorted(results) == ["already_invited", "ok"]
    assert Invitation.objects.filter(group=group, nik=neighbour.nik).count() == 1


def test_it_accepts_an_invitation_once(small_mesra):
    # given an invitation (group and invitation locks in invitation_answer)
    group, (leader, *_) = make_full_group(size=1)
    neighbour = make_partner()
    invitation = services.invitation_create(group=group, user=leader.user, nik=neighbour.nik)
    # when the invitee taps "accept" twice
    results, errors = run_twice(
        lambda: services.invitation_answer(
            invitation=invitation, user=neighbour.user, accept=True, joint_liability=True
        )
    )
    # then they join once
    assert errors == []
    assert sorted(results) == ["invitation_answered", "ok"]
    assert count_events(group, "member_joined") == 1
    assert GroupMember.objects.filter(group=group, person=neighbour).count() == 1


def test_it_records_a_member_leaving_once(small_mesra):
    # given a member (group lock in member_leave)
    group, (leader, member, *_) = make_full_group(size=3)
    # when they press "leave" twice
    results, errors = run_twice(lambda: services.member_leave(group=group, user=member.user))
    # then they leave once
    assert errors == []
    assert sorted(results) == ["not_member", "ok"]
    assert count_events(group, "member_left") == 1


def test_it_records_a_joint_liability_signature_once(small_mesra):
    # given a member who joined without signing (member lock in liability_sign)
    group, (leader, *_) = make_full_group(size=1)
    neighbour = make_partner()
    invitation = services.invitation_create(group=group, user=leader.user, nik=neighbour.nik)
    services.invitation_answer(invitation=invitation, user=neighbour.user, accept=True)
    # when they sign twice at once
    results, errors = run_twice(lambda: services.liability_sign(group=group, user=neighbour.user))
    # then one signature event (the second signature returns the first)
    assert errors == [] and results == ["ok", "ok"]
    assert count_events(group, "liability_signed") == 1


def test_it_prepares_one_application_per_group(small_mesra):
    # given a full group (group lock in application_create)
    group, members = make_full_group(size=3)
    items = [{"nik": p.nik, "amount_rupiah": 1_000_000} for p in members]
    # when the leader saves the new application twice
    results, errors = run_twice(
        lambda: services.application_create(
            user=members[0].user, group=group, term_months=12, members=items
        )
    )
    # then one application exists
    assert errors == []
    assert sorted(results) == ["application_exists", "ok"]
    assert Application.objects.filter(group=group).count() == 1


def test_it_never_submits_with_a_member_who_left_at_the_same_moment(small_mesra):
    # given a draft of three (group lock before the application in submit and member_leave)
    application, members = make_application(size=3, amount=1_000_000)
    group = application.group
    # when the leader submits while a member leaves
    results, errors = run_together(
        lambda: services.application_submit(application=application, user=members[0].user),
        lambda: services.member_leave(group=group, user=members[2].user),
    )
    # then one of them came first: never a submitted application with a departed member
    assert errors == []
    application.refresh_from_db()
    left = not GroupMember.objects.filter(
        group=group, person=members[2], status=MemberStatus.ACTIVE
    ).exists()
    assert application.status == Status.AWAITING_RECOMMENDATION
    if left:
        # the member left first; the leader then submitted the two who stayed
        assert sorted(results) == ["ok", "ok"]
        assert not application.members.filter(person=members[2]).exists()
        assert application.members.count() == 2
    else:
        # the submission came first; the group was locked when the member tried to leave
        assert sorted(results) == ["group_locked", "ok"]
        assert application.members.count() == 3


def test_it_keeps_one_submission_when_the_leader_submits_twice(small_mesra):
    application, members = make_application(size=3, amount=1_000_000)
    results, errors = run_twice(
        lambda: services.application_submit(application=application, user=members[0].user)
    )
    assert errors == []
    assert sorted(results) == ["ok", "wrong_status"]
    assert count_events(application, "submitted") == 1


def test_it_withdraws_once(small_mesra):
    application, members = make_application(size=3, amount=1_000_000)
    results, errors = run_twice(
        lambda: services.application_withdraw(application=application, user=members[0].user)
    )
    assert errors == []
    assert sorted(results) == ["ok", "wrong_status"]
    assert count_events(application, "withdrawn") == 1
