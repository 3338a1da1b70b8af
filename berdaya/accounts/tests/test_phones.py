import pytest

from berdaya.accounts.phones import normalize_phone
from berdaya.core.errors import RuleError


@pytest.mark.parametrize(
    "raw",
    ["081234567890", "0812-3456-7890", "+62 812 3456 7890", "6281234567890", " 0812 3456 7890 "],
)
def test_it_normalises_indonesian_numbers_to_e164(raw):
    assert normalize_phone(raw) == "+6281234567890"


@pytest.mark.parametrize("raw", ["", "12345", "abc", "+14155552671", "0812", "08123456789012345"])
def test_it_refuses_numbers_that_are_not_indonesian(raw):
    with pytest.raises(RuleError) as exc:
        normalize_phone(raw)
    assert exc.value.codes == ["phone_invalid"]
