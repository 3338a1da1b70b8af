"""Groups financed, amount disbursed, and the financing pipeline on the dashboard."""

import datetime

import pytest

from berdaya.core.personas import BEJI, DEPOK_JAYA, KUKUSAN
from berdaya.targets import selectors, services, tally
from berdaya.targets.tests.builders import application, log_in

D = datetime.date
TODAY = D(2025, 1, 1)


@pytest.fixture
def financed(db):
    # in 2024: group 1 (Beji, 2 loans, first on 10 Mar), group 2 (Kukusan, 1 loan)
    application(loans=[("P", 5_000_000, D(2024, 3, 10)), ("L", 3_000_000, D(2024, 4, 2))])
    application(kelurahan=KUKUSAN, loans=[("P", 2_000_000, D(2024, 6, 30))])
    # a group first disbursed in 2023 (not a 2024 group; its money is 2023's)
    application(kelurahan=DEPOK_JAYA, loans=[("L", 1_000_000, D(2023, 12, 31))])
    # an individual BAZNAS loan in 2024: money counts, not a group
    application(product="baznas-modal-usaha", loans=[("P", 4_000_000, D(2024, 8, 8))])
    # applications still in the pipeline
    application(status="awaiting_recommendation")
    application(status="awaiting_recommendation", kelurahan=KUKUSAN)
    application(status="forwarded")


def _target(personas, rule, number):
    return services.target_create(
        actor=personas.admin,
        name=rule,
        rule=rule,
        period_start=D(2024, 1, 1),
        period_end=D(2024, 12, 31),
        number=number,
    )


def test_it_counts_groups_financed_on_their_first_disbursement(financed, personas):
    target = _target(personas, "groups_financed", 4)
    tally.tally_ensure_fresh()
    progress = selectors.progress_of(target, today=TODAY)
    assert progress.achieved == 2
    assert progress.on_track is False
    rows = {r["key"]: r["achieved"] for r in selectors.breakdown(target, "kelurahan")}
    assert rows == {BEJI: 1, KUKUSAN: 1}
    months = {r["key"]: r["achieved"] for r in selectors.breakdown(target, "month")}
    assert months == {"2024-03": 1, "2024-06": 1}
    assert selectors.breakdown(target, "gender") == []


def test_it_sums_the_principal_disbursed(financed, personas):
    target = _target(personas, "amount_disbursed", 10_000_000)
    tally.tally_ensure_fresh()
    progress = selectors.progress_of(target, today=TODAY)
    assert progress.achieved == 14_000_000
    assert progress.events == 4
    assert progress.on_track is True
    gender = {r["key"]: r["achieved"] for r in selectors.breakdown(target, "gender")}
    assert gender == {"L": 3_000_000, "P": 11_000_000}
    kelurahan = {r["key"]: r["achieved"] for r in selectors.breakdown(target, "kelurahan")}
    assert kelurahan == {BEJI: 12_000_000, KUKUSAN: 2_000_000}


def test_it_shows_the_financing_pipeline_by_status_and_kelurahan(financed):
    tally.tally_ensure_fresh()
    pipeline = selectors.financing_pipeline()
    assert {r["key"]: r["count"] for r in pipeline["status"]} == {
        "disbursed": 4,
        "awaiting_recommendation": 2,
        "forwarded": 1,
    }
    assert [r["key"] for r in pipeline["status"]][0] == "awaiting_recommendation"
    assert {r["key"]: r["count"] for r in pipeline["kelurahan"]} == {
        BEJI: 4,
        KUKUSAN: 2,
        DEPOK_JAYA: 1,
    }
    assert pipeline["total"] == 7


def test_it_writes_amount_targets_in_rupiah_on_the_dashboard(financed, personas, client):
    target = _target(personas, "amount_disbursed", 10_000_000)
    log_in(client, personas.head)
    response = client.get(f"/dasbor/?target={target.pk}")
    card = next(c for c in response.context["cards"] if c["id"] == target.pk)
    assert card["achieved"] == "Rp14.000.000"
    assert card["target"] == "Rp10.000.000"


def test_it_updates_the_pipeline_when_an_application_moves_on(financed, personas):
    from berdaya.core import events
    from berdaya.financing.models import Application

    tally.tally_ensure_fresh()
    moving = Application.objects.filter(status="forwarded").get()
    Application.objects.filter(pk=moving.pk).update(status="approved")
    events.record(moving, "approved", actor=personas.bank_officer, to_status="approved")
    tally.tally_ensure_fresh()
    statuses = {r["key"]: r["count"] for r in selectors.financing_pipeline()["status"]}
    assert statuses == {"disbursed": 4, "awaiting_recommendation": 2, "approved": 1}
