"""manage.py import_registry and import_members: a progress bar and the same counts."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from berdaya.imports.tests.conftest import person_row, xlsx_bytes
from berdaya.imports.tests.test_members import HEADERS as MEMBER_HEADERS
from berdaya.imports.tests.test_members import member
from berdaya.registry.models import Person

pytestmark = pytest.mark.usefixtures("refdata")


def test_it_imports_from_the_command_line(tmp_path, personas):
    path = tmp_path / "mitra.xlsx"
    path.write_bytes(xlsx_bytes([person_row(1), person_row(2), person_row(2)]))
    out = io.StringIO()
    call_command("import_registry", str(path), "--dry-run", stdout=out)
    expected = "baris: 3, baru: 2, diubah: 0, tidak berubah/dilewati: 0, tidak valid: 1"
    assert expected in out.getvalue()
    assert not Person.objects.filter(nik__startswith="327606570885").exists()
    out = io.StringIO()
    call_command("import_registry", str(path), "--on-existing", "skip", stdout=out)
    assert "[##############################] 100.0%" in out.getvalue()
    assert "baru: 2" in out.getvalue()
    out = io.StringIO()
    call_command("import_registry", str(path), stdout=out)
    assert "baru: 0, diubah: 0, tidak berubah/dilewati: 2" in out.getvalue()


def test_it_refuses_a_missing_or_unreadable_file(tmp_path, db):
    with pytest.raises(CommandError):
        call_command("import_registry", str(tmp_path / "tidak-ada.xlsx"))
    bad = tmp_path / "program.xlsx"
    bad.write_bytes(b"MZ" + b"\x00" * 100)
    with pytest.raises(CommandError, match="bukan lembar kerja"):
        call_command("import_registry", str(bad))


def test_it_imports_members_from_the_command_line(tmp_path, personas):
    from berdaya.cooperatives.tests.helpers import a_cooperative, a_user

    coop = a_cooperative(board_user=a_user("Budi"), staff=personas.staff)
    path = tmp_path / "anggota.xlsx"
    path.write_bytes(xlsx_bytes([member(n) for n in range(1, 4)], MEMBER_HEADERS))
    out = io.StringIO()
    call_command("import_members", str(coop.pk), str(path), stdout=out)
    assert "baris: 3, baru: 3" in out.getvalue()
