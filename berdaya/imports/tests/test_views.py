"""Pages: upload, mapping, report with progress, history, commit, undo; who may see them."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from berdaya.core.personas import DEMO_PASSWORD
from berdaya.core.tests.responses import redirect_url
from berdaya.imports import engine, services
from berdaya.imports.models import Import
from berdaya.imports.tests.conftest import HEADERS, person_row, upload, xlsx_bytes
from berdaya.registry.models import Person

pytestmark = pytest.mark.usefixtures("refdata")


def login(user) -> Client:
    client = Client()
    assert client.login(username=str(user.phone), password=DEMO_PASSWORD)
    return client


def test_it_walks_staff_from_upload_to_import(personas):
    client = login(personas.staff)
    page = client.get(reverse("imports:index"))
    assert page.status_code == 200 and "Impor data" in page.content.decode()
    rows = [person_row(1), person_row(2), person_row(2)]
    response = client.post(
        reverse("imports:index"),
        {"file": upload(xlsx_bytes(rows)), "kind": "registry", "on_existing": "update"},
    )
    imp = Import.objects.latest("id")
    assert response.status_code == 302
    assert redirect_url(response) == reverse("imports:mapping", args=[imp.pk])
    mapping_page = client.get(redirect_url(response)).content.decode()
    assert "Kolom “NIK”" in mapping_page and 'value="nik" selected' in mapping_page
    fields = {f"col_{i}": v for i, v in enumerate(imp.mapping[h] for h in HEADERS)}
    response = client.post(reverse("imports:mapping", args=[imp.pk]), fields)
    assert response.status_code == 302
    detail = client.get(reverse("imports:detail", args=[imp.pk])).content.decode()
    assert "Uji coba selesai" in detail and "Unduh baris bermasalah" in detail
    assert re.search(r"<dt>Akan dibuat</dt><dd>2</dd>", detail)
    errors = client.get(reverse("imports:errors", args=[imp.pk]))
    assert errors.status_code == 200 and errors["Content-Type"].startswith("application/vnd")
    client.post(reverse("imports:commit", args=[imp.pk]))
    assert Person.objects.filter(nik__startswith="327606570885").count() == 2
    history = client.get(reverse("imports:index")).content.decode()
    assert "Diimpor" in history
    client.post(reverse("imports:undo", args=[imp.pk]))
    assert not Person.objects.filter(nik__startswith="327606570885").exists()
    assert "Dibatalkan" in client.get(reverse("imports:index")).content.decode()


def test_it_shows_a_clear_message_for_a_renamed_executable(personas):
    client = login(personas.staff)
    response = client.post(
        reverse("imports:index"),
        {"file": upload(b"MZ" + b"\x00" * 300, "laporan.xlsx"), "kind": "registry",
         "on_existing": "update"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "bukan lembar kerja" in response.content.decode()


def test_it_asks_for_the_nik_column_on_the_mapping_page(personas):
    client = login(personas.staff)
    client.post(
        reverse("imports:index"),
        {"file": upload(xlsx_bytes([person_row(1)], ["Identitas", *HEADERS[1:]])),
         "kind": "registry", "on_existing": "update"},
    )  # fmt: skip
    imp = Import.objects.latest("id")
    fields = {f"col_{i}": imp.mapping[h] for i, h in enumerate(imp.headers)}
    page = client.post(reverse("imports:mapping", args=[imp.pk]), fields)
    assert page.status_code == 200 and "kolom NIK" in page.content.decode()
    fields["col_0"] = "nik"
    assert client.post(reverse("imports:mapping", args=[imp.pk]), fields).status_code == 302
    assert Import.objects.get(pk=imp.pk).new == 1


def test_it_polls_progress_while_running_and_stops_when_done(personas):
    imp = services.import_create(
        actor=personas.staff, upload=upload(xlsx_bytes([person_row(1)])), kind="registry",
        dry_run=False, start=False,
    )  # fmt: skip
    now = timezone.now()
    Import.objects.filter(pk=imp.pk).update(
        status="running", queued_at=now, started_at=now, heartbeat_at=now, total=10, rows_done=4
    )
    client = login(personas.staff)
    partial = client.get(reverse("imports:progress", args=[imp.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in partial and 'value="40"' in partial
    engine.run(imp.pk)
    partial = client.get(reverse("imports:progress", args=[imp.pk])).content.decode()
    assert "hx-trigger" not in partial


def test_it_has_no_inline_scripts_or_styles(personas):
    client = login(personas.staff)
    imp = engine.run(services.import_create(
        actor=personas.staff, upload=upload(xlsx_bytes([person_row(1)])), kind="registry",
        start=False,
    ).pk)  # fmt: skip
    for url in (reverse("imports:index"), reverse("imports:detail", args=[imp.pk])):
        html = client.get(url).content.decode()
        assert "<style" not in html and " style=" not in html and " onclick" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)


@pytest.mark.parametrize("who", ["outsider", "rt_chair", "kelurahan_officer", "bank_officer",
                                 "head"])  # fmt: skip
def test_it_keeps_outsiders_out_of_every_page(personas, who):
    imp = engine.run(services.import_create(
        actor=personas.staff, upload=upload(xlsx_bytes([person_row(1)])), kind="registry",
        start=False,
    ).pk)  # fmt: skip
    client = login(getattr(personas, who))
    assert client.get(reverse("imports:index")).status_code == 403
    for name in ("detail", "mapping", "progress", "errors"):
        assert client.get(reverse(f"imports:{name}", args=[imp.pk])).status_code == 404
    for name in ("commit", "resume", "undo"):
        assert client.post(reverse(f"imports:{name}", args=[imp.pk])).status_code == 404
    assert Import.objects.get(pk=imp.pk).dry_run is True


def test_it_sends_anonymous_visitors_to_log_in(db):
    response = Client().get(reverse("imports:index"))
    assert response.status_code == 302 and "/akun/masuk/" in redirect_url(response)


def test_it_shows_the_menu_entry_to_staff_only(personas):
    assert "Impor" in login(personas.admin).get("/").content.decode()
    home = login(personas.outsider).get("/").content.decode()
    assert reverse("imports:index") not in home


def test_it_writes_large_counts_with_indonesian_grouping(personas):
    # given a finished dry run of a large file
    imp = engine.run(services.import_create(
        actor=personas.staff, upload=upload(xlsx_bytes([person_row(1)])), kind="registry",
        start=False,
    ).pk)  # fmt: skip
    Import.objects.filter(pk=imp.pk).update(total=100000, new=96937, updated=1200, invalid=3063)
    client = login(personas.staff)
    # when staff look at it and at the history
    detail = client.get(reverse("imports:detail", args=[imp.pk])).content.decode()
    history = client.get(reverse("imports:index")).content.decode()
    # then every count is grouped by thousands, and the button says what will be written
    for figure in ("100.000", "96.937", "1.200", "3.063"):
        assert f"<dd>{figure}</dd>" in detail, figure
    assert "Impor sekarang (98.137 baris akan ditulis)" in detail
    for figure in ("96.937", "1.200", "3.063"):
        assert f'<td class="num">{figure}</td>' in history, figure
    assert not re.search(r">\s*(100000|96937|3063)\s*<", detail + history)


def test_it_says_an_upload_waits_for_its_column_check_not_in_a_queue(personas):
    # given an upload whose columns were never confirmed (nothing queued)
    imp = services.import_create(
        actor=personas.staff, upload=upload(xlsx_bytes([person_row(1)])), kind="registry",
        start=False,
    )  # fmt: skip
    client = login(personas.staff)
    # when staff open it, or the history
    detail = client.get(reverse("imports:detail", args=[imp.pk])).content.decode()
    history = client.get(reverse("imports:index")).content.decode()
    # then it says it waits for them, with the way on, and no progress that never moves
    assert "Menunggu cek kolom" in detail and "Menunggu cek kolom" in history
    assert "Dalam antrean" not in detail and "Dalam antrean" not in history
    assert "<progress" not in detail and "hx-trigger" not in detail
    assert f'href="{reverse("imports:mapping", args=[imp.pk])}"' in detail


def test_it_asks_before_undoing_an_import(personas):
    # given a finished import of two rows
    imp = services.import_create(
        actor=personas.staff, upload=upload(xlsx_bytes([person_row(1), person_row(2)])),
        kind="registry", dry_run=False, start=False,
    )  # fmt: skip
    imp = engine.run(imp.pk)
    detail = login(personas.staff).get(reverse("imports:detail", args=[imp.pk])).content.decode()
    # then the undo button sits behind a disclosure that says what it removes
    disclosure = re.search(r'<details class="undo">(.*?)</details>', detail, re.S)
    assert disclosure, detail
    assert "<summary>Batalkan impor ini</summary>" in disclosure.group(1)
    assert "2 baris baru yang dibuat impor ini akan dihapus" in disclosure.group(1)
    assert "Ya, batalkan impor ini" in disclosure.group(1)
    assert reverse("imports:undo", args=[imp.pk]) in disclosure.group(1)
