"""Reports: for office roles only, counted within the caller's territory, exports included."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_counts_only_the_staff_members_kecamatan(flow, page, beji_staff, other_staff, personas):
    flow.disbursed()
    url = reverse("financing:reports")
    mine = page(beji_staff).get(url)
    theirs = page(other_staff).get(url)
    assert mine.status_code == theirs.status_code == 200
    assert mine.context["totals"]["loans"] == 3
    assert theirs.context["totals"]["loans"] == 0
    assert theirs.context["pipeline"] == [] and theirs.context["par_kelurahan"] == []
    assert page(personas.head).get(url).context["totals"]["loans"] == 3


def test_it_keeps_the_reports_from_everyone_else(flow, page, personas):
    url = reverse("financing:reports")
    for user in (personas.outsider, personas.rt_chair, personas.bank_officer, flow.leader):
        assert page(user).get(url).status_code == 403


@pytest.mark.parametrize("kind", ["pipeline", "par-kelurahan", "par-kelompok", "pencairan"])
def test_it_exports_each_report(flow, page, beji_staff, kind):
    flow.disbursed()
    response = page(beji_staff).get(reverse("financing:reports") + f"?unduh={kind}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_it_answers_404_for_an_unknown_export(page, personas):
    assert page(personas.staff).get(reverse("financing:reports") + "?unduh=x").status_code == 404
