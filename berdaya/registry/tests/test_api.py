"""The API contract of the issue, and who reaches what through it."""

import datetime

import pytest
from django.test import override_settings

from berdaya.core.models import PersonalDataAccess
from berdaya.registry.models import Person, Registration
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_registers_publicly_and_answers_201_with_id_status_and_reference(api):
    response = api().post("registrations", f.payload())
    assert response.status_code == 201, response.content
    body = response.json()
    pk = Registration.objects.get().pk
    # the id stays (clients use it); the reference is added, what the registrant quotes
    assert body == {"id": pk, "status": "submitted", "reference": f"DFT-{pk:06d}"}


def test_it_answers_422_with_field_and_code_for_a_bad_nik(api):
    response = api().post("registrations", f.payload(person={"nik": "3276065705900000"}))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {"field": "person.nik", "code": "nik_invalid"} == {
        k: errors[0][k] for k in ("field", "code")
    }
    assert errors[0]["message"]
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    "over, field, code",
    [
        (
            {"person": {"gender": "L", "nik": f.nik_for(gender="P")}},
            "person.nik",
            "nik_gender_mismatch",
        ),
        ({"person": {"birth_date": "1990-05-18"}}, "person.nik", "nik_birth_date_mismatch"),
        ({"person": {"phone": "0000"}}, "person.phone", "phone_invalid"),
        ({"person": {"gender": "X"}}, "person.gender", "gender_invalid"),
        ({"business": {"kbli_code": "00000"}}, "business.kbli_code", "kbli_unknown"),
        ({"business": {"capital_rupiah": -5}}, "business.capital_rupiah", "money_negative"),
        ({"business": {"nib": "12"}}, "business.nib", "nib_invalid"),
    ],
)
def test_it_names_the_field_and_code_of_each_refusal(api, over, field, code):
    response = api().post("registrations", f.payload(**over))
    assert response.status_code == 422
    assert (field, code) in {(e["field"], e["code"]) for e in response.json()["errors"]}


def test_it_requires_consent(api):
    data = f.payload()
    data["consent"] = False
    response = api().post("registrations", data)
    assert response.status_code == 422
    assert "consent_required" in {e["code"] for e in response.json()["errors"]}


def test_it_answers_409_for_a_registered_nik_without_revealing_whose(api):
    first = f.submit()
    response = api().post("registrations", f.payload(person={"nik": first.person.nik}))
    assert response.status_code == 409
    assert response.json()["code"] == "nik_registered"
    assert first.person.full_name not in response.content.decode()
    assert str(first.person.phone) not in response.content.decode()


@override_settings(BERDAYA_REGISTRATION_ADDRESS_PER_MINUTE=1)
def test_it_throttles_a_burst_from_one_address(api):
    assert api().post("registrations", f.payload()).status_code == 201
    response = api().post("registrations", f.payload())
    assert response.status_code == 429
    assert response.json()["code"] == "registration_rate_limited"
    assert Registration.objects.count() == 1


@override_settings(BERDAYA_REGISTRATION_DEVICE_LIMIT=1)
def test_an_app_is_limited_per_device_by_its_installation_id_header(api):
    # Given an app that registered one person with its installation id
    phone_app = {"X-Berdaya-Device": "instalasi-aaa"}
    assert api().post("registrations", f.payload(), headers=phone_app).status_code == 201
    # When it registers another person with the same id, Then it is refused with the device code
    response = api().post("registrations", f.payload(), headers=phone_app)
    assert response.status_code == 429
    assert response.json()["code"] == "registration_same_device"
    # and another installation at the same address is not
    other = {"X-Berdaya-Device": "instalasi-bbb"}
    assert api().post("registrations", f.payload(), headers=other).status_code == 201
    assert Registration.objects.count() == 2


def test_it_shows_a_registration_to_its_applicant_and_staff_only(api, personas):
    reg = f.submit()
    applicant = reg.person.user
    assert api(applicant).get(f"registrations/{reg.pk}").json()["status"] == "submitted"
    staff_view = api(personas.staff).get(f"registrations/{reg.pk}").json()
    assert staff_view["person"]["nik"] == reg.person.nik
    assert PersonalDataAccess.objects.filter(actor=personas.staff, action="view").count() == 1
    rt_view = api(personas.rt_chair).get(f"registrations/{reg.pk}")  # lives in RT 3/RW 7 Beji
    assert rt_view.status_code == 200 and "*" in rt_view.json()["person"]["nik"]
    for outsider in (
        personas.outsider,
        personas.other_rt_chair,
        personas.far_rt_chair,
        personas.bank_officer,
        personas.baznas_officer,
    ):
        assert api(outsider).get(f"registrations/{reg.pk}").status_code == 404
    assert api().get(f"registrations/{reg.pk}").status_code == 401


