"""On a 360 px phone: a partner sees what fits first, applies, and sees why another does not."""

import pytest
from playwright.sync_api import expect

from berdaya.opportunities.models import OpportunityApplication
from berdaya.opportunities.tests.factories import make_opportunity, make_partner
from conftest import browser_login, page_fits


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_lets_a_partner_apply_on_a_phone(phone_page):
    from berdaya.accounts.personas import create_personas

    personas = create_personas()
    page = phone_page
    # given an opportunity for everyone and one for women only, and a man's business
    make_opportunity(personas.staff, title="Stan Pameran Dekranasda")
    make_opportunity(personas.staff, title="Bazar Perempuan", women_only=True)
    business = make_partner(gender="L", name="Budi Santoso")

    # when he opens the opportunities on his phone
    browser_login(page, business.owner.user)
    page.goto(f"{page.base}/peluang/")
    cards = page.locator(".opp-card")
    # then the one that fits comes first and the other says why not
    assert "Stan Pameran Dekranasda" in cards.nth(0).inner_text()
    assert "khusus untuk perempuan pengusaha" in cards.nth(1).inner_text()
    assert page_fits(page, 360)

    # and he applies with a note
    page.get_by_role("link", name="Stan Pameran Dekranasda").click()
    page.fill("#id_note", "Kami membawa kerajinan bambu.")
    page.get_by_role("button", name="Daftar sekarang").click()
    page.get_by_text("Pendaftaran Anda terkirim").wait_for()
    expect(page.get_by_role("button", name="Tarik lamaran")).to_be_visible()
    assert page_fits(page, 360)
    application = OpportunityApplication.objects.get(business=business)
    assert (application.status, application.note) == ("applied", "Kami membawa kerajinan bambu.")
