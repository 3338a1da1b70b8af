"""Services after the review: reports, business and identity changes, the demo helper."""

import datetime

import pytest

from berdaya.core.errors import AccessDenied, ConflictError, RuleError
from berdaya.core.models import Event
from berdaya.registry import services
from berdaya.registry.models import (
    DevelopmentReport,
    IdentityChange,
)
from berdaya.registry.tests import factories as f

pytestmark = pytest.mark.django_db


def codes(exc) -> set[str]:
    return {p.code for p in exc.value.problems}


def fields(exc) -> set[str]:
    return {p.field for p in exc.value.problems}


# --- reports --------------------------------------------------------------------------------
def report(**over):
    data = {
        "period": datetime.date.today().strftime("%Y-%m"),
        "sales_rupiah": 5_000_000,
        "assets_rupiah": 8_000_000,
        "workers_women": 2,
        "workers_men": 1,
        "needs": ["modal"],
        "marketing_channels": ["media_sosial"],
    }
    data.update(over)
    return data


def test_it_keeps_one_report_per_business_per_month(personas):
    reg = f.verified(personas.staff)
    user = reg.person.user
    first, created = services.report_file(business=reg.business, actor=user, data=report())
    assert created
    second, created = services.report_file(
        business=reg.business, actor=user, data=report(sales_rupiah=7_000_000)
    )
    assert not created and second.pk == first.pk
    assert DevelopmentReport.objects.get().sales_rupiah == 7_000_000
    assert list(
        Event.objects.filter(
            object_id=str(first.pk), content_type__model="developmentreport"
        ).values_list("verb", flat=True)
    ) == ["report_filed", "report_updated"]


def test_it_lets_staff_file_a_report_on_behalf_but_not_others(personas):
    reg = f.verified(personas.staff)
    _, created = services.report_file(business=reg.business, actor=personas.staff, data=report())
    assert created
    for user in (personas.rt_chair, personas.outsider, personas.bank_officer):
        with pytest.raises(AccessDenied):
            services.report_file(business=reg.business, actor=user, data=report())


@pytest.mark.parametrize(
    "over, code",
    [
        ({"period": "2999-01"}, "period_future"),
        ({"period": ""}, "period_invalid"),
        ({"sales_rupiah": -1}, "money_negative"),
        ({"needs": ["terbang"]}, "needs_invalid"),
    ],
)
def test_it_refuses_a_bad_report(personas, over, code):
    reg = f.verified(personas.staff)
    with pytest.raises(RuleError) as err:
        services.report_file(business=reg.business, actor=reg.person.user, data=report(**over))
    assert code in codes(err)


# --- business and identity changes ----------------------------------------------------------
def test_it_lets_the_owner_edit_the_business_and_reclassifies_it(personas):
    reg = f.submit()
    services.business_update(
        business=reg.business, actor=reg.person.user, data={"capital_rupiah": 2_000_000_000}
    )
    reg.business.refresh_from_db()
    assert reg.business.size_class == "kecil"
    assert Event.objects.filter(verb="business_updated").exists()
    with pytest.raises(AccessDenied):
        services.business_update(business=reg.business, actor=personas.outsider, data={"name": "X"})


def test_it_sends_identity_changes_to_staff_with_before_and_after(personas):
    reg = f.submit()
    person = reg.person
    change = services.identity_change_request(
        person=person, actor=person.user, data={"full_name": "Siti Aminah Rahayu"}, reason="Typo"
    )
    person.refresh_from_db()
    assert person.full_name == "Siti Aminah"  # not applied before review
    assert change.before == {"full_name": "Siti Aminah"}
    assert change.after == {"full_name": "Siti Aminah Rahayu"}
    with pytest.raises(ConflictError):
        services.identity_change_request(
            person=person, actor=person.user, data={"full_name": "Lain"}
        )
    services.identity_change_decide(change=change, reviewer=personas.staff, approve=True)
    person.refresh_from_db()
    assert person.full_name == "Siti Aminah Rahayu"
    assert IdentityChange.objects.get().status == "approved"


def test_it_checks_a_new_nik_against_gender_and_birth_date(personas):
    reg = f.submit()
    with pytest.raises(RuleError) as err:
        services.identity_change_request(
            person=reg.person, actor=reg.person.user, data={"nik": f.nik_for(gender="L")}
        )
    assert codes(err) == {"nik_gender_mismatch"}


# --- the helper other apps use --------------------------------------------------------------
def test_it_makes_a_verified_partner_for_other_demos():
    from berdaya.core.personas import BEJI, DEMO_PASSWORD
    from berdaya.registry.demo import make_verified_partner
    from berdaya.registry.selectors import is_verified_partner, person_for_user

    person = make_verified_partner(f.rng(), kelurahan_code=BEJI, rw=7, rt=3, gender="P")
    assert person.gender == "P" and (person.rw, person.rt) == (7, 3)
    assert person.user is not None and person.user.check_password(DEMO_PASSWORD)
    assert is_verified_partner(person)
    assert person_for_user(person.user) == person
    partner_number = person.registrations.get().partner_number
    assert partner_number is not None and partner_number.startswith("MB-")
