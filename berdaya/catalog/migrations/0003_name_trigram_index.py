"""PostgreSQL: typos are matched on the product name (a GIN trigram index on ``name``), not on
the whole searched text, which the full-text vector covers."""

from django.db import migrations


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


FORWARD = [
    "CREATE INDEX IF NOT EXISTS catalog_product_name_trgm ON catalog_product "
    "USING gin (name gin_trgm_ops)",
    "DROP INDEX IF EXISTS catalog_product_trgm",
]
BACKWARD = [
    "DROP INDEX IF EXISTS catalog_product_name_trgm",
    "CREATE INDEX IF NOT EXISTS catalog_product_trgm ON catalog_product "
    "USING gin (search_text gin_trgm_ops)",
]


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_search_and_categories")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
