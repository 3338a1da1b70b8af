"""Registration, review, resubmission and status of a cooperative: each rule on both sides."""

from __future__ import annotations

import pytest

from berdaya.accounts.selectors import has_role
from berdaya.cooperatives import selectors, services
from berdaya.cooperatives.models import (
    BoardMember,
    Cooperative,
    CooperativeStatus,
    Manager,
)
from berdaya.cooperatives.tests.helpers import a_cooperative, a_user, cooperative_data, nik_for
from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.models import Event, Notification

pytestmark = pytest.mark.django_db


def codes(exc_info) -> list[str]:
    return exc_info.value.codes


def test_it_registers_a_submitted_cooperative_kept_by_its_registrant(board_user):
    coop = services.cooperative_register(actor=board_user, data=cooperative_data())
    assert coop.status == CooperativeStatus.SUBMITTED
    assert coop.founded_year == 2016
    assert coop.phone == "+622177201234"
    assert Manager.objects.filter(cooperative=coop, user=board_user).exists()
    assert BoardMember.objects.get(cooperative=coop).position == "ketua"
    assert Event.objects.filter(verb="submitted", object_id=str(coop.pk)).count() == 1
    assert Notification.objects.filter(user=board_user).exists()


def test_it_lets_staff_register_without_becoming_its_board(personas):
    coop = services.cooperative_register(actor=personas.staff, data=cooperative_data(board=[]))
    assert not Manager.objects.filter(cooperative=coop).exists()
    assert coop.board.count() == 0


def test_it_refuses_an_anonymous_registration(db):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(AccessDenied):
        services.cooperative_register(actor=AnonymousUser(), data=cooperative_data())


@pytest.mark.parametrize("value", ["327600000000001", "32760000000000012", "3276abcd00000001", ""])
def test_it_refuses_a_nik_koperasi_that_is_not_16_digits(board_user, value):
    with pytest.raises(RuleError) as exc:
        services.cooperative_register(actor=board_user, data=cooperative_data(nik_koperasi=value))
    assert "nik_koperasi_invalid" in codes(exc)
    assert not Cooperative.objects.exists()


def test_it_accepts_16_digits_written_with_spaces(board_user):
    coop = services.cooperative_register(
        actor=board_user, data=cooperative_data(nik_koperasi="3276 0000 0000 9999")
    )
    assert coop.nik_koperasi == "3276000000009999"


def test_it_refuses_a_nik_koperasi_registered_already(board_user):
    data = cooperative_data()
    services.cooperative_register(actor=board_user, data=data)
    with pytest.raises(ConflictError) as exc:
        services.cooperative_register(actor=board_user, data={**data, "name": "Lain"})
    assert exc.value.code == "nik_koperasi_registered"
    assert Cooperative.objects.count() == 1


def test_it_refuses_an_unknown_type(board_user):
    with pytest.raises(RuleError) as exc:
        services.cooperative_register(actor=board_user, data=cooperative_data(type="bank"))
    assert codes(exc) == ["type_invalid"]


def test_it_reports_every_problem_at_once(board_user):
    with pytest.raises(RuleError) as exc:
        services.cooperative_register(
            actor=board_user,
            data=cooperative_data(
                name="", type="x", kelurahan_code="99.99", rw="0", email="bukan-email",
                legal_date="2999-01-01", phone="12",
            ),
        )  # fmt: skip
    assert set(codes(exc)) == {
        "name_required", "type_invalid", "kelurahan_unknown", "rw_invalid", "email_invalid",
        "legal_date_future", "phone_invalid",
    }  # fmt: skip


def test_it_checks_board_niks_with_the_registry_rules(board_user):
    board = [
        {"nik": "3276060000000000", "full_name": "A", "position": "ketua"},
        {"nik": nik_for(), "full_name": "B", "position": "wakil"},
        {"nik": nik_for(), "full_name": "", "position": "pengawas",
         "term_start": "2025-01-01", "term_end": "2024-01-01"},
    ]  # fmt: skip
    with pytest.raises(RuleError) as exc:
        services.cooperative_register(actor=board_user, data=cooperative_data(board=board))
    fields = {(p.code, p.field) for p in exc.value.problems}
    assert ("nik_invalid", "board.0.nik") in fields
    assert ("position_invalid", "board.1.position") in fields
    assert ("full_name_required", "board.2.full_name") in fields
    assert ("term_invalid", "board.2.term_end") in fields


def test_it_allows_one_ketua_but_several_pengawas(board_user):
    two = [
        {"nik": nik_for(), "full_name": "A", "position": "pengawas"},
        {"nik": nik_for(), "full_name": "B", "position": "pengawas"},
    ]
    services.cooperative_register(actor=board_user, data=cooperative_data(board=two))
    ketua = [{**row, "position": "ketua"} for row in two]
    with pytest.raises(RuleError) as exc:
        services.cooperative_register(actor=board_user, data=cooperative_data(board=ketua))
    assert codes(exc) == ["position_duplicate"]


def test_it_links_a_board_member_to_the_registry_person_of_the_same_nik(board_user, personas):
    from berdaya.registry.models import Person
    from berdaya.registry.tests.factories import person_data

    data = person_data()
    person = Person.objects.create(
        nik=data["nik"], full_name="Siti", gender="P", birth_date="1990-05-17", phone="1",
        kelurahan_id=data["kelurahan_code"], rw=7, rt=3,
    )  # fmt: skip
    coop = services.cooperative_register(
        actor=board_user,
        data=cooperative_data(
            board=[{"nik": person.nik, "full_name": "Siti", "position": "ketua"}]
        ),
    )
    assert coop.board.get().person == person


