"""The cleaning layer's API types refuse what the document says they are not (issue 8, class 10):
an input schema takes only a JSON object, and a text, NIK or phone field only a string."""

import pytest
from pydantic import ValidationError

from berdaya.core.cleaning.schemas import BoundedInt, CleanSchema, CleanText, Nik, PhoneDigits


class Sample(CleanSchema):
    name: CleanText(50)
    note: CleanText(100) | None = None
    nik: Nik | None = None
    phone: PhoneDigits | None = None


def _codes(data) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        Sample.model_validate(data)
    return [e["type"] for e in caught.value.errors()]


@pytest.mark.parametrize("data", [[], ["name"], "name", 1, 2.5, True, None])
def test_an_input_that_is_not_an_object_is_refused(data):
    assert _codes(data) == ["object_expected"]


@pytest.mark.parametrize("value", [0, 3.5, True, ["x"], {"x": 1}])
def test_a_text_field_takes_only_a_string(value):
    assert "string_type" in _codes({"name": value})


def test_nik_and_phone_take_only_strings():
    assert "string_type" in _codes({"name": "a", "nik": 3276010101900001})
    assert "string_type" in _codes({"name": "a", "phone": 81234567890})


def test_an_optional_text_takes_null_and_a_string_is_cleaned():
    sample = Sample.model_validate({"name": "  Warung  Bu Sri ", "note": None})
    assert sample.name == "Warung Bu Sri" and sample.note is None


class Mixed(CleanSchema):
    member_number: int | str | float | None = None
    amount: int | None = None
    agree: bool = False
    maybe: bool | None = None
    rw: BoundedInt(1, 999) | None = None


@pytest.mark.parametrize("field", ["member_number", "amount"])
def test_true_or_false_is_refused_where_the_field_is_not_boolean(field):
    # pydantic alone reads true as 1 (and "1" as a member number): Schemathesis found it
    for value in (True, False):
        with pytest.raises(ValidationError) as caught:
            Mixed.model_validate({field: value})
        assert [e["type"] for e in caught.value.errors()] == ["boolean_not_allowed"]


def test_a_cleaned_number_keeps_its_own_refusal_of_true():
    with pytest.raises(ValidationError) as caught:
        Mixed.model_validate({"rw": True})
    assert [e["type"] for e in caught.value.errors()] == ["number_invalid"]


def test_true_or_false_is_taken_by_a_boolean_field_and_numbers_still_pass():
    taken = Mixed.model_validate({"agree": True, "maybe": False, "member_number": 7, "amount": 0})
    assert (taken.agree, taken.maybe, taken.member_number, taken.amount) == (True, False, 7, 0)
