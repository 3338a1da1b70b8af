"""Fixtures of the cooperatives tests: a board login and its verified cooperative in Beji."""

from __future__ import annotations

import pytest

from berdaya.cooperatives.tests.helpers import a_cooperative, a_user


@pytest.fixture
def board_user(db):
    return a_user("Budi Pengurus")


@pytest.fixture
def coop(personas, board_user):
    """Verified, in RT 3/RW 7 Kelurahan Beji, kept by ``board_user``."""
    return a_cooperative(board_user=board_user, staff=personas.staff)


def ensure_reference_data() -> None:
    """Regions come with the migrations; a transactional test that ran before flushes them."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType

    from berdaya.regions.models import Kelurahan
    from berdaya.regions.services import regions_load

    ContentType.objects.clear_cache()
    if not Kelurahan.objects.exists():
        regions_load(city_code=settings.BERDAYA_CITY_CODE)
