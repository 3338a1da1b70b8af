"""The one list export (core.export): counted as written, recorded at the end (also when a CSV
download is cut off), one query for any number of rows, formula-safe, unknown formats 404."""

from __future__ import annotations

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from berdaya.accounts.models import User
from berdaya.core.export import Column, export_list
from berdaya.core.models import PersonalDataAccess
from berdaya.core.privacy import access_record

pytestmark = pytest.mark.django_db
COLUMNS = [Column("Subjek", "subject"), Column("Tujuan", "purpose"),
           Column("Oleh", "actor__full_name")]  # fmt: skip


@pytest.fixture(autouse=True)
def keep_connection():
    """Closing a response ends the request, which closes the database connection; the test
    client keeps it open for the test's transaction, and so do these tests."""
    request_finished.disconnect(close_old_connections)
    yield
    request_finished.connect(close_old_connections)


@pytest.fixture
def user():
    return User.objects.create_user("081299990041", None, full_name="Staf Ekspor")


def export(user, fmt: str, query: str = "a=1"):
    request = RequestFactory().get(f"/x?{query}")
    request.user = user
    return export_list(
        request, fmt, queryset=PersonalDataAccess.objects.filter(action="view").order_by("pk"),
        columns=COLUMNS, filename="uji", subject="core.PersonalDataAccess:list", purpose="uji",
    )  # fmt: skip


def views(user, count: int) -> None:
    for i in range(count):
        access_record(actor=user, action="view", subject=f"uji:{i}", purpose="=1+1")


def test_a_csv_download_cut_off_is_recorded_with_the_rows_sent(user):
    # Given five rows
    views(user, 5)
    # When a CSV download stops after the BOM, the header and two rows
    response = export(user, "csv")
    chunks = iter(response.streaming_content)
    received = [next(chunks) for _ in range(4)]
    response.close()
    # Then the rows sent were formula-safe, and the record says two rows and that it was cut off
    assert received[2].decode().startswith("uji:0,'=1+1,Staf Ekspor")
    record = PersonalDataAccess.objects.get(action="export")
    assert record.detail == "CSV 2 baris (unduhan terputus); filter: a=1"
    assert record.actor == user


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_it_reads_any_number_of_rows_with_the_same_queries(user, fmt):
    # Given 2 rows, then 40 more rows, each with a joined column (the actor's name)
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = export(user, fmt)
            b"".join(response.streaming_content)
            response.close()
        return len(captured)

    views(user, 2)
    few = queries()
    views(user, 40)
    # When both are exported, Then the number of queries does not grow with the rows
    assert queries() == few
    # And each export is recorded with the rows it wrote
    details = list(
        PersonalDataAccess.objects.filter(action="export").values_list("detail", flat=True)
    )
    assert details == [
        f"{fmt.upper()} 2 baris; filter: a=1",
        f"{fmt.upper()} 42 baris; filter: a=1",
    ]


def test_an_unknown_format_is_not_found_and_not_recorded(user):
    with pytest.raises(Http404):
        export(user, "pdf")
    assert not PersonalDataAccess.objects.filter(action="export").exists()
