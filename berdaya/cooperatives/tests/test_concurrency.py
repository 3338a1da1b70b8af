"""Two board members filing the same year's RAT at the same moment: versions 1 and 2, never a
duplicate version (the cooperative row is locked while the version is taken)."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection

from berdaya.accounts.personas import create_personas
from berdaya.cooperatives import services
from berdaya.cooperatives.models import AnnualReport
from berdaya.cooperatives.tests.helpers import a_cooperative, a_user, report_data


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks (select_for_update) need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_filings_of_one_year_at_once_make_versions_1_and_2():
    from berdaya.cooperatives.tests.conftest import ensure_reference_data

    ensure_reference_data()
    personas = create_personas()
    board_user = a_user()
    coop = a_cooperative(board_user=board_user, staff=personas.staff)
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def file_report():
        try:
            barrier.wait(timeout=10)
            services.report_file(cooperative=coop, actor=board_user, data=report_data())
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=file_report) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    rows = list(AnnualReport.objects.order_by("version").values_list("version", "is_latest"))
    assert rows == [(1, False), (2, True)]
