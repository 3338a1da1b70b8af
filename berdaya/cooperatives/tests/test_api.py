"""The API contract of issue 10: paths, fields, codes and statuses."""

from __future__ import annotations

import pytest

from berdaya.cooperatives.tests.helpers import (
    LAST_CLOSED,
    a_cooperative,
    cooperative_data,
    member_data,
    report_data,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%%EOF\n"


def test_it_registers_reviews_and_shows_a_cooperative(api, personas, board_user):
    response = api(board_user).post("cooperatives", cooperative_data())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted" and isinstance(body["id"], int)
    coop_id = body["id"]

    review = api(personas.staff).post(
        f"cooperatives/{coop_id}/review", {"decision": "verify", "reason": ""}
    )
    assert review.status_code == 200 and review.json() == {"status": "verified"}
    again = api(personas.staff).post(f"cooperatives/{coop_id}/review", {"decision": "reject"})
    assert again.status_code == 409
    assert set(again.json()) == {"code", "message"}

    detail = api(board_user).get(f"cooperatives/{coop_id}").json()
    assert detail["status"] == "verified"
    assert set(detail["health"]) == {
        "last_rat_year", "rat_status", "years_without_rat", "own_capital_ratio",
        "member_growth_percent", "shu_per_member_rupiah",
    }  # fmt: skip
    assert detail["health"]["rat_status"] == "dissolution_warning"


def test_it_answers_registration_refusals_with_codes(api, board_user):
    client = api(board_user)
    bad = client.post("cooperatives", cooperative_data(nik_koperasi="123"))
    assert bad.status_code == 422
    error = bad.json()["errors"][0]
    assert (error["field"], error["code"]) == ("nik_koperasi", "nik_koperasi_invalid")
    assert error["message"]
    assert (
        client.post("cooperatives", cooperative_data(type="bank")).json()["errors"][0]["code"]
        == "type_invalid"
    )
    data = cooperative_data()
    assert client.post("cooperatives", data).status_code == 201
    taken = client.post("cooperatives", data)
    assert taken.status_code == 409 and taken.json()["code"] == "nik_koperasi_registered"


def test_it_registers_without_a_board(api, board_user):
    data = cooperative_data()
    del data["board"]
    assert api(board_user).post("cooperatives", data).status_code == 201


def test_it_refuses_anonymous_calls(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    assert api().post("cooperatives", cooperative_data()).status_code == 401
    assert api().get(f"cooperatives/{coop.pk}").status_code == 401
    assert api().get("me/memberships").status_code == 401


def test_only_staff_review(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff, status="submitted")
    for user in (board_user, personas.head, personas.kelurahan_officer):
        response = api(user).post(f"cooperatives/{coop.pk}/review", {"decision": "verify"})
        assert response.status_code == 403
    missing = api(personas.staff).post("cooperatives/999999/review", {"decision": "verify"})
    assert missing.status_code == 404


def test_the_list_is_scoped_filtered_and_paged(api, personas, board_user):
    coops = [a_cooperative(board_user=board_user, staff=personas.staff) for _ in range(3)]
    a_cooperative(board_user=board_user, staff=personas.staff, kelurahan_code="32.76.01.1007")
    page = api(personas.staff).get("cooperatives", {"limit": 2}).json()
    assert set(page) == {"items", "next_cursor", "has_more"}
    assert page["has_more"] is True and len(page["items"]) == 2
    rest = api(personas.staff).get("cooperatives", {"limit": 2, "cursor": page["next_cursor"]})
    assert len(rest.json()["items"]) == 2 and rest.json()["has_more"] is False
    item = page["items"][0]
    assert {"id", "name", "status", "health"} <= set(item)
    beji = api(personas.staff).get("cooperatives", {"kecamatan": "32.76.06"}).json()["items"]
    assert {c["id"] for c in beji} == {c.pk for c in coops}
    cases = [({"type": "jasa"}, 0), ({"status": "verified"}, 4), ({"rat_status": "held"}, 0),
             ({"rat_status": "dissolution_warning"}, 4)]  # fmt: skip
    for query, count in cases:
        assert len(api(personas.staff).get("cooperatives", query).json()["items"]) == count
    officer = api(personas.kelurahan_officer).get("cooperatives").json()["items"]
    assert len(officer) == 3
    assert api(personas.outsider).get("cooperatives").json()["items"] == []
    assert api(personas.outsider).get(f"cooperatives/{coops[0].pk}").status_code == 404


def test_members_contract(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    client = api(board_user)
    data = member_data(member_number="A-1")
    created = client.post(f"cooperatives/{coop.pk}/members", data)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["member_number"] == "A-1" and body["status"] == "active" and body["id"]

    taken = client.post(
        f"cooperatives/{coop.pk}/members", {**member_data(), "member_number": "A-1"}
    )
    assert taken.status_code == 409 and taken.json()["code"] == "member_number_taken"
    again = client.post(f"cooperatives/{coop.pk}/members", {**data, "member_number": "A-2"})
    assert again.status_code == 409 and again.json()["code"] == "already_member"
    bad = client.post(f"cooperatives/{coop.pk}/members", member_data(nik="12345"))
    assert bad.status_code == 422
    assert bad.json()["errors"][0] == {
        "field": "nik", "code": "nik_invalid", "message": bad.json()["errors"][0]["message"]
    }  # fmt: skip

    listed = client.get(f"cooperatives/{coop.pk}/members").json()
    assert set(listed) == {"items", "next_cursor", "has_more"}
    row = listed["items"][0]
    assert row["nik_masked"] == data["nik"][:4] + "********" + data["nik"][-4:]
    assert "nik" not in row and data["nik"] not in str(listed)

    patched = client.patch(
        f"cooperatives/{coop.pk}/members/{body['id']}", {"savings_wajib_rupiah": 700_000}
    )
    assert patched.status_code == 200 and patched.json()["savings_wajib_rupiah"] == 700_000
    # true/false is not a number: refused, not read as 1 (Schemathesis sent it)
    flag = client.patch(
        f"cooperatives/{coop.pk}/members/{body['id']}",
        {"savings_wajib_rupiah": True, "member_number": True},
    )
    assert flag.status_code == 422
    assert flag.json()["errors"][0]["code"] == "boolean_not_allowed"
    kept = client.get(f"cooperatives/{coop.pk}/members").json()["items"][0]
    assert kept["member_number"] == "A-1"
    status = client.post(
        f"cooperatives/{coop.pk}/members/{body['id']}/status",
        {"status": "resigned", "on": "2024-05-01"},
    )
    assert status.status_code == 200 and status.json()["status"] == "resigned"
    wrong = client.post(
        f"cooperatives/{coop.pk}/members/{body['id']}/status",
        {"status": "resigned", "on": "2024-05-01"},
    )
    assert wrong.status_code == 409
    assert client.patch(f"cooperatives/{coop.pk}/members/999999", {}).status_code == 404


def test_members_are_for_the_board_and_staff_only(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    path = f"cooperatives/{coop.pk}/members"
    assert api(personas.staff).get(path).status_code == 200
    assert api(personas.staff).post(path, member_data()).status_code == 201
    for who in ("head", "kelurahan_officer"):
        user = getattr(personas, who)
        assert api(user).get(path).status_code == 403
        assert api(user).post(path, member_data()).status_code == 403
    assert api(personas.outsider).get(path).status_code == 404


def test_reports_contract_with_versions_and_minutes(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    client = api(board_user)
    first = client.post(f"cooperatives/{coop.pk}/reports", report_data())
    assert first.status_code == 201, first.content
    assert {k: first.json()[k] for k in ("fiscal_year", "version")} == {
        "fiscal_year": LAST_CLOSED(), "version": 1,
    }  # fmt: skip
    second = client.post(f"cooperatives/{coop.pk}/reports", report_data(shu_rupiah=-1_000_000))
    assert second.status_code == 201 and second.json()["version"] == 2

    reports = client.get(f"cooperatives/{coop.pk}/reports").json()
    assert list(reports) == ["items"] and len(reports["items"]) == 1
    item = reports["items"][0]
    assert item["version"] == 2 and item["shu_rupiah"] == -1_000_000
    assert [v["version"] for v in item["versions"]] == [1, 2]
    assert set(item["versions"][0]) == {"version", "filed_at", "filed_by"}
    assert item["versions"][0]["filed_by"] == board_user.full_name

    minutes = f"cooperatives/{coop.pk}/reports/{second.json()['id']}/minutes"
    ok = client.client.post(f"/api/v1/{minutes}", {"file": _upload(PDF)}, headers=client.headers)
    assert ok.status_code == 200, ok.content
    not_pdf = client.client.post(
        f"/api/v1/{minutes}", {"file": _upload(b"GIF89a")}, headers=client.headers
    )
    assert not_pdf.status_code == 422
    assert not_pdf.json()["errors"][0]["code"] == "minutes_not_pdf"

    detail = client.get(f"cooperatives/{coop.pk}").json()["health"]
    assert detail["rat_status"] == "held" and detail["last_rat_year"] == LAST_CLOSED()
    assert detail["shu_per_member_rupiah"] == -16_667


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("notulen.pdf", content, content_type="application/pdf")


@pytest.mark.parametrize(
    "over, code",
    [
        ({"fiscal_year": 2999}, "fiscal_year_future"),
        ({"total_assets_rupiah": -5}, "negative_amount"),
        ({"employees": -1}, "negative_amount"),
        ({"members_present": 61}, "members_present_over_total"),
    ],
)
def test_report_refusals(api, personas, board_user, over, code):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    data = {**report_data(), **over}
    response = api(board_user).post(f"cooperatives/{coop.pk}/reports", data)
    assert response.status_code == 422
    assert code in [e["code"] for e in response.json()["errors"]]


def test_reports_are_filed_by_the_board_and_read_by_who_sees_the_cooperative(
    api, personas, board_user
):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    path = f"cooperatives/{coop.pk}/reports"
    assert api(personas.kelurahan_officer).post(path, report_data()).status_code == 403
    assert api(personas.head).post(path, report_data()).status_code == 403
    assert api(personas.outsider).post(path, report_data()).status_code == 404
    assert api(personas.kelurahan_officer).get(path).status_code == 200
    assert api(personas.outsider).get(path).status_code == 404


def test_my_memberships(api, personas, board_user):
    from berdaya.registry.models import Person

    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    data = member_data(member_number="M-7", savings_sukarela_rupiah=250_000)
    Person.objects.create(
        user=personas.outsider, nik=data["nik"], full_name="Siti", gender="P",
        birth_date="1990-05-17", phone="1", kelurahan_id="32.76.06.1001", rw=7, rt=3,
    )  # fmt: skip
    api(board_user).post(f"cooperatives/{coop.pk}/members", data)
    body = api(personas.outsider).get("me/memberships").json()
    assert body == {
        "items": [
            {
                "cooperative": {"id": coop.pk, "name": coop.name},
                "member_number": "M-7",
                "status": "active",
                "savings_pokok_rupiah": 100_000,
                "savings_wajib_rupiah": 600_000,
                "savings_sukarela_rupiah": 250_000,
            }
        ]
    }
    assert api(board_user).get("me/memberships").json() == {"items": []}


def test_it_declares_a_typed_answer_for_every_cooperatives_operation(api):
    document = api().get("openapi.json").json()
    operations = [
        (path, method, op)
        for path, item in document["paths"].items()
        if "/cooperatives" in path or path.endswith("/me/memberships")
        for method, op in item.items()
    ]
    assert len(operations) >= 11
    for path, method, op in operations:
        success = op["responses"].get("200") or op["responses"]["201"]
        schema = success["content"]["application/json"]["schema"]
        assert "$ref" in schema, (path, method, schema)  # a named Schema, not a bare object
        assert {"401", "403", "404", "422"} <= set(op["responses"]), (path, method)


def test_it_shows_board_niks_to_the_board_only(api, personas, board_user):
    coop_id = api(board_user).post("cooperatives", cooperative_data()).json()["id"]
    api(personas.staff).post(f"cooperatives/{coop_id}/review", {"decision": "verify"})
    own = api(board_user).get(f"cooperatives/{coop_id}").json()
    assert own["board"] and all("nik" in row for row in own["board"])
    head = api(personas.head).get(f"cooperatives/{coop_id}").json()
    assert head["board"] and all("nik" not in row for row in head["board"])
    assert {"nik_masked", "position", "full_name", "term_start", "term_end"} <= set(
        head["board"][0]
    )
    assert head["verified_at"] and "reason" in head and "legal_date" in head
