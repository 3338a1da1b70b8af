"""On a 360 px phone: a visitor finds a product despite a typo and sees the WhatsApp button."""

from __future__ import annotations

import pytest
from django.db import connection
from playwright.sync_api import expect

from berdaya.catalog.tests import helpers
from conftest import page_fits


def _ensure_categories() -> None:
    import importlib

    from django.apps import apps

    from berdaya.catalog.models import Category

    if not Category.objects.exists():
        importlib.import_module(
            "berdaya.catalog.migrations.0002_search_and_categories"
        ).seed_categories(apps, None)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_lets_a_visitor_find_a_product_by_a_typo_and_order_on_whatsapp(phone_page):
    from berdaya.accounts.personas import create_personas
    from berdaya.registry.tests.conftest import ensure_reference_data

    ensure_reference_data()
    _ensure_categories()

    people = create_personas()
    people.partner_reg = helpers.verified_partner(people.staff)
    people.partner = people.partner_reg.person.user
    product = helpers.make_product(
        people.partner, people.partner_reg.business, name="Keripik Singkong Balado"
    )
    helpers.publish(product, people)
    page = phone_page
    # a typo on PostgreSQL (corrected by trigram similarity); SQLite searches the exact word
    query = "kripik singkong" if connection.vendor == "postgresql" else "keripik singkong"
    page.goto(page.base + "/katalog/")
    page.fill("#q", query)
    page.get_by_role("button", name="Cari").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Keripik Singkong Balado").click()
    page.wait_for_load_state()
    button = page.get_by_role("link", name="Pesan lewat WhatsApp")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= 360
    assert page_fits(page, 360)
    assert button.get_attribute("href") == f"/katalog/produk/{product.pk}/pesan/"
