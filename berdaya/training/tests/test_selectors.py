from datetime import date, timedelta

from django.utils import timezone

from berdaya.training import selectors
from berdaya.training.models import Certificate
from berdaya.training.tests.helpers import make_batch, make_person


def _certificate(person, batch, issued_on):
    return Certificate.objects.create(
        number=f"T-{person.pk}-{batch.pk}",
        person=person,
        batch=batch,
        issued_on=issued_on,
        code=f"c{person.pk}x{batch.pk}",
    )


def test_it_finds_a_valid_certificate_issued_before_a_date(db):
    person = make_person()
    batch = make_batch()
    _certificate(person, batch, date(2024, 3, 1))

    assert selectors.person_has_certificate(person)
    assert selectors.person_has_certificate(person, before=date(2024, 3, 1))
    assert not selectors.person_has_certificate(person, before=date(2024, 2, 29))
    assert selectors.person_has_certificate(person, program=batch.program)
    assert not selectors.person_has_certificate(person, program=make_batch().program)


def test_it_ignores_a_revoked_certificate_and_other_people(db):
    person, other = make_person(), make_person()
    cert = _certificate(person, make_batch(), date(2024, 3, 1))
    cert.revoked_at = timezone.now()
    cert.save()

    assert not selectors.person_has_certificate(person)
    assert not selectors.person_has_certificate(other)
    assert not selectors.person_has_certificate(None)


def test_it_accepts_a_moment_as_before(db):
    person = make_person()
    _certificate(person, make_batch(), timezone.localdate())
    assert selectors.person_has_certificate(person, before=timezone.now())
    assert not selectors.person_has_certificate(person, before=timezone.now() - timedelta(days=1))
