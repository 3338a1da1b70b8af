"""``manage.py restore ARCHIVE``: bring back a ``manage.py backup`` archive.

The database goes into the configured database (or ``--target``: a database name on the same
PostgreSQL server, or an SQLite file path), which must be empty unless ``--force``; the uploaded
files go back under ``MEDIA_ROOT``. ``--verify`` then compares each table's row count and
checksum with the archive's manifest and fails on any difference (the restore drill in CI).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from berdaya.core.management.commands.backup import (
    MANIFEST,
    MEDIA_DIR,
    PG_TABLES,
    SQLITE_TABLES,
    fingerprint_cursor,
    pg_conninfo,
    pg_environment,
)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def compare(expected: dict[str, dict], found: dict[str, dict]) -> list[str]:
    """The differences between two sets of table fingerprints, one line each."""
    problems = []
    for table in sorted(set(expected) | set(found)):
        want, got = expected.get(table), found.get(table)
        if want is None:
            problems.append(f"{table}: tidak ada di cadangan")
        elif got is None:
            problems.append(f"{table}: tidak dipulihkan")
        elif want["rows"] != got["rows"]:
            problems.append(f"{table}: {got['rows']} baris, cadangan {want['rows']}")
        elif want["sha256"] != got["sha256"]:
            problems.append(f"{table}: isi berbeda (checksum)")
    return problems


class Command(BaseCommand):
    help = "Restore a backup archive (database and uploaded files); --verify compares checksums."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database", default="default", help="database alias")
        parser.add_argument(
            "--target",
            help="PostgreSQL: a database name on the same server; SQLite: a file path "
            "(default: the configured database)",
        )
        parser.add_argument("--media-root", help="where the uploaded files go (MEDIA_ROOT)")
        parser.add_argument("--no-media", action="store_true", help="leave uploaded files alone")
        parser.add_argument("--force", action="store_true", help="restore over existing tables")
        parser.add_argument("--verify", action="store_true", help="compare counts and checksums")

    def handle(self, *args, archive: str, database: str, target: str | None, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"Berkas cadangan tidak ditemukan: {path}")
        connection = connections[database]
        with tempfile.TemporaryDirectory() as tmp, tarfile.open(path, "r:gz") as bundle:
            try:
                manifest = json.load(bundle.extractfile(MANIFEST))  # type: ignore[arg-type]
            except (KeyError, TypeError, ValueError):
                raise CommandError("Berkas ini bukan cadangan Berdaya (manifest.json tidak ada).")
            if manifest.get("engine") != connection.vendor:
                raise CommandError(
                    f"Cadangan {manifest.get('engine')} tidak bisa dipulihkan ke "
                    f"{connection.vendor}."
                )
            bundle.extract(manifest["database"], tmp, filter="data")
            dump = Path(tmp) / manifest["database"]
            if connection.vendor == "postgresql":
                name = target or connection.settings_dict["NAME"]
                found = self._pg_restore(connection, dump, name, force=options["force"])
            else:
                name = target or str(connection.settings_dict["NAME"])
                connection.close()
                found = self._sqlite_restore(dump, Path(name), force=options["force"])
            files = 0 if options["no_media"] else self._media(bundle, options["media_root"])
        self.stdout.write(
            f"Dipulihkan ke {name}: {len(found)} tabel, "
            f"{sum(t['rows'] for t in found.values())} baris, {files} berkas unggahan."
        )
        if options["verify"]:
            problems = compare(manifest["tables"], found)
            if problems:
                raise CommandError("Hasil pemulihan berbeda dari cadangan:\n" + "\n".join(problems))
            self.stdout.write(
                f"Cocok: {len(found)} tabel, jumlah baris dan checksum sama dengan cadangan."
            )

    def _pg_restore(self, connection, dump: Path, name: str, *, force: bool) -> dict:
        import psycopg

        db = connection.settings_dict
        conninfo = pg_conninfo(db, name)
        with psycopg.connect(conninfo) as conn:
            existing = conn.execute(PG_TABLES).fetchall()
        if existing and not force:
            raise CommandError(
                f"Basis data {name} sudah berisi {len(existing)} tabel; pakai --force untuk "
                "menimpanya, atau pulihkan ke basis data kosong (--target)."
            )
        args, env = pg_environment(db, name)
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        if force:
            command += ["--clean", "--if-exists"]
        result = subprocess.run(  # noqa: S603
            [*command, *args, str(dump)], env=env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise CommandError(f"pg_restore gagal: {result.stderr.strip()}")
        with psycopg.connect(conninfo) as conn, conn.cursor() as cursor:
            tables = [row[0] for row in cursor.execute(PG_TABLES).fetchall()]
            return fingerprint_cursor(cursor, tables, quote)

    def _sqlite_restore(self, dump: Path, target: Path, *, force: bool) -> dict:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            with sqlite3.connect(target) as probe:
                existing = probe.execute(SQLITE_TABLES).fetchall()
            probe.close()
            if existing and not force:
                raise CommandError(
                    f"{target} sudah berisi {len(existing)} tabel; pakai --force untuk "
                    "menimpanya, atau pulihkan ke berkas baru (--target)."
                )
        source = sqlite3.connect(dump)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
            cursor = destination.cursor()
            tables = [row[0] for row in cursor.execute(SQLITE_TABLES)]
            return fingerprint_cursor(cursor, tables, quote)
        finally:
            destination.close()
            source.close()

    def _media(self, bundle: tarfile.TarFile, media_root: str | None) -> int:
        root = Path(media_root or settings.MEDIA_ROOT)
        prefix = f"{MEDIA_DIR}/"
        members = []
        for member in bundle.getmembers():
            if member.isfile() and member.name.startswith(prefix):
                member.name = member.name[len(prefix) :]
                members.append(member)
        if members:
            root.mkdir(parents=True, exist_ok=True)
            bundle.extractall(root, members=members, filter="data")
        return len(members)
