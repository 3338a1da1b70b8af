"""API contract: POST /api/v1/imports, GET /api/v1/imports/{id}, POST .../commit."""

from __future__ import annotations

import json

import pytest

from berdaya.imports.tests.conftest import person_row, xlsx_bytes
from berdaya.registry.models import Person

pytestmark = pytest.mark.usefixtures("refdata")
FIELDS = {"id", "kind", "status", "dry_run", "total", "new", "updated", "unchanged", "invalid",
          "progress_percent", "errors_url", "mapping", "error"}  # fmt: skip


def post_file(client, data: bytes, name="data.xlsx", **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = {"file": SimpleUploadedFile(name, data), "kind": "registry", **fields}
    return client.client.post("/api/v1/imports", data=body, headers=client.headers)


def test_it_accepts_a_dry_run_and_reports_it(personas, api):
    client = api(personas.staff)
    rows = [person_row(1), person_row(2), person_row(1)]
    response = post_file(client, xlsx_bytes(rows), dry_run="true")
    assert response.status_code == 202, response.content
    body = response.json()
    assert set(body) == {"id", "status"} and body["status"] == "queued"
    detail = client.get(f"imports/{body['id']}")
    assert detail.status_code == 200
    data = detail.json()
    assert set(data) == FIELDS
    assert (data["kind"], data["status"], data["dry_run"]) == ("registry", "done", True)
    assert (data["total"], data["new"], data["invalid"], data["progress_percent"]) == (3, 2, 1, 100)
    assert data["mapping"]["NIK"] == "nik" and data["error"] is None
    assert data["errors_url"].endswith(".xlsx")
    assert client.client.get(data["errors_url"], headers=client.headers).status_code == 200
    assert not Person.objects.filter(nik__startswith="327606570885").exists()
    commit = client.post(f"imports/{body['id']}/commit")
    assert commit.status_code == 202 and commit.json() == {"id": body["id"], "status": "queued"}
    data = client.get(f"imports/{body['id']}").json()
    assert (data["dry_run"], data["status"], data["new"]) == (False, "done", 2)
    assert client.post(f"imports/{body['id']}/commit").status_code == 409


def test_it_imports_at_once_and_processes_the_same_file_again(personas, api):
    client = api(personas.admin)
    data = xlsx_bytes([person_row(1)])
    first = post_file(client, data, dry_run="false", on_existing="skip").json()
    again = post_file(client, data, dry_run="false").json()
    assert first["id"] != again["id"]
    second = client.get(f"imports/{again['id']}").json()
    assert (second["new"], second["unchanged"]) == (0, 1)


def test_it_takes_a_mapping_as_json(personas, api):
    client = api(personas.staff)
    from berdaya.imports.tests.conftest import HEADERS

    headers = ["Identitas", *HEADERS[1:]]
    body = post_file(client, xlsx_bytes([person_row(1)], headers),
                     mapping=json.dumps({"Identitas": "nik"})).json()  # fmt: skip
    data = client.get(f"imports/{body['id']}").json()
    assert (data["status"], data["new"], data["mapping"]["Identitas"]) == ("done", 1, "nik")
    bad = post_file(client, xlsx_bytes([person_row(1)]), mapping="[1, 2]")
    assert bad.status_code == 422


def test_it_answers_422_file_unreadable(personas, api):
    client = api(personas.staff)
    response = post_file(client, b"MZ\x90\x00" + b"\x00" * 500, name="data.xlsx")
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "file_unreadable"
    empty = post_file(client, b"", name="kosong.csv")
    assert empty.status_code == 422


def test_it_reports_a_sheet_without_nik_as_a_failed_import(personas, api):
    from berdaya.imports.tests.conftest import HEADERS

    client = api(personas.staff)
    body = post_file(client, xlsx_bytes([person_row(1)], ["Nama", *HEADERS[1:]])).json()
    data = client.get(f"imports/{body['id']}").json()
    assert data["status"] == "failed" and "NIK" in data["error"]


def test_it_refuses_bad_fields_with_422(personas, api):
    client = api(personas.staff)
    assert post_file(client, xlsx_bytes([person_row(1)]), kind="nasabah").status_code == 422
    assert post_file(client, xlsx_bytes([person_row(1)]), on_existing="x").status_code == 422
    no_coop = post_file(client, xlsx_bytes([person_row(1)]), kind="cooperative_members")
    assert no_coop.status_code == 422


@pytest.mark.parametrize("who", ["outsider", "rt_chair", "kelurahan_officer", "bank_officer",
                                 "head"])  # fmt: skip
def test_it_keeps_registry_imports_to_dkum_staff(personas, api, who):
    staff_import = post_file(api(personas.staff), xlsx_bytes([person_row(1)])).json()["id"]
    client = api(getattr(personas, who))
    assert post_file(client, xlsx_bytes([person_row(1)])).status_code == 403
    assert client.get(f"imports/{staff_import}").status_code == 404
    assert client.post(f"imports/{staff_import}/commit").status_code == 404
    assert client.post(f"imports/{staff_import}/undo").status_code == 404


def test_it_asks_to_log_in(personas, api):
    client = api()
    assert post_file(client, xlsx_bytes([person_row(1)])).status_code == 401
    assert client.get("imports/1").status_code == 401


def test_it_undoes_through_the_api(personas, api):
    client = api(personas.staff)
    body = post_file(client, xlsx_bytes([person_row(1)]), dry_run="false").json()
    response = client.post(f"imports/{body['id']}/undo")
    assert response.status_code == 200
    assert not Person.objects.filter(nik="3276065708850001").exists()
    assert client.post(f"imports/{body['id']}/undo").status_code == 409
