"""``manage.py backup``: the database and the uploaded files in one archive.

PostgreSQL is dumped with ``pg_dump --format=custom``; SQLite is copied with its online backup
API (consistent while the app writes). The files under ``MEDIA_ROOT`` go beside it. The archive
(a .tar.gz) also holds ``manifest.json``: the engine, the time, and per table its row count and
a checksum of its rows, which ``manage.py restore --verify`` compares after restoring.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
SQLITE_FILE = "database.sqlite3"
MEDIA_DIR = "media"
FORMAT = 1


def _normal(value) -> str:
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        return "b:" + value.hex()
    if isinstance(value, float):
        return repr(round(value, 9))
    return repr(value)


def fingerprint_cursor(cursor, tables: list[str], quote=None) -> dict[str, dict]:
    """Per table: the row count and a SHA-256 over its rows in a fixed order."""
    quote = quote or (lambda name: '"' + name.replace('"', '""') + '"')
    out: dict[str, dict] = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT * FROM {quote(table)} LIMIT 0")  # noqa: S608
        width = len(cursor.description)
        order = ", ".join(str(i) for i in range(1, width + 1))
        cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")  # noqa: S608
        digest = hashlib.sha256()
        count = 0
        for row in cursor.fetchall():
            digest.update("\x1f".join(_normal(v) for v in row).encode())
            digest.update(b"\x1e")
            count += 1
        out[table] = {"rows": count, "sha256": digest.hexdigest()}
    return out


PG_TABLES = (
    "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
    "ORDER BY tablename"
)
SQLITE_TABLES = (
    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
)


def fingerprint_connection(connection) -> dict[str, dict]:
    """Fingerprints of every table of a Django connection."""
    with connection.cursor() as cursor:
        query = PG_TABLES if connection.vendor == "postgresql" else SQLITE_TABLES
        cursor.execute(query)
        tables = [row[0] for row in cursor.fetchall()]
        return fingerprint_cursor(cursor, tables)


def pg_environment(db: dict, name: str | None = None) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for the PostgreSQL client tools."""
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    args += ["--dbname", name or str(db["NAME"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def pg_conninfo(db: dict, name: str | None = None) -> str:
    """A libpq connection string for the database ``name`` (default: the configured one)."""
    from psycopg.conninfo import make_conninfo

    params = {
        "dbname": name or db["NAME"],
        "user": db.get("USER"),
        "password": db.get("PASSWORD"),
        "host": db.get("HOST"),
        "port": db.get("PORT"),
    }
    return make_conninfo(**{k: str(v) for k, v in params.items() if v})


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one archive (.tar.gz)."

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            help="archive path (default: var/backups/berdaya-YYYYmmdd-HHMMSS.tar.gz)",
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, output: str | None, database: str, **options):
        connection = connections[database]
        vendor = connection.vendor
        if vendor not in ("postgresql", "sqlite"):
            raise CommandError(f"Basis data {vendor} tidak didukung (hanya PostgreSQL/SQLite).")
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = Path(output or settings.VAR_DIR / "backups" / f"berdaya-{stamp}.tar.gz")
        target.parent.mkdir(parents=True, exist_ok=True)
        media_root = Path(settings.MEDIA_ROOT)
        with tempfile.TemporaryDirectory() as tmp:
            dump = Path(tmp) / (PG_DUMP if vendor == "postgresql" else SQLITE_FILE)
            if vendor == "postgresql":
                fingerprints = self._pg_dump(connection, dump)
            else:
                fingerprints = self._sqlite_copy(connection, dump)
            manifest: dict[str, Any] = {
                "format": FORMAT,
                "engine": vendor,
                "created_at": datetime.now().astimezone().isoformat(),
                "database": dump.name,
                "tables": fingerprints,
                "media_files": 0,
            }
            partial = target.with_name(target.name + ".part")
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(dump, arcname=dump.name)
                if media_root.is_dir():
                    for path in sorted(media_root.rglob("*")):
                        if path.is_file() and not path.is_symlink():
                            archive.add(path, arcname=f"{MEDIA_DIR}/{path.relative_to(media_root)}")
                            manifest["media_files"] += 1
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
            partial.replace(target)
        rows = sum(t["rows"] for t in fingerprints.values())
        self.stdout.write(
            f"Cadangan dibuat: {target} ({vendor}, {len(fingerprints)} tabel, {rows} baris, "
            f"{manifest['media_files']} berkas unggahan)"
        )
        return None

    def _pg_dump(self, connection, dump: Path) -> dict[str, dict]:
        """pg_dump and the fingerprints read in one snapshot, so they describe the same data."""
        import psycopg

        db = connection.settings_dict
        with psycopg.connect(pg_conninfo(db)) as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            row = conn.execute("SELECT pg_export_snapshot()").fetchone()
            assert row is not None
            args, env = pg_environment(db)
            command = [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={row[0]}",
                "--file",
                str(dump),
            ]
            result = subprocess.run(  # noqa: S603
                command + args, env=env, capture_output=True, text=True, check=False
            )
            if result.returncode != 0:
                raise CommandError(f"pg_dump gagal: {result.stderr.strip()}")
            with conn.cursor() as cursor:
                tables = [r[0] for r in cursor.execute(PG_TABLES).fetchall()]
                fingerprints = fingerprint_cursor(cursor, tables)
            conn.execute("COMMIT")
        return fingerprints

    def _sqlite_copy(self, connection, dump: Path) -> dict[str, dict]:
        connection.ensure_connection()
        source = connection.connection
        copy = sqlite3.connect(dump)
        try:
            source.backup(copy)
            cursor = copy.cursor()
            tables = [row[0] for row in cursor.execute(SQLITE_TABLES)]
            return fingerprint_cursor(cursor, tables)
        finally:
            copy.close()
