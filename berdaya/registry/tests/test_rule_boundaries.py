"""Both sides of each registry rule: the NIK parser (Hypothesis), the form's cross-check of
gender and birth date against the NIK, the PP 7/2021 size classes, the new-entrepreneur month
limit and the woman entrepreneur rule."""

from __future__ import annotations

import datetime
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from berdaya.core.errors import RuleError
from berdaya.registry import rules, selectors
from berdaya.registry.cleaning import Cleaner, clean_identity
from berdaya.registry.nik import parse_nik, validate_nik
from berdaya.registry.tests.factories_fb import PersonFactory, RegistrationFactory, nik_of

TODAY = datetime.date(2026, 11, 29)
# Two-digit years are read in the century that puts the birth in the past, so a date
# round-trips when it lies within the hundred years up to today.
OLDEST = TODAY.replace(year=TODAY.year - 100) + datetime.timedelta(days=1)


def codes(exc_info) -> list[str]:
    return exc_info.value.codes


# --- NIK parser -----------------------------------------------------------------------------
@given(
    birth=st.dates(min_value=OLDEST, max_value=TODAY),
    gender=st.sampled_from(["L", "P"]),
    serial=st.integers(min_value=1, max_value=9999),
    prefix=st.sampled_from(["327606", "317101", "110101"]),
)
def test_it_round_trips_a_valid_nik(birth, gender, serial, prefix):
    day = birth.day + (40 if gender == "P" else 0)
    nik = f"{prefix}{day:02d}{birth:%m%y}{serial:04d}"
    info = parse_nik(nik, today=TODAY)
    assert info.nik == nik
    assert info.birth_date == birth
    assert info.gender == gender
    assert info.serial == f"{serial:04d}"
    assert info.province_code == prefix[:2]


def test_it_adds_forty_to_the_day_for_women_on_the_day_itself():
    assert parse_nik("3276065705900001", today=TODAY).birth_date == datetime.date(1990, 5, 17)
    assert parse_nik("3276065705900001", today=TODAY).gender == "P"
    assert parse_nik("3276061705900001", today=TODAY).gender == "L"
    # day 41 is a woman born on the 1st, day 71 a woman born on the 31st
    assert parse_nik("3276064101900001", today=TODAY).birth_date == datetime.date(1990, 1, 1)
    assert parse_nik("3276067101900001", today=TODAY).birth_date == datetime.date(1990, 1, 31)


@given(serial=st.integers(min_value=1, max_value=9999))
def test_it_refuses_serial_0000_and_accepts_every_other(serial):
    with pytest.raises(RuleError) as refused:
        parse_nik("3276061705900000", today=TODAY)
    assert codes(refused) == ["nik_invalid"]
    assert parse_nik(f"327606170590{serial:04d}", today=TODAY).serial == f"{serial:04d}"


@pytest.mark.parametrize(
    "ddmmyy",
    [
        "310290",  # 31 February
        "300290",  # 30 February
        "710290",  # a woman born 31 February
        "290223",  # 29 February of a year that is not leap in either century
        "720190",  # a woman's day 72 = 32
        "320190",  # day 32
        "000190",  # day 0
        "400190",  # day 40: neither a man's (1-31) nor a woman's (41-71)
        "311190",  # 31 November
        "171390",  # month 13
        "170090",  # month 0
    ],
)
def test_it_refuses_impossible_birth_dates(ddmmyy):
    with pytest.raises(RuleError) as refused:
        parse_nik(f"327606{ddmmyy}0001", today=TODAY)
    assert codes(refused) == ["nik_invalid"]


@pytest.mark.parametrize("ddmmyy", ["290224", "690224", "310190", "710190", "300490"])
def test_it_accepts_the_last_real_day_next_to_an_impossible_one(ddmmyy):
    assert parse_nik(f"327606{ddmmyy}0001", today=TODAY).birth_date.day in (29, 30, 31)


@given(st.text(alphabet=string.digits, max_size=30).filter(lambda s: len(s) != 16))
def test_it_refuses_a_nik_that_is_not_16_digits(text):
    with pytest.raises(RuleError) as refused:
        parse_nik(text, today=TODAY)
    assert codes(refused) == ["nik_invalid"]


@pytest.mark.parametrize("bad", ["327606170590000a", "32760617059O0001", None, 3.5, ["x"]])
def test_it_refuses_what_is_not_digits(bad):
    with pytest.raises(RuleError):
        parse_nik(bad, today=TODAY)


