"""The financing demo: groups at every step of the workflow in Beji RW 7 (through the services),
loans since 2022 written as history, and a second run that changes nothing."""

from __future__ import annotations

import datetime
import io
import random

import pytest

from berdaya.financing import demo
from berdaya.financing.demo import history
from berdaya.financing.models import Application, Group, Loan, LoanStatus, Repayment, Status

pytestmark = pytest.mark.django_db


def test_it_seeds_every_step_and_the_history_once(personas, monkeypatch):
    # Given the personas, and a history of 4 groups (the real seed writes 24)
    monkeypatch.setattr(history, "HISTORY_GROUPS", 4)

    # When the demo runs
    out = io.StringIO()
    demo.seed(stdout=out, rng=random.Random(1))

    # Then Kelompok Mawar, 10 neighbours of RT 3, waits for the RT chair
    mawar = Group.objects.get(name=demo.MARKER)
    assert mawar.memberships.count() == 10
    assert mawar.applications.get().status == Status.AWAITING_RECOMMENDATION
    # and an application waits at each step, or ended each way
    statuses = set(Application.objects.values_list("status", flat=True))
    assert set(Status.values) - statuses == set()
    # and the history starts in January 2022, 10 loans a group, some repaid and closed
    history_loans = Loan.objects.filter(application__group__name__startswith="KUB ")
    assert history_loans.count() == 40
    first = history_loans.order_by("disbursed_on").first()
    assert first is not None and first.disbursed_on == datetime.date(2022, 1, 10)
    assert history_loans.filter(status=LoanStatus.CLOSED).exists()
    assert Repayment.objects.filter(loan__in=history_loans).exists()
    assert "081300005001" in out.getvalue()

    # When it runs again, Then nothing changes
    before = (Group.objects.count(), Application.objects.count(), Loan.objects.count())
    again = io.StringIO()
    demo.seed(stdout=again, rng=random.Random(1))
    assert (Group.objects.count(), Application.objects.count(), Loan.objects.count()) == before
    assert "already present" in again.getvalue()
