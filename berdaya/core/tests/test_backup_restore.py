"""Backup and restore: a restore into a fresh database has the same rows (counts and checksums)
and the same uploaded files, on SQLite and on PostgreSQL."""

import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from berdaya.accounts.personas import create_personas


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "registry").mkdir(parents=True)
    (settings.MEDIA_ROOT / "registry" / "foto.jpg").write_bytes(b"\xff\xd8foto")
    return settings.MEDIA_ROOT


@pytest.fixture
def fresh_target(tmp_path):
    """A fresh, empty database of the same engine: a file for SQLite, a database for PG."""
    if connection.vendor == "sqlite":
        yield str(tmp_path / "restored.sqlite3")
        return
    import psycopg
    from psycopg.conninfo import make_conninfo

    name = f"{connection.settings_dict['NAME']}_restore"[:60]
    db = connection.settings_dict
    params = {
        k: v
        for k, v in {
            "dbname": "postgres",
            "user": db.get("USER"),
            "password": db.get("PASSWORD"),
            "host": db.get("HOST"),
            "port": db.get("PORT"),
        }.items()
        if v
    }
    conninfo = make_conninfo(**params)
    with psycopg.connect(conninfo, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(conninfo, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_it_backs_up_and_restores_into_a_fresh_database(
    transactional_db, media, fresh_target, tmp_path, capsys
):
    create_personas()
    archive = tmp_path / "cadangan.tar.gz"
    call_command("backup", output=str(archive))
    with tarfile.open(archive) as bundle:
        names = bundle.getnames()
    assert "manifest.json" in names and "media/registry/foto.jpg" in names
    restored_media = tmp_path / "restored-media"
    call_command(
        "restore", str(archive), target=fresh_target, verify=True, media_root=str(restored_media)
    )
    out = capsys.readouterr().out
    assert "Cocok:" in out
    assert (restored_media / "registry" / "foto.jpg").read_bytes() == b"\xff\xd8foto"
    # A second restore over the now filled database is refused without --force.
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive), target=fresh_target, no_media=True)


def test_it_refuses_what_is_not_a_backup(db, tmp_path):
    bogus = tmp_path / "bukan.tar.gz"
    with tarfile.open(bogus, "w:gz"):
        pass
    with pytest.raises(CommandError, match="bukan cadangan"):
        call_command("restore", str(bogus))
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("restore", str(tmp_path / "tidak-ada.tar.gz"))


def test_verify_names_a_table_that_differs():
    from berdaya.core.management.commands.restore import compare

    same = {"a": {"rows": 1, "sha256": "x"}}
    assert compare(same, same) == []
    assert compare(same, {"a": {"rows": 2, "sha256": "x"}}) == ["a: 2 baris, cadangan 1"]
    assert compare(same, {"a": {"rows": 1, "sha256": "y"}}) == ["a: isi berbeda (checksum)"]
    assert compare(same, {}) == ["a: tidak dipulihkan"]
