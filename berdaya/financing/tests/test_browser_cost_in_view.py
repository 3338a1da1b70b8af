"""The cost stays in view while a group's leader chooses the term and the amounts.

On a 360 px phone the detailed "Perkiraan biaya" of a 10-member group is about 3,200 px below
the term: the leader who changed the term saw neither "Menghitung..." nor the new cost. A
summary bar (term, the group's instalment each month, fee, total) kept at the bottom of the
viewport shows it where the choice is made, updated by the same live request; without
JavaScript it is filled by "Hitung"."""

import os

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from berdaya.core.templatetags.berdaya_format import rupiah
from berdaya.financing.models import Product
from berdaya.financing.schedule import build_schedule
from conftest import browser_login, page_fits

SHOTS = os.environ.get("BERDAYA_SHOTS", "/tmp/berdaya-shots")


def _plan(product, amount: int, months: int):
    term = product.terms.get(months=months)
    return build_schedule(
        product=product,
        amount_rupiah=amount,
        term_months=months,
        fee_percent=term.admin_fee_percent,
        start=timezone.localdate(),
    )


def _open_form(page, group, leader) -> None:
    browser_login(page, leader.user)
    page.goto(f"{page.base}/pembiayaan/kelompok/{group.pk}/")
    page.get_by_role("link", name="Siapkan pengajuan").click()
    page.get_by_role("heading", name="Siapkan pengajuan").wait_for()


def _inside_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_new_cost_is_in_view_right_after_the_term_is_changed_on_a_phone(phone_page):
    from berdaya.financing.tests.factories import make_full_group

    os.makedirs(SHOTS, exist_ok=True)
    page = phone_page
    group, members = make_full_group(size=10)
    product = Product.objects.get(code="kredit-mesra")
    amount = product.amount_max_rupiah  # the form's initial amount of each member
    _open_form(page, group, members[0])
    bar = page.locator(".cost-bar")

    page.get_by_label("Jangka waktu").select_option("12")
    plan = _plan(product, amount, 12)
    expect(bar).to_contain_text("12 bulan")
    expect(bar).to_contain_text(f"angsuran {rupiah(10 * plan.instalment_rupiah)}/bulan")
    expect(bar).to_contain_text(f"Biaya adm. {rupiah(10 * plan.admin_fee_rupiah)}")
    # seen without scrolling: the page is still at its top, the term select in view
    assert page.evaluate("window.scrollY") == 0
    assert _inside_viewport(page, page.get_by_label("Jangka waktu"))
    assert _inside_viewport(page, bar.get_by_text("12 bulan"))
    # and each member's own figure is next to their amount
    leader_cost = page.locator(f"#biaya-anggota-{members[0].pk}")
    expect(leader_cost).to_contain_text(f"angsuran {rupiah(plan.instalment_rupiah)}/bulan")
    assert page_fits(page, 360)
    page.screenshot(path=f"{SHOTS}/cost-in-view-360.png")

    # another term: the bar changes again, still in view
    page.get_by_label("Jangka waktu").select_option("6")
    plan = _plan(product, amount, 6)
    expect(bar).to_contain_text("6 bulan")
    expect(bar).to_contain_text(f"angsuran {rupiah(10 * plan.instalment_rupiah)}/bulan")
    assert _inside_viewport(page, bar.get_by_text("6 bulan"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_cost_is_in_view_beside_the_last_members_amount_on_a_desktop(desktop_page):
    from berdaya.financing.tests.factories import make_full_group

    os.makedirs(SHOTS, exist_ok=True)
    page = desktop_page
    group, members = make_full_group(size=10)
    product = Product.objects.get(code="kredit-mesra")
    amount = product.amount_max_rupiah
    _open_form(page, group, members[0])
    page.get_by_label("Jangka waktu").select_option("12")
    bar = page.locator(".cost-bar")
    expect(bar).to_contain_text("12 bulan")

    last = page.locator(f"#id_amount_{members[-1].pk}")
    last.fill("1.000.000")
    last.blur()
    total = 9 * _plan(product, amount, 12).instalment_rupiah
    total += _plan(product, 1_000_000, 12).instalment_rupiah
    expect(bar).to_contain_text(f"angsuran {rupiah(total)}/bulan")
    assert _inside_viewport(page, last)
    assert _inside_viewport(page, bar.get_by_text("12 bulan"))
    assert page_fits(page, 1280)
    page.screenshot(path=f"{SHOTS}/cost-in-view-1280.png")


@pytest.mark.django_db
def test_without_javascript_hitung_fills_the_summary(client):
    from berdaya.financing.tests.factories import make_full_group

    group, members = make_full_group(size=10)
    product = Product.objects.get(code="kredit-mesra")
    client.force_login(members[0].user)
    url = reverse("financing:application_create") + f"?kelompok={group.pk}"
    data = {"term_months": "12", "hitung": "1"}
    for person in members:
        data[f"amount_{person.pk}"] = "2.000.000"
        data[f"purpose_{person.pk}"] = "Modal"
    html = client.post(url, data).content.decode()
    plan = _plan(product, 2_000_000, 12)
    assert f"angsuran <b>{rupiah(10 * plan.instalment_rupiah)}</b>/bulan" in html
    assert f"Biaya adm. {rupiah(10 * plan.admin_fee_rupiah)}" in html
