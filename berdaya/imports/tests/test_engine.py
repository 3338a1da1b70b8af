"""The import job on the registry: dry run, every row check, batches, resume, re-import, undo."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from python_calamine import CalamineWorkbook

from berdaya.core.models import Event
from berdaya.imports import engine, services
from berdaya.imports.models import Import, ImportedRow
from berdaya.imports.tests.conftest import HEADERS, person_row, upload, xlsx_bytes
from berdaya.registry import bulk
from berdaya.registry.models import Business, Person, Registration

pytestmark = pytest.mark.usefixtures("refdata")


def run_file(actor, rows, *, dry_run=False, on_existing="update", headers=None, mapping=None):
    imp = services.import_create(
        actor=actor, upload=upload(xlsx_bytes(rows, headers)), kind="registry",
        dry_run=dry_run, on_existing=on_existing, mapping=mapping, start=False,
    )  # fmt: skip
    return engine.run(imp.pk)


def test_it_counts_a_dry_run_without_writing(personas):
    imp = run_file(personas.staff, [person_row(1), person_row(2)], dry_run=True)
    assert (imp.status, imp.total, imp.new, imp.invalid) == ("done", 2, 2, 0)
    assert not Person.objects.filter(nik__startswith="327606570885").exists()


def test_it_imports_legacy_rows_as_verified_partners_dated_by_their_registration(personas):
    imp = run_file(personas.staff, [person_row(1)])
    assert (imp.status, imp.new, imp.committed_at is not None) == ("done", 1, True)
    person = Person.objects.get(nik="3276065708850001")
    assert (person.gender, person.birth_date) == ("P", datetime.date(1985, 8, 17))
    assert (person.kelurahan_id, person.rw, person.rt) == ("32.76.06.1001", 7, 3)
    assert person.phone == "+62812" + "00000001"
    business = Business.objects.get(owner=person)
    assert (business.capital_rupiah, business.annual_sales_rupiah) == (5_000_000, 60_000_000)
    assert business.kbli.code == "56103" and business.size_class == "mikro"
    assert business.started_on == datetime.date(2020, 3, 1)
    reg = Registration.objects.get(business=business)
    assert reg.status == "verified"
    assert reg.verified_at is not None and reg.verified_at.date() == datetime.date(2023, 5, 10)
    assert reg.partner_number is not None and reg.partner_number.startswith("MB-2023-")
    assert f"#{imp.pk}" in reg.reason
    event = Event.objects.get(
        verb=bulk.EventKinds.IMPORTED,
        object_id=str(reg.pk),
        content_type=ContentType.objects.get_for_model(Registration),
    )
    assert event.data["import"] == imp.pk and event.actor == personas.staff
    row = ImportedRow.objects.get(import_run=imp)
    assert (row.action, row.registration_id, row.row_number) == ("created", reg.pk, 2)


def test_it_lets_the_targets_count_imported_rows_in_their_month(personas):
    from berdaya.targets import tally

    tally.tally_ensure_fresh()
    month = datetime.date(2023, 5, 1)
    before = tally.achieved_by_month("new_entrepreneurs", month, tally.month_end(month))
    run_file(personas.staff, [person_row(1, **{"Tgl Mulai Usaha": "1 Januari 2023"})])
    tally.tally_ensure_fresh()
    after = tally.achieved_by_month("new_entrepreneurs", month, tally.month_end(month))
    assert after[month]["value"] == before.get(month, {"value": 0})["value"] + 1


def test_it_creates_nothing_new_when_the_same_file_comes_again(personas):
    rows = [person_row(1), person_row(2)]
    run_file(personas.staff, rows)
    again = run_file(personas.staff, rows)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert Person.objects.filter(nik__startswith="327606570885").count() == 2
    assert Registration.objects.filter(person__nik__startswith="327606570885").count() == 2


def test_it_updates_or_skips_known_niks_as_asked(personas):
    run_file(personas.staff, [person_row(1)])
    changed = [person_row(1, **{"Nama Usaha": "Warung Baru", "Omzet": "7jt"})]
    skipped = run_file(personas.staff, changed, on_existing="skip")
    assert (skipped.new, skipped.updated, skipped.unchanged) == (0, 0, 1)
    assert Business.objects.get(owner__nik="3276065708850001").name == "Warung Bu Siti 1"
    preview = run_file(personas.staff, changed, dry_run=True)
    assert (preview.new, preview.updated) == (0, 1)
    updated = run_file(personas.staff, changed)
    assert (updated.new, updated.updated) == (0, 1)
    business = Business.objects.get(owner__nik="3276065708850001")
    assert (business.name, business.annual_sales_rupiah) == ("Warung Baru", 7_000_000)
    row = ImportedRow.objects.get(import_run=updated)
    assert row.before["business"]["name"] == "Warung Bu Siti 1"


def _reason(personas, **over) -> str:
    imp = run_file(personas.staff, [person_row(1, **over)], dry_run=True)
    assert imp.invalid == 1, imp.error
    book = CalamineWorkbook.from_filelike(imp.errors_file.open("rb"))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0] == ["baris", *HEADERS, "alasan"]
    return str(rows[1][-1])


@pytest.mark.parametrize(
    ("over", "expected"),
    [
        ({"NIK": 3276065708850010.0}, "tersimpan sebagai angka"),
        ({"NIK": "327606570885"}, "16 angka"),
        ({"NIK": "3276065708850000"}, "0000"),
        ({"NIK": "3276063109850001"}, "kalender"),
        ({"NIK": ""}, "NIK wajib"),
        ({"L/P": "L"}, "NIK ini milik perempuan"),
        ({"L/P": "X"}, "Jenis kelamin"),
        ({"Tgl Lahir": "18/08/1985"}, "tidak cocok dengan tanggal lahir"),
        ({"Tgl Lahir": "31/02/1985"}, "tidak ada di kalender"),
        ({"Nama Lengkap": ""}, "Nama lengkap wajib"),
        ({"Nama Lengkap": "x" * 151}, "paling banyak 150"),
        ({"Kelurahan": "Bejixq", "Kecamatan": ""}, "tidak dikenal"),
        ({"Kelurahan": "Kukusn", "Kecamatan": ""}, "Kukusan"),
        ({"Kelurahan": "Depok Jaya"}, "tidak berada di kecamatan"),
        ({"Kecamatan": "Atlantis"}, "Kecamatan 'Atlantis'"),
        ({"RT": 0}, "RT harus"),
        ({"RW": "tujuh"}, "RW harus"),
        ({"RW": ""}, "RW wajib"),
        ({"No HP": "12345"}, "Nomor HP tidak valid"),
        ({"No HP": ""}, "Nomor HP wajib"),
        ({"Sektor": "99999"}, "tidak ada di KBLI"),
        ({"Sektor": "pertambangan emas"}, "Sektor"),
        ({"Omzet": "lima juta"}, "tidak dapat dibaca"),
        ({"Modal": ""}, "Modal usaha wajib"),
        ({"Modal": "-5000"}, "negatif"),
        ({"Tgl Mulai Usaha": "1 Maret 2099"}, "masa depan"),
        ({"Tgl Daftar": ""}, "Tanggal daftar wajib"),
        ({"Tgl Daftar": "1/1/2099"}, "masa depan"),
        ({"Nama Usaha": ""}, "Nama usaha wajib"),
    ],
)
def test_it_refuses_each_bad_cell_with_its_reason(personas, over, expected):
    assert expected in _reason(personas, **over)


def test_it_writes_a_row_with_several_faults_as_sentences(personas):
    reason = _reason(personas, **{"Nama Lengkap": "", "No HP": "12345", "Modal": ""})
    assert reason == (
        "Nama lengkap wajib diisi. Nomor HP tidak valid. Tulis nomor Indonesia, misalnya "
        "0812 3456 7890. Modal usaha wajib diisi."
    )


def test_it_accepts_the_usual_spellings(personas):
    rows = [
        person_row(1, Kelurahan="KEL. BEJI", Kecamatan="beji", **{"L/P": "Perempuan"}),
        person_row(2, Kelurahan="32.76.06.1001", Kecamatan="", **{"Sektor": "Kuliner"}),
        person_row(3, Kelurahan="beji", **{"No HP": "+62 812-0000-0003", "Omzet": "1,5 jt"}),
        person_row(4, **{"Tgl Lahir": 31276.0, "Tgl Daftar": "10-5-2023", "L/P": ""}),
    ]
    imp = run_file(personas.staff, rows, dry_run=True)
    assert (imp.new, imp.invalid) == (4, 0), imp.error


def test_it_marks_second_and_later_rows_of_a_nik_invalid(personas):
    rows = [person_row(1), person_row(2), person_row(1), person_row(1)]
    imp = run_file(personas.staff, rows)
    assert (imp.new, imp.invalid) == (2, 2)
    book = CalamineWorkbook.from_filelike(imp.errors_file.open("rb"))
    bad = book.get_sheet_by_index(0).to_python()[1:]
    assert [r[0] for r in bad] == [4, 5]
    assert all(isinstance(r[-1], str) and "sudah ada di baris 2" in r[-1] for r in bad)


def test_it_marks_rows_with_merged_cells(personas):
    imp = services.import_create(
        actor=personas.staff, kind="registry", start=False,
        upload=upload(xlsx_bytes([person_row(1), person_row(2), person_row(3)],
                                 merge=(2, 9, 3, 9))),
    )  # fmt: skip
    imp = engine.run(imp.pk)
    assert (imp.new, imp.invalid) == (1, 2)


def test_it_fails_cleanly_without_a_nik_column(personas):
    headers = ["Nama", *HEADERS[1:]]
    imp = run_file(personas.staff, [person_row(1)], headers=headers)
    assert imp.status == "failed" and "kolom NIK" in imp.error


def test_it_uses_the_corrected_mapping(personas):
    headers = ["Nomor Identitas", *HEADERS[1:]]
    imp = run_file(personas.staff, [person_row(1)], headers=headers,
                   mapping={"Nomor Identitas": "nik"})  # fmt: skip
    assert (imp.status, imp.new) == ("done", 1)
    assert imp.mapping["Nomor Identitas"] == "nik"


def test_it_writes_each_batch_all_or_nothing(personas, monkeypatch):
    monkeypatch.setattr(engine, "BATCH_SIZE", 2)
    original = bulk._events
    calls = {"n": 0}

    def failing_events(items, **kwargs):
        if kwargs["verb"] == bulk.EventKinds.IMPORTED:
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("disk full")
        return original(items, **kwargs)

    monkeypatch.setattr(bulk, "_events", failing_events)
    rows = [person_row(n) for n in range(1, 6)]
    imp = run_file(personas.staff, rows)
    assert imp.status == "failed" and "dibatalkan seluruhnya" in imp.error
    assert imp.batches_done == 1 and imp.new == 2
    # The failed batch (rows 3 and 4) left nothing behind: no person, business or number.
    assert Person.objects.filter(nik__startswith="327606570885").count() == 2
    assert Business.objects.filter(owner__nik__startswith="327606570885").count() == 2
    monkeypatch.setattr(bulk, "_events", original)
    imp = services.import_resume(imp=imp, actor=personas.staff)
    assert (imp.status, imp.new) == ("done", 5)
    assert Registration.objects.filter(person__nik__startswith="327606570885").count() == 5


def test_it_resumes_a_killed_import_without_duplicating(personas, monkeypatch):
    monkeypatch.setattr(engine, "BATCH_SIZE", 2)
    rows = [person_row(n) for n in range(1, 6)]
    imp = services.import_create(
        actor=personas.staff, upload=upload(xlsx_bytes(rows)), kind="registry", dry_run=False,
        start=False,
    )  # fmt: skip
    imp = engine.run(imp.pk, max_batches=1)  # the worker dies after the first batch
    assert (imp.status, imp.batches_done) == ("running", 1)
    assert Person.objects.filter(nik__startswith="327606570885").count() == 2
    imp = engine.run(imp.pk)  # a new worker picks it up
    assert (imp.status, imp.new, imp.batches_done) == ("done", 5, 3)
    assert Person.objects.filter(nik__startswith="327606570885").count() == 5
    assert ImportedRow.objects.filter(import_run=imp).count() == 5
    assert engine.run(imp.pk).new == 5  # a third run of a finished import does nothing


def test_it_undoes_an_import_while_nothing_touched_its_rows(personas):
    run_file(personas.staff, [person_row(1)])
    second = run_file(personas.staff, [person_row(1, **{"Nama Usaha": "Baru"}), person_row(2)])
    services.import_undo(imp=second, actor=personas.staff)
    assert not Person.objects.filter(nik="3276065708850002").exists()
    assert Business.objects.get(owner__nik="3276065708850001").name == "Warung Bu Siti 1"
    assert Import.objects.get(pk=second.pk).undone_at is not None
    from berdaya.core.errors import ConflictError

    with pytest.raises(ConflictError):
        services.import_undo(imp=Import.objects.get(pk=second.pk), actor=personas.staff)


def test_it_refuses_to_undo_once_the_rows_were_changed(personas):
    from berdaya.core.errors import ConflictError

    imp = run_file(personas.staff, [person_row(1)])
    Person.objects.filter(nik="3276065708850001").update(
        full_name="Diubah", updated_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)
    )
    with pytest.raises(ConflictError) as exc:
        services.import_undo(imp=imp, actor=personas.staff)
    assert exc.value.code == "import_touched"
    assert Person.objects.filter(nik="3276065708850001").exists()


def test_it_commits_a_dry_run_under_the_same_id(personas):
    from berdaya.core.errors import ConflictError

    imp = run_file(personas.staff, [person_row(1)], dry_run=True)
    committed = services.import_commit(imp=imp, actor=personas.staff)
    assert (committed.pk, committed.dry_run, committed.status, committed.new) == (
        imp.pk, False, "done", 1,
    )  # fmt: skip
    with pytest.raises(ConflictError) as exc:
        services.import_commit(imp=committed, actor=personas.staff)
    assert exc.value.code == "import_not_dry_run"
