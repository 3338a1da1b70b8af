"""Every eligibility rule on both sides, through the matching selector (real database)."""

from __future__ import annotations

import pytest

from berdaya.core.personas import BEJI, DEPOK_JAYA
from berdaya.opportunities import rules, selectors
from berdaya.opportunities.tests.factories import (
    BEJI_KEC,
    PANCORAN_MAS_KEC,
    give_certificate,
    make_opportunity,
    make_partner,
    make_program,
)

pytestmark = pytest.mark.django_db


def codes(opportunity, business):
    return selectors.match_one(opportunity, business).why_not


def test_it_fits_an_opportunity_without_conditions(staff):
    o = make_opportunity(staff)
    assert codes(o, make_partner()) == []


def test_it_requires_a_verified_partner(staff):
    o = make_opportunity(staff)
    assert codes(o, make_partner(verified=False)) == ["not_verified_partner"]
    assert codes(o, make_partner(verified=True)) == []


def test_it_checks_the_kbli_section(staff):
    o = make_opportunity(staff, kbli_sections=["C"])
    assert codes(o, make_partner(section="C")) == []
    assert codes(o, make_partner(section="G")) == ["not_eligible_sector"]


def test_it_checks_the_kecamatan_of_the_business(staff):
    o = make_opportunity(staff, kecamatan_codes=[BEJI_KEC])
    assert codes(o, make_partner(kelurahan=BEJI)) == []
    assert codes(o, make_partner(kelurahan=DEPOK_JAYA)) == ["not_eligible_area"]
    both = make_opportunity(staff, kecamatan_codes=[BEJI_KEC, PANCORAN_MAS_KEC])
    assert codes(both, make_partner(kelurahan=DEPOK_JAYA)) == []


def test_it_checks_the_size_class(staff):
    o = make_opportunity(staff, size_classes=["mikro", "kecil"])
    assert codes(o, make_partner(size="kecil")) == []
    assert codes(o, make_partner(size="menengah")) == ["not_eligible_size"]


def test_it_checks_women_only(staff):
    o = make_opportunity(staff, women_only=True)
    assert codes(o, make_partner(gender="P")) == []
    assert codes(o, make_partner(gender="L")) == ["women_only"]


def test_it_checks_new_entrepreneurs_only(staff):
    o = make_opportunity(staff, new_entrepreneurs_only=True)
    assert codes(o, make_partner(new=True)) == []
    assert codes(o, make_partner(new=False)) == ["new_entrepreneurs_only"]


def test_it_requires_any_training_certificate(staff):
    o = make_opportunity(staff, training_required=True)
    assert codes(o, make_partner(certificate_program=make_program())) == []
    assert codes(o, make_partner()) == ["training_required"]


def test_it_requires_the_named_programs_certificate(staff):
    wanted, other = make_program("Pengolahan pangan"), make_program("Pemasaran digital")
    o = make_opportunity(staff, training_program=wanted.pk)
    assert o.training_required is True
    assert codes(o, make_partner(certificate_program=wanted)) == []
    assert codes(o, make_partner(certificate_program=other)) == ["training_required"]


def test_it_ignores_a_revoked_certificate(staff):
    from django.utils import timezone

    program = make_program()
    o = make_opportunity(staff, training_program=program.pk)
    business = make_partner()
    cert = give_certificate(business.owner, program)
    assert codes(o, business) == []
    cert.revoked_at = timezone.now()
    cert.save()
    assert codes(o, business) == ["training_required"]


def test_it_lists_every_reason_at_once(staff):
    o = make_opportunity(
        staff, kbli_sections=["C"], kecamatan_codes=[BEJI_KEC], size_classes=["mikro"],
        women_only=True, new_entrepreneurs_only=True, training_required=True,
    )  # fmt: skip
    business = make_partner(gender="L", kelurahan=DEPOK_JAYA, section="G", size="kecil", new=False)
    assert codes(o, business) == [
        "not_eligible_sector", "not_eligible_area", "not_eligible_size", "women_only",
        "new_entrepreneurs_only", "training_required",
    ]  # fmt: skip


def test_it_says_closed_after_the_deadline_and_full_only_for_first_come(staff):
    from berdaya.opportunities import services
    from berdaya.opportunities.tests.factories import expire

    o = make_opportunity(staff)
    expire(o)
    assert codes(o, make_partner()) == ["closed"]
    first = make_opportunity(staff, quota=1, first_come=True)
    picked = make_opportunity(staff, quota=1, first_come=False)
    for opp in (first, picked):
        b = make_partner()
        services.application_apply(user=b.owner.user, opportunity=opp, business=b)
    assert codes(first, make_partner()) == ["full"]
    assert codes(picked, make_partner()) == []


def test_it_knows_a_message_for_every_code():
    for code in (*rules.ELIGIBILITY_CODES, "closed", "full", "not_open_yet"):
        assert rules.message_for(code) != code
