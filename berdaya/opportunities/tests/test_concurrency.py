"""Two partners taking the last first-come place at the same moment: one place, one refusal."""

import threading

import pytest
from django.db import close_old_connections, connection

from berdaya.accounts.personas import create_personas
from berdaya.core.errors import RuleError
from berdaya.opportunities import services
from berdaya.opportunities.models import OpportunityApplication
from berdaya.opportunities.tests.factories import make_opportunity, make_partner


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks (select_for_update) need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_it_never_fills_a_first_come_quota_twice():
    # given a first-come opportunity with one place and two fitting partners
    staff = create_personas().staff
    o = make_opportunity(staff, quota=1, first_come=True)
    businesses = [make_partner(), make_partner()]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def apply(business):
        try:
            barrier.wait(timeout=10)
            services.application_apply(user=business.owner.user, opportunity=o, business=business)
            results.append("applied")
        except RuleError as exc:
            results.append(exc.codes[0])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    # when both apply at the same time
    threads = [threading.Thread(target=apply, args=(b,)) for b in businesses]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    # then exactly one has the place and the other is told it is full
    assert errors == []
    assert sorted(results) == ["applied", "full"]
    assert OpportunityApplication.objects.filter(opportunity=o).count() == 1
