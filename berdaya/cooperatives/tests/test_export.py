"""The cooperatives' list and a cooperative's member list exported (issue 13): XLSX and CSV of
exactly the page's filter and scope, NIK masked, formula-safe, recorded with the row count."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from berdaya.cooperatives import services
from berdaya.cooperatives.tests.helpers import a_cooperative, member_data
from berdaya.core.models import PersonalDataAccess
from berdaya.core.tests.responses import streamed_bytes

pytestmark = pytest.mark.django_db
FAR = "32.76.01.1007"


def rows_of(user, name: str, fmt: str, query: dict, args=()) -> list[list]:
    client = Client()
    client.force_login(user)
    url = reverse(f"cooperatives:{name}" + ("_csv" if fmt == "csv" else ""), args=args)
    body = streamed_bytes(client.get(url, query))
    if fmt == "xlsx":
        return [list(r) for r in openpyxl.load_workbook(io.BytesIO(body)).active.values]
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_list_export_follows_the_filter_and_the_officers_kelurahan(
    coop, board_user, personas, fmt
):
    # Given Beji's cooperative, a second one in Beji and one in another kelurahan
    a_cooperative(board_user=board_user, staff=personas.staff, name="=Koperasi Melati")
    a_cooperative(board_user=board_user, staff=personas.staff, name="Koperasi Jauh",
                  kelurahan_code=FAR)  # fmt: skip
    # When staff export the list searched for "melati", and Beji's officer exports it all
    staff_rows = rows_of(personas.staff, "export", fmt, {"q": "melati"})
    officer_rows = rows_of(personas.kelurahan_officer, "export", fmt, {})
    # Then staff get only the match, written as text; the officer never the far cooperative
    assert [r[0] for r in staff_rows[1:]] == ["'=Koperasi Melati"]
    assert sorted(r[0] for r in officer_rows[1:]) == ["'=Koperasi Melati", coop.name]
    ketua = coop.board.get().nik
    assert ketua not in str(officer_rows) and ketua[:4] + "********" + ketua[-4:] in str(
        officer_rows
    )
    # And each export is recorded with the filter and the number of rows
    details = set(
        PersonalDataAccess.objects.filter(action="export").values_list("detail", flat=True)
    )
    assert details == {
        f"{fmt.upper()} 1 baris; filter: q=melati",
        f"{fmt.upper()} 2 baris; filter: semua",
    }


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_member_export_follows_the_status_filter_masked_and_recorded(
    coop, board_user, personas, fmt
):
    # Given an active member and a deceased one, and a member of another cooperative
    alive = services.member_add(cooperative=coop, actor=board_user,
                                data=member_data(full_name="+Ani Hidup"))  # fmt: skip
    gone = services.member_add(cooperative=coop, actor=board_user,
                               data=member_data(full_name="Budi"))  # fmt: skip
    services.member_status_set(member=gone, actor=board_user, status="deceased", on="2024-02-02")
    other = a_cooperative(board_user=board_user, staff=personas.staff, name="Koperasi Lain")
    services.member_add(cooperative=other, actor=board_user, data=member_data(full_name="Lain"))
    # When the board exports the member list filtered to active members
    rows = rows_of(board_user, "members_export", fmt, {"status": "active"}, args=[coop.pk])
    # Then only the active member of this cooperative, formula-safe, NIK masked
    assert [r[1] for r in rows[1:]] == ["'+Ani Hidup"]
    assert rows[1][2] == alive.nik[:4] + "********" + alive.nik[-4:]
    # And the export is recorded with the filter and the row count
    record = PersonalDataAccess.objects.get(action="export", actor=board_user)
    assert record.subject == f"cooperatives.Cooperative:{coop.pk}"
    assert record.detail == f"{fmt.upper()} 1 baris; filter: status=active"


def test_the_csv_exports_refuse_outsiders(coop, personas):
    client = Client()
    client.force_login(personas.outsider)
    assert client.get(reverse("cooperatives:export_csv")).status_code == 403
    assert client.get(reverse("cooperatives:members_export_csv", args=[coop.pk])).status_code == 404
    assert not PersonalDataAccess.objects.filter(action="export").exists()
