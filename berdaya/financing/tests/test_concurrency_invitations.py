"""The leader cancels an invitation while the invitee accepts it, on PostgreSQL: the group lock
of both steps (then the invitation's) makes one wait for the other, so a cancelled invitation
never has a member.

The interleaving is forced, not hoped for: this test holds the invitation's row from its own
connection; the acceptance takes the group and waits for the invitation, then the cancel
starts. Without the locks of invitation_cancel (checked by removing them) the cancel read the
invitation as pending and waited only to write it, after the acceptance: a cancelled
invitation with a member (see docs/adr/0005)."""

import pytest

from berdaya.core.tests.concurrency import MARKS, run_held
from berdaya.financing import services
from berdaya.financing.models import GroupMember, Invitation, Product
from berdaya.financing.tests.factories import make_full_group, make_partner

pytestmark = MARKS


@pytest.fixture
def small_mesra():
    mesra = Product.objects.get(code="kredit-mesra")
    mesra.group_size_min, mesra.group_size_max = 2, 3
    mesra.save()
    return mesra


def test_a_cancelled_invitation_never_has_a_member_who_accepted_at_the_same_moment(small_mesra):
    # given a pending invitation
    group, (leader, *_) = make_full_group(size=1)
    neighbour = make_partner()
    invitation = services.invitation_create(group=group, user=leader.user, nik=neighbour.nik)

    # when the invitee accepts it and, while the acceptance waits for the invitation (this
    # test holds its row), the leader cancels it
    def hold():
        Invitation.objects.select_for_update().get(pk=invitation.pk)

    def accept():
        services.invitation_answer(
            invitation=invitation, user=neighbour.user, accept=True, joint_liability=True
        )

    def cancel():
        services.invitation_cancel(invitation=invitation, user=leader.user)

    results, errors = run_held(hold, accept, cancel, one_by_one=True)

    # then the acceptance, first, happened, and the cancel is refused: a member, accepted
    assert errors == []
    assert sorted(results) == ["invitation_not_pending", "ok"]
    assert Invitation.objects.get(pk=invitation.pk).status == "accepted"
    assert GroupMember.objects.filter(group=group, person=neighbour).exists()
