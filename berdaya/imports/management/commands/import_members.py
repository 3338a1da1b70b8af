"""manage.py import_members COOPERATIVE_ID FILE [--dry-run] [--on-existing update|skip]"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from berdaya.imports.management.commands._runner import add_common_arguments, run_import


class Command(BaseCommand):
    help = "Impor anggota satu koperasi dari XLSX/XLS/ODS/CSV."

    def add_arguments(self, parser) -> None:
        parser.add_argument("cooperative_id", type=int)
        parser.add_argument("file")
        add_common_arguments(parser)

    def handle(self, *args, **options) -> None:
        run_import(self, path=options["file"], kind="cooperative_members",
                   cooperative_id=options["cooperative_id"], options=options)  # fmt: skip