# --- Review -----------------------------------------------------------------------------------
def test_it_verifies_and_gives_the_registrant_the_pengurus_role(personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff, status="submitted")
    assert not has_role(board_user, "pengurus_koperasi")
    services.cooperative_review(cooperative=coop, reviewer=personas.staff, decision="verify")
    coop.refresh_from_db()
    assert coop.status == "verified" and coop.verified_at is not None
    board_user._berdaya_roles = None
    assert has_role(board_user, "pengurus_koperasi")
    assert selectors.manages(board_user, coop)


def test_it_lets_a_person_keep_several_boards(personas, board_user):
    first = a_cooperative(board_user=board_user, staff=personas.staff)
    second = a_cooperative(board_user=board_user, staff=personas.staff)
    assert set(selectors.managed_by(board_user)) == {first, second}


def test_it_gives_board_members_with_a_login_the_cooperative_on_verification(personas, board_user):
    from berdaya.registry.models import Person

    other = a_user("Sekretaris")
    person = Person.objects.create(
        user=other, nik=nik_for(), full_name="Sekretaris", gender="P", birth_date="1990-05-17",
        phone="1", kelurahan_id="32.76.06.1001", rw=7, rt=3,
    )  # fmt: skip
    coop = a_cooperative(
        board_user=board_user, staff=personas.staff,
        board=[{"nik": person.nik, "full_name": "S", "position": "sekretaris"}],
    )  # fmt: skip
    assert selectors.manages(other, coop)
    assert has_role(other, "pengurus_koperasi")


@pytest.mark.parametrize("decision", ["reject", "revise"])
def test_it_needs_a_reason_to_reject_or_revise(personas, board_user, decision):
    coop = a_cooperative(board_user=board_user, staff=personas.staff, status="submitted")
    with pytest.raises(RuleError) as exc:
        services.cooperative_review(cooperative=coop, reviewer=personas.staff, decision=decision)
    assert codes(exc) == ["reason_required"]
    services.cooperative_review(
        cooperative=coop, reviewer=personas.staff, decision=decision, reason="Akta kurang"
    )
    coop.refresh_from_db()
    assert coop.status == {"reject": "rejected", "revise": "needs_revision"}[decision]
    assert not has_role(board_user, "pengurus_koperasi")


@pytest.mark.parametrize("status", ["verified", "rejected", "needs_revision", "inactive"])
def test_it_refuses_a_decision_on_a_cooperative_not_submitted(personas, board_user, status):
    coop = a_cooperative(board_user=board_user, staff=personas.staff, status=status)
    with pytest.raises(ConflictError) as exc:
        services.cooperative_review(cooperative=coop, reviewer=personas.staff, decision="verify")
    assert exc.value.code == "cooperative_not_submitted"


def test_it_refuses_a_review_by_anyone_but_staff(personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff, status="submitted")
    for user in (board_user, personas.head, personas.kelurahan_officer):
        with pytest.raises(AccessDenied):
            services.cooperative_review(cooperative=coop, reviewer=user, decision="verify")


def test_it_refuses_an_unknown_decision(personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff, status="submitted")
    with pytest.raises(RuleError) as exc:
        services.cooperative_review(cooperative=coop, reviewer=personas.staff, decision="ok")
    assert codes(exc) == ["decision_invalid"]


# --- Resubmission and status ------------------------------------------------------------------
def test_it_resubmits_after_revision_once(personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff, status="needs_revision")
    data = cooperative_data(nik_koperasi=coop.nik_koperasi, name="KSU Mawar Baru")
    services.cooperative_resubmit(cooperative=coop, actor=board_user, data=data)
    coop.refresh_from_db()
    assert (coop.status, coop.name) == ("submitted", "KSU Mawar Baru")
    with pytest.raises(ConflictError) as exc:
        services.cooperative_resubmit(cooperative=coop, actor=board_user, data=data)
    assert exc.value.code == "cooperative_not_in_revision"


def test_it_refuses_a_resubmission_by_an_outsider(personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff, status="needs_revision")
    with pytest.raises(AccessDenied):
        services.cooperative_resubmit(
            cooperative=coop, actor=personas.outsider, data=cooperative_data()
        )


def test_it_moves_a_verified_cooperative_to_inactive_and_dissolved(personas, coop):
    services.cooperative_status_set(cooperative=coop, actor=personas.staff, status="inactive")
    services.cooperative_status_set(cooperative=coop, actor=personas.staff, status="verified")
    services.cooperative_status_set(cooperative=coop, actor=personas.staff, status="dissolved")
    with pytest.raises(ConflictError) as exc:
        services.cooperative_status_set(cooperative=coop, actor=personas.staff, status="verified")
    assert exc.value.code == "status_transition_invalid"


def test_it_refuses_a_status_change_of_a_submitted_cooperative(personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff, status="submitted")
    with pytest.raises(ConflictError):
        services.cooperative_status_set(cooperative=coop, actor=personas.staff, status="inactive")
    with pytest.raises(RuleError):
        services.cooperative_status_set(cooperative=coop, actor=personas.staff, status="x")
    with pytest.raises(AccessDenied):
        services.cooperative_status_set(cooperative=coop, actor=board_user, status="inactive")