def _script(text: str, zero: int) -> str:
    return "".join(chr(zero + int(ch)) for ch in text)


@pytest.mark.parametrize("zero", [0x0660, 0x06F0, 0xFF10, 0x0966])  # Arabic-Indic, Persian, ...
def test_it_reads_digits_of_other_scripts_as_the_same_nik(zero):
    info = parse_nik(_script("3276065705900001", zero), today=TODAY)
    assert info.nik == "3276065705900001"
    assert info.gender == "P"


def test_it_accepts_separators_and_refuses_superscripts():
    assert parse_nik("3276 0657 0590 0001", today=TODAY).nik == "3276065705900001"
    with pytest.raises(RuleError) as refused:
        parse_nik("327606570590000\u00b9", today=TODAY)  # superscript one
    assert codes(refused) == ["nik_invalid"]


def test_it_reads_the_two_digit_year_in_the_century_that_puts_the_birth_in_the_past():
    # the day itself is this century; the day after is the last century
    assert parse_nik("3276062911260001", today=TODAY).birth_date == datetime.date(2026, 11, 29)
    assert parse_nik("3276063011260001", today=TODAY).birth_date == datetime.date(1926, 11, 30)


# --- The form's cross-check against the NIK -------------------------------------------------
BIRTH = datetime.date(1990, 5, 17)
NIK_P = nik_of("P", BIRTH, 1)
NIK_L = nik_of("L", BIRTH, 1)


def test_it_accepts_the_gender_and_birth_date_the_nik_holds():
    assert validate_nik(NIK_P, gender="P", birth_date=BIRTH).gender == "P"
    assert validate_nik(NIK_L, gender="L", birth_date=BIRTH).gender == "L"


@pytest.mark.parametrize(("nik", "gender"), [(NIK_P, "L"), (NIK_L, "P")])
def test_it_refuses_the_other_gender(nik, gender):
    with pytest.raises(RuleError) as refused:
        validate_nik(nik, gender=gender, birth_date=BIRTH)
    assert codes(refused) == ["nik_gender_mismatch"]


@pytest.mark.parametrize("days", [-1, 1, 365])
def test_it_refuses_a_birth_date_one_day_or_a_year_away(days):
    with pytest.raises(RuleError) as refused:
        validate_nik(NIK_P, gender="P", birth_date=BIRTH + datetime.timedelta(days=days))
    assert codes(refused) == ["nik_birth_date_mismatch"]


def _identity(**over) -> tuple[dict, list[str]]:
    data = {"full_name": "Siti Aminah", "gender": "P", "birth_date": "1990-05-17", "nik": NIK_P}
    data.update(over)
    c = Cleaner()
    out = clean_identity(c, data, today=TODAY)
    return out, [p.code for p in c.problems]


def test_it_passes_the_registration_form_when_nik_gender_and_birth_date_agree():
    out, problems = _identity()
    assert problems == [] and out["nik"] == NIK_P


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"gender": "L"}, "nik_gender_mismatch"),
        ({"birth_date": "1990-05-18"}, "nik_birth_date_mismatch"),
        ({"birth_date": "1990-05-16"}, "nik_birth_date_mismatch"),
    ],
)
def test_it_refuses_the_registration_form_when_they_disagree(over, code):
    _, problems = _identity(**over)
    assert problems == [code]


# --- Size classes, PP 7/2021 Pasal 35 (bounds inclusive) ------------------------------------
M = 1_000_000_000  # one billion rupiah


@pytest.mark.parametrize(
    ("capital", "size_class"),
    [
        (0, "mikro"),
        (1 * M, "mikro"),
        (1 * M + 1, "kecil"),
        (5 * M, "kecil"),
        (5 * M + 1, "menengah"),
        (10 * M, "menengah"),
        (10 * M + 1, "besar"),
    ],
)
def test_it_classifies_by_capital_at_and_one_rupiah_above_each_bound(capital, size_class):
    assert rules.classify_size(capital_rupiah=capital, annual_sales_rupiah=0)[0] == size_class


@pytest.mark.parametrize(
    ("sales", "size_class"),
    [
        (0, "mikro"),
        (2 * M, "mikro"),
        (2 * M + 1, "kecil"),
        (15 * M, "kecil"),
        (15 * M + 1, "menengah"),
        (50 * M, "menengah"),
        (50 * M + 1, "besar"),
    ],
)
def test_it_classifies_by_annual_sales_at_and_one_rupiah_above_each_bound(sales, size_class):
    assert rules.classify_size(capital_rupiah=0, annual_sales_rupiah=sales)[0] == size_class


