import datetime

import pytest

from berdaya.core.errors import RuleError
from berdaya.registry.nik import parse_nik, validate_nik


def test_it_reads_birth_date_gender_and_kecamatan():
    info = parse_nik("3276065705900001")
    assert info.birth_date == datetime.date(1990, 5, 17)
    assert info.gender == "P"
    assert info.kecamatan_code == "32.76.06"
    assert info.city_code == "32.76"


def test_it_reads_a_man_born_this_century():
    info = parse_nik("3276010102030005")
    assert info.gender == "L"
    assert info.birth_date == datetime.date(2003, 2, 1)


@pytest.mark.parametrize(
    "nik",
    [
        "327606570590000",  # 15 digits
        "32760657059000011",  # 17 digits
        "32760657059A0001",  # a letter
        "3276065705900000",  # serial 0000
        "3276063102900001",  # 31 February
        "3276063513900001",  # month 13
        "3276063505900001",  # day 35 is neither a man's nor a woman's day
        "",
    ],
)
def test_it_refuses_an_impossible_nik(nik):
    with pytest.raises(RuleError) as err:
        validate_nik(nik)
    assert err.value.codes == ["nik_invalid"]


def test_it_refuses_a_gender_that_contradicts_the_nik():
    with pytest.raises(RuleError) as err:
        validate_nik("3276065705900001", gender="L", field="person.nik")
    assert err.value.codes == ["nik_gender_mismatch"]
    assert err.value.problems[0].field == "person.nik"


def test_it_refuses_a_birth_date_that_contradicts_the_nik():
    with pytest.raises(RuleError) as err:
        validate_nik("3276065705900001", birth_date=datetime.date(1990, 5, 18))
    assert err.value.codes == ["nik_birth_date_mismatch"]
    assert "tanggal lahir" in err.value.problems[0].message.lower()


def test_it_accepts_a_nik_from_outside_depok_and_warns_on_unknown_regions():
    assert validate_nik("3171011708450001", gender="L").city_code == "31.71"
    info = parse_nik("9999015705900001")
    assert info.warnings
