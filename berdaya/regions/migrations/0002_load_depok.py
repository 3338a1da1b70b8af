"""Formerly loaded Kota Depok's regions with the schema. The regions of the configured city
(``BERDAYA_CITY_CODE``) are now loaded by the setup (``manage.py load_regions``, run by ``make run``
and ``make test``, by ``seed_demo``, and once per test database by the root ``conftest.py``), so an
installation for another city does not get Depok's. Kept, empty, so that existing databases and
the migrations depending on it stay valid."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations: list = []
