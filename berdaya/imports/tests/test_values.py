"""Cell parsers: NIK, amounts, dates, gender, phones."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from berdaya.accounts.phones import normalize_phone
from berdaya.core.errors import RuleError
from berdaya.imports import values
from berdaya.imports.values import CellError


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Rp 5.000.000", 5_000_000),
        ("Rp5.000.000,00", 5_000_000),
        ("5000000", 5_000_000),
        (5_000_000, 5_000_000),
        (5_000_000.0, 5_000_000),
        ("5jt", 5_000_000),
        ("5 juta", 5_000_000),
        ("1,5 jt", 1_500_000),
        ("1.5jt", 1_500_000),
        ("750rb", 750_000),
        ("2 M", 2_000_000_000),
        ("0", 0),
    ],
)
def test_it_reads_amounts_as_people_write_them(raw, expected):
    assert values.rupiah(raw) == expected


@pytest.mark.parametrize("raw", ["lima juta", "5 kg", "1,25,3", "-5000", 1.5, "1,2345678 jt"])
def test_it_refuses_amounts_it_cannot_read(raw):
    with pytest.raises(CellError):
        values.rupiah(raw)


def test_it_refuses_an_amount_over_the_bound():
    assert values.rupiah(10**15) == 10**15
    with pytest.raises(CellError):
        values.rupiah(10**15 + 1)


@given(st.integers(min_value=0, max_value=10**12))
def test_it_reads_every_thousands_separated_amount(n):
    assert values.rupiah("Rp " + f"{n:,}".replace(",", ".")) == n
    assert values.rupiah(str(n)) == n


@pytest.mark.parametrize(
    "raw",
    [
        "17/08/2025",
        "17-8-2025",
        "17.08.2025",
        "17 Agustus 2025",
        "17 agt 2025",
        "2025-08-17",
        45886,
        45886.0,
        "45886",
        datetime.date(2025, 8, 17),
        datetime.datetime(2025, 8, 17, 0, 0),
    ],
)
def test_it_reads_dates_in_the_common_indonesian_formats(raw):
    assert values.date(raw) == datetime.date(2025, 8, 17)


@pytest.mark.parametrize("raw", ["31/02/1985", "17 Agustos 2025", "kemarin", "13/13/2020", -5])
def test_it_refuses_impossible_or_unreadable_dates(raw):
    with pytest.raises(CellError) as exc:
        values.date(raw)
    assert exc.value.code == "date_invalid"


def test_it_reads_a_year_alone_only_where_allowed():
    assert values.date("2019", year_only=True) == datetime.date(2019, 1, 1)
    with pytest.raises(CellError):
        values.date("2019")


@given(st.dates(min_value=datetime.date(1901, 1, 1), max_value=datetime.date(2099, 12, 31)))
def test_it_reads_back_every_excel_serial_and_text_date(day):
    serial = (day - datetime.date(1899, 12, 30)).days
    assert values.date(float(serial)) == day
    assert values.date(f"{day.day}/{day.month}/{day.year}") == day


def test_it_refuses_a_nik_stored_as_a_number_that_may_have_lost_digits():
    with pytest.raises(CellError) as exc:
        values.nik_text(3276065708850010.0)
    assert exc.value.code == "nik_as_number"
    with pytest.raises(CellError):
        values.nik_text(9276065708850011.0)  # beyond 2**53: a float cannot hold it exactly
    with pytest.raises(CellError):
        values.nik_text("3.27607E+15")


def test_it_accepts_a_nik_number_that_kept_every_digit_and_text_with_separators():
    assert values.nik_text(3276065708850011) == "3276065708850011"
    assert values.nik_text("3276 0657 0885 0011") == "3276065708850011"
    assert values.nik_text("'3276065708850011") == "3276065708850011"


def test_it_reads_gender_and_birth_date_from_the_nik_as_the_registry_does():
    assert values.nik_parts("3276065708850011") == ("P", datetime.date(1985, 8, 17))
    assert values.nik_parts("3276061708850011") == ("L", datetime.date(1985, 8, 17))
    for bad in ("3276063109850011", "3276061708850000", "32760617088500", "3276063102850011"):
        with pytest.raises(CellError):
            values.nik_parts(bad)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("L", "L"), ("p", "P"), ("Laki-laki", "L"), ("Perempuan", "P"), ("Wanita", "P"), ("", "")],
)
def test_it_reads_gender_words(raw, expected):
    assert values.gender(raw) == expected


def test_it_refuses_an_unknown_gender():
    with pytest.raises(CellError):
        values.gender("X")


@given(
    st.text(alphabet="0123456789", min_size=7, max_size=13),
    st.sampled_from(["0", "62", "+62 ", "+62-", "0"]),
)
def test_it_decides_phones_exactly_as_the_accounts_app(digits, prefix):
    raw = prefix + digits
    try:
        expected = normalize_phone(raw)
    except RuleError:
        expected = None
    try:
        got = values.phone(raw)
    except CellError:
        got = None
    assert got == expected


def test_it_puts_back_the_leading_zero_of_a_phone_stored_as_a_number():
    assert values.phone(81234567890) == "+6281234567890"


@given(st.text(alphabet="0123456789", min_size=16, max_size=16))
def test_it_reads_nik_dates_exactly_as_parse_nik(nik):
    from berdaya.registry.nik import parse_nik

    try:
        info = parse_nik(nik)
        expected = (info.gender, info.birth_date)
    except RuleError:
        expected = None
    try:
        got = values.nik_parts(nik)
    except CellError:
        got = None
    assert got == expected


@given(st.sampled_from(["8", "80", "800", "807", "804", "809", "81", "85", "2", "21", "61"]),
       st.text(alphabet="0123456789", min_size=4, max_size=11))  # fmt: skip
def test_it_decides_numbers_by_prefix_exactly_as_the_accounts_app(head, tail):
    raw = "0" + head + tail
    try:
        expected = normalize_phone(raw)
    except RuleError:
        expected = None
    values._PHONE_SHAPES.clear()
    try:
        got = values.phone(raw)
    except CellError:
        got = None
    try:
        again = values.phone(raw[:-1] + ("1" if raw[-1] != "1" else "2"))  # same shape, cached
    except CellError:
        again = None
    assert got == expected
    assert (again is None) == (got is None)


@given(
    started=st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31)),
    registered=st.dates(datetime.date(2015, 1, 1), datetime.date(2030, 12, 31)),
)
def test_the_bulk_new_entrepreneur_date_agrees_with_the_rule(started, registered):
    from berdaya.registry import rules
    from berdaya.registry.bulk import new_entrepreneur_since

    expected = rules.is_new_entrepreneur(None, started_on=started, registered_on=registered)
    assert (started >= new_entrepreneur_since(registered)) == expected


def test_a_row_reads_its_cells_by_field_and_a_short_row_has_none_for_the_rest():
    from berdaya.imports.validation.common import Row

    columns = {"nik": 0, "full_name": 2, "rt": 4}
    memo: dict = {}
    for cells in (["3276", "x", "Siti", "y", 3.0, "z"], ["3276", "x", "Ani"], [], ["", "", ""]):
        plain = Row(7, cells, columns).by_field
        assert Row(7, cells, columns, memo).by_field == plain
        assert list(plain) == ["nik", "full_name", "rt"]
    assert Row(1, ["3276", "x", "Siti"], columns, memo).by_field["rt"] is None  # a short row
    assert Row(1, ["A"], {"nik": 0}, memo).by_field == {"nik": "A"}  # one column
    assert Row(1, ["A"], {}, memo).by_field == {}
