"""Group pages: each role, and an outsider of the same role, on every group route."""

import pytest
from django.urls import reverse

from berdaya.core.personas import BEJI
from berdaya.financing import services
from berdaya.financing.models import GroupMember, Invitation, MemberStatus
from berdaya.financing.tests.factories import make_full_group, make_partner

pytestmark = pytest.mark.django_db


def test_it_lets_a_verified_partner_form_a_group_and_sign_later(small_mesra, page):
    # given a verified partner
    leader = make_partner()
    url = reverse("financing:group_create") + "?produk=kredit-mesra"
    assert page(leader.user).get(url).status_code == 200
    # when they form a group without ticking joint liability (the service decides)
    response = page(leader.user).post(
        url, {"name": "Kelompok Anggrek", "kelurahan_code": BEJI, "rw": 7, "rt": 3}
    )
    # then the group exists and the leader's signature is pending, as for any member
    assert response.status_code == 302
    membership = GroupMember.objects.get(person=leader)
    assert membership.joint_liability_signed_at is None
    group_url = response.url
    assert (
        "Belum menandatangani tanggung renteng" in page(leader.user).get(group_url).content.decode()
    )
    page(leader.user).post(reverse("financing:group_liability_sign", args=[membership.group_id]))
    membership.refresh_from_db()
    assert membership.joint_liability_signed_at is not None


def test_it_does_not_render_the_group_form_to_who_cannot_form_one(small_mesra, page, personas):
    url = reverse("financing:group_create") + "?produk=kredit-mesra"
    unverified = make_partner(verified=False)
    assert page(unverified.user).get(url).status_code == 403
    assert page(personas.outsider).get(url).status_code == 403
    assert page(personas.staff).get(url).status_code == 403
    unknown = reverse("financing:group_create") + "?produk=tidak-ada"
    assert page(make_partner().user).get(unknown).status_code == 404


def test_it_shows_a_group_to_its_people_and_staff_of_its_kecamatan_only(
    small_mesra, page, personas, beji_staff, other_staff
):
    group, (leader, member, _) = make_full_group(size=3)
    url = reverse("financing:group", args=[group.pk])
    for user in (leader.user, member.user, beji_staff, personas.staff, personas.head):
        assert page(user).get(url).status_code == 200
    stranger = make_partner()  # a partner of the same RT, not in the group
    for user in (stranger.user, personas.outsider, other_staff, personas.bank_officer):
        assert page(user).get(url).status_code == 404
    missing = reverse("financing:group", args=[999_999])
    assert page(stranger.user).get(missing).status_code == 404


def test_it_answers_404_to_a_removal_by_anyone_but_the_leader_whether_or_not_the_member_exists(
    small_mesra, page, personas
):
    # given a group of three
    group, (leader, member, other) = make_full_group(size=3)
    membership = GroupMember.objects.get(group=group, person=other)
    real = reverse("financing:group_remove", args=[group.pk, membership.pk])
    fake = reverse("financing:group_remove", args=[group.pk, 999_999])
    # when a member (not the leader) or an outsider tries to remove someone
    for user in (member.user, personas.outsider, personas.staff):
        # then the answer is the same 404 for a real and a made-up member
        assert page(user).post(real).status_code == 404
        assert page(user).post(fake).status_code == 404
    assert GroupMember.objects.get(pk=membership.pk).status == MemberStatus.ACTIVE
    # and the leader removes them
    assert page(leader.user).post(real).status_code == 302
    assert GroupMember.objects.get(pk=membership.pk).status == MemberStatus.REMOVED
    assert page(leader.user).post(fake).status_code == 404


def test_it_lets_only_the_leader_invite(small_mesra, page, personas):
    group, (leader, member, _) = make_full_group(size=3)
    neighbour = make_partner()
    url = reverse("financing:group_invite", args=[group.pk])
    assert page(member.user).post(url, {"nik": neighbour.nik}).status_code == 404
    assert page(personas.outsider).post(url, {"nik": neighbour.nik}).status_code == 404
    assert not Invitation.objects.filter(nik=neighbour.nik).exists()
    assert page(leader.user).post(url, {"nik": neighbour.nik}).status_code == 302
    assert Invitation.objects.filter(nik=neighbour.nik).exists()


def test_it_lets_a_member_leave_and_shows_the_invite_form_to_the_leader_only(small_mesra, page):
    group, (leader, member, _) = make_full_group(size=3)
    url = reverse("financing:group", args=[group.pk])
    assert "Kirim undangan" in page(leader.user).get(url).content.decode()
    assert "Kirim undangan" not in page(member.user).get(url).content.decode()
    response = page(member.user).post(reverse("financing:group_leave", args=[group.pk]))
    assert response.status_code == 302
    assert GroupMember.objects.get(group=group, person=member).status == MemberStatus.LEFT


def test_it_renders_the_answer_form_to_the_invitee_only(small_mesra, page, personas):
    group, (leader,) = make_full_group(size=1)
    neighbour = make_partner()
    invitation = services.invitation_create(group=group, user=leader.user, nik=neighbour.nik)
    url = reverse("financing:invitation", args=[invitation.pk])
    assert "Terima dan bergabung" in page(neighbour.user).get(url).content.decode()
    leader_view = page(leader.user).get(url)
    assert (
        leader_view.status_code == 200
        and "Terima dan bergabung" not in leader_view.content.decode()
    )
    assert page(leader.user).post(url, {"answer": "accept"}).status_code == 403
    assert page(personas.outsider).get(url).status_code == 404
    assert page(make_partner().user).get(url).status_code == 404
    response = page(neighbour.user).post(url, {"answer": "decline"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "declined"
