"""The registry models in the Django admin: the lists read a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from berdaya.registry.models import DevelopmentReport, IdentityChange
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db


def _queries_stay_flat(client, url, add_rows, django_assert_max_num_queries) -> str:
    add_rows(1)
    with CaptureQueriesContext(connection) as one_row:
        assert client.get(url).status_code == 200
    add_rows(5)
    with django_assert_max_num_queries(len(one_row.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _admin_client(personas) -> Client:
    client = Client()
    client.force_login(personas.admin)
    return client


def test_it_lists_development_reports_in_the_admin_without_a_query_per_row(
    personas, django_assert_max_num_queries
):
    def add_reports(count):
        for _ in range(count):
            business = f.submit(business={"name": f"Usaha {next(f._serial)}"}).business
            DevelopmentReport.objects.create(
                business=business, period=datetime.date(2026, 1, 1), sales_rupiah=1_000_000,
                assets_rupiah=2_000_000,
            )  # fmt: skip

    html = _queries_stay_flat(
        _admin_client(personas), "/admin/registry/developmentreport/", add_reports,
        django_assert_max_num_queries,
    )  # fmt: skip
    assert all(r.business.name in html for r in DevelopmentReport.objects.all())


def test_it_lists_identity_changes_in_the_admin_without_a_query_per_row(
    personas, django_assert_max_num_queries
):
    def add_changes(count):
        for _ in range(count):
            person = f.submit(person={"full_name": f"Warga {next(f._serial)}"}).person
            IdentityChange.objects.create(
                person=person, before={"full_name": person.full_name},
                after={"full_name": "Nama Baru"}, status="approved", decided_by=personas.staff,
            )  # fmt: skip

    html = _queries_stay_flat(
        _admin_client(personas), "/admin/registry/identitychange/", add_changes,
        django_assert_max_num_queries,
    )  # fmt: skip
    assert all(c.person.full_name in html for c in IdentityChange.objects.all())
