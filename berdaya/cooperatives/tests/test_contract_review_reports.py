"""Contract review of issue 10 (reports, health, memberships), called as an outside client."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from berdaya.cooperatives.tests.helpers import (
    LAST_CLOSED,
    a_cooperative,
    member_data,
    report_data,
)
from berdaya.core.tests.responses import codes

pytestmark = pytest.mark.django_db
# --- reports ----------------------------------------------------------------------------------


def test_fiscal_year_is_closed_only_before_the_current_year(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    path = f"cooperatives/{coop.pk}/reports"
    now = timezone.localdate().year
    assert "fiscal_year_future" in codes(
        api(board_user).post(
            path, {**report_data(), "fiscal_year": now, "meeting_date": f"{now}-01-01"}
        )
    )
    r = api(board_user).post(path, report_data(fiscal_year=now - 1))
    assert r.status_code == 201 and r.json()["version"] == 1


@pytest.mark.parametrize(
    "name",
    [
        "members_present", "members_total", "members_women", "members_men", "employees",
        "total_assets_rupiah", "own_capital_rupiah", "outside_capital_rupiah",
        "business_volume_rupiah",
    ],
)  # fmt: skip
def test_every_amount_and_count_but_shu_refuses_negatives(api, personas, board_user, name):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    r = api(board_user).post(f"cooperatives/{coop.pk}/reports", {**report_data(), name: -1})
    assert "negative_amount" in codes(r)
    assert not coop.reports.exists()


def test_shu_may_be_a_loss_and_present_may_equal_total(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    data = {**report_data(), "shu_rupiah": -5, "members_present": 60, "members_total": 60}
    r = api(board_user).post(f"cooperatives/{coop.pk}/reports", data)
    assert r.status_code == 201, r.content
    over = {**report_data(fiscal_year=LAST_CLOSED() - 1), "members_present": 61}
    assert "members_present_over_total" in codes(
        api(board_user).post(f"cooperatives/{coop.pk}/reports", over)
    )


def test_assets_below_capital_is_a_warning_not_a_refusal(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    data = {**report_data(), "total_assets_rupiah": 1}
    r = api(board_user).post(f"cooperatives/{coop.pk}/reports", data)
    assert r.status_code == 201 and r.json()["version"] == 1


def test_staff_may_not_be_refused_reading_reports_and_versions(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    client = api(board_user)
    client.post(f"cooperatives/{coop.pk}/reports", report_data())
    client.post(f"cooperatives/{coop.pk}/reports", report_data(fiscal_year=LAST_CLOSED() - 1))
    second = client.post(f"cooperatives/{coop.pk}/reports", report_data())
    assert second.json()["version"] == 2 and second.json()["fiscal_year"] == LAST_CLOSED()
    body = api(personas.staff).get(f"cooperatives/{coop.pk}/reports").json()
    by_year = {i["fiscal_year"]: i for i in body["items"]}
    assert set(by_year) == {LAST_CLOSED(), LAST_CLOSED() - 1}
    assert [v["version"] for v in by_year[LAST_CLOSED()]["versions"]] == [1, 2]
    for v in by_year[LAST_CLOSED()]["versions"]:
        assert set(v) == {"version", "filed_at", "filed_by"} and v["filed_at"]


def test_minutes_over_10_mb_or_not_pdf_are_refused(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    client = api(board_user)
    rid = client.post(f"cooperatives/{coop.pk}/reports", report_data()).json()["id"]
    url = f"/api/v1/cooperatives/{coop.pk}/reports/{rid}/minutes"
    big = SimpleUploadedFile("n.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024 + 1))
    r = client.client.post(url, {"file": big}, headers=client.headers)
    assert r.status_code == 422
    text = SimpleUploadedFile("n.pdf", b"hello, not a pdf")
    r = client.client.post(url, {"file": text}, headers=client.headers)
    assert codes(r) == ["minutes_not_pdf"]


# --- health -----------------------------------------------------------------------------------


def test_health_figures(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    y = LAST_CLOSED()
    client = api(board_user)
    client.post(f"cooperatives/{coop.pk}/reports", report_data(fiscal_year=y - 1, members_total=50,
                                                               members_present=30))  # fmt: skip
    client.post(f"cooperatives/{coop.pk}/reports", report_data(
        fiscal_year=y, members_total=60, total_assets_rupiah=900, own_capital_rupiah=300,
        outside_capital_rupiah=100, shu_rupiah=6_000,
    ))  # fmt: skip
    h = client.get(f"cooperatives/{coop.pk}").json()["health"]
    assert h["last_rat_year"] == y and h["rat_status"] == "held" and h["years_without_rat"] == 0
    assert h["own_capital_ratio"] == pytest.approx(0.33)
    assert h["member_growth_percent"] == pytest.approx(20)
    assert h["shu_per_member_rupiah"] == 100


def test_two_closed_years_without_a_rat_is_a_warning(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    api(board_user).post(
        f"cooperatives/{coop.pk}/reports", report_data(fiscal_year=LAST_CLOSED() - 2)
    )
    h = api(board_user).get(f"cooperatives/{coop.pk}").json()["health"]
    assert h["years_without_rat"] == 2 and h["rat_status"] == "warning"
    assert h["member_growth_percent"] is None


def test_one_closed_year_without_a_rat_is_due_or_late_by_30_june(api, personas, board_user):
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    api(board_user).post(
        f"cooperatives/{coop.pk}/reports", report_data(fiscal_year=LAST_CLOSED() - 1)
    )
    h = api(board_user).get(f"cooperatives/{coop.pk}").json()["health"]
    today = timezone.localdate()
    expected = "due" if today <= datetime.date(today.year, 6, 30) else "late"
    assert h["years_without_rat"] == 1 and h["rat_status"] == expected


# --- my memberships ---------------------------------------------------------------------------


def test_my_memberships_lists_each_cooperative(api, personas, board_user):
    from berdaya.registry.models import Person

    one = a_cooperative(board_user=board_user, staff=personas.staff)
    two = a_cooperative(board_user=board_user, staff=personas.staff)
    data = member_data()
    Person.objects.create(
        user=personas.outsider, nik=data["nik"], full_name="Siti", gender="P",
        birth_date=data["birth_date"], phone="1", kelurahan_id="32.76.06.1001", rw=7, rt=3,
    )  # fmt: skip
    for coop in (one, two):
        api(board_user).post(f"cooperatives/{coop.pk}/members", data)
    items = api(personas.outsider).get("me/memberships").json()["items"]
    assert {i["cooperative"]["id"] for i in items} == {one.pk, two.pk}
    for i in items:
        assert set(i) == {
            "cooperative", "member_number", "status", "savings_pokok_rupiah",
            "savings_wajib_rupiah", "savings_sukarela_rupiah",
        }  # fmt: skip
        assert set(i["cooperative"]) == {"id", "name"}
