"""Fixtures of the registry tests."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType


def ensure_reference_data() -> None:
    """Regions and KBLI come with the migrations; a transactional test that ran before (in any
    app) flushes them. Load them again when missing, and drop stale content type ids."""
    from berdaya.regions.models import Kelurahan
    from berdaya.regions.services import regions_load
    from berdaya.registry.models import KbliCode

    ContentType.objects.clear_cache()
    if not Kelurahan.objects.exists():
        regions_load(city_code=settings.BERDAYA_CITY_CODE)
    if not KbliCode.objects.exists():
        migration = importlib.import_module("berdaya.registry.migrations.0002_load_kbli2020")
        migration.load(apps, None)


@pytest.fixture
def reference_data(transactional_db):
    ensure_reference_data()
