"""One row per (user, role, scope) in the database: duplicates that a race left are removed
first (the oldest row of each kept), then the unique constraint is added."""

import django.db.models.functions.comparison
from django.db import migrations, models


def drop_duplicates(apps, schema_editor):
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    seen: set = set()
    duplicates = []
    for row in RoleAssignment.objects.order_by("id").values(
        "id", "user_id", "role", "scope", "kecamatan_id", "kelurahan_id", "rw", "rt",
        "institution_id",
    ):  # fmt: skip
        key = tuple(v for k, v in row.items() if k != "id")
        if key in seen:
            duplicates.append(row["id"])
        seen.add(key)
    RoleAssignment.objects.filter(id__in=duplicates).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_nickname_and_reset_codes"),
        ("regions", "0002_load_depok"),
    ]

    operations = [
        migrations.RunPython(drop_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="roleassignment",
            constraint=models.UniqueConstraint(
                models.F("user"),
                models.F("role"),
                models.F("scope"),
                django.db.models.functions.comparison.Coalesce("kecamatan", models.Value("")),
                django.db.models.functions.comparison.Coalesce("kelurahan", models.Value("")),
                django.db.models.functions.comparison.Coalesce("rw", models.Value(0)),
                django.db.models.functions.comparison.Coalesce("rt", models.Value(0)),
                django.db.models.functions.comparison.Coalesce("institution", models.Value(0)),
                name="role_assignment_once",
            ),
        ),
    ]
