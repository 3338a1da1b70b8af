"""Who sees and who keeps which cooperative, for every role, and a member's memberships."""

from __future__ import annotations

import pytest

from berdaya.accounts.services import role_assign
from berdaya.cooperatives import selectors, services
from berdaya.cooperatives.tests.helpers import (
    DEPOK_JAYA,
    KUKUSAN,
    a_cooperative,
    a_user,
    member_data,
    nik_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(personas, board_user):
    """Cooperatives in Beji (kept by ``board_user``), Kukusan (same kecamatan) and Depok Jaya."""
    other_board = a_user("Pengurus lain")
    return {
        "beji": a_cooperative(board_user=board_user, staff=personas.staff),
        "kukusan": a_cooperative(
            board_user=other_board, staff=personas.staff, kelurahan_code=KUKUSAN
        ),
        "depok_jaya": a_cooperative(
            board_user=other_board, staff=personas.staff, kelurahan_code=DEPOK_JAYA
        ),
    }


def visible(user) -> set[int]:
    return set(selectors.cooperatives_visible_to(user).values_list("pk", flat=True))


def test_staff_and_pimpinan_see_the_city(personas, three):
    every = {c.pk for c in three.values()}
    assert visible(personas.staff) == every
    assert visible(personas.admin) == every
    assert visible(personas.head) == every


def test_staff_limited_to_a_kecamatan_see_and_keep_only_its_cooperatives(three):
    kecamatan_staff = a_user("Staf Beji")
    role_assign(user=kecamatan_staff, role="staf_dkum", kecamatan_code="32.76.06")
    assert visible(kecamatan_staff) == {three["beji"].pk, three["kukusan"].pk}
    assert selectors.manages(kecamatan_staff, three["kukusan"])
    assert not selectors.manages(kecamatan_staff, three["depok_jaya"])


def test_a_kelurahan_officer_sees_their_kelurahan_read_only(personas, three):
    assert visible(personas.kelurahan_officer) == {three["beji"].pk}
    assert not selectors.manages(personas.kelurahan_officer, three["beji"])
    assert selectors.can_see_list(personas.kelurahan_officer)


def test_rt_and_rw_chairs_and_lenders_see_no_cooperative(personas, three):
    for who in ("rt_chair", "rw_chair", "bank_officer", "outsider"):
        user = getattr(personas, who)
        assert visible(user) == set(), who
        assert not selectors.can_see_list(user)


def test_the_board_sees_and_keeps_only_its_own(personas, board_user, three):
    assert visible(board_user) == {three["beji"].pk}
    assert selectors.manages(board_user, three["beji"])
    assert not selectors.manages(board_user, three["kukusan"])
    assert selectors.cooperative_get(board_user, three["kukusan"].pk) is None
    assert not selectors.can_see_list(board_user)


def test_pimpinan_reads_but_does_not_keep(personas, three):
    assert not selectors.manages(personas.head, three["beji"])
    assert selectors.manages(personas.staff, three["beji"])


def test_the_registrant_sees_a_pending_registration(personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff, status="submitted")
    assert selectors.cooperative_get(board_user, coop.pk) == coop
    assert selectors.cooperative_get(personas.outsider, coop.pk) is None


def test_filters_narrow_the_list(personas, three):
    def search(**f):
        return {
            c.pk for c in selectors.cooperative_search(personas.staff, selectors.ListFilters(**f))
        }

    assert search(kecamatan="32.76.06") == {three["beji"].pk, three["kukusan"].pk}
    assert search(kelurahan=KUKUSAN) == {three["kukusan"].pk}
    assert search(type="jasa") == set()
    assert search(status="verified") == {c.pk for c in three.values()}
    assert search(rat_status="held") == set()
    assert search(rat_status="dissolution_warning") == {c.pk for c in three.values()}
    assert search(q=three["beji"].nik_koperasi) == {three["beji"].pk}


def test_a_member_sees_their_memberships_by_their_nik(personas, board_user, three):
    from berdaya.registry.models import Person

    citizen = a_user("Warga")
    nik = nik_for()
    Person.objects.create(
        user=citizen, nik=nik, full_name="Siti", gender="P", birth_date="1990-05-17",
        phone="1", kelurahan_id=KUKUSAN, rw=1, rt=1,
    )  # fmt: skip
    services.member_add(cooperative=three["beji"], actor=board_user, data=member_data(nik=nik))
    services.member_add(
        cooperative=three["kukusan"], actor=personas.staff, data=member_data(nik=nik)
    )
    services.member_add(cooperative=three["beji"], actor=board_user, data=member_data())
    mine = selectors.memberships_for_user(citizen)
    assert {m.cooperative_id for m in mine} == {three["beji"].pk, three["kukusan"].pk}
    # being a member shows the membership, not the cooperative's data
    assert visible(citizen) == set()
    assert list(selectors.memberships_for_user(personas.outsider)) == []


def test_the_compliance_overview_counts_verified_cooperatives_per_kecamatan(personas, three):
    rows = selectors.compliance_by_kecamatan(personas.staff)
    by_code = {r["kecamatan_code"]: r for r in rows}
    assert by_code["32.76.06"]["total"] == 2
    assert by_code["32.76.06"]["counts"]["dissolution_warning"] == 2
    assert by_code["32.76.01"]["total"] == 1
    assert [r["total"] for r in selectors.compliance_by_kecamatan(personas.kelurahan_officer)] == [
        1
    ]


def test_the_inbox_shows_waiting_registrations_to_staff_and_missing_rat_to_the_board(
    personas, board_user, three
):
    a_cooperative(board_user=board_user, staff=personas.staff, status="submitted")
    staff_items = selectors.inbox(personas.staff)
    assert staff_items[0].count == 1
    board_items = selectors.inbox(board_user)
    assert any("RAT" in item.title for item in board_items)
    assert selectors.inbox(personas.outsider) == []
