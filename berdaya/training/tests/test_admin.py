"""The training models in the Django admin: the lists read a fixed number of queries."""

from datetime import date

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from berdaya.training.models import Certificate
from berdaya.training.tests.helpers import make_batch, make_person


def _add_certificates(count: int) -> None:
    for _ in range(count):
        batch = make_batch(sessions=1)  # each with its own program
        person = make_person()
        Certificate.objects.create(
            number=f"SRT/{batch.pk}", person=person, batch=batch, issued_on=date(2026, 1, 5),
            code=f"kode-{batch.pk}",
        )  # fmt: skip


def test_it_lists_certificates_in_the_admin_without_a_query_per_row(
    personas, django_assert_max_num_queries
):
    client = Client()
    client.force_login(personas.admin)
    url = "/admin/training/certificate/"
    _add_certificates(1)
    with CaptureQueriesContext(connection) as one_row:
        assert client.get(url).status_code == 200
    _add_certificates(5)
    with django_assert_max_num_queries(len(one_row.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert all(c.number in html for c in Certificate.objects.all())
