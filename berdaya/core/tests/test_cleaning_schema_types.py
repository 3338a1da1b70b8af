"""The cleaning layer's API types refuse what the document says they are not (issue 8, class 10):
an input schema takes only a JSON object, and a text, NIK or phone field only a string."""

import pytest
from pydantic import ValidationError

from berdaya.core.cleaning.schemas import CleanSchema, CleanText, Nik, PhoneDigits


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
