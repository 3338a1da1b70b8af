"""What both import commands share: store the file, run the job here with a progress bar,
print the counts."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.files import File
from django.core.management.base import CommandError

from berdaya.core.errors import AccessDenied, RuleError


class ProgressBar:
    def __init__(self, out, width: int = 30) -> None:
        self.out = out
        self.width = width
        self.began = time.perf_counter()
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.perf_counter()
        if total is None:  # checking rows: the total is not known before the end
            self.out.write(f"\r{stage:<9} {done} baris {now - self.began:6.1f} s", ending="")
            self.out.flush()
            return
        if done < total and now - self.last < 0.2:
            return
        self.last = now
        share = done / total if total else 1.0
        filled = int(share * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        self.out.write(
            f"\r{stage:<9} [{bar}] {share * 100:5.1f}% {done}/{total} {now - self.began:6.1f} s",
            ending="",
        )
        self.out.flush()

    def close(self) -> None:
        self.out.write("")

    def write_total(self) -> None:
        pass


def run_import(command, *, path: str, kind: str, cooperative_id, options) -> None:
    from berdaya.accounts.models import User
    from berdaya.imports import engine, services

    file = Path(path)
    if not file.is_file():
        raise CommandError(f"Berkas {path} tidak ditemukan.")
    actor = None
    if options.get("user"):
        actor = (
            User.objects.filter(phone=options["user"]).first()
            or User.objects.filter(email=options["user"]).first()
        )
        if actor is None:
            raise CommandError(f"Pengguna {options['user']} tidak ditemukan.")
    mapping = None
    if options.get("mapping"):
        import json

        mapping = json.loads(options["mapping"])
    try:
        with file.open("rb") as fh:
            imp = services.import_create(
                actor=actor, upload=File(fh, name=file.name), kind=kind,
                cooperative_id=cooperative_id, on_existing=options["on_existing"],
                dry_run=options["dry_run"], mapping=mapping, start=False, size_limit=None,
                check_access=actor is not None,
            )  # fmt: skip
    except (RuleError, AccessDenied) as exc:
        raise CommandError(str(exc)) from None
    bar = ProgressBar(command.stdout)
    imp = engine.run(imp.pk, on_progress=bar)
    bar.close()
    label = "Uji coba" if imp.dry_run else "Impor"
    command.stdout.write(f"{label} #{imp.pk} {imp.filename}: {imp.get_status_display()}")
    if imp.error:
        command.stderr.write(imp.error)
    command.stdout.write(
        f"baris: {imp.total}, baru: {imp.new}, diubah: {imp.updated}, "
        f"tidak berubah/dilewati: {imp.unchanged}, tidak valid: {imp.invalid}"
    )
    if imp.errors_file:
        command.stdout.write(f"baris bermasalah: {imp.errors_file.path}")
    if imp.status != "done":
        sys.exit(1)


def add_common_arguments(parser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="periksa saja, tanpa menyimpan")
    parser.add_argument("--on-existing", choices=["update", "skip"], default="update")
    parser.add_argument("--user", help="nomor HP atau email pengguna yang mengimpor (opsional)")
    parser.add_argument("--mapping", help='JSON {"judul kolom": "isian"} untuk memperbaiki kolom')
