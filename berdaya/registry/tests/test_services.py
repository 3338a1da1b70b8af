"""The registration workflow: submit, review, resubmit, reports, identity changes."""

import datetime
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import override_settings

from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.models import Event, Notification, OutboundMessage
from berdaya.registry import services
from berdaya.registry.models import (
    Person,
    Registration,
    RegistrationAttempt,
)
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db


def codes(exc) -> set[str]:
    return {p.code for p in exc.value.problems}


def fields(exc) -> set[str]:
    return {p.field for p in exc.value.problems}


# --- submit ---------------------------------------------------------------------------------
def test_it_registers_person_business_and_account_in_one_step():
    reg = f.submit()
    assert reg.status == "submitted"
    assert reg.person.user.check_password(f.DEMO_PASSWORD)
    assert reg.person.consent_at is not None and "UU 27/2022" in reg.person.consent_text
    assert reg.business.size_class == "mikro"
    assert "PP 7/2021" in reg.business.size_rule
    assert reg.business.kbli_section == "C" and reg.business.kbli_version == "2020"
    assert Event.objects.filter(verb="submitted", object_id=str(reg.pk)).exists()
    assert Notification.objects.filter(user=reg.person.user).count() == 1


def test_it_refuses_a_nik_already_registered_without_saying_whose():
    first = f.submit()
    with pytest.raises(ConflictError) as err:
        f.submit(person={"nik": first.person.nik})
    assert err.value.code == "nik_registered"
    assert first.person.full_name not in err.value.message
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    "person, code, field",
    [
        ({"nik": "3276065705900000"}, "nik_invalid", "person.nik"),
        ({"nik": "12345"}, "nik_invalid", "person.nik"),
        ({"gender": "L", "nik": f.nik_for(gender="P")}, "nik_gender_mismatch", "person.nik"),
        ({"birth_date": "1990-05-18"}, "nik_birth_date_mismatch", "person.nik"),
        ({"birth_date": "2099-01-01"}, "birth_date_future", "person.birth_date"),
        ({"phone": "12345"}, "phone_invalid", "person.phone"),
        ({"email": "bukan-email"}, "email_invalid", "person.email"),
        ({"kelurahan_code": "32.76.99.9999"}, "kelurahan_unknown", "person.kelurahan_code"),
        ({"kecamatan_code": "32.76.01"}, "kelurahan_not_in_kecamatan", "person.kelurahan_code"),
        ({"rw": 0}, "rw_invalid", "person.rw"),
        ({"full_name": "  "}, "full_name_required", "person.full_name"),
    ],
)
def test_it_refuses_bad_person_data_with_a_field_and_code(person, code, field):
    with pytest.raises(RuleError) as err:
        f.submit(person=person)
    assert code in codes(err)
    assert field in fields(err)
    assert Person.objects.count() == 0 and Registration.objects.count() == 0


def test_it_refuses_a_person_under_17():
    birth = datetime.date.today().replace(year=datetime.date.today().year - 16)
    birth = birth.replace(day=min(birth.day, 28))
    with pytest.raises(RuleError) as err:
        f.submit(person={"birth": birth, "gender": "L"})
    assert "age_under_17" in codes(err)


@pytest.mark.parametrize(
    "business, code",
    [
        ({"kbli_code": "99999"}, "kbli_unknown"),
        ({"kbli_code": "C"}, "kbli_unknown"),
        ({"capital_rupiah": -1}, "money_negative"),
        ({"annual_sales_rupiah": "-5000"}, "money_negative"),
        ({"nib": "123"}, "nib_invalid"),
        ({"npwp": "123456789012345"}, "npwp_invalid"),
        ({"started_on": "2999-01-01"}, "started_on_future"),
    ],
)
def test_it_refuses_bad_business_data(business, code):
    with pytest.raises(RuleError) as err:
        f.submit(business=business)
    assert code in codes(err)
    assert Person.objects.count() == 0


def test_it_reports_every_problem_at_once_and_saves_nothing():
    with pytest.raises(RuleError) as err:
        f.submit(person={"nik": "1"}, business={"capital_rupiah": -1})
    assert {"nik_invalid", "money_negative"} <= codes(err)
    assert Person.objects.count() == 0


def test_it_stores_html_as_plain_text():
    reg = f.submit(person={"full_name": "<script>alert(1)</script> Siti"})
    assert reg.person.full_name == "<script>alert(1)</script> Siti"


@pytest.mark.parametrize(
    "capital, sales, size",
    [
        (1_000_000_000, 2_000_000_000, "mikro"),  # bounds inclusive
        (1_000_000_001, 1, "kecil"),
        (1, 2_000_000_001, "kecil"),
        (5_000_000_001, 1, "menengah"),
        (1, 50_000_000_001, "besar"),
    ],
)
def test_it_classifies_size_by_pp_7_2021(capital, sales, size):
    from berdaya.registry.rules import classify_size

    got, rule = classify_size(capital_rupiah=capital, annual_sales_rupiah=sales)
    assert got == size
    assert rule.startswith("PP 7/2021")


def test_it_flags_a_business_started_within_the_setting_as_new():
    recent = f.submit(
        business={"started_on": str(datetime.date.today() - datetime.timedelta(days=300))}
    )
    old = f.submit(business={"started_on": "2015-01-01"})
    assert recent.is_new_entrepreneur is True
    assert old.is_new_entrepreneur is False


