"""Done when: a person registers a cooperative on a 360 px phone, staff verify it, the board
adds a member and files a RAT report and a correction."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from berdaya.accounts.personas import create_personas
from berdaya.cooperatives import services
from berdaya.cooperatives.models import AnnualReport, Cooperative
from berdaya.cooperatives.tests.helpers import LAST_CLOSED, a_user, nik_for
from conftest import browser_login, page_fits


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_registers_a_cooperative_then_the_board_adds_a_member_and_files_the_rat(phone_page):
    from berdaya.cooperatives.tests.conftest import ensure_reference_data

    ensure_reference_data()
    personas = create_personas()
    board_user = a_user("Budi Pengurus")
    page = phone_page
    browser_login(page, board_user)

    # given a logged-in person on a phone, when they register their cooperative
    page.goto(page.base + "/koperasi/")
    page.get_by_role("link", name="Daftarkan koperasi").click()
    page.fill("#id_name", "Koperasi Serba Usaha Mawar")
    page.fill("#id_nik_koperasi", "3276 0000 0000 0042")
    page.fill("#id_legal_number", "518/045/BH/XIII.3/2016")
    page.fill("#id_legal_date", "2016-03-14")
    page.select_option("#id_type", "serba_usaha")
    page.select_option("#id_kelurahan_code", "32.76.06.1001")
    page.fill("#id_rw", "7")
    page.fill("#id_rt", "")
    page.fill("#id_ketua_name", "Budi Pengurus")
    page.fill("#id_ketua_nik", nik_for(gender="L"))
    assert page_fits(page, 360)
    page.get_by_role("button", name="Kirim pendaftaran").click()
    page.get_by_text("RT harus berupa angka").first.wait_for()  # input kept, error beside it
    assert page.input_value("#id_name") == "Koperasi Serba Usaha Mawar"
    page.fill("#id_rt", "3")
    page.get_by_role("button", name="Kirim pendaftaran").click()
    page.get_by_text("Pendaftaran koperasi terkirim").wait_for()
    coop = Cooperative.objects.get()
    assert coop.status == "submitted"

    # when staff verify it
    services.cooperative_review(cooperative=coop, reviewer=personas.staff, decision="verify")

    # then the board adds a member on the phone
    page.goto(page.base + "/koperasi/")
    page.get_by_role("link", name="Anggota").first.click()
    page.get_by_role("link", name="Tambah anggota").click()
    page.fill("#id_member_number", "A-001")
    page.fill("#id_nik", nik_for(gender="P", serial=77))
    page.fill("#id_full_name", "Siti Aminah")
    page.get_by_label("Perempuan").check()
    page.fill("#id_birth_date", "1990-05-17")
    page.fill("#id_joined_on", "2021-02-01")
    page.fill("#id_savings_wajib_rupiah", "1.200.000")
    assert page_fits(page, 360)
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Siti Aminah ditambahkan sebagai anggota").wait_for()
    assert coop.members.get().savings_wajib_rupiah == 1_200_000
    assert page_fits(page, 360)

    # and files the RAT report of the last closed year, then a correction
    page.goto(page.base + f"/koperasi/{coop.pk}/")
    page.get_by_role("link", name="Kirim laporan RAT").click()
    year = LAST_CLOSED()
    figures = {
        "#id_meeting_date": f"{year + 1}-03-21", "#id_members_total": "60",
        "#id_members_present": "45", "#id_members_women": "35", "#id_members_men": "25",
        "#id_total_assets_rupiah": "900.000.000", "#id_own_capital_rupiah": "540.000.000",
        "#id_outside_capital_rupiah": "300.000.000", "#id_shu_rupiah": "45.000.000",
    }  # fmt: skip
    for selector, value in figures.items():
        page.fill(selector, value)
    page.set_input_files(
        "#id_minutes",
        files=[{"name": "notulen.pdf", "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%%EOF\n"}],
    )  # fmt: skip
    assert page_fits(page, 360)
    page.get_by_role("button", name="Kirim laporan").click()
    page.get_by_text(f"Laporan RAT tahun buku {year} tersimpan").wait_for()
    expect(page.get_by_text("RAT terlaksana").first).to_be_visible()
    assert page_fits(page, 360)

    page.get_by_role("link", name="Kirim laporan RAT").click()
    for selector, value in figures.items():
        page.fill(selector, value)
    page.fill("#id_shu_rupiah", "-2.000.000")
    page.get_by_role("button", name="Kirim laporan").click()
    page.get_by_text("sebagai koreksi (versi 2)").wait_for()
    versions = list(AnnualReport.objects.order_by("version").values_list("version", "is_latest"))
    assert versions == [(1, False), (2, True)]
    assert AnnualReport.objects.get(version=1).minutes
