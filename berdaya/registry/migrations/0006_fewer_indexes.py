"""Fewer index entries per written row (issue 13: every bulk-imported row paid 39 over five
tables). Removed, because nothing needs them:

- the kelurahan index of persons and businesses: their (kelurahan, rw, rt) index serves every
  lookup by kelurahan;
- PostgreSQL's ``varchar_pattern_ops`` copies (``*_like``) that Django adds beside the index of
  a text column, for ``LIKE 'prefix%'``: no query searches these columns by prefix (NIK, phone,
  partner number and NIB are matched exactly, a name by trigram), and the database's C
  collation lets the plain index serve a prefix anyway. A later ``AlterField`` of one of these
  fields would add its copy back; this migration's reverse does too.
"""

import django.db.models.deletion
from django.db import migrations, models

PATTERN_INDEXED = [
    ("Person", "nik"), ("Person", "phone"), ("Business", "kbli_section"), ("Business", "nib"),
    ("Registration", "partner_number"),
]  # fmt: skip


def _like_indexes(apps, schema_editor):
    for model_name, field_name in PATTERN_INDEXED:
        model = apps.get_model("registry", model_name)
        yield model, model._meta.get_field(field_name)


def drop_pattern_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, field in _like_indexes(apps, schema_editor):
        name = schema_editor._create_index_name(model._meta.db_table, [field.column], "_like")
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def add_pattern_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, field in _like_indexes(apps, schema_editor):
        statement = schema_editor._create_like_index_sql(model, field)
        if statement is not None:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0002_load_depok"),
        ("registry", "0005_search_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="business",
            name="kelurahan",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="regions.kelurahan",
                verbose_name="kelurahan",
            ),  # fmt: skip
        ),
        migrations.AlterField(
            model_name="person",
            name="kelurahan",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="regions.kelurahan",
                verbose_name="kelurahan",
            ),  # fmt: skip
        ),
        migrations.RunPython(drop_pattern_indexes, add_pattern_indexes),
    ]
