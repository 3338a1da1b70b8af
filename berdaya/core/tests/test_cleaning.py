"""The one input-cleaning layer: text, digits and numbers (issue 8, class 6)."""

from __future__ import annotations

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st
from ninja import Schema
from pydantic import ValidationError

from berdaya.core.cleaning import (
    BIGINT_MAX,
    INT_MAX,
    Cleaner,
    CleanError,
    clean_int,
    clean_nik,
    clean_phone_digits,
    clean_rupiah,
    clean_text,
    to_ascii_digits,
)
from berdaya.core.cleaning.forms import (
    BoundedIntegerField,
    CleanCharField,
    CleaningFormMixin,
    NikField,
    RupiahField,
)
from berdaya.core.cleaning.schemas import BoundedInt, CleanSchema, CleanText, Nik, Rupiah
from berdaya.core.errors import RuleError

NIK = "3276064501900001"
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("abc\x00def", "text_nul"),
        ("abc\ud800def", "text_invalid_character"),
        ("abc\ufffd", "text_invalid_character"),
        ("bell\x07", "text_control_character"),
    ],
)
def test_it_refuses_text_that_cannot_be_stored(value, code):
    with pytest.raises(CleanError) as info:
        clean_text(value, max_length=100)
    assert info.value.code == code


def test_it_bounds_text_by_its_column_on_both_sides():
    assert clean_text("a" * 150, max_length=150) == "a" * 150
    with pytest.raises(CleanError) as info:
        clean_text("a" * 151, max_length=150)
    assert info.value.code == "text_too_long"


def test_it_keeps_lines_only_in_multiline_text():
    assert clean_text("  a \n b  ", max_length=None) == "a b"
    assert clean_text("  a \n b  ", max_length=None, multiline=True) == "a \n b"


def test_it_normalises_decimal_digits_of_other_scripts_and_refuses_superscripts():
    assert clean_nik(NIK.translate(ARABIC_INDIC)) == NIK
    assert clean_nik(NIK.translate(FULLWIDTH)) == NIK
    assert clean_nik("3276 0645 0190 0001") == NIK
    with pytest.raises(CleanError) as info:
        clean_nik(NIK.translate(SUPERSCRIPT))
    assert info.value.code == "nik_invalid"
    with pytest.raises(CleanError):
        clean_nik(NIK[:-1])


def test_it_cleans_phone_digits():
    assert clean_phone_digits("+62 812-3456-7890".translate(ARABIC_INDIC)) == "+6281234567890"
    with pytest.raises(CleanError) as info:
        clean_phone_digits("0812³4567890")
    assert info.value.code == "phone_invalid"


def test_it_bounds_integers_on_both_sides_of_the_column():
    assert clean_int(str(INT_MAX), low=0, high=INT_MAX) == INT_MAX
    assert clean_int(0, low=0, high=INT_MAX) == 0
    for bad in (INT_MAX + 1, -1, "1.5", "²", True, "9" * 40, float("nan")):
        with pytest.raises(CleanError):
            clean_int(bad, low=0, high=INT_MAX)


def test_it_reads_rupiah_and_refuses_negative_amounts():
    assert clean_rupiah("Rp 1.500.000,00") == 1_500_000
    assert clean_rupiah(0) == 0
    with pytest.raises(CleanError) as info:
        clean_rupiah(-1)
    assert info.value.code == "money_negative"
    with pytest.raises(CleanError) as info:
        clean_rupiah(10**15 + 1)
    assert info.value.code == "money_invalid"


@given(st.text(max_size=60))
def test_it_never_raises_anything_but_a_clean_error_on_any_text(value):
    for func in (
        lambda v: clean_text(v, max_length=20),
        clean_nik,
        clean_phone_digits,
        lambda v: clean_int(v, low=0, high=INT_MAX),
        clean_rupiah,
    ):
        try:
            func(value)
        except CleanError:
            pass


@given(st.integers())
def test_it_keeps_every_clean_integer_inside_the_bigint_column(value):
    try:
        number = clean_int(value, low=0, high=BIGINT_MAX)
    except CleanError:
        assert value < 0 or value > BIGINT_MAX
    else:
        assert number is not None and 0 <= number <= BIGINT_MAX


@given(st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=20))
def test_it_turns_every_decimal_digit_into_ascii(value):
    assert to_ascii_digits(value).isascii()


def test_it_collects_every_problem_of_a_submission():
    c = Cleaner("x.")
    c.text({"name": "a\x00"}, "name", "Nama")
    c.count({"n": "99999999999"}, "n", "Jumlah")
    c.rupiah({"m": "-5"}, "m", "Modal")
    with pytest.raises(RuleError) as info:
        c.raise_if_any()
    assert info.value.codes == ["text_nul", "n_invalid", "money_negative"]


class _Form(CleaningFormMixin, forms.Form):
    name = CleanCharField(max_length=10)
    plain = forms.CharField(required=False)
    count = forms.IntegerField(required=False)
    bounded = BoundedIntegerField(low=0, high=100, required=False)
    nik = NikField(required=False)
    amount = RupiahField(required=False)


def test_it_guards_every_field_of_a_form():
    form = _Form(
        {
            "name": "ok",
            "plain": "x\ud800",
            "count": str(10**12),
            "bounded": "101",
            "nik": NIK.translate(SUPERSCRIPT),
            "amount": "-1",
        }
    )
    assert not form.is_valid()
    assert set(form.errors) == {"plain", "count", "bounded", "nik", "amount"}
    form = _Form({"name": "ok", "count": "٥", "nik": NIK.translate(ARABIC_INDIC), "amount": "5"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["count"] == 5
    assert form.cleaned_data["nik"] == NIK


class _In(CleanSchema):
    name: CleanText(10)
    nik: Nik
    count: BoundedInt(0, 100)
    amount: Rupiah(0, 1000)
    note: str = ""


def test_it_gives_schemas_stable_codes():
    ok = _In(name=" a ", nik=NIK.translate(ARABIC_INDIC), count="7", amount="Rp 1.000")
    assert (ok.name, ok.nik, ok.count, ok.amount) == ("a", NIK, 7, 1000)
    with pytest.raises(ValidationError) as info:
        _In(name="a" * 11, nik="¹" * 16, count=101, amount=-1, note="x\x00")
    codes = {e["type"] for e in info.value.errors()}
    assert "text_nul" in codes or codes >= {"text_too_long", "nik_invalid"}


def test_it_refuses_broken_strings_in_any_field_of_a_clean_schema():
    class Nested(Schema):
        tags: list[str] = []

    class Outer(CleanSchema):
        inner: Nested

    with pytest.raises(ValidationError) as info:
        Outer.model_validate({"inner": {"tags": ["ok", "bad\ud800"]}})
    assert info.value.errors()[0]["type"] == "text_invalid_character"