def test_it_reviews_through_the_api_and_refuses_a_second_decision(api, personas):
    reg = f.submit()
    response = api(personas.staff).post(f"registrations/{reg.pk}/review", {"decision": "verify"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "verified"
    assert body["partner_number"] == f"MB-{datetime.date.today().year}-000001"
    again = api(personas.staff).post(
        f"registrations/{reg.pk}/review", {"decision": "reject", "reason": "x"}
    )
    assert again.status_code == 409
    assert again.json()["code"] == "registration_not_submitted"


def test_it_lets_only_staff_review_through_the_api(api, personas):
    reg = f.submit()
    for user in (personas.rt_chair, personas.head, personas.outsider, reg.person.user):
        response = api(user).post(f"registrations/{reg.pk}/review", {"decision": "verify"})
        assert response.status_code == 403
    assert api().post(f"registrations/{reg.pk}/review", {"decision": "verify"}).status_code == 401


def test_it_asks_a_reason_for_rejection_and_revision(api, personas):
    reg = f.submit()
    response = api(personas.staff).post(f"registrations/{reg.pk}/review", {"decision": "reject"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "reason_required"
    response = api(personas.staff).post(
        f"registrations/{reg.pk}/review", {"decision": "revise", "reason": "Lengkapi NIB"}
    )
    assert response.json() == {"status": "needs_revision", "partner_number": None}


def test_it_lists_businesses_by_scope_with_filters_and_keyset_pages(api, personas):
    mine = [f.submit(person={"gender": "P"}) for _ in range(3)]
    far = f.submit(person={"kelurahan_code": "32.76.01.1007", "kecamatan_code": "32.76.01"})
    staff = api(personas.staff)
    page = staff.get("businesses", {"limit": 2}).json()
    assert len(page["items"]) == 2 and page["has_more"]
    rest = staff.get("businesses", {"limit": 2, "cursor": page["next_cursor"]}).json()
    ids = [b["id"] for b in page["items"] + rest["items"]]
    assert sorted(ids) == sorted([r.business_id for r in mine] + [far.business_id])
    only_far = staff.get("businesses", {"kelurahan": "32.76.01.1007"}).json()["items"]
    assert [b["id"] for b in only_far] == [far.business_id]
    rt = api(personas.rt_chair).get("businesses").json()["items"]
    assert far.business_id not in [b["id"] for b in rt] and len(rt) == 3
    assert "*" in rt[0]["owner"]["nik"]
    for outsider in (personas.outsider, personas.bank_officer, personas.far_rt_chair):
        assert [b["id"] for b in api(outsider).get("businesses").json()["items"]] in (
            [],
            [far.business_id],
        )
    assert api(personas.bank_officer).get("businesses").json()["items"] == []
    own = api(mine[0].person.user).get("businesses").json()["items"]
    assert [b["id"] for b in own] == [mine[0].business_id]


def test_it_files_and_lists_reports_through_the_api(api, personas):
    reg = f.verified(personas.staff)
    client = api(reg.person.user)
    month = datetime.date.today().strftime("%Y-%m")
    data = {
        "period": month,
        "sales_rupiah": 4_000_000,
        "assets_rupiah": 9_000_000,
        "workers_women": 2,
        "workers_men": 0,
        "needs": ["modal", "pelatihan"],
    }
    first = client.post(f"businesses/{reg.business_id}/reports", data)
    assert first.status_code == 201, first.content
    second = client.post(
        f"businesses/{reg.business_id}/reports", {**data, "sales_rupiah": 5_000_000}
    )
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"]
    items = client.get(f"businesses/{reg.business_id}/reports").json()["items"]
    assert [(r["period"], r["sales_rupiah"]) for r in items] == [(month, 5_000_000)]
    bad = client.post(f"businesses/{reg.business_id}/reports", {**data, "sales_rupiah": -1})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "sales_rupiah"
    for outsider in (personas.outsider, personas.bank_officer, personas.other_rt_chair):
        assert api(outsider).get(f"businesses/{reg.business_id}/reports").status_code == 404
        assert api(outsider).post(f"businesses/{reg.business_id}/reports", data).status_code == 404
        assert api(outsider).get(f"businesses/{reg.business_id}").status_code == 404
    assert (
        api(personas.rt_chair).post(f"businesses/{reg.business_id}/reports", data).status_code
        == 403
    )
    assert (
        api(personas.staff).post(f"businesses/{reg.business_id}/reports", data).status_code == 200
    )


def test_it_takes_a_second_registration_with_a_shared_phone_and_flags_it(api, personas):
    first = api().post("registrations", f.payload(person={"phone": "081299990000"}))
    second = api().post(
        "registrations", f.payload(person={"phone": "0812-9999-0000", "full_name": "Budi"})
    )
    assert (first.status_code, second.status_code) == (201, 201)
    reg = Registration.objects.get(pk=second.json()["id"])
    assert reg.person.user is None  # the phone's account stays with its owner
    from berdaya.registry.selectors import likely_duplicates

    assert [why for _, why in likely_duplicates(reg)] == ["nomor HP sama"]


def test_it_filters_businesses_by_size_class_and_pages_by_size(api, personas):
    small = f.submit(business={"capital_rupiah": 2_000_000_000})
    micro = [f.submit() for _ in range(2)]
    staff = api(personas.staff)
    kecil = staff.get("businesses", {"size": "kecil"}).json()["items"]
    assert [b["id"] for b in kecil] == [small.business_id]
    assert kecil[0]["size_class"] == "kecil" and "PP 7/2021" in kecil[0]["size_rule"]
    alias = staff.get("businesses", {"size_class": "mikro"}).json()["items"]
    assert sorted(b["id"] for b in alias) == sorted(r.business_id for r in micro)
    page = staff.get("businesses", {"size": 1}).json()
    assert len(page["items"]) == 1 and page["next_cursor"]


@pytest.mark.parametrize("body", [{"decision": "reject"}, {"decision": "revise", "reason": None}])
def test_a_decision_on_a_decided_registration_is_409_even_without_a_reason(api, personas, body):
    reg = f.verified(personas.staff)
    response = api(personas.staff).post(f"registrations/{reg.pk}/review", body)
    assert response.status_code == 409
    assert response.json()["code"] == "registration_not_submitted"


def test_a_report_takes_the_needs_and_fields_as_the_issue_names_them(api, personas):
    """Needs (capital, training, marketing, permits, other) in English or as stored, as a list
    or as ticks; "sales"/"assets" as well as "sales_rupiah"/"assets_rupiah"."""
    reg = f.verified(personas.staff)
    client = api(reg.person.user)
    month = datetime.date.today().strftime("%Y-%m")
    url = f"businesses/{reg.business_id}/reports"
    response = client.post(
        url,
        {
            "period": month,
            "sales": 3_000_000,
            "assets": 7_000_000,
            "needs": ["capital", "training", "marketing", "permits", "other"],
            "marketing_channels": ["whatsapp", "marketplace"],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["sales_rupiah"], body["assets_rupiah"]) == (3_000_000, 7_000_000)
    assert body["needs"] == ["modal", "pelatihan", "pemasaran", "perizinan", "lainnya"]
    assert body["marketing_channels"] == ["media_sosial", "marketplace"]
    ticks = client.post(
        url,
        {
            "period": month,
            "sales_rupiah": 1,
            "assets_rupiah": 2,
            "needs": {"capital": True, "training": False},
        },
    )
    assert ticks.status_code == 200 and ticks.json()["needs"] == ["modal"]
    unknown = client.post(
        url, {"period": month, "sales_rupiah": 1, "assets_rupiah": 2, "needs": ["yacht"]}
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0] == {
        "field": "needs",
        "code": "needs_invalid",
        "message": "Kebutuhan berisi pilihan yang tidak dikenal.",
    }
    missing = client.post(url, {"period": month})
    assert missing.status_code == 422
    assert {e["code"] for e in missing.json()["errors"]} >= {
        "sales_rupiah_required",
        "assets_rupiah_required",
    }


def test_the_business_list_takes_the_issue_words_for_its_filters(api, personas):
    new = f.verified(personas.staff, person={"gender": "P"})
    old = f.verified(
        personas.staff,
        person={"gender": "L"},
        business={"started_on": "2015-01-01", "name": "Warung Lama"},
    )
    staff = api(personas.staff)

    def ids(**params):
        response = staff.get("businesses", params)
        assert response.status_code == 200, response.content
        return {b["id"] for b in response.json()["items"]}

    for flag in ("true", "1", "yes"):
        assert ids(new=flag) == {new.business_id}
        assert ids(new_entrepreneur=flag) == {new.business_id}
    assert ids(is_new_entrepreneur="false") == {old.business_id}
    assert ids(kategori="c") == ids(section="C") == {new.business_id, old.business_id}
    assert ids(kbli_kategori="G") == set()
    assert ids(search="Warung Lama") == {old.business_id}
    assert ids(gender="p") == {new.business_id}
