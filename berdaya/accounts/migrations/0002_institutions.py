from django.db import migrations

INSTITUTIONS = [("bjb", "Bank BJB"), ("baznas", "BAZNAS Kota Depok")]


def seed(apps, schema_editor):
    Institution = apps.get_model("accounts", "Institution")
    for code, name in INSTITUTIONS:
        Institution.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
