"""Registrations at the same moment on PostgreSQL: the unique NIK turns a second submission of one
person into a refusal, and the partner-number sequence's row lock gives two verifications two
numbers. Each test fails without its lock (checked by removing the lock and running it; see
docs/adr/0005). The numbers test forces its interleaving: it holds the sequence's row from its
own connection until both verifications wait (without the lock both had read the same last
number and waited only to write it)."""

from __future__ import annotations

from django.utils import timezone

from berdaya.core.personas import DEMO_PASSWORD
from berdaya.core.tests.concurrency import MARKS, run_held, run_together
from berdaya.registry import services
from berdaya.registry.models import PartnerSequence, Person, Registration
from berdaya.registry.tests import factories as f

pytestmark = MARKS


def test_it_registers_one_nik_once_when_submitted_twice_at_once(reference_data):
    # given one person's form, sent twice (from two phones, so only the NIK is shared)
    person, business = f.person_data(), f.business_data()

    def submit(phone):
        return lambda: services.registration_submit(
            person={**person, "phone": phone}, business=dict(business), password=DEMO_PASSWORD,
            consent=True,
        )  # fmt: skip

    results, errors = run_together(submit("085790000001"), submit("085790000002"))
    # then one registration, and the other is told the NIK is registered (not a server error)
    assert errors == []
    assert sorted(results) == ["nik_registered", "ok"]
    assert Person.objects.filter(nik=person["nik"]).count() == 1


def test_two_verifications_at_once_take_two_partner_numbers(reference_data, personas):
    # given this year's partner-number sequence (its first use is serialised by its unique
    # year; every later one only by its row lock)
    sequence, _ = PartnerSequence.objects.get_or_create(year=timezone.localdate().year)
    # and two submitted registrations
    registrations = [f.submit(), f.submit()]

    # when two staff verify one each at the same moment, while the sequence's row is held
    # until both wait
    def hold():
        PartnerSequence.objects.select_for_update().get(pk=sequence.pk)

    def verify(reg):
        return lambda: services.registration_review(
            registration=reg, reviewer=personas.staff, decision="verify"
        )

    results, errors = run_held(hold, *[verify(r) for r in registrations])

    # then each has its own number
    assert errors == [] and results == ["ok", "ok"]
    numbers = set(
        Registration.objects.filter(pk__in=[r.pk for r in registrations]).values_list(
            "partner_number", flat=True
        )
    )
    assert len(numbers) == 2 and None not in numbers
