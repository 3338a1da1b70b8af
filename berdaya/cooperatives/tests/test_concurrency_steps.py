"""Two staff, two board members or a double click on one cooperative at the same moment, on
PostgreSQL: the cooperative's row lock (or the unique NIK Koperasi) makes the second wait and see
the first's write, so each step takes effect once and a person is one active member. The RAT
versions are in test_concurrency.py. Each test fails without its lock (checked by removing the
lock and running it; see docs/adr/0005)."""

from __future__ import annotations

import pytest

from berdaya.cooperatives import services
from berdaya.cooperatives.models import Cooperative, Member
from berdaya.cooperatives.tests.conftest import ensure_reference_data
from berdaya.cooperatives.tests.helpers import a_cooperative, a_user, cooperative_data, member_data
from berdaya.core.models import Event
from berdaya.core.tests.concurrency import MARKS, run_together

pytestmark = MARKS


@pytest.fixture
def staff(personas):
    ensure_reference_data()
    return personas.staff


def events(obj, verb: str) -> int:
    return Event.objects.filter(
        content_type__app_label=obj._meta.app_label,
        content_type__model=obj._meta.model_name,
        object_id=str(obj.pk),
        verb=verb,
    ).count()


def test_it_verifies_once_when_two_staff_verify_at_once(staff):
    # given a submitted cooperative
    coop = a_cooperative(board_user=a_user(), staff=staff, status="submitted")

    # when two staff verify it at the same moment
    def verify():
        services.cooperative_review(cooperative=coop, reviewer=staff, decision="verify")

    results, errors = run_together(verify, verify)
    # then one decision, and the other is told it no longer waits
    assert errors == []
    assert sorted(results) == ["cooperative_not_submitted", "ok"]
    assert events(coop, "verified") == 1


def test_it_changes_a_status_once_when_set_twice_at_once(staff):
    coop = a_cooperative(board_user=a_user(), staff=staff)

    def dissolve():
        services.cooperative_status_set(cooperative=coop, actor=staff, status="dissolved")

    results, errors = run_together(dissolve, dissolve)
    assert errors == []
    assert sorted(results) == ["ok", "status_transition_invalid"]
    assert events(coop, "status_changed") == 1


def test_it_registers_one_nik_koperasi_once_when_sent_twice_at_once(staff):
    # given one cooperative's data, sent by two board members
    data = cooperative_data()
    users = [a_user(), a_user()]

    def register(user):
        return lambda: services.cooperative_register(actor=user, data=dict(data))

    results, errors = run_together(register(users[0]), register(users[1]))
    # then one cooperative, and the other is told the number is registered (not a server error)
    assert errors == []
    assert sorted(results) == ["nik_koperasi_registered", "ok"]
    assert Cooperative.objects.filter(nik_koperasi=data["nik_koperasi"]).count() == 1


def test_it_adds_a_person_once_when_added_twice_at_once_with_two_numbers(staff):
    # given a verified cooperative and one person typed in twice, with two member numbers
    board = a_user()
    coop = a_cooperative(board_user=board, staff=staff)
    person = member_data()

    def add(number):
        return lambda: services.member_add(
            cooperative=coop, actor=board, data={**person, "member_number": number}
        )

    results, errors = run_together(add("A-1"), add("A-2"))
    # then the person is one active member, and the other entry is refused
    assert errors == []
    assert sorted(results) == ["already_member", "ok"]
    assert Member.objects.filter(cooperative=coop, nik=person["nik"], status="active").count() == 1


def test_it_keeps_one_active_membership_when_two_old_ones_return_at_once(staff):
    # given a person who left the cooperative twice (two old member numbers)
    board = a_user()
    coop = a_cooperative(board_user=board, staff=staff)
    person = member_data()
    old = []
    for number in ("B-1", "B-2"):
        member = services.member_add(
            cooperative=coop, actor=board, data={**person, "member_number": number}
        )
        services.member_status_set(member=member, actor=board, status="resigned", on="2024-01-02")
        old.append(member)

    # when both old memberships are made active again at the same moment
    def rejoin(member):
        return lambda: services.member_status_set(
            member=member, actor=board, status="active", on="2025-01-02"
        )

    results, errors = run_together(rejoin(old[0]), rejoin(old[1]))
    # then the person is one active member
    assert errors == []
    assert sorted(results) == ["already_member", "ok"]
    assert Member.objects.filter(cooperative=coop, nik=person["nik"], status="active").count() == 1


def test_it_resubmits_once_when_sent_back_twice_at_once(staff):
    # given a cooperative sent back for revision
    board = a_user()
    coop = a_cooperative(board_user=board, staff=staff, status="needs_revision")
    data = cooperative_data(nik_koperasi=coop.nik_koperasi)

    # when the registrant sends the fix twice at the same moment
    def resubmit():
        services.cooperative_resubmit(cooperative=coop, actor=board, data=dict(data))

    results, errors = run_together(resubmit, resubmit)
    assert errors == []
    assert sorted(results) == ["cooperative_not_in_revision", "ok"]
    assert events(coop, "resubmitted") == 1


def test_it_keeps_both_edits_of_a_member_made_at_once(staff):
    # given a member
    board = a_user()
    coop = a_cooperative(board_user=board, staff=staff)
    member = services.member_add(cooperative=coop, actor=board, data=member_data())

    # when two board members change different fields at the same moment
    def rename():
        services.member_update(member=member, actor=board, data={"full_name": "Siti Baru"})

    def save_more():
        services.member_update(member=member, actor=board, data={"savings_sukarela_rupiah": 5000})

    results, errors = run_together(rename, save_more)
    # then neither edit is lost
    assert errors == [] and results == ["ok", "ok"]
    member = Member.objects.get(pk=member.pk)
    assert (member.full_name, member.savings_sukarela_rupiah) == ("Siti Baru", 5000)
