"""The one record of personal-data access and its log page for admin_dkum (issue 8, class 8)."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from berdaya.core.models import PersonalDataAccess
from berdaya.core.privacy import Action, access_record, reveal_nik, subject_of
from berdaya.core.tests.responses import streamed_bytes

pytestmark = pytest.mark.django_db

NIK = "3276064501900001"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_records_who_what_when_and_why(personas):
    record = access_record(
        actor=personas.staff,
        action=Action.VIEW,
        subject=personas.admin,
        purpose="Verifikasi",
        detail="x" * 500,
    )
    assert record.actor == personas.staff
    assert record.subject == f"accounts.User:{personas.admin.pk}" == subject_of(personas.admin)
    assert record.purpose == "Verifikasi"
    assert len(record.detail) == 300
    assert record.created_at is not None


def test_it_records_a_full_nik_view_and_not_a_masked_one(personas):
    masked = reveal_nik(NIK, actor=personas.staff, may_see_full=False, subject="x:1", purpose="p")
    assert masked == "3276********0001"
    assert not PersonalDataAccess.objects.exists()
    full = reveal_nik(NIK, actor=personas.staff, may_see_full=True, subject="x:1", purpose="p")
    assert full == NIK
    assert PersonalDataAccess.objects.filter(action="view", subject="x:1").count() == 1


def test_it_keeps_the_old_registry_name_as_the_same_function():
    from berdaya.registry import services

    assert services.personal_data_access_record is access_record


def test_it_shows_the_log_to_admin_dkum_with_filters(personas):
    access_record(actor=personas.staff, action=Action.VIEW, subject="registry.Person:1")
    access_record(actor=personas.admin, action=Action.EXPORT, subject="training.Batch:2")
    url = reverse("core:access_log")
    response = _client(personas.admin).get(url, {"action": "export"})
    assert response.status_code == 200
    items = list(response.context["page"].items)
    assert [r.subject for r in items] == ["training.Batch:2"]
    response = _client(personas.admin).get(url, {"subject": "registry.Person"})
    assert [r.subject for r in response.context["page"].items] == ["registry.Person:1"]
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = _client(personas.admin).get(url, {"date_from": tomorrow.isoformat()})
    assert list(response.context["page"].items) == []


def test_it_pages_the_log_by_keyset(personas):
    for n in range(55):
        access_record(actor=personas.staff, action=Action.VIEW, subject=f"registry.Person:{n}")
    client = _client(personas.admin)
    first = client.get(reverse("core:access_log"))
    page = first.context["page"]
    assert len(page.items) == 50 and page.has_more
    second = client.get(reverse("core:access_log"), {"cursor": page.next_cursor})
    assert len(second.context["page"].items) == 5


def test_it_refuses_bad_filters_with_a_form_error_not_a_crash(personas):
    response = _client(personas.admin).get(
        reverse("core:access_log"), {"actor": "a\x00", "date_from": "²⁰²⁵"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize("who", ["staff", "head", "rt_chair", "outsider"])
def test_it_hides_the_log_from_everyone_else(personas, who):
    client = _client(getattr(personas, who))
    assert client.get(reverse("core:access_log")).status_code == 404
    assert client.get(reverse("core:access_log_export", args=["xlsx"])).status_code == 404


def test_it_exports_the_log_through_the_safe_writer_and_records_the_export(personas):
    access_record(actor=personas.staff, action=Action.VIEW, subject="=cmd|' /C calc'!A0")
    response = _client(personas.admin).get(reverse("core:access_log_export", args=["xlsx"]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(streamed_bytes(response)))
    rows = list(book.active.iter_rows(values_only=True))
    assert "'=cmd|' /C calc'!A0" in [row[3] for row in rows[1:]]
    record = PersonalDataAccess.objects.get(
        actor=personas.admin, action="export", subject="core.PersonalDataAccess"
    )
    assert record.detail == "XLSX 1 baris; filter: semua"  # the rows written, the filter
    csv_response = _client(personas.admin).get(reverse("core:access_log_export", args=["csv"]))
    assert "'=cmd" in streamed_bytes(csv_response).decode()
