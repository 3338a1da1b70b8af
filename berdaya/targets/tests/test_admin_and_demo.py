import io
import random

from django.core.management import call_command

from berdaya.targets import demo
from berdaya.targets.models import Tally, Target
from berdaya.targets.tests.builders import local, log_in, registration, seeded_targets


def _post(client, **over):
    data = {
        "name": "Target admin",
        "rule": "new_entrepreneurs",
        "period_start": "2025-01-01",
        "period_end": "2026-12-31",
        "number": "300",
        "years-TOTAL_FORMS": "2",
        "years-INITIAL_FORMS": "0",
        "years-MIN_NUM_FORMS": "0",
        "years-MAX_NUM_FORMS": "1000",
        "years-0-year": "2025",
        "years-0-number": "100",
        "years-1-year": "2026",
        "years-1-number": "200",
    }
    data.update(over)
    return client.post("/admin/targets/target/add/", data)


def test_it_lets_the_admin_add_a_target_in_the_django_admin(personas, client):
    log_in(client, personas.admin)
    response = _post(client)
    assert response.status_code == 302, response.content.decode()[:2000]
    target = Target.objects.get(name="Target admin")
    assert list(target.years.values_list("year", "number")) == [(2025, 100), (2026, 200)]


def test_it_refuses_bad_years_and_periods_in_the_django_admin(personas, client):
    log_in(client, personas.admin)
    response = _post(client, **{"years-1-number": "150"})
    assert response.status_code == 200
    assert "harus sama dengan target" in response.content.decode()
    response = _post(client, period_end="2024-12-31", **{"years-TOTAL_FORMS": "0"})
    assert response.status_code == 200
    assert "Akhir periode tidak boleh sebelum awal periode" in response.content.decode()
    assert not Target.objects.filter(name="Target admin").exists()


def test_it_keeps_the_admin_closed_to_staff_and_leaders(personas, client):
    for user in (personas.staff, personas.head):
        log_in(client, user)
        assert _post(client).status_code in (302, 403)
        assert not Target.objects.filter(name="Target admin").exists()


def test_it_seeds_the_demo_idempotently_and_builds_the_tally(db):
    registration(verified_at=local(2023, 5, 5))
    out = io.StringIO()
    demo.seed(stdout=out, rng=random.Random(1))
    demo.seed(stdout=out, rng=random.Random(1))
    assert Target.objects.filter(name__in=[t.name for t in seeded_targets()]).count() == 2
    assert "5.000 Pengusaha Baru: 1 of 5,000" in out.getvalue()
    assert Tally.objects.filter(rule="new_entrepreneurs", dimension="all").exists()


def test_it_rebuilds_the_tally_on_command(db):
    registration(verified_at=local(2023, 5, 5))
    out = io.StringIO()
    call_command("targets_refresh", stdout=out)
    assert "diperbarui" in out.getvalue()
    assert Tally.objects.get(rule="new_entrepreneurs", dimension="all").value == 1
