"""The whole path through the API, from group formation to a closed loan."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from berdaya.core.personas import BEJI
from berdaya.financing.models import Application, Loan
from berdaya.financing.tests.factories import make_application, make_partner

pytestmark = pytest.mark.django_db


def test_it_lists_products_with_their_rules(api):
    response = api().get("financing/products")
    assert response.status_code == 200
    mesra = next(p for p in response.json() if p["code"] == "kredit-mesra")
    assert mesra["group_size_min"] == 10
    assert {"months": 12, "admin_fee_percent": "8.50"} in mesra["terms"]


def test_it_runs_the_whole_path_from_group_to_closed_loan(api, personas):
    # given a verified partner of Beji RW 7 RT 3 and nine neighbours
    leader = make_partner()
    neighbours = [make_partner() for _ in range(9)]
    client = api(leader.user)

    # when the leader forms a group for RT 3 and invites nine by NIK
    response = client.post(
        "financing/groups",
        {
            "product": "kredit-mesra",
            "name": "Kelompok Melati",
            "area": {"kelurahan_code": BEJI, "rw": 7, "rt": 3},
            "joint_liability": True,
        },
    )
    assert response.status_code == 201, response.content
    group_id = response.json()["id"]
    for person in neighbours:
        invited = client.post(f"financing/groups/{group_id}/invitations", {"nik": person.nik})
        assert invited.status_code == 201, invited.content
        accepted = api(person.user).post(
            f"financing/invitations/{invited.json()['id']}/accept", {"joint_liability": True}
        )
        assert accepted.status_code == 200, accepted.content

    # the leader prepares the application; everyone sees the per-member preview
    everyone = [leader, *neighbours]
    response = client.post(
        "financing/applications",
        {
            "group": group_id,
            "term_months": 12,
            "members": [
                {"nik": p.nik, "amount_rupiah": 5_000_000, "purpose": "modal warung"}
                for p in everyone
            ],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    app_id = body["id"]
    assert body["status"] == "draft"
    member = body["members"][0]
    assert member["amount_rupiah"] == 5_000_000
    assert member["admin_fee_rupiah"] == 425_000
    assert member["total_rupiah"] == 5_425_000
    assert len(member["instalments"]) == 12
    assert sum(i["amount_rupiah"] for i in member["instalments"]) == 5_425_000
    assert member["nik_masked"].startswith("3276") and "*" in member["nik_masked"]
    assert member["loan_id"] is None
    member_view = api(neighbours[0].user).get(f"financing/applications/{app_id}")
    assert member_view.status_code == 200

    assert client.post(f"financing/applications/{app_id}/submit").json()["status"] == (
        "awaiting_recommendation"
    )

    # the RT chair, the RW chair and the kelurahan officer recommend in that order
    for official, level in [
        (personas.rt_chair, "rt"),
        (personas.rw_chair, "rw"),
        (personas.kelurahan_officer, "kelurahan"),
    ]:
        response = api(official).post(
            f"financing/applications/{app_id}/recommendations",
            {"level": level, "approve": True, "note": "Warga kami"},
        )
        assert response.status_code == 200, response.content
    assert response.json()["status"] == "awaiting_verification"

    # DKUM forwards it, the bank approves everyone, one for less, and disburses
    response = api(personas.staff).post(
        f"financing/applications/{app_id}/review", {"decision": "forward", "note": "Lengkap"}
    )
    assert response.json()["status"] == "forwarded"
    decisions = [{"nik": p.nik, "approve": True} for p in everyone]
    decisions[1]["amount_rupiah"] = 4_000_000
    bank = api(personas.bank_officer)
    response = bank.post(f"financing/applications/{app_id}/decision", {"members": decisions})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "partially_approved"
    start = timezone.localdate() - relativedelta(months=12)
    response = bank.post(
        f"financing/applications/{app_id}/disbursement", {"disbursed_on": start.isoformat()}
    )
    body = response.json()
    assert body["status"] == "disbursed"
    assert all(m["loan_id"] for m in body["members"])
    assert (
        body["members"][0]["instalments"][0]["due_date"]
        == (start + relativedelta(months=1)).isoformat()
    )
    assert [t["event"] for t in body["timeline"]][:2] == ["created", "submitted"]
    assert {"at", "actor", "event", "note"} <= set(body["timeline"][-1])

    # the bank records repayments until every loan is repaid
    for loan in Loan.objects.filter(application_id=app_id):
        response = bank.post(
            f"financing/loans/{loan.pk}/repayments",
            {"paid_on": timezone.localdate().isoformat(), "amount_rupiah": loan.total_rupiah},
        )
        assert response.status_code == 201, response.content
        assert response.json()["loan"]["status"] == "closed"
    assert Application.objects.get(pk=app_id).status == "closed"
    timeline = client.get(f"financing/applications/{app_id}").json()["timeline"]
    assert timeline[-1]["event"] == "closed"


def test_it_refuses_with_all_problems_as_422(api):
    application, members = make_application(amount=5_500_000, term=9)
    response = api(members[0].user).post(f"financing/applications/{application.pk}/submit")
    assert response.status_code == 422
    codes = {e["code"] for e in response.json()["errors"]}
    assert codes == {"amount_over_limit", "term_not_offered"}
    over = next(e for e in response.json()["errors"] if e["code"] == "amount_over_limit")
    assert len(over["members"]) == 10 and over["message"]
    # every refusal names the members concerned (the contract's {"code", "message", "members"})
    for error in response.json()["errors"]:
        assert {"code", "message", "members"} <= set(error)
        assert len(error["members"]) == 10


def test_it_names_the_whole_group_when_its_size_is_wrong(api):
    application, members = make_application(size=9)
    response = api(members[0].user).post(f"financing/applications/{application.pk}/submit")
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["code"] == "group_size" and error["message"]
    assert sorted(error["members"]) == sorted(p.nik for p in members)


def test_it_answers_409_for_a_step_from_the_wrong_status(api, personas):
    application, members = make_application()
    response = api(personas.staff).post(
        f"financing/applications/{application.pk}/review", {"decision": "forward"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "wrong_status"


def test_it_answers_404_outside_scope(api, personas):
    """Outside one's reach the answer is 404, the same as for an application that does not
    exist (an outsider learns nothing)."""
    application, members = make_application()
    api(members[0].user).post(f"financing/applications/{application.pk}/submit")
    for persona in (personas.other_rt_chair, personas.far_rt_chair):
        response = api(persona).post(
            f"financing/applications/{application.pk}/recommendations",
            {"level": "rt", "approve": True},
        )
        assert response.status_code == 404
        missing = api(persona).post(
            "financing/applications/999999/recommendations", {"level": "rt", "approve": True}
        )
        assert missing.status_code == 404 and missing.json() == response.json()
    assert api(personas.outsider).get(f"financing/applications/{application.pk}").status_code == 404
    assert (
        api(personas.bank_officer).get(f"financing/applications/{application.pk}").status_code
        == 404
    )


def test_it_replays_a_retry_with_the_same_idempotency_key(api, personas):
    application, members = make_application()
    client = api(members[0].user)
    headers = {"Idempotency-Key": "submit-1"}
    first = client.post(f"financing/applications/{application.pk}/submit", headers=headers)
    again = client.post(f"financing/applications/{application.pk}/submit", headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert sum(1 for t in again.json()["timeline"] if t["event"] == "submitted") == 1


def test_it_refuses_the_same_idempotency_key_with_another_body(api):
    leader = make_partner()
    client = api(leader.user)
    headers = {"Idempotency-Key": "group-1"}
    area = {"kelurahan_code": BEJI, "rw": 7, "rt": 3}
    first = client.post(
        "financing/groups",
        {"product": "kredit-mesra", "name": "A", "area": area},
        headers=headers,
    )
    assert first.status_code == 201
    other = client.post(
        "financing/groups",
        {"product": "kredit-mesra", "name": "B", "area": area},
        headers=headers,
    )
    assert other.status_code == 422
    assert other.json()["errors"][0]["code"] == "idempotency_key_reused"


def test_it_lets_an_individual_apply_for_baznas(api, monkeypatch, personas):
    monkeypatch.setattr("berdaya.financing.people.has_certificate", lambda person: True)
    person = make_partner()
    client = api(person.user)
    response = client.post(
        "financing/applications",
        {
            "product": "baznas-modal-usaha",
            "term_months": 10,
            "members": [{"nik": person.nik, "amount_rupiah": 2_000_000, "purpose": "etalase"}],
        },
    )
    assert response.status_code == 201, response.content
    app_id = response.json()["id"]
    response = client.post(f"financing/applications/{app_id}/submit")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "awaiting_recommendation"
    response = api(personas.kelurahan_officer).post(
        f"financing/applications/{app_id}/recommendations", {"level": "kelurahan", "approve": True}
    )
    assert response.json()["status"] == "awaiting_verification"
    api(personas.staff).post(f"financing/applications/{app_id}/review", {"decision": "forward"})
    assert (
        api(personas.bank_officer)
        .post(
            f"financing/applications/{app_id}/decision",
            {"members": [{"nik": person.nik, "approve": True}]},
        )
        .status_code
        == 404  # not their institution's: out of reach
    )
    response = api(personas.baznas_officer).post(
        f"financing/applications/{app_id}/decision",
        {"members": [{"nik": person.nik, "approve": True}]},
    )
    assert response.json()["status"] == "approved"
    response = api(personas.baznas_officer).post(
        f"financing/applications/{app_id}/disbursement",
        {"disbursed_on": datetime.date.today().isoformat()},
    )
    assert response.json()["members"][0]["total_rupiah"] == 2_000_000


def test_it_refuses_the_submission_of_a_member_who_did_not_sign_until_they_sign(api, personas):
    # given a group of ten where one neighbour accepted without signing joint liability
    leader = make_partner()
    neighbours = [make_partner() for _ in range(9)]
    client = api(leader.user)
    group_id = client.post(
        "financing/groups",
        {
            "product": "kredit-mesra",
            "name": "Kelompok Kenanga",
            "area": {"kelurahan_code": BEJI},
            "joint_liability": True,
        },
    ).json()["id"]
    for index, person in enumerate(neighbours):
        invited = client.post(f"financing/groups/{group_id}/invitations", {"nik": person.nik})
        body = {} if index == 0 else {"joint_liability": True}
        accepted = api(person.user).post(
            f"financing/invitations/{invited.json()['id']}/accept", body
        )
        assert accepted.status_code == 200, accepted.content
    members = [
        {"nik": p.nik, "amount_rupiah": 5_000_000, "purpose": "modal"}
        for p in [leader, *neighbours]
    ]
    app_id = client.post(
        "financing/applications", {"group": group_id, "term_months": 6, "members": members}
    ).json()["id"]
    # when the leader submits
    refused = client.post(f"financing/applications/{app_id}/submit")
    # then the refusal names the unsigned member
    assert refused.status_code == 422
    (problem,) = [e for e in refused.json()["errors"] if e["code"] == "liability_not_signed"]
    assert problem["members"] == [neighbours[0].nik]
    # when that member signs (twice: once counts), the submission passes
    signer = api(neighbours[0].user)
    assert signer.post(f"financing/groups/{group_id}/liability").status_code == 200
    assert signer.post(f"financing/groups/{group_id}/liability").status_code == 200
    submitted = client.post(f"financing/applications/{app_id}/submit")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "awaiting_recommendation"
