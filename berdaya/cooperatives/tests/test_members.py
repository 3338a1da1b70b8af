"""Members: member_add (also for the bulk import), edits and status changes."""

from __future__ import annotations

import datetime

import pytest

from berdaya.cooperatives import services
from berdaya.cooperatives.models import Member
from berdaya.cooperatives.tests.helpers import a_cooperative, member_data, nik_for
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.models import Event

pytestmark = pytest.mark.django_db


def add(coop, actor, **over):
    return services.member_add(cooperative=coop, actor=actor, data=member_data(**over))


def test_it_adds_an_active_member_with_an_event(coop, board_user):
    member = add(coop, board_user, savings_sukarela_rupiah="1.500.000")
    assert member.status == "active" and member.status_on == datetime.date(2020, 1, 15)
    assert member.savings_sukarela_rupiah == 1_500_000
    assert member.person is None
    assert Event.objects.filter(verb="member_added", object_id=str(coop.pk)).count() == 1


def test_it_lets_staff_add_members_and_a_service_skip_the_access_check(coop, personas):
    add(coop, personas.staff)
    services.member_add(cooperative=coop, actor=None, data=member_data(), check_access=False)
    assert coop.members.count() == 2


@pytest.mark.parametrize("who", ["outsider", "head", "kelurahan_officer", "rt_chair"])
def test_it_refuses_members_from_anyone_but_the_board_and_staff(coop, personas, who):
    with pytest.raises(AccessDenied):
        add(coop, getattr(personas, who))
    assert not coop.members.exists()


@pytest.mark.parametrize(
    "nik, code",
    [
        ("327606570590000", "nik_invalid"),  # 15 digits
        ("3276065705900000", "nik_invalid"),  # serial 0000
        ("3276069913900001", "nik_invalid"),  # impossible date
        ("3276061705900001", "nik_gender_mismatch"),  # a man's NIK for a woman
        ("3276065805900001", "nik_birth_date_mismatch"),  # the 18th, not the 17th
    ],
)
def test_it_checks_the_nik_with_the_registry_rules(coop, board_user, nik, code):
    with pytest.raises(RuleError) as exc:
        add(coop, board_user, nik=nik)
    assert exc.value.codes == [code]
    assert not coop.members.exists()


def test_it_links_a_member_who_is_a_mitra_binaan_to_the_same_person(coop, board_user):
    from berdaya.registry.models import Person

    person = Person.objects.create(
        nik=nik_for(), full_name="Siti", gender="P", birth_date="1990-05-17", phone="1",
        kelurahan_id="32.76.06.1001", rw=7, rt=3,
    )  # fmt: skip
    member = add(coop, board_user, nik=person.nik)
    assert member.person == person


def test_it_refuses_a_member_number_taken_in_the_cooperative_only(coop, personas, board_user):
    add(coop, board_user, member_number="A-1")
    with pytest.raises(ConflictError) as exc:
        add(coop, board_user, member_number="A-1")
    assert exc.value.code == "member_number_taken"
    other = a_cooperative(board_user=board_user, staff=personas.staff)
    add(other, board_user, member_number="A-1")  # another cooperative's numbers are its own


def test_it_refuses_a_person_who_is_an_active_member_already(coop, personas, board_user):
    nik = nik_for()
    first = add(coop, board_user, nik=nik)
    with pytest.raises(ConflictError) as exc:
        add(coop, board_user, nik=nik)
    assert exc.value.code == "already_member"
    # One person may belong to several cooperatives ...
    other = a_cooperative(board_user=board_user, staff=personas.staff)
    add(other, board_user, nik=nik)
    # ... and re-join one they left.
    services.member_status_set(member=first, actor=board_user, status="resigned", on="2024-01-01")
    add(coop, board_user, nik=nik)
    assert Member.objects.filter(nik=nik).count() == 3


@pytest.mark.parametrize("name", ["savings_pokok_rupiah", "savings_wajib_rupiah",
                                  "savings_sukarela_rupiah"])  # fmt: skip
def test_it_refuses_negative_savings_but_takes_zero(coop, board_user, name):
    with pytest.raises(RuleError) as exc:
        add(coop, board_user, **{name: -1})
    assert exc.value.codes == ["negative_amount"]
    assert add(coop, board_user, **{name: 0})


def test_it_refuses_a_join_date_in_the_future_but_takes_today(coop, board_user):
    today = datetime.date.today()
    with pytest.raises(RuleError) as exc:
        add(coop, board_user, joined_on=(today + datetime.timedelta(days=1)).isoformat())
    assert exc.value.codes == ["joined_on_future"]
    assert add(coop, board_user, joined_on=today.isoformat())