ORDER = ["mikro", "kecil", "menengah", "besar"]


@given(
    capital=st.integers(min_value=0, max_value=20 * M),
    sales=st.integers(min_value=0, max_value=80 * M),
)
def test_it_takes_the_higher_class_of_the_two_figures(capital, sales):
    by_capital = rules.classify_size(capital_rupiah=capital, annual_sales_rupiah=0)[0]
    by_sales = rules.classify_size(capital_rupiah=0, annual_sales_rupiah=sales)[0]
    both, rule = rules.classify_size(capital_rupiah=capital, annual_sales_rupiah=sales)
    assert both == max(by_capital, by_sales, key=ORDER.index)
    assert rule.startswith("PP 7/2021 Pasal 35")


# --- New entrepreneur: the month limit ------------------------------------------------------
REGISTERED = datetime.date(2024, 3, 15)


def _months_before(months: int, day: datetime.date = REGISTERED) -> datetime.date:
    total = day.year * 12 + day.month - 1 - months
    return day.replace(year=total // 12, month=total % 12 + 1)


def test_it_counts_a_business_started_exactly_n_months_before(settings):
    settings.BERDAYA_NEW_ENTREPRENEUR_MONTHS = 12
    started = _months_before(12)
    assert started == datetime.date(2023, 3, 15)
    assert rules.is_new_entrepreneur(None, started_on=started, registered_on=REGISTERED)


def test_it_follows_the_setting(settings):
    settings.BERDAYA_NEW_ENTREPRENEUR_MONTHS = 6
    assert rules.is_new_entrepreneur(None, started_on=_months_before(6), registered_on=REGISTERED)
    assert not rules.is_new_entrepreneur(
        None, started_on=_months_before(7), registered_on=REGISTERED
    )


def test_it_does_not_count_a_business_started_n_plus_one_months_before(settings):
    settings.BERDAYA_NEW_ENTREPRENEUR_MONTHS = 12
    assert not rules.is_new_entrepreneur(
        None, started_on=_months_before(13), registered_on=REGISTERED
    )


def test_it_does_not_count_a_business_started_n_months_and_one_day_before(settings):
    settings.BERDAYA_NEW_ENTREPRENEUR_MONTHS = 12
    started = _months_before(12) - datetime.timedelta(days=1)
    assert started == datetime.date(2023, 3, 14)
    assert not rules.is_new_entrepreneur(None, started_on=started, registered_on=REGISTERED)


def test_it_counts_a_business_that_starts_after_registering():
    later = REGISTERED + datetime.timedelta(days=30)
    assert rules.is_new_entrepreneur(None, started_on=later, registered_on=REGISTERED)


@given(
    registered=st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 1, 1)),
    n=st.integers(min_value=1, max_value=36),
)
def test_it_counts_exactly_n_months_and_never_n_plus_one(registered, n):
    from django.conf import settings

    old = settings.BERDAYA_NEW_ENTREPRENEUR_MONTHS
    settings.BERDAYA_NEW_ENTREPRENEUR_MONTHS = n
    try:
        day = registered.replace(day=min(registered.day, 28))
        assert rules.is_new_entrepreneur(None, started_on=_months_before(n, day), registered_on=day)
        assert not rules.is_new_entrepreneur(
            None, started_on=_months_before(n + 1, day), registered_on=day
        )
    finally:
        settings.BERDAYA_NEW_ENTREPRENEUR_MONTHS = old


# --- Woman entrepreneur: a verified registration whose owner is a woman ---------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("gender", "status", "expected"),
    [
        ("P", "verified", True),
        ("L", "verified", False),
        ("P", "submitted", False),
        ("P", "rejected", False),
        ("P", "needs_revision", False),
    ],
)
def test_it_applies_the_woman_entrepreneur_rule_on_both_sides(gender, status, expected):
    owner = PersonFactory.create(gender=gender)
    reg = RegistrationFactory.create(business__owner=owner, status=status)
    assert selectors.registration_is_woman_entrepreneur(reg) is expected
    assert selectors.is_woman_entrepreneur(owner) is expected
    from berdaya.registry.models import Registration

    counted = Registration.objects.filter(selectors.woman_entrepreneur_q(), pk=reg.pk).exists()
    assert counted is expected


def test_it_is_no_woman_entrepreneur_without_a_person():
    assert selectors.is_woman_entrepreneur(None) is False
