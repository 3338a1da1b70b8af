"""Application pages: each role and an outsider of the same role; the list and detail narrowed
to the territory; masked NIKs; forms shown only to who may send them; a double click once."""

import pytest
from django.urls import reverse

from berdaya.core.models import Event
from berdaya.core.once import FIELD_NAME
from berdaya.financing import services
from berdaya.financing.models import Application, Status
from berdaya.financing.tests.factories import make_full_group, make_partner

pytestmark = pytest.mark.django_db


def test_it_renders_the_new_application_form_to_the_leader_only(small_mesra, page, personas):
    group, (leader, member, _) = make_full_group(size=3)
    url = reverse("financing:application_create") + f"?kelompok={group.pk}"
    assert page(leader.user).get(url).status_code == 200
    assert page(member.user).get(url).status_code == 404
    assert page(personas.outsider).get(url).status_code == 403  # no personal data yet
    assert page(make_partner().user).get(url).status_code == 404
    bad = reverse("financing:application_create") + "?kelompok=abc"
    assert page(leader.user).get(bad).status_code == 404


def test_it_renders_the_edit_form_only_while_the_leader_may_edit(flow, page):
    url = reverse("financing:application_edit", args=[flow.application.pk])
    assert page(flow.leader).get(url).status_code == 200
    assert page(flow.members[1].user).get(url).status_code == 403
    flow.submitted()
    assert page(flow.leader).get(url).status_code == 403


def test_it_refuses_a_negative_amount_in_a_draft(flow, page):
    url = reverse("financing:application_edit", args=[flow.application.pk])
    data = {"term_months": 12}
    for person in flow.members:
        data[f"amount_{person.pk}"] = -5
    response = page(flow.leader).post(url, data)
    assert response.status_code == 200  # the form again, with its errors
    assert all(m.amount_rupiah == 1_000_000 for m in flow.application.members.all())


def test_it_shows_the_detail_to_each_role_in_reach_and_404_to_the_others(
    flow, page, personas, beji_staff, other_staff
):
    flow.submitted()
    url = reverse("financing:application", args=[flow.application.pk])
    for user in (flow.leader, flow.members[1].user, personas.rt_chair, beji_staff, personas.head):
        assert page(user).get(url).status_code == 200, user
    for user in (other_staff, personas.far_rt_chair, personas.other_rt_chair, personas.outsider):
        assert page(user).get(url).status_code == 404, user
    assert page(personas.bank_officer).get(url).status_code == 404  # not forwarded yet
    missing = reverse("financing:application", args=[999_999])
    assert page(other_staff).get(missing).status_code == 404


def test_it_lists_only_the_applications_of_the_staff_members_kecamatan(
    flow, page, beji_staff, other_staff
):
    flow.submitted()
    url = reverse("financing:applications")
    assert flow.application.title in page(beji_staff).get(url).content.decode()
    assert flow.application.title not in page(other_staff).get(url).content.decode()


def test_it_never_shows_a_full_nik_in_the_list_or_the_detail(flow, page, personas):
    flow.submitted()
    for url in (
        reverse("financing:applications"),
        reverse("financing:application", args=[flow.application.pk]),
        reverse("financing:index"),
    ):
        html = page(personas.staff).get(url).content.decode()
        assert all(m.nik not in html for m in flow.members), url


def test_it_shows_an_rt_chair_only_the_members_of_their_rt_in_a_whole_rw_group(
    small_mesra, page, personas
):
    # given a whole-RW group with members in RT 3 and RT 4
    from berdaya.core.personas import BEJI

    leader = make_partner(rt=3)
    group = services.group_create(
        user=leader.user,
        product=small_mesra,
        name="RW 7",
        kelurahan_code=BEJI,
        rw=7,
        joint_liability=True,
    )
    neighbour = make_partner(rt=4, name="Warga RT Empat")
    invitation = services.invitation_create(group=group, user=leader.user, nik=neighbour.nik)
    services.invitation_answer(
        invitation=invitation, user=neighbour.user, accept=True, joint_liability=True
    )
    application = services.application_create(
        user=leader.user,
        group=group,
        term_months=12,
        members=[{"nik": p.nik, "amount_rupiah": 1_000_000} for p in (leader, neighbour)],
    )
    services.application_submit(application=application, user=leader.user)
    url = reverse("financing:application", args=[application.pk])
    # when the chair of RT 3 opens it, then the RT 4 member is not shown
    html = page(personas.rt_chair).get(url).content.decode()
    assert leader.full_name in html and "Warga RT Empat" not in html
    # and the chair of RT 4 sees only theirs; the RW chair sees both
    html = page(personas.other_rt_chair).get(url).content.decode()
    assert "Warga RT Empat" in html and leader.full_name not in html
    html = page(personas.rw_chair).get(url).content.decode()
    assert "Warga RT Empat" in html and leader.full_name in html


def test_it_submits_once_on_a_double_click(flow, page):
    # given the detail page with its one-time token
    client = page(flow.leader)
    url = reverse("financing:submit", args=[flow.application.pk])
    data = {FIELD_NAME: "token-double-click-1"}
    # when the submit button is pressed twice with the same form
    first, second = client.post(url, data), client.post(url, data)
    # then one submission: the second answer is the first one's redirect
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert Event.objects.filter(verb="submitted", object_id=str(flow.application.pk)).count() == 1


def test_it_offers_submit_and_withdraw_to_the_leader_only(flow, page):
    url = reverse("financing:application", args=[flow.application.pk])
    html = page(flow.leader).get(url).content.decode()
    assert "Ajukan sekarang" in html and "Tarik pengajuan" in html
    html = page(flow.members[1].user).get(url).content.decode()
    assert "Ajukan sekarang" not in html and "Tarik pengajuan" not in html
    member_post = page(flow.members[1].user).post(
        reverse("financing:submit", args=[flow.application.pk])
    )
    assert member_post.status_code == 403
    assert (
        page(flow.leader)
        .post(reverse("financing:withdraw", args=[flow.application.pk]))
        .status_code
        == 302
    )
    assert flow.refresh().status == Status.WITHDRAWN
    assert Application.objects.count() == 1
