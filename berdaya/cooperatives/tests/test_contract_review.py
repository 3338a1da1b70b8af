"""Contract review of issue 10: each contract sentence, called as an outside client."""

from __future__ import annotations

import pytest

from berdaya.cooperatives.tests.helpers import (
    DEPOK_JAYA,
    HEALTH,
    a_cooperative,
    a_user,
    cooperative_data,
    member_data,
    report_data,
)
from berdaya.core.tests.responses import codes, conflict

pytestmark = pytest.mark.django_db
# --- registration and review ----------------------------------------------------------------


@pytest.mark.parametrize("value", ["327600000000001", "32760000000000011", "3276abcd00000001", ""])
def test_nik_koperasi_must_be_16_digits(api, value):
    r = api(a_user()).post("cooperatives", cooperative_data(nik_koperasi=value))
    assert "nik_koperasi_invalid" in codes(r)


@pytest.mark.parametrize(
    "kind",
    ["simpan_pinjam", "konsumen", "produsen", "pemasaran", "jasa", "serba_usaha", "karyawan"],
)
def test_every_type_of_the_issue_is_accepted(api, kind):
    r = api(a_user()).post("cooperatives", cooperative_data(type=kind))
    assert r.status_code == 201, r.content
    assert r.json() == {"id": r.json()["id"], "status": "submitted"}


def test_an_unknown_type_is_type_invalid(api):
    assert "type_invalid" in codes(api(a_user()).post("cooperatives", cooperative_data(type="x")))


def test_a_registered_nik_koperasi_is_409_even_for_another_registrant(api):
    data = cooperative_data()
    assert api(a_user()).post("cooperatives", data).status_code == 201
    conflict(api(a_user()).post("cooperatives", data), "nik_koperasi_registered")


def test_staff_may_register_a_cooperative_themselves(api, personas):
    r = api(personas.staff).post("cooperatives", cooperative_data())
    assert r.status_code == 201 and r.json()["status"] == "submitted"


@pytest.mark.parametrize(
    "decision, status",
    [("verify", "verified"), ("reject", "rejected"), ("revise", "needs_revision")],
)
def test_each_review_decision_and_a_second_is_409(api, personas, decision, status):
    cid = api(a_user()).post("cooperatives", cooperative_data()).json()["id"]
    client = api(personas.staff)
    r = client.post(f"cooperatives/{cid}/review", {"decision": decision, "reason": "Data kurang"})
    assert r.status_code == 200 and r.json() == {"status": status}
    conflict(client.post(f"cooperatives/{cid}/review", {"decision": "verify", "reason": "x"}))


def test_verification_makes_the_registrant_its_board(api, personas):
    registrant = a_user()
    cid = api(registrant).post("cooperatives", cooperative_data()).json()["id"]
    assert not registrant.role_assignments.filter(role="pengurus_koperasi").exists()
    api(personas.staff).post(f"cooperatives/{cid}/review", {"decision": "verify", "reason": ""})
    assert registrant.role_assignments.filter(role="pengurus_koperasi").exists()
    assert api(registrant).post(f"cooperatives/{cid}/members", member_data()).status_code == 201


def test_a_person_may_be_on_several_boards(api, personas):
    user = a_user()
    first = a_cooperative(board_user=user, staff=personas.staff)
    second = a_cooperative(board_user=user, staff=personas.staff)
    for coop in (first, second):
        assert api(user).post(f"cooperatives/{coop.pk}/members", member_data()).status_code == 201


# --- reach ----------------------------------------------------------------------------------


