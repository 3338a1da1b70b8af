"""Who sees which persons and businesses, and the demo data."""

import io

import pytest

from berdaya.core.personas import BEJI, DEPOK_JAYA, KUKUSAN
from berdaya.registry import demo, selectors
from berdaya.registry.models import Person, Registration
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(personas):
    rng = f.rng()
    return {
        "rt3": demo.make_verified_partner(rng, kelurahan_code=BEJI, rw=7, rt=3),
        "rt4": demo.make_verified_partner(rng, kelurahan_code=BEJI, rw=7, rt=4),
        "rw8": demo.make_verified_partner(rng, kelurahan_code=BEJI, rw=8, rt=1),
        "kukusan": demo.make_verified_partner(rng, kelurahan_code=KUKUSAN, rw=1, rt=1),
        "far": demo.make_verified_partner(rng, kelurahan_code=DEPOK_JAYA, rw=2, rt=1),
    }


@pytest.mark.parametrize(
    "persona, expected",
    [
        ("staff", {"rt3", "rt4", "rw8", "kukusan", "far"}),
        ("admin", {"rt3", "rt4", "rw8", "kukusan", "far"}),
        ("head", {"rt3", "rt4", "rw8", "kukusan", "far"}),
        ("rt_chair", {"rt3"}),
        ("other_rt_chair", {"rt4"}),
        ("rw_chair", {"rt3", "rt4"}),
        ("kelurahan_officer", {"rt3", "rt4", "rw8"}),
        ("far_rt_chair", {"far"}),
        ("bank_officer", set()),
        ("baznas_officer", set()),
        ("outsider", set()),
    ],
)
def test_it_scopes_persons_and_businesses_to_each_role(personas, people, persona, expected):
    user = getattr(personas, persona)
    names = {v.pk: k for k, v in people.items()}
    seen_persons = {names[p.pk] for p in selectors.persons_visible_to(user) if p.pk in names}
    seen_businesses = {
        names[b.owner_id] for b in selectors.businesses_visible_to(user) if b.owner_id in names
    }
    assert seen_persons == expected
    assert seen_businesses == expected


def test_it_lets_an_entrepreneur_see_only_their_own(people):
    user = people["rt3"].user
    assert list(selectors.persons_visible_to(user)) == [people["rt3"]]
    assert [b.owner_id for b in selectors.businesses_visible_to(user)] == [people["rt3"].pk]
    assert selectors.person_for_user(user) == people["rt3"]
    assert selectors.persons_visible_to(None).count() == 0


def test_it_finds_a_person_by_nik_and_knows_verified_partners(people):
    person = people["far"]
    assert selectors.person_by_nik(person.nik) == person
    assert selectors.person_by_nik("123") is None
    assert selectors.is_verified_partner(person)
    reg = f.submit()
    assert not selectors.is_verified_partner(reg.person)


def test_it_seeds_demo_data_in_every_status_idempotently(monkeypatch):
    monkeypatch.setattr(demo.bulk, "DEMO_BUSINESSES", 40)
    out = io.StringIO()
    demo.seed(stdout=out, rng=f.rng(2026))
    count = Registration.objects.count()
    statuses = set(Registration.objects.values_list("status", flat=True))
    assert statuses == {"submitted", "verified", "rejected", "needs_revision"}
    beji_rt3 = Registration.objects.filter(
        status="verified", person__kelurahan_id=BEJI, person__rw=7, person__rt=3,
        person__user__isnull=False,
    )  # fmt: skip
    assert beji_rt3.count() >= 15
    assert "081300000003" in out.getvalue()
    earliest = Registration.objects.order_by("submitted_at").first()
    assert earliest is not None and earliest.submitted_at.year == 2022
    demo.seed(stdout=out, rng=f.rng(2026))
    assert Registration.objects.count() == count
    assert Person.objects.filter(gender="P").exists()


def test_it_cleans_up_expired_drafts_and_old_attempts():
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from berdaya.registry.models import RegistrationAttempt, RegistrationDraft

    now = timezone.now()
    RegistrationDraft.objects.create(token="old", expires_at=now - timedelta(days=1))
    RegistrationDraft.objects.create(token="new", expires_at=now + timedelta(days=1))
    RegistrationAttempt.objects.create(
        client_address="1.2.3.4", created_at=now - timedelta(hours=3)
    )
    out = io.StringIO()
    call_command("registry_cleanup", stdout=out)
    assert list(RegistrationDraft.objects.values_list("token", flat=True)) == ["new"]
    assert RegistrationAttempt.objects.count() == 0
    assert "1 draf" in out.getvalue()
