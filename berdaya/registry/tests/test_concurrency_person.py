"""Two writers of one Person at the same moment on PostgreSQL: an identity decision and a bulk
import, or two imports. The Person row lock of each makes the second wait and read the first's
write, so no change is lost and an import reports one update. Each test fails without its lock
(checked by removing the lock and running it; see docs/adr/0005).

The interleavings are forced, not hoped for: each test holds the person's row from its own
connection until the writers wait (the import first, then the decision, in the first test).
Without the lock under test the second writer had read the person before the first wrote it,
and waited only to write it back."""

from __future__ import annotations

import datetime

from django.db import transaction

from berdaya.core.models import Event
from berdaya.core.tests.concurrency import MARKS, run_held
from berdaya.registry import services
from berdaya.registry.bulk import (
    BUSINESS_FIELDS,
    PERSON_FIELDS,
    LegacyRow,
    legacy_row,
    legacy_upsert,
    on_postgres,
)
from berdaya.registry.models import Business, Person
from berdaya.registry.tests import factories as f

pytestmark = MARKS


def sheet_row(person: Person, **changes) -> LegacyRow:
    """The row of an import sheet that repeats ``person`` and their business, with ``changes``."""
    current = Person.objects.values("nik", *PERSON_FIELDS).get(pk=person.pk)
    names = [n for n in BUSINESS_FIELDS if n not in ("size_class", "size_rule")]
    business = Business.objects.filter(owner=person).values(*names).get()
    return legacy_row(
        1, {**current, **changes}, business, datetime.date(2024, 1, 15), lines=on_postgres()
    )


def import_rows(rows: list[LegacyRow], actor):
    def step():
        with transaction.atomic():
            legacy_upsert(rows=rows, on_existing="update", actor=actor, note="", data={})

    return step


def hold_person(person: Person):
    def hold():
        Person.objects.select_for_update().get(pk=person.pk)

    return hold


def test_it_keeps_an_approved_name_and_an_imported_phone_written_at_once(reference_data, personas):
    # given a pending change of a partner's name, and a sheet with the new name and phone
    person = f.submit().person
    change = services.identity_change_request(
        person=person, actor=personas.staff, data={"full_name": "Siti Aminah Baru"}
    )
    phone = "081299000001"
    row = sheet_row(person, full_name="Siti Aminah Baru", phone=phone)

    # when the sheet is imported and, while it waits for the person's row (held by this
    # test), staff approve the change
    def approve():
        services.identity_change_decide(change=change, reviewer=personas.staff, approve=True)

    results, errors = run_held(
        hold_person(person), import_rows([row], personas.staff), approve, one_by_one=True
    )

    # then both took effect: the decision did not write back the phone it read before
    assert errors == [] and results == ["ok", "ok"]
    person.refresh_from_db()
    assert (person.full_name, person.phone) == ("Siti Aminah Baru", phone)


def test_it_reports_one_update_when_one_sheet_is_imported_twice_at_once(reference_data, personas):
    # given a partner and a sheet that changes their phone
    person = f.submit().person
    row = sheet_row(person, phone="081299110001")
    step = import_rows([row], personas.staff)

    # when the sheet is imported twice at the same moment, while the person's row is held
    # until both wait
    results, errors = run_held(hold_person(person), step, step)

    # then the second import read the first one's write: one update, one event
    assert errors == [] and results == ["ok", "ok"]
    updates = Event.objects.filter(
        content_type__app_label=person._meta.app_label,
        content_type__model=person._meta.model_name,
        object_id=str(person.pk),
        verb="import_updated",
    )
    assert updates.count() == 1