def test_the_detail_has_the_health_keys_for_every_reader(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    for user in (board_user, personas.staff, personas.head, personas.kelurahan_officer):
        r = api(user).get(f"cooperatives/{coop.pk}")
        assert r.status_code == 200
        assert set(r.json()["health"]) == HEALTH


def test_kelurahan_officers_see_only_their_kelurahan_and_read_only(api, personas, board_user):
    far = a_cooperative(board_user=board_user, staff=personas.staff, kelurahan_code=DEPOK_JAYA)
    near = a_cooperative(board_user=board_user, staff=personas.staff)
    officer = api(personas.kelurahan_officer)
    assert [c["id"] for c in officer.get("cooperatives").json()["items"]] == [near.pk]
    assert officer.get(f"cooperatives/{far.pk}").status_code == 404
    assert officer.post(f"cooperatives/{near.pk}/reports", report_data()).status_code == 403
    member = api(board_user).post(f"cooperatives/{near.pk}/members", member_data()).json()
    assert (
        officer.patch(
            f"cooperatives/{near.pk}/members/{member['id']}", {"full_name": "X"}
        ).status_code
        == 403
    )
    assert (
        officer.post(
            f"cooperatives/{near.pk}/members/{member['id']}/status",
            {"status": "resigned", "on": "2024-01-01"},
        ).status_code
        == 403
    )


def test_another_board_cannot_keep_this_cooperative(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    stranger = a_user("Pengurus lain")
    a_cooperative(board_user=stranger, staff=personas.staff, kelurahan_code=DEPOK_JAYA)
    for call in (
        lambda c: c.get(f"cooperatives/{coop.pk}/members"),
        lambda c: c.post(f"cooperatives/{coop.pk}/members", member_data()),
        lambda c: c.post(f"cooperatives/{coop.pk}/reports", report_data()),
    ):
        assert call(api(stranger)).status_code in (403, 404)


def test_the_list_filters_of_the_issue(api, personas, board_user):
    staff = personas.staff
    a = a_cooperative(board_user=board_user, staff=staff, type="jasa")
    b = a_cooperative(board_user=board_user, staff=staff, kelurahan_code=DEPOK_JAYA)
    api(board_user).post(f"cooperatives/{b.pk}/reports", report_data())
    client = api(personas.head)
    ids = lambda q: {c["id"] for c in client.get("cooperatives", q).json()["items"]}  # noqa: E731
    assert ids({}) == {a.pk, b.pk}
    assert ids({"kecamatan": "32.76.01"}) == {b.pk}
    assert ids({"type": "jasa"}) == {a.pk}
    assert ids({"status": "verified"}) == {a.pk, b.pk}
    assert ids({"rat_status": "held"}) == {b.pk}


# --- members ----------------------------------------------------------------------------------


def test_member_numbers_are_unique_within_one_cooperative_only(api, personas, board_user):
    one = a_cooperative(board_user=board_user, staff=personas.staff)
    two = a_cooperative(board_user=board_user, staff=personas.staff)
    client = api(board_user)
    assert (
        client.post(f"cooperatives/{one.pk}/members", member_data(member_number="7")).status_code
        == 201
    )
    assert (
        client.post(f"cooperatives/{two.pk}/members", member_data(member_number="7")).status_code
        == 201
    )
    conflict(
        client.post(f"cooperatives/{one.pk}/members", member_data(member_number="7")),
        "member_number_taken",
    )


def test_already_member_is_only_for_an_active_member(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    client = api(board_user)
    data = member_data()
    mid = client.post(f"cooperatives/{coop.pk}/members", data).json()["id"]
    conflict(
        client.post(f"cooperatives/{coop.pk}/members", {**data, "member_number": "Z-1"}),
        "already_member",
    )
    client.post(
        f"cooperatives/{coop.pk}/members/{mid}/status", {"status": "resigned", "on": "2024-01-01"}
    )
    again = client.post(f"cooperatives/{coop.pk}/members", {**data, "member_number": "Z-2"})
    assert again.status_code == 201 and again.json()["status"] == "active"


def test_one_person_may_belong_to_several_cooperatives(api, personas, board_user):
    one = a_cooperative(board_user=board_user, staff=personas.staff)
    two = a_cooperative(board_user=board_user, staff=personas.staff)
    data = member_data()
    for coop in (one, two):
        assert api(board_user).post(f"cooperatives/{coop.pk}/members", data).status_code == 201


@pytest.mark.parametrize("status", ["active", "resigned", "deceased", "expelled"])
def test_member_statuses_of_the_issue(api, personas, board_user, status):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    client = api(board_user)
    mid = client.post(f"cooperatives/{coop.pk}/members", member_data()).json()["id"]
    r = client.post(
        f"cooperatives/{coop.pk}/members/{mid}/status", {"status": status, "on": "2024-02-01"}
    )
    if status == "active":
        assert r.status_code in (409, 422)
    else:
        assert r.status_code == 200 and r.json()["status"] == status


def test_the_members_list_pages_with_cursor_and_masks_nik(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    niks = []
    for _ in range(3):
        data = member_data()
        niks.append(data["nik"])
        api(board_user).post(f"cooperatives/{coop.pk}/members", data)
    client = api(personas.staff)
    first = client.get(f"cooperatives/{coop.pk}/members", {"limit": 2}).json()
    assert set(first) == {"items", "next_cursor", "has_more"} and first["has_more"] is True
    rest = client.get(f"cooperatives/{coop.pk}/members", {"cursor": first["next_cursor"]}).json()
    assert len(first["items"] + rest["items"]) == 3 and rest["has_more"] is False
    text = str(first) + str(rest)
    assert not any(n in text for n in niks)
    assert all("nik_masked" in i and "nik" not in i for i in first["items"])


# --- bad input --------------------------------------------------------------------------------


def test_a_board_nik_failing_the_nik_rules_is_422_and_nothing_saved(api):
    from berdaya.cooperatives.models import Cooperative

    data = cooperative_data()
    data["board"] = [{**data["board"][0], "nik": "1234567890123456"}]
    r = api(a_user()).post("cooperatives", data)
    assert r.status_code == 422, r.content
    assert not Cooperative.objects.exists()


def test_an_unknown_review_decision_is_422(api, personas):
    cid = api(a_user()).post("cooperatives", cooperative_data()).json()["id"]
    r = api(personas.staff).post(f"cooperatives/{cid}/review", {"decision": "maybe", "reason": ""})
    assert r.status_code == 422, r.content


def test_patching_a_member_number_to_a_taken_one_is_409(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    client = api(board_user)
    client.post(f"cooperatives/{coop.pk}/members", member_data(member_number="B-1"))
    mid = client.post(f"cooperatives/{coop.pk}/members", member_data(member_number="B-2")).json()[
        "id"
    ]
    r = client.patch(f"cooperatives/{coop.pk}/members/{mid}", {"member_number": "B-1"})
    conflict(r, "member_number_taken")


@pytest.mark.parametrize(
    "over", [{"fiscal_year": "dua ribu"}, {"members_total": "banyak"}, {"meeting_date": "kemarin"}]
)
def test_garbage_report_fields_are_422_not_500(api, personas, board_user, over):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    r = api(board_user).post(f"cooperatives/{coop.pk}/reports", {**report_data(), **over})
    assert r.status_code == 422, r.content


def test_a_member_of_a_cooperative_does_not_reach_its_keeping(api, personas, board_user):
    from berdaya.registry.models import Person

    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    data = member_data()
    Person.objects.create(
        user=personas.outsider, nik=data["nik"], full_name="Siti", gender="P",
        birth_date=data["birth_date"], phone="1", kelurahan_id="32.76.06.1001", rw=7, rt=3,
    )  # fmt: skip
    api(board_user).post(f"cooperatives/{coop.pk}/members", data)
    member = api(personas.outsider)
    assert member.get(f"cooperatives/{coop.pk}/members").status_code in (403, 404)
    assert member.post(f"cooperatives/{coop.pk}/reports", report_data()).status_code in (403, 404)
    assert member.post(f"cooperatives/{coop.pk}/members", member_data()).status_code in (403, 404)


def test_a_missing_member_field_is_422_naming_it(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    data = member_data()
    del data["nik"]
    r = api(board_user).post(f"cooperatives/{coop.pk}/members", data)
    assert r.status_code == 422, r.content
    assert "nik" in [e["field"] for e in r.json()["errors"]], r.content
