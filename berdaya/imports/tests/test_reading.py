"""Bad files: never a server error, never a half-written batch."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from berdaya.core.errors import RuleError
from berdaya.imports import engine, services
from berdaya.imports.headers import normalize_header, suggest_mapping
from berdaya.imports.tests.conftest import HEADERS, csv_bytes, person_row, upload, xlsx_bytes
from berdaya.registry.models import Person

pytestmark = pytest.mark.usefixtures("refdata")


def create(actor, data: bytes, name: str, **kw):
    return services.import_create(
        actor=actor, upload=upload(data, name), kind="registry", start=False, **kw
    )


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200, "data.xlsx"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "laporan.xlsx"),
        (b"%PDF-1.7\n%...", "data.xlsx"),
        (b"PK\x03\x04" + b"\x00" * 100, "data.xlsx"),  # a broken zip
        (b"", "kosong.xlsx"),
        (b"nik;nama\n1;2\n", "program.exe"),
    ],
)
def test_it_refuses_what_is_plainly_not_a_spreadsheet(personas, data, name):
    with pytest.raises(RuleError) as exc:
        create(personas.staff, data, name)
    assert exc.value.codes == ["file_unreadable"]


def test_it_refuses_a_zip_that_is_not_a_workbook(personas):
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    with pytest.raises(RuleError) as exc:
        create(personas.staff, out.getvalue(), "data.xlsx")
    assert exc.value.codes == ["file_unreadable"]


def test_it_refuses_a_file_over_50_mb(personas):
    big = SimpleUploadedFile("besar.csv", b"a" * (50 * 1024 * 1024 + 1))
    with pytest.raises(RuleError) as exc:
        services.import_create(actor=personas.staff, upload=big, kind="registry", start=False)
    assert exc.value.codes == ["file_too_large"]


def test_it_reads_csv_with_semicolons_and_commas(personas):
    for delimiter in (";", ","):
        imp = create(personas.staff, csv_bytes([person_row(1)], delimiter=delimiter), "d.csv")
        imp = engine.run(imp.pk)
        assert (imp.status, imp.new, imp.invalid) == ("done", 1, 0), imp.error


def test_it_fails_cleanly_on_a_sheet_with_headers_only(personas):
    imp = engine.run(create(personas.staff, xlsx_bytes([]), "d.xlsx").pk)
    assert imp.status == "failed" and "tidak berisi baris data" in imp.error


def test_it_fails_cleanly_on_a_corrupt_workbook_behind_a_good_zip(personas):
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/workbook.xml", "not xml at all")
    imp = engine.run(create(personas.staff, out.getvalue(), "d.xlsx").pk)
    assert imp.status == "failed" and imp.error
    assert not Person.objects.filter(nik__startswith="327606570885").exists()


def test_it_refuses_a_header_row_of_merged_cells(personas):
    data = xlsx_bytes([person_row(1)], merge=(0, 0, 0, 1))
    imp = engine.run(create(personas.staff, data, "d.xlsx").pk)
    assert imp.status == "failed" and "sel gabungan" in imp.error


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("NIK", "nik"), ("No. KTP", "nik"), ("no_ktp", "nik"), ("Nama", "full_name"),
        ("nama_lengkap", "full_name"), ("Jenis Kelamin", "gender"), ("JK", "gender"),
        ("L/P", "gender"), ("tgl_lahir", "birth_date"), ("Tanggal Lahir", "birth_date"),
        ("alamat", "street_address"), ("RT", "rt"), ("RW", "rw"), ("Kelurahan", "kelurahan"),
        ("Kecamatan", "kecamatan"), ("No HP", "phone"), ("hp", "phone"),
        ("Nama Usaha", "business_name"), ("Sektor", "sector"), ("KBLI", "sector"),
        ("Omzet", "annual_sales_rupiah"), ("modal", "capital_rupiah"),
        ("tgl_mulai_usaha", "started_on"), ("karyawan_perempuan", "workers_women"),
        ("karyawan_laki", "workers_men"), ("jml_karyawan", "workers_total"), ("NIB", "nib"),
        ("Tgl Daftar", "registered_on"), ("Tgl. Lahir (dd/mm/yyyy)", "birth_date"),
    ],
)  # fmt: skip
def test_it_matches_indonesian_header_variants(header, field):
    assert suggest_mapping("registry", [header]) == {header: field}


@pytest.mark.parametrize(
    ("header", "field"),
    [("no_anggota", "member_number"), ("Tgl Masuk", "joined_on"),
     ("simpanan_pokok", "savings_principal"), ("Simpanan Wajib", "savings_mandatory"),
     ("simpanan_sukarela", "savings_voluntary")],
)  # fmt: skip
def test_it_matches_member_headers(header, field):
    assert suggest_mapping("cooperative_members", [header]) == {header: field}


def test_it_uses_a_field_once_and_ignores_unknown_headers():
    mapping = suggest_mapping("registry", ["NIK", "No KTP", "Catatan"])
    assert mapping == {"NIK": "nik", "No KTP": "", "Catatan": ""}
    assert normalize_header(" No. KTP ") == "no_ktp"


def test_it_checks_a_corrected_mapping():
    from berdaya.imports.headers import check_mapping

    with pytest.raises(RuleError) as exc:
        check_mapping("registry", HEADERS, {"NIK": "", "Nama Lengkap": "full_name"})
    assert "nik_column_missing" in exc.value.codes
    with pytest.raises(RuleError) as exc:
        check_mapping("registry", HEADERS, {"NIK": "nik", "L/P": "nik"})
    assert "mapping_invalid" in exc.value.codes
