"""The demo data: cooperatives over the kecamatan in every RAT state, idempotent."""

from __future__ import annotations

import io
import random

import pytest
from django.utils import timezone

from berdaya.accounts.services import user_create
from berdaya.cooperatives import demo, health, selectors
from berdaya.cooperatives.models import AnnualReport, Cooperative, Member
from berdaya.core.personas import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_it_seeds_cooperatives_in_every_rat_state_once(personas, monkeypatch):
    monkeypatch.setattr(demo, "BIG_SIZE", 120)  # the real seed has 2,000; kept small here
    user_create(full_name="Pengurus", phone=demo.COOPERATIVE_PHONE, password=DEMO_PASSWORD,
                validate=False)  # fmt: skip
    demo.seed(stdout=io.StringIO(), rng=random.Random(1))
    counts = (Cooperative.objects.count(), Member.objects.count(), AnnualReport.objects.count())
    assert counts[0] == demo.COUNT + 1
    kecamatan = Cooperative.objects.values("kelurahan__kecamatan").distinct().count()
    assert kecamatan == 11
    big = Cooperative.objects.get(nik_koperasi="3276100000000001")
    assert big.members.count() == 120
    showcase = Cooperative.objects.get(nik_koperasi=demo.SHOWCASE_NIK)
    assert selectors.managed_by(showcase.registered_by).filter(pk=showcase.pk).exists()
    assert showcase.reports.filter(version=2).exists()
    statuses = {
        s
        for s in health.RAT_STATUSES
        if selectors.cooperative_search(personas.staff, selectors.ListFilters(rat_status=s))
        .filter(status="verified")
        .exists()
    }
    # a cooperative missing only the last closed year's RAT is late after 30 June, and not yet
    # due before it (health.rat_status): the seed has one either way
    today = timezone.localdate()
    one_missing = "due" if today <= health.deadline_of(today.year - 1) else "late"
    assert {"held", one_missing, "warning", "dissolution_warning"} <= statuses

    demo.seed(stdout=io.StringIO(), rng=random.Random(1))
    again = (Cooperative.objects.count(), Member.objects.count(), AnnualReport.objects.count())
    assert again == counts
