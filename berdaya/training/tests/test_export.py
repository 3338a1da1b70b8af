"""A batch's participant export (issue 13): XLSX and CSV of the roster page's rows only, NIK
masked, formula-safe, recorded with its row count."""

import csv
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from berdaya.core.models import PersonalDataAccess
from berdaya.core.tests.responses import streamed_bytes
from berdaya.training import services
from berdaya.training.tests.helpers import make_batch, make_person

pytestmark = pytest.mark.django_db


def rows_of(user, fmt: str, batch) -> list[list]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse(f"training:roster_{fmt}", args=[batch.pk]))
    body = streamed_bytes(response)
    if fmt == "xlsx":
        return [list(r) for r in openpyxl.load_workbook(io.BytesIO(body)).active.values]
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_it_exports_only_the_batchs_participants_masked_and_records_the_count(personas, fmt):
    # Given a batch with two participants (one cancelled) and another batch's participant
    batch, other = make_batch(), make_batch()
    rina = make_person(full_name="=Rina")
    services.enrollment_register(batch=batch, person=rina)
    gone = services.enrollment_register(batch=batch, person=make_person(full_name="Batal"))
    services.enrollment_cancel(enrollment=gone, actor=personas.staff)
    services.enrollment_register(batch=other, person=make_person(full_name="Lain"))
    # When staff export the batch's participants
    rows = rows_of(personas.staff, fmt, batch)
    # Then only the batch's active participant is there, numbered, formula-safe, NIK masked
    assert rows[0][:3] == ["No", "Nama", "NIK"]
    assert len(rows) == 2
    assert [str(c) for c in rows[1][:3]] == [
        "1",
        "'=Rina",
        rina.nik[:4] + "********" + rina.nik[-4:],
    ]
    # And the export is recorded with its row count
    record = PersonalDataAccess.objects.get(actor=personas.staff, action="export")
    assert record.subject == f"training.Batch:{batch.pk}"
    assert record.detail.startswith(f"{fmt.upper()} 1 baris")


def test_it_refuses_the_csv_to_a_non_staff_user(personas):
    batch = make_batch()
    client = Client()
    client.force_login(personas.rt_chair)
    assert client.get(reverse("training:roster_csv", args=[batch.pk])).status_code == 403
    assert not PersonalDataAccess.objects.filter(action="export").exists()
