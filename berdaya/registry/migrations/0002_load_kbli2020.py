"""KBLI 2020 ships with the schema (2,707 rows): every database can classify a business."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "kbli2020.csv"


def load(apps, schema_editor):
    KbliCode = apps.get_model("registry", "KbliCode")
    if KbliCode.objects.filter(version="2020").exists():
        return
    with DATA.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    KbliCode.objects.bulk_create(
        [
            KbliCode(
                version="2020",
                code=row["code"],
                level=row["level"],
                section=row["section"],
                title=row["title"],
                description=row["description"] or "",
            )
            for row in rows
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
