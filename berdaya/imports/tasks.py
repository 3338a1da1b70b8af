"""Background jobs of the imports app (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import(import_id: int) -> str:
    """Check (dry run) or write an import; resumes at the first unwritten batch."""
    from berdaya.imports.engine import run

    imp = run(import_id)
    return f"{imp.status}: {imp.new} baru, {imp.updated} diubah, {imp.invalid} tidak valid"
