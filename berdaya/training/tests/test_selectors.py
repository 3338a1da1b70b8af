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


def test_it_lists_for_staff_the_batches_to_complete_and_those_with_a_session_today(personas):
    # given a batch that ended and waits, one completed, one running today and one to come
    ended = make_batch(status="closed")
    completed = make_batch(status="completed")
    today = make_batch(first_start=timezone.localtime().replace(hour=9, minute=0), sessions=1)
    later = make_batch(first_start=timezone.now() + timedelta(days=10))

    # when the staff ask for the batches needing their work
    to_complete = set(selectors.batch_list(personas.staff, needs="selesai"))
    with_session_today = set(selectors.batch_list(personas.staff, needs="hari_ini"))

    # then the ended one waits for completion, and today's session needs attendance
    assert ended in to_complete and completed not in to_complete
    assert today not in to_complete and later not in to_complete
    assert with_session_today == {today}
    assert len(selectors.batch_list(personas.staff)) == 4
    assert [i.count for i in selectors.inbox(personas.staff)][-1] == len(to_complete)
