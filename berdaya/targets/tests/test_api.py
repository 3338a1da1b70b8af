import datetime

import pytest

from berdaya.core.personas import BEJI, DEPOK_JAYA, KUKUSAN
from berdaya.targets import selectors
from berdaya.targets.models import Target
from berdaya.targets.tests.builders import population, seeded_targets

TODAY = datetime.date(2023, 1, 1)


@pytest.fixture
def known(db, monkeypatch):
    monkeypatch.setattr(selectors, "today_local", lambda: TODAY)
    population()
    return seeded_targets()


def _payload(**over):
    data = {
        "name": "300 Kelompok Kredit Mesra",
        "rule": "groups_financed",
        "period_start": "2025-01-01",
        "period_end": "2026-12-31",
        "target": 300,
        "years": [{"year": 2025, "target": 100}, {"year": 2026, "target": 200}],
    }
    data.update(over)
    return data


def test_it_lists_targets_with_achieved_projected_and_years(known, personas, api):
    new, women = known
    response = api(personas.head).get("targets")
    assert response.status_code == 200
    body = {t["name"]: t for t in response.json()}
    assert body["5.000 Pengusaha Baru"] == {
        "id": new.pk,
        "name": "5.000 Pengusaha Baru",
        "rule": "new_entrepreneurs",
        "period_start": "2022-01-01",
        "period_end": "2024-12-31",
        "target": 5000,
        "achieved": 4,
        "projected": 12,
        "on_track": False,
        "years": [
            {"year": 2022, "target": 1750, "achieved": 2},
            {"year": 2023, "target": 1750, "achieved": 1},
            {"year": 2024, "target": 1500, "achieved": 1},
        ],
    }
    assert body["1.000 Perempuan Pengusaha"]["achieved"] == 2
    assert body["1.000 Perempuan Pengusaha"]["projected"] == 6  # 2 x 1,096 / 366
    assert [y["achieved"] for y in body["1.000 Perempuan Pengusaha"]["years"]] == [1, 1, 0]


@pytest.mark.parametrize(
    "by, expected",
    [
        ("kecamatan", {"32.76.06": 3, "32.76.01": 1}),
        ("kelurahan", {BEJI: 2, KUKUSAN: 1, DEPOK_JAYA: 1}),
        ("month", {"2022-03": 2, "2023-07": 1, "2024-12": 1}),
        ("kbli", {"C": 1, "G": 2, "I": 1}),
        ("gender", {"L": 2, "P": 2}),
    ],
)
def test_it_breaks_a_target_down(known, personas, api, by, expected):
    new, _ = known
    response = api(personas.staff).get(f"targets/{new.pk}/breakdown", {"by": by})
    assert response.status_code == 200
    rows = response.json()
    assert {r["key"]: r["achieved"] for r in rows} == expected
    assert all(set(r) == {"key", "label", "achieved"} and r["label"] for r in rows)


def test_it_refuses_an_unknown_breakdown(known, personas, api):
    new, _ = known
    response = api(personas.staff).get(f"targets/{new.pk}/breakdown", {"by": "agama"})
    assert response.status_code == 422


def test_it_creates_a_target_for_the_admin(known, personas, api):
    response = api(personas.admin).post("targets", _payload())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["rule"] == "groups_financed"
    assert body["target"] == 300
    assert body["years"] == [
        {"year": 2025, "target": 100, "achieved": 0},
        {"year": 2026, "target": 200, "achieved": 0},
    ]
    assert Target.objects.filter(name="300 Kelompok Kredit Mesra").exists()


def test_it_refuses_a_period_ending_before_it_starts(known, personas, api):
    response = api(personas.admin).post(
        "targets", _payload(period_start="2026-01-01", period_end="2025-01-01", years=[])
    )
    assert response.status_code == 422
    assert [e["code"] for e in response.json()["errors"]] == ["period_end_before_start"]
    assert not Target.objects.filter(name="300 Kelompok Kredit Mesra").exists()


def test_it_refuses_years_not_summing_to_the_target(known, personas, api):
    response = api(personas.admin).post(
        "targets", _payload(years=[{"year": 2025, "target": 100}, {"year": 2026, "target": 100}])
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "years_sum_mismatch"
    assert response.json()["errors"][0]["field"] == "years"
    assert not Target.objects.filter(name="300 Kelompok Kredit Mesra").exists()


def test_it_refuses_an_unknown_rule(known, personas, api):
    response = api(personas.admin).post("targets", _payload(rule="happiness"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "rule"


def test_it_changes_a_target_and_what_the_api_says(known, personas, api):
    new, _ = known
    response = api(personas.admin).put(
        f"targets/{new.pk}",
        {
            "name": new.name,
            "rule": "new_entrepreneurs",
            "period_start": "2022-01-01",
            "period_end": "2024-12-31",
            "target": 10,
            "years": [],
        },
    )
    assert response.status_code == 200, response.content
    listed = {t["id"]: t for t in api(personas.head).get("targets").json()}
    assert listed[new.pk]["target"] == 10
    assert listed[new.pk]["on_track"] is True
    assert [y["target"] for y in listed[new.pk]["years"]] == [None, None, None]


@pytest.mark.parametrize("who", ["outsider", "rt_chair", "bank_officer", "kelurahan_officer"])
def test_it_refuses_the_targets_api_to_others(known, personas, api, who):
    new, _ = known
    client = api(getattr(personas, who))
    assert client.get("targets").status_code == 403
    assert client.get(f"targets/{new.pk}/breakdown", {"by": "gender"}).status_code == 403
    assert client.post("targets", _payload()).status_code == 403


@pytest.mark.parametrize("who", ["staff", "head"])
def test_it_lets_only_the_admin_write_targets(known, personas, api, who):
    new, _ = known
    client = api(getattr(personas, who))
    assert client.get("targets").status_code == 200
    assert client.post("targets", _payload()).status_code == 403
    assert client.put(f"targets/{new.pk}", _payload(name=new.name)).status_code == 403


def test_it_asks_anonymous_callers_to_log_in(known, api):
    assert api().get("targets").status_code == 401