@override_settings(BERDAYA_NEW_ENTREPRENEUR_MONTHS=2)
def test_it_reads_the_new_entrepreneur_months_from_settings():
    reg = f.submit(
        business={"started_on": str(datetime.date.today() - datetime.timedelta(days=120))}
    )
    assert reg.is_new_entrepreneur is False


def test_it_counts_a_dkum_certificate_as_new_entrepreneur():
    """The rule asks the training app (registered at start-up) about a real certificate."""
    from berdaya.registry import rules
    from berdaya.training.models import Certificate
    from berdaya.training.tests.helpers import make_batch, make_person

    person = make_person()
    today = datetime.date.today()
    old_business = datetime.date(2015, 1, 1)
    assert not rules.is_new_entrepreneur(person, started_on=old_business, registered_on=today)
    batch = make_batch()
    Certificate.objects.create(
        number="T-1", person=person, batch=batch, issued_on=today, code="c-new-entrepreneur"
    )
    assert rules.is_new_entrepreneur(person, started_on=old_business, registered_on=today)
    yesterday = today - datetime.timedelta(days=1)
    assert not rules.is_new_entrepreneur(person, started_on=old_business, registered_on=yesterday)


@override_settings(BERDAYA_REGISTRATION_ADDRESS_PER_MINUTE=2)
def test_it_throttles_registrations_per_address_counted_in_the_database():
    f.submit(client_address="10.0.0.1")
    f.submit(client_address="10.0.0.1")
    with pytest.raises(services.RegistrationThrottled):
        f.submit(client_address="10.0.0.1")
    f.submit(client_address="10.0.0.2")
    assert RegistrationAttempt.objects.filter(client_address="10.0.0.1").count() == 2


# --- review ---------------------------------------------------------------------------------
def test_it_verifies_with_a_partner_number_of_the_year(personas):
    reg = f.verified(personas.staff)
    year = datetime.date.today().year
    assert reg.status == "verified"
    assert reg.partner_number == f"MB-{year}-000001"
    assert f.verified(personas.staff).partner_number == f"MB-{year}-000002"
    event = Event.objects.get(verb="verify", object_id=str(reg.pk))
    assert (event.actor, event.from_status, event.to_status) == (
        personas.staff,
        "submitted",
        "verified",
    )
    assert Notification.objects.filter(
        user=reg.person.user, title__contains="terverifikasi"
    ).exists()
    assert OutboundMessage.objects.filter(channel="whatsapp", body__contains="MB-").exists()


def test_it_refuses_a_second_decision(personas):
    reg = f.verified(personas.staff)
    with pytest.raises(ConflictError) as err:
        services.registration_review(
            registration=reg, reviewer=personas.staff, decision="reject", reason="x"
        )
    assert err.value.code == "registration_not_submitted"


def test_it_requires_a_reason_to_reject_or_revise(personas):
    reg = f.submit()
    for decision in ("reject", "revise"):
        with pytest.raises(RuleError) as err:
            services.registration_review(
                registration=reg, reviewer=personas.staff, decision=decision
            )
        assert codes(err) == {"reason_required"}


def test_it_lets_only_staff_review(personas):
    reg = f.submit()
    for user in (personas.rt_chair, personas.head, personas.bank_officer, reg.person.user):
        with pytest.raises(AccessDenied):
            services.registration_review(registration=reg, reviewer=user, decision="verify")


def test_it_sends_back_for_revision_and_takes_the_resubmission(personas):
    reg = f.submit()
    reg = services.registration_review(
        registration=reg, reviewer=personas.staff, decision="revise", reason="Lengkapi NIB"
    )
    assert reg.status == "needs_revision"
    reg = services.registration_resubmit(
        registration=reg, actor=reg.person.user, business={"nib": "1234567890123"}
    )
    assert reg.status == "submitted"
    assert reg.business.nib == "1234567890123"
    verbs = list(
        Event.objects.filter(object_id=str(reg.pk), content_type__model="registration").values_list(
            "verb", flat=True
        )
    )
    assert verbs == ["submitted", "revise", "resubmitted"]
    with pytest.raises(ConflictError):
        services.registration_resubmit(registration=reg, actor=reg.person.user)


def test_it_rejects_with_the_reason_told_to_the_applicant(personas):
    reg = f.submit()
    services.registration_review(
        registration=reg, reviewer=personas.staff, decision="reject", reason="Di luar Depok"
    )
    assert Notification.objects.filter(
        user=reg.person.user, body__contains="Di luar Depok"
    ).exists()
    assert reg.person.email == ""
    assert len(mail.outbox) == 0  # email only when the person gave one


@pytest.mark.skipif(
    "sqlite" in settings.DATABASES["default"]["ENGINE"],
    reason="the in-memory SQLite test database has no concurrent writers",
)
@pytest.mark.django_db(transaction=True)
def test_it_gives_distinct_partner_numbers_to_two_staff_verifying_at_once(reference_data, personas):
    regs = [f.submit(), f.submit()]
    errors = []

    def verify(reg):
        try:
            services.registration_review(
                registration=reg, reviewer=personas.staff, decision="verify"
            )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=verify, args=(r,)) for r in regs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    numbers = set(Registration.objects.values_list("partner_number", flat=True))
    assert len(numbers) == 2 and None not in numbers
