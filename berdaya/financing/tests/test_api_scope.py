"""API: every route reached through the scoped selectors (404 outside reach, the same as for an
absent object), the territory of staff, masked NIKs, and typed answers in the OpenAPI document."""

import pytest

from berdaya.financing import services
from berdaya.financing.models import GroupMember, MemberStatus
from berdaya.financing.tests.factories import make_full_group, make_partner

pytestmark = pytest.mark.django_db


def test_it_answers_404_to_a_removal_by_anyone_but_the_leader_whether_or_not_the_nik_is_a_member(
    small_mesra, api, personas
):
    group, (leader, member, other) = make_full_group(size=3)
    stranger = make_partner()
    for user in (member.user, personas.outsider, stranger.user, personas.staff):
        real = api(user).post(f"financing/groups/{group.pk}/members/{other.nik}/remove")
        fake = api(user).post(f"financing/groups/{group.pk}/members/{stranger.nik}/remove")
        assert real.status_code == fake.status_code == 404
        assert real.json() == fake.json()
    assert GroupMember.objects.get(group=group, person=other).status == MemberStatus.ACTIVE
    done = api(leader.user).post(f"financing/groups/{group.pk}/members/{other.nik}/remove")
    assert done.status_code == 200
    assert len(done.json()["members"]) == 2


def test_it_answers_404_for_a_group_action_outside_reach(small_mesra, api, personas):
    group, (leader, member, _) = make_full_group(size=3)
    stranger = make_partner()
    for path in ("liability", "leave"):
        assert api(stranger.user).post(f"financing/groups/{group.pk}/{path}").status_code == 404
        assert api(stranger.user).post(f"financing/groups/999999/{path}").status_code == 404
    invite = api(member.user).post(
        f"financing/groups/{group.pk}/invitations", {"nik": stranger.nik}
    )
    assert invite.status_code == 404
    assert api(stranger.user).get(f"financing/groups/{group.pk}").status_code == 404


def test_it_answers_404_for_an_invitation_of_someone_else(small_mesra, api, personas):
    group, (leader,) = make_full_group(size=1)
    neighbour = make_partner()
    invitation = services.invitation_create(group=group, user=leader.user, nik=neighbour.nik)
    for path in ("accept", "decline"):
        other = api(make_partner().user).post(f"financing/invitations/{invitation.pk}/{path}")
        missing = api(make_partner().user).post(f"financing/invitations/999999/{path}")
        assert other.status_code == missing.status_code == 404


def test_it_scopes_staff_to_their_kecamatan_in_the_api(flow, api, beji_staff, other_staff):
    application = flow.awaiting_verification()
    mine = api(beji_staff).get("financing/applications").json()["items"]
    theirs = api(other_staff).get("financing/applications").json()["items"]
    assert [a["id"] for a in mine] == [application.pk] and theirs == []
    assert api(other_staff).get(f"financing/applications/{application.pk}").status_code == 404
    review = api(other_staff).post(
        f"financing/applications/{application.pk}/review", {"decision": "forward"}
    )
    assert review.status_code == 404
    assert api(other_staff).get("financing/reports/portfolio").json()["in_process"] == 0
    assert api(beji_staff).get("financing/reports/portfolio").json()["in_process"] == 1
    ok = api(beji_staff).post(
        f"financing/applications/{application.pk}/review", {"decision": "forward"}
    )
    assert ok.status_code == 200 and ok.json()["status"] == "forwarded"


def test_it_never_answers_a_full_nik_in_a_list_or_a_detail(flow, api, personas):
    application = flow.submitted()
    bodies = [
        api(personas.staff).get("financing/applications").content.decode(),
        api(personas.staff).get(f"financing/applications/{application.pk}").content.decode(),
        api(flow.leader).get(f"financing/groups/{application.group_id}").content.decode(),
    ]
    for body in bodies:
        assert all(m.nik not in body for m in flow.members)


def test_it_shows_an_rt_chair_only_their_members_through_the_api(flow, api, personas):
    application = flow.submitted()
    body = api(personas.rt_chair).get(f"financing/applications/{application.pk}").json()
    assert body["all_members_shown"] is False
    assert len(body["members"]) == 3  # all three live in RT 3
    assert "recommend" in body["actions"]
    assert (
        api(personas.other_rt_chair).get(f"financing/applications/{application.pk}").status_code
        == 404
    )


def test_it_refuses_drafts_with_negative_amounts_or_impossible_terms(small_mesra, api):
    group, members = make_full_group(size=3)
    client = api(members[0].user)
    items = [{"nik": p.nik, "amount_rupiah": 1_000_000} for p in members]
    for term in (0, -6, 121, 10**9):
        response = client.post(
            "financing/applications", {"group": group.pk, "term_months": term, "members": items}
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["code"] == "term_invalid"
    items[1]["amount_rupiah"] = -1
    response = client.post(
        "financing/applications", {"group": group.pk, "term_months": 12, "members": items}
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["code"] == "amount_invalid" and error["members"] == [members[1].nik]


def test_it_declares_every_answer_of_every_financing_operation(api):
    document = api().get("openapi.json").json()
    operations = [
        (path, method, op)
        for path, item in document["paths"].items()
        if "/financing/" in path
        for method, op in item.items()
    ]
    assert len(operations) >= 20
    for path, method, op in operations:
        codes = set(op["responses"])
        if path.endswith("/financing/products"):
            assert codes >= {"200"}
            continue
        assert codes >= {"401", "403", "404", "409", "422"}, (path, method)
        assert codes & {"200", "201"}, (path, method)
        for code in codes:
            assert "content" in op["responses"][code], (path, method, code)
