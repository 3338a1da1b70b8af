"""manage.py import_registry FILE [--dry-run] [--on-existing update|skip]"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from berdaya.imports.management.commands._runner import add_common_arguments, run_import


class Command(BaseCommand):
    help = "Impor data lama mitra binaan (orang, usaha, registrasi) dari XLSX/XLS/ODS/CSV."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file")
        add_common_arguments(parser)

    def handle(self, *args, **options) -> None:
        run_import(self, path=options["file"], kind="registry", cooperative_id=None,
                   options=options)  # fmt: skip
