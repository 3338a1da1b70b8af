"""Kota Depok (32.76) is the first city: its regions come with the schema, so every database,
test databases included, has them. Other cities load with ``manage.py load_regions CODE``."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "depok_wilayah.csv"


def load(apps, schema_editor):
    Kecamatan = apps.get_model("regions", "Kecamatan")
    Kelurahan = apps.get_model("regions", "Kelurahan")
    with DATA.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        Kecamatan.objects.update_or_create(
            code=row["kecamatan_code"],
            defaults={
                "name": row["kecamatan_name"],
                "city_code": "32.76",
                "city_name": "Kota Depok",
            },
        )
        Kelurahan.objects.update_or_create(
            code=row["kelurahan_code"],
            defaults={
                "name": row["kelurahan_name"],
                "postal_code": row["postal_code"],
                "kecamatan_id": row["kecamatan_code"],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
