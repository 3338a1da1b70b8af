"""Fixtures of the catalog tests: personas, a verified partner with a product, image files."""

from __future__ import annotations

import pytest

from berdaya.catalog.tests import helpers


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The public lists are cached (per process): every test starts without them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people(personas):
    """The personas plus two verified partners (``partner``, ``other_partner``) and an applicant
    whose registration is still submitted (``applicant``)."""
    personas.partner_reg = helpers.verified_partner(personas.staff)
    personas.partner = personas.partner_reg.person.user
    personas.other_reg = helpers.verified_partner(personas.staff, name="Dapur Bu Rini")
    personas.other_partner = personas.other_reg.person.user
    personas.applicant_reg = helpers.submitted_partner()
    personas.applicant = personas.applicant_reg.person.user
    return personas


@pytest.fixture
def draft(people):
    return helpers.make_product(people.partner, people.partner_reg.business)


@pytest.fixture
def published(people):
    product = helpers.make_product(
        people.partner, people.partner_reg.business, name="Keripik Singkong Balado"
    )
    return helpers.publish(product, people)