def test_it_refuses_missing_fields_at_once(coop, board_user):
    with pytest.raises(RuleError) as exc:
        services.member_add(cooperative=coop, actor=board_user, data={"gender": "X"})
    expected = {"member_number_required", "full_name_required", "gender_invalid",
                "birth_date_required", "joined_on_required", "nik_invalid"}  # fmt: skip
    assert expected <= set(exc.value.codes)


@pytest.mark.parametrize("status", ["rejected", "dissolved"])
def test_it_refuses_members_of_a_closed_cooperative(personas, board_user, status):
    coop = a_cooperative(board_user=board_user, staff=personas.staff, status=status)
    with pytest.raises(ConflictError) as exc:
        add(coop, personas.staff)
    assert exc.value.code == "cooperative_closed"


# --- Edits ------------------------------------------------------------------------------------
def test_it_edits_only_the_fields_given(coop, board_user):
    member = add(coop, board_user)
    services.member_update(member=member, actor=board_user, data={"savings_wajib_rupiah": 900_000})
    member.refresh_from_db()
    assert member.savings_wajib_rupiah == 900_000 and member.savings_pokok_rupiah == 100_000
    assert Event.objects.filter(verb="member_updated").count() == 1


def test_it_refuses_an_edit_to_a_taken_number_or_bad_nik(coop, board_user):
    add(coop, board_user, member_number="A-1")
    member = add(coop, board_user, member_number="A-2")
    with pytest.raises(ConflictError):
        services.member_update(member=member, actor=board_user, data={"member_number": "A-1"})
    with pytest.raises(RuleError):
        services.member_update(member=member, actor=board_user, data={"nik": "123"})
    member.refresh_from_db()
    assert member.member_number == "A-2"


def test_it_refuses_an_edit_by_an_outsider(coop, board_user, personas):
    member = add(coop, board_user)
    with pytest.raises(AccessDenied):
        services.member_update(member=member, actor=personas.outsider, data={"full_name": "X"})


# --- Status -----------------------------------------------------------------------------------
@pytest.mark.parametrize("status", ["resigned", "deceased", "expelled"])
def test_it_records_a_status_with_its_date(coop, board_user, status):
    member = add(coop, board_user)
    services.member_status_set(member=member, actor=board_user, status=status, on="2024-06-30")
    member.refresh_from_db()
    assert (member.status, member.status_on) == (status, datetime.date(2024, 6, 30))


def test_it_refuses_a_status_move_that_does_not_exist(coop, board_user):
    member = add(coop, board_user)
    with pytest.raises(ConflictError) as exc:
        services.member_status_set(
            member=member, actor=board_user, status="active", on="2024-01-01"
        )
    assert exc.value.code == "member_status_invalid"
    services.member_status_set(member=member, actor=board_user, status="deceased", on="2024-01-01")
    for status in ("active", "resigned"):
        with pytest.raises(ConflictError):
            services.member_status_set(
                member=member, actor=board_user, status=status, on="2024-02-01"
            )


def test_it_lets_a_member_who_left_rejoin_unless_active_under_another_number(coop, board_user):
    nik = nik_for()
    member = add(coop, board_user, nik=nik)
    services.member_status_set(member=member, actor=board_user, status="resigned", on="2024-01-01")
    services.member_status_set(member=member, actor=board_user, status="active", on="2024-03-01")
    services.member_status_set(member=member, actor=board_user, status="expelled", on="2024-04-01")
    add(coop, board_user, nik=nik)
    with pytest.raises(ConflictError) as exc:
        services.member_status_set(
            member=member, actor=board_user, status="active", on="2024-05-01"
        )
    assert exc.value.code == "already_member"


def test_it_checks_the_status_fields(coop, board_user):
    member = add(coop, board_user, joined_on="2020-01-15")
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    cases = [("gone", "2024-01-01", "status_invalid"), ("resigned", "", "on_required"),
             ("resigned", tomorrow, "status_date_future"),
             ("resigned", "2020-01-14", "status_date_before_joined")]  # fmt: skip
    for status, on, code in cases:
        with pytest.raises(RuleError) as exc:
            services.member_status_set(member=member, actor=board_user, status=status, on=on)
        assert exc.value.codes == [code]
    services.member_status_set(member=member, actor=board_user, status="resigned", on="2020-01-15")
