"""PostgreSQL: the pg_trgm extension, a GIN index on the full-text vector and a GIN trigram index
on the searched text (nothing on SQLite, which searches with icontains). The seeded categories."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

CATEGORIES = [
    ("makanan", "Makanan"),
    ("minuman", "Minuman"),
    ("kue", "Kue dan roti"),
    ("camilan", "Camilan dan keripik"),
    ("bumbu", "Bumbu dan sambal"),
    ("fesyen", "Fesyen"),
    ("kerajinan", "Kerajinan"),
    ("kecantikan", "Kecantikan"),
    ("kesehatan", "Kesehatan dan herbal"),
    ("pertanian", "Pertanian dan tanaman"),
    ("jasa", "Jasa"),
    ("lainnya", "Lainnya"),
]

INDEXES = [
    "CREATE INDEX IF NOT EXISTS catalog_product_fts ON catalog_product USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS catalog_product_trgm ON catalog_product "
    "USING gin (search_text gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS catalog_product_fts", "DROP INDEX IF EXISTS catalog_product_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


def seed_categories(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    for position, (slug, name) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        TrigramExtension(),  # does nothing on SQLite
        migrations.RunPython(_run(INDEXES), _run(DROP)),
        migrations.RunPython(seed_categories, migrations.RunPython.noop),
    ]
