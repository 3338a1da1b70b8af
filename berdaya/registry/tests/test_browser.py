"""Done when: a person registers on a 360 px phone, staff verify, and the person reports."""

import pytest
from django.utils import timezone

from berdaya.core.personas import create_personas
from berdaya.registry.models import DevelopmentReport, Registration
from conftest import browser_login

PASSWORD = "Kue-basah#2026"


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_registers_on_a_phone_then_staff_verify_and_the_person_reports(
    reference_data, phone_page
):
    personas = create_personas()
    page = phone_page

    # given a visitor on a 360 px phone, when they go through the four steps
    page.goto(page.base + "/daftar/")
    page.get_by_role("link", name="Mulai mendaftar").click()
    page.fill("#id_nik", "3276065705900001")
    page.get_by_label("Perempuan").check()
    page.fill("#id_birth_date", "1990-05-17")
    page.locator("#nik-check").get_by_text("NIK terbaca").wait_for()  # checked as typed
    page.fill("#id_full_name", "Siti Aminah")
    page.fill("#id_phone", "0857 1111 2222")
    assert fits(page)
    page.get_by_role("button", name="Simpan dan lanjut").click()

    page.select_option("#id_kecamatan_code", "32.76.06")
    # the kecamatan narrows the kelurahan list (Depok Jaya lies in Pancoran Mas)
    page.wait_for_function(
        "![...document.querySelectorAll('#id_kelurahan_code option')]"
        ".some(o => o.textContent.includes('Depok Jaya'))"
    )
    assert page.locator("#id_kelurahan_code option", has_text="Kukusan").count() == 1
    page.select_option("#id_kelurahan_code", "32.76.06.1001")
    page.fill("#id_rw", "7")
    page.fill("#id_rt", "")
    page.get_by_role("button", name="Simpan dan lanjut").click()
    page.get_by_text("RT wajib diisi").first.wait_for()  # input kept, error beside the field
    assert page.input_value("#id_rw") == "7"
    page.fill("#id_rt", "3")
    page.get_by_role("button", name="Simpan dan lanjut").click()

    page.fill("#id_name", "Kue Basah Bu Siti")
    page.fill("#id_started_on", "2026-03-01")
    page.fill("#kbli-q", "kue basah")
    page.get_by_role("button", name="10792 Industri Kue Basah").click()
    assert page.input_value("#id_kbli_code") == "10792"
    page.fill("#id_capital_rupiah", "5.000.000")
    page.fill("#id_annual_sales_rupiah", "60.000.000")
    page.fill("#id_workers_women", "2")
    assert fits(page)
    page.get_by_role("button", name="Simpan dan lanjut").click()

    page.fill("#id_password", PASSWORD)
    page.get_by_label("Saya setuju").check()
    page.get_by_role("button", name="Kirim pendaftaran").click()

    # then the status page shows the submitted registration
    page.get_by_role("heading", name="Status pendaftaran").wait_for()
    assert page.get_by_text("Diajukan").first.is_visible()
    assert fits(page)
    reg = Registration.objects.get()
    applicant = reg.person.user

    # when staff verify it from the queue on a phone
    page.context.clear_cookies()
    browser_login(page, personas.staff)
    page.goto(page.base + "/dkum/mitra/?status=submitted")
    page.get_by_role("link", name="Siti Aminah").click()
    page.get_by_label("Verifikasi").check()
    page.get_by_role("button", name="Simpan keputusan").click()
    page.get_by_text("Keputusan disimpan").wait_for()
    reg.refresh_from_db()
    assert reg.status == "verified" and reg.partner_number.startswith("MB-")

    # and the person files this month's development report
    page.context.clear_cookies()
    browser_login(page, applicant, PASSWORD)
    page.goto(page.base + "/mitra/")
    assert page.get_by_text(reg.partner_number).is_visible()
    page.get_by_role("link", name="Isi laporan perkembangan").click()
    page.fill("#id_sales_rupiah", "6.500.000")
    page.fill("#id_assets_rupiah", "9.000.000")
    page.fill("#id_workers_women", "2")
    page.fill("#id_workers_men", "1")
    page.get_by_label("Modal").check()
    page.get_by_role("button", name="Simpan laporan").click()
    page.get_by_text("Laporan disimpan").wait_for()
    assert page.locator("svg.report-chart").is_visible()
    assert fits(page)
    report = DevelopmentReport.objects.get()
    assert report.period == timezone.localdate().replace(day=1)
    assert report.sales_rupiah == 6_500_000 and report.needs == ["modal"]
