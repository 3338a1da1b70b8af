"""Digits that are not decimal digits (superscripts '²', circled '①') are refused as numbers with
a clear message, never a server error; decimal digits of other scripts ('٣') read as their value
(issue 8, class 6). Schemathesis found '²' in a cooperative's RAT year: ``int('²')`` raises, so
every place that turns typed text into a number checks ``isdecimal`` (not ``isdigit``)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from berdaya.catalog.search import Filters
from berdaya.cooperatives.cleaning import Cleaner
from berdaya.core.date_parts import DatePartsWidget
from berdaya.imports import values

NOT_DECIMAL = ["²", "2²", "①", "٣²"]


@pytest.mark.parametrize("typed", NOT_DECIMAL)
def test_a_cooperative_number_with_a_superscript_is_a_problem_not_a_crash(typed):
    cleaner = Cleaner()
    cleaner.integer({"fiscal_year": typed}, "fiscal_year", "Tahun buku")
    assert cleaner.problems
    rt = Cleaner()
    assert rt.small_number({"rt": typed}, "rt", "RT") is None and rt.problems


def test_a_cooperative_number_in_arabic_indic_digits_reads_as_its_value():
    cleaner = Cleaner()
    assert cleaner.small_number({"rt": "٣"}, "rt", "RT") == 3 and not cleaner.problems


@pytest.mark.parametrize("typed", NOT_DECIMAL)
def test_a_catalog_price_filter_with_a_superscript_is_ignored(typed):
    filters = Filters.from_params({"price_min": typed, "price_max": typed})
    assert filters.price_min is None and filters.price_max is None


@pytest.mark.parametrize("typed", NOT_DECIMAL)
def test_a_birth_date_typed_with_a_superscript_is_left_for_the_date_check(typed):
    widget = DatePartsWidget()
    data = {"birth_date_hari": typed, "birth_date_bulan": "5", "birth_date_tahun": "1990"}
    assert widget.value_from_datadict(data, {}, "birth_date") == f"1990-5-{typed}"


@pytest.mark.parametrize("typed", ["327606570885000²", "32760657088500٠1"])
def test_an_imported_nik_must_be_ascii_digits(typed):
    with pytest.raises(values.CellError):
        values.nik_parts(typed)


@pytest.mark.parametrize("typed", NOT_DECIMAL)
def test_an_imported_amount_with_a_superscript_is_a_cell_problem(typed):
    with pytest.raises(values.CellError):
        values.rupiah(typed)


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["327606570885000²", "²" * 16])
def test_the_live_nik_check_answers_a_superscript_without_a_crash(typed):
    response = Client().get(reverse("registry:nik_check"), {"nik": typed})
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_opportunities_cursor_with_a_superscript_starts_at_the_top(personas):
    from tests.world.base import _token_for

    token = _token_for(personas.staff)
    response = Client().get(
        "/api/v1/opportunities", {"cursor": "²"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
