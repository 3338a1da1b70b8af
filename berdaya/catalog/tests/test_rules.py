"""Field checks: prices, WhatsApp numbers, marketplace links, text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from berdaya.catalog import rules
from berdaya.core.errors import RuleError


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (1, None, (1, None)),
        ("15.000", "", (15000, None)),
        ("Rp 15.000", "20000", (15000, 20000)),
        (15000, 15000, (15000, None)),  # a range of one price is one price
        (1_000_000_000, None, (1_000_000_000, None)),  # the bound itself needs no confirmation
    ],
)
def test_it_accepts_prices(low, high, expected):
    assert rules.check_prices(low, high, confirmed=False) == expected


@pytest.mark.parametrize(
    ("low", "high", "code"),
    [
        (0, None, "price_invalid"),
        (-5000, None, "price_invalid"),
        ("", None, "price_invalid"),
        ("lima ribu", None, "price_invalid"),
        (12.5, None, "price_invalid"),
        (20000, 19999, "price_invalid"),
        (1_000_000_001, None, "price_unconfirmed"),
        (5000, 1_000_000_001, "price_unconfirmed"),
        (100_000_000_001, None, "price_invalid"),
    ],
)
def test_it_refuses_prices(low, high, code):
    with pytest.raises(RuleError) as err:
        rules.check_prices(low, high, confirmed=False)
    assert err.value.codes == [code]


def test_it_accepts_an_absurd_price_once_confirmed():
    assert rules.check_prices(2_000_000_000, None, confirmed=True) == (2_000_000_000, None)


@given(st.integers(min_value=1, max_value=10**9 - 10**6), st.integers(min_value=0, max_value=10**6))
def test_it_keeps_any_valid_range(low, extra):
    price, top = rules.check_prices(low, low + extra, confirmed=False)
    assert price == low and (top is None if extra == 0 else top == low + extra)


@given(st.integers(min_value=1, max_value=10**12))
def test_it_reads_grouped_rupiah_text(amount):
    text = f"Rp{amount:,}".replace(",", ".")
    assert rules.parse_rupiah(text, field="price_rupiah") == amount


@pytest.mark.parametrize(
    "raw", ["0812 3456 7890", "+62 812-3456-7890", "6285712345678", "081234567890"]
)
def test_it_accepts_indonesian_mobile_numbers(raw):
    assert rules.normalize_whatsapp(raw).startswith("+628")


@pytest.mark.parametrize(
    "raw", ["021 7777 8888", "(0251) 8888123", "+1 202 555 0100", "0812", "halo", ""]
)
def test_it_refuses_landlines_foreign_and_garbage_as_whatsapp(raw):
    with pytest.raises(RuleError) as err:
        rules.normalize_whatsapp(raw)
    assert err.value.codes == ["whatsapp_invalid"]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.tokopedia.com/toko",
        "https://tokopedia.link/abc",
        "https://shopee.co.id/toko",
        "https://shp.ee/abc",
        "https://shop.tiktok.com/view/product/1",
        "https://vt.tiktok.com/ZS123/",
        "https://www.bukalapak.com/u/toko",
        "https://www.lazada.co.id/shop/toko",
        "https://s.lazada.co.id/abc",
        "https://www.blibli.com/merchant/toko",
        "https://gofood.co.id/jakarta/restaurant/x",
        "https://gofood.link/a/abc",
        "https://food.grab.com/id/id/restaurant/x",
        "https://shopeefood.co.id/jakarta/x",
    ],
)
def test_it_allows_links_to_the_listed_marketplaces(url):
    assert rules.check_links([url]) == [url]


@pytest.mark.parametrize(
    "url",
    [
        "http://www.tokopedia.com/toko",
        "https://tokopedia.com.evil.example/toko",
        "https://eviltokopedia.com/toko",
        "https://example.com/?u=https://tokopedia.com",
        "https://user@tokopedia.com/",
        "https://tokopedia.com:8443/",
        "javascript:alert(1)",
        "https://instagram.com/toko",
        "https://bit.ly/abc",
    ],
)
def test_it_refuses_links_elsewhere(url):
    with pytest.raises(RuleError) as err:
        rules.check_links([url])
    assert err.value.codes == ["link_not_allowed"]


def test_it_cleans_control_characters_from_notes():
    assert rules.clean_text("Kue\x00 lapis\x07\n", multiline=False) == "Kue lapis"
    assert rules.clean_text("baris 1\nbaris 2", multiline=True) == "baris 1\nbaris 2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("name", "Kue\x00 lapis", "text_nul"),
        ("description", "rusak \ud800", "text_invalid_character"),
        ("name", "x" * 121, "text_too_long"),
        ("unit", "\x07pcs", "text_control_character"),
    ],
)
def test_it_refuses_broken_or_long_text_in_product_fields(field, value, code):
    data = {"name": "Kue", "unit": "pcs", "price_rupiah": 1000, "whatsapp": "081234567890",
            "category": "kue", field: value}  # fmt: skip
    with pytest.raises(RuleError) as err:
        rules.check_product_fields(data)
    assert err.value.codes == [code]


@pytest.mark.django_db
def test_it_reports_every_field_problem_at_once():
    with pytest.raises(RuleError) as err:
        rules.check_product_fields(
            {"name": "", "unit": "", "price_rupiah": 0, "whatsapp": "021 555", "category": "x",
             "marketplace_links": ["http://evil"]}
        )  # fmt: skip
    assert set(err.value.codes) == {
        "name_required", "unit_required", "price_invalid", "whatsapp_invalid",
        "link_not_allowed", "category_unknown",
    }  # fmt: skip
