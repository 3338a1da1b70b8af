"""One member sheet imported twice at the same moment into one cooperative (two staff, or a
double click), on PostgreSQL: the cooperative's row lock in ``bulk.members_upsert`` makes the
second batch wait and see the first's members, so each member is added once, with one event,
and neither import fails.

The interleaving is forced, not hoped for: this test holds the cooperative's row from its own
connection until both imports wait, then releases it. Without the lock (checked by removing it
from ``members_upsert``) both had read the members before either wrote, and wrote them
twice (see docs/adr/0005)."""

from __future__ import annotations

import pytest
from django.db import transaction

from berdaya.cooperatives import bulk
from berdaya.cooperatives.models import Cooperative, Member
from berdaya.cooperatives.tests.conftest import ensure_reference_data
from berdaya.cooperatives.tests.helpers import a_cooperative, a_user, member_data
from berdaya.core.models import Event
from berdaya.core.tests.concurrency import MARKS, run_held

pytestmark = MARKS


@pytest.fixture
def staff(personas):
    ensure_reference_data()
    return personas.staff


def test_it_adds_each_member_once_when_one_sheet_is_imported_twice_at_once(staff):
    # given a verified cooperative and a sheet of three new members, checked
    coop = a_cooperative(board_user=a_user(), staff=staff)
    checker = bulk.MemberChecker(coop.pk)
    rows = []
    for number, data in enumerate([member_data() for _ in range(3)], start=1):
        clean, reasons = checker.check(data)
        assert reasons == [] and clean is not None
        rows.append(bulk.MemberRow(number, clean))

    # when the sheet is written twice at the same moment (each batch in its transaction),
    # while the cooperative's row is held until both wait
    def hold():
        Cooperative.objects.select_for_update().get(pk=coop.pk)

    def write():
        with transaction.atomic():
            bulk.members_upsert(
                cooperative_id=coop.pk, rows=[bulk.MemberRow(r.row_number, dict(r.clean))
                                              for r in rows],
                on_existing="update", actor=staff, data={"import": None},
            )  # fmt: skip

    results, errors = run_held(hold, write, write)

    # then neither fails, and each member is added once, with one event
    assert errors == [] and results == ["ok", "ok"]
    assert Member.objects.filter(cooperative=coop).count() == 3
    added = Event.objects.filter(
        content_type__model="cooperative", object_id=str(coop.pk), verb="member_added"
    ).count()
    assert added == 3
