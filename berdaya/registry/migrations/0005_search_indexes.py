"""PostgreSQL: the pg_trgm extension and GIN trigram indexes for the staff search by name
(``selectors.search``): a person's full name and a business's name, on ``UPPER(column)``, the
exact expression Django writes for ``icontains`` (``UPPER("full_name"::text) LIKE UPPER(%s)``),
so a substring search is an index scan instead of a scan of a million rows, with finer
statistics of those expressions (the search estimates how common a name is). NIK, phone, NIB and
partner number already have their B-tree indexes (exact lookups). Nothing on SQLite, which
searches with the same queries by scanning; the model state does not change."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS registry_person_name_trgm ON registry_person "
    "USING gin (UPPER(full_name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS registry_business_name_trgm ON registry_business "
    "USING gin (UPPER(name) gin_trgm_ops)",
    # Finer statistics of the indexed names (1,000 histogram buckets instead of 100): the
    # search estimates how many bear a name (``selectors.search._common_name``).
    "ALTER INDEX registry_person_name_trgm ALTER COLUMN 1 SET STATISTICS 1000",
    "ALTER INDEX registry_business_name_trgm ALTER COLUMN 1 SET STATISTICS 1000",
]
DROP = [
    "DROP INDEX IF EXISTS registry_person_name_trgm",
    "DROP INDEX IF EXISTS registry_business_name_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_registration_limits")]

    operations = [
        TrigramExtension(),  # does nothing on SQLite
        migrations.RunPython(_run(CREATE), _run(DROP)),
    ]
