"""The public search on both databases: words, filters, the day's rotating order and its keyset
pages; on PostgreSQL, full-text search (simple) and typo correction by trigram similarity."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from berdaya.catalog import search, selectors
from berdaya.catalog.models import Product
from berdaya.catalog.tests import helpers

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")


@pytest.fixture
def shelf(people):
    names = ["Keripik Singkong Balado", "Keripik Pisang Cokelat", "Sambal Roa Manado",
             "Batik Tulis Belimbing", "Kue Lapis Legit"]  # fmt: skip
    products = {}
    for name in names:
        product = helpers.make_product(people.partner, people.partner_reg.business, name=name)
        products[name] = helpers.publish(product, people)
    return products


def _names(**params) -> set[str]:
    return {p.name for p in search.page(search.Filters(**params)).items}


def test_it_finds_products_by_every_word(shelf):
    assert _names(q="keripik") == {"Keripik Singkong Balado", "Keripik Pisang Cokelat"}
    assert _names(q="KERIPIK pisang") == {"Keripik Pisang Cokelat"}
    assert _names(q="sambal") == {"Sambal Roa Manado"}
    assert _names(q="senjata") == set()


def test_it_finds_by_prefix_and_by_the_business_name(shelf):
    assert "Keripik Pisang Cokelat" in _names(q="kerip")
    assert len(_names(q="bu siti")) == 5


def test_it_treats_query_syntax_as_plain_words(shelf):
    for q in ["keripik & | ! :*", "'); drop table", "<script>", "a:* & b"]:
        search.page(search.Filters(q=q))  # never an error


def test_it_walks_every_product_once_across_pages_in_a_rotating_order(shelf, people):
    seen, cursor = [], None
    while True:
        page = search.page(search.Filters(), cursor=cursor, size=2)
        seen += [p.pk for p in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert sorted(seen) == sorted(p.pk for p in shelf.values())


def test_it_starts_the_list_at_a_different_product_on_different_days(shelf, monkeypatch):
    # The products' keys are random (SystemRandom); spread them evenly so the test is about the
    # day's rotation, not about where five random keys happened to fall.
    for i, pk in enumerate(sorted(p.pk for p in shelf.values())):
        Product.objects.filter(pk=pk).update(
            shuffle=i * search.SHUFFLE_SPACE // len(shelf) + search.SHUFFLE_SPACE // 10
        )
    firsts = set()
    seeds = [search.day_seed(datetime.date(2026, 11, day)) for day in range(1, 15)]
    for seed in seeds:
        monkeypatch.setattr(search, "day_seed", lambda seed=seed: seed)
        firsts.add(search.page(search.Filters(), size=1).items[0].pk)
    assert len(firsts) >= 3  # not always the same seller first


def test_it_keeps_the_order_of_the_day_in_the_cursor(shelf, monkeypatch):
    first = search.page(search.Filters(), size=2)
    cursor = first.next_cursor
    assert cursor is not None
    monkeypatch.setattr(search, "day_seed", lambda: int(cursor.split(".")[0]) + 7)
    rest = search.page(search.Filters(), cursor=cursor, size=10)
    assert {p.pk for p in first.items}.isdisjoint({p.pk for p in rest.items})
    assert len(first.items) + len(rest.items) == 5


def test_it_ignores_a_broken_cursor(shelf):
    assert len(search.page(search.Filters(), cursor="x.y", size=10).items) == 5


def test_it_leaves_out_products_of_partners_no_longer_verified(shelf, people):
    reg = people.partner_reg
    type(reg).objects.filter(pk=reg.pk).update(status="needs_revision")
    assert search.page(search.Filters()).items == []


def test_it_shows_the_kecamatan_of_each_business(shelf):
    item = search.page(search.Filters(q="batik")).items[0]
    assert item.business.kelurahan.kecamatan.name == "Beji"


@on_postgres
@pytest.mark.postgres
def test_it_uses_full_text_search_on_postgresql(shelf):
    product = shelf["Kue Lapis Legit"]
    assert Product.objects.get(pk=product.pk).search_vector  # filled by the services
    qs, _sort, corrected = search.filtered(search.Filters(q="pisang cokelat"))
    assert "@@" in str(qs.query) and "to_tsquery" in str(qs.query) and corrected == ""
    assert _names(q="pisang cokelat") == {"Keripik Pisang Cokelat"}


@on_postgres
@pytest.mark.postgres
@pytest.mark.parametrize(
    ("typo", "expected", "corrected"),
    [
        ("kripik", {"Keripik Singkong Balado", "Keripik Pisang Cokelat"}, "keripik"),
        ("sambl roa", {"Sambal Roa Manado"}, "sambal roa"),
        ("btik", {"Batik Tulis Belimbing"}, "batik"),
    ],
)
def test_it_finds_products_despite_a_typo_on_postgresql(shelf, typo, expected, corrected):
    page = search.page(search.Filters(q=typo))
    assert {p.name for p in page.items} == expected
    assert page.corrected == corrected


@on_postgres
@pytest.mark.postgres
def test_it_has_the_trigram_extension_and_gin_indexes(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename IN ('catalog_product', "
            "'catalog_searchword') AND indexdef ILIKE '%%USING gin%%'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {"catalog_product_fts", "catalog_searchword_trgm"} <= names


def test_it_does_not_correct_on_sqlite_but_still_answers(shelf):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite fallback")
    assert _names(q="kripik") == set()
    assert selectors.public_cards().count() == 5
