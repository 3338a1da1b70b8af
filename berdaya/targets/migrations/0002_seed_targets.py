"""The program targets of DKUM Depok (Forum Renja, 17 Feb 2022), as editable data."""

import datetime

from django.db import migrations

START = datetime.date(2022, 1, 1)
END = datetime.date(2024, 12, 31)


def seed(apps, schema_editor):
    Target = apps.get_model("targets", "Target")
    TargetYear = apps.get_model("targets", "TargetYear")
    new, created = Target.objects.get_or_create(
        name="5.000 Pengusaha Baru",
        defaults={
            "rule": "new_entrepreneurs",
            "period_start": START,
            "period_end": END,
            "number": 5000,
        },
    )
    if created:
        # 1,750 a year; the last year takes the remainder (5,000 - 2 x 1,750 = 1,500).
        for year, number in ((2022, 1750), (2023, 1750), (2024, 1500)):
            TargetYear.objects.create(target=new, year=year, number=number)
    Target.objects.get_or_create(
        name="1.000 Perempuan Pengusaha",
        defaults={
            "rule": "women_entrepreneurs",
            "period_start": START,
            "period_end": END,
            "number": 1000,
        },
    )


def unseed(apps, schema_editor):
    Target = apps.get_model("targets", "Target")
    Target.objects.filter(name__in=["5.000 Pengusaha Baru", "1.000 Perempuan Pengusaha"]).delete()


class Migration(migrations.Migration):
    dependencies = [("targets", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
