"""The whole-page cache of the public catalog (berdaya.catalog.page_cache): anonymous visitors get
the cached list and storefronts; logged-in users never do; every catalog write, and a partner
losing their verification, shows at once; what counts still counts every visit; the headers say
which answers are public and which are personal.

A page served from the cache renders no template: the test client's ``response.templates`` tells
a hit (empty) from a page rendered for this request."""

from __future__ import annotations

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from berdaya.catalog import services
from berdaya.catalog.models import WeekStat
from berdaya.catalog.tests import helpers
from berdaya.core.personas import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
BROWSER = {"user-agent": "Mozilla/5.0 (Linux; Android 13)"}
STORE = "/katalog/toko/kue-basah-bu-siti/"


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        assert client.login(username=str(user.phone), password=DEMO_PASSWORD)
    return client


def _get(client: Client, path: str, data=None):
    response = client.get(path, data, headers=BROWSER)
    assert response.status_code == 200, (path, response.status_code)
    return response


def _rendered(response) -> bool:
    """Whether the page was rendered for this request (else it came from the cache)."""
    return any(t.name == "base.html" for t in response.templates)


def _html(client: Client, path: str, data=None) -> str:
    return _get(client, path, data).content.decode()


def test_an_anonymous_visitor_gets_the_cached_page_without_token_or_cookie(people, published):
    for path in ("/katalog/", "/katalog/?q=singkong", STORE):
        # Given an anonymous visitor who opened the page (rendered for them)
        first = _get(Client(), path)
        assert _rendered(first)
        # When another anonymous visitor opens it
        again = _get(Client(), path)
        # Then it comes from the cache, byte for byte
        assert not _rendered(again) and again.content == first.content
        # and neither answer sets a cookie or carries a CSRF token
        for response in (first, again):
            html = response.content.decode()
            assert not response.cookies, path
            assert '"X-CSRFToken": ""' in html and "csrfmiddlewaretoken" not in html
            assert "Content-Security-Policy" in response


def test_public_pages_say_public_and_vary_on_the_cookie(people, published):
    # Given the list, a search and a storefront, first (rendered) and second time (cached)
    for path in ("/katalog/", "/katalog/?q=singkong", STORE):
        for _ in range(2):
            response = _get(Client(), path)
            # Then each says anyone may keep it a minute, but not across cookies
            control = {part.strip() for part in response["Cache-Control"].split(",")}
            assert control == {"public", "max-age=60"}, (path, control)
            assert "Cookie" in response["Vary"]


def test_a_logged_in_user_never_gets_or_leaves_a_cached_page(people, published):
    # Given a logged-in partner who opens the list and a storefront first
    for path in ("/katalog/", STORE):
        mine = _get(_client(people.partner), path)
        assert "Produk saya" in mine.content.decode() or path == STORE
        assert "Keluar" in mine.content.decode()
        control = mine["Cache-Control"]
        assert "no-store" in control and "private" in control and "public" not in control
        # Then the next anonymous visitor gets a page rendered for them, without the menu
        anonymous = _get(Client(), path)
        assert _rendered(anonymous)
        assert "Keluar" not in anonymous.content.decode()
        assert not _rendered(_get(Client(), path))  # now cached
        # and logged-in users still get their own page, rendered, with their token
        for user in (people.partner, people.staff):
            page = _get(_client(user), path)
            html = page.content.decode()
            assert _rendered(page) and "Keluar" in html and "csrfmiddlewaretoken" in html
            assert '"X-CSRFToken": ""' not in html and "no-store" in page["Cache-Control"]


def test_publish_hide_and_edit_show_at_once(people, published):
    # Given cached pages showing the published product
    for path in ("/katalog/", STORE, "/katalog/?q=keripik"):
        assert published.name in _html(Client(), path)
        assert not _rendered(_get(Client(), path))
    # When staff publish another product of the partner
    other = helpers.make_product(
        people.partner, people.partner_reg.business, name="Bolu Pandan Wangi"
    )
    helpers.publish(other, people)
    # Then it shows at once on the list, the storefront and a search
    assert other.name in _html(Client(), "/katalog/")
    assert other.name in _html(Client(), STORE)
    assert other.name in _html(Client(), "/katalog/", {"q": "pandan"})
    # When the partner's edit of the first product is published by staff
    services.product_update(actor=people.partner, product=published, data={"name": "Keripik Pedas"})
    assert "Keripik Pedas" not in _html(Client(), "/katalog/")  # pending: still the old one
    services.product_curate(actor=people.staff, product=published, decision="publish")
    page = _html(Client(), "/katalog/")
    assert "Keripik Pedas" in page and "Keripik Singkong Balado" not in page
    assert "Keripik Pedas" in _html(Client(), "/katalog/", {"q": "keripik"})
    # When the partner hides it
    services.product_hide(actor=people.partner, product=published)
    # Then it is gone at once from the list, the search and the storefront
    assert "Keripik Pedas" not in _html(Client(), "/katalog/")
    assert "Keripik Pedas" not in _html(Client(), "/katalog/", {"q": "keripik"})
    assert "Keripik Pedas" not in _html(Client(), STORE)


def test_a_new_photo_shows_at_once(people, published):
    # Given the cached list without a photo
    assert "Tanpa foto" in _html(Client(), "/katalog/")
    # When the partner adds a photo and staff publish it
    services.product_photo_add(actor=people.partner, product=published, upload=helpers.upload())
    services.product_curate(actor=people.staff, product=published, decision="publish")
    # Then the list shows it
    photo = published.photos.get()
    assert f"/katalog/foto/{photo.pk}-320.webp" in _html(Client(), "/katalog/")


def test_the_cards_photo_addresses_are_the_photo_pages(people, published):
    # Given a published photo (the card builds its widths' paths from one reverse)
    services.product_photo_add(actor=people.partner, product=published, upload=helpers.upload())
    services.product_curate(actor=people.staff, product=published, decision="publish")
    photo = published.photos.get()
    # When the list shows it
    html = _html(Client(), "/katalog/")
    # Then every width's address is the photo page's own, and answers with the image
    for width in photo.WIDTHS:
        path = reverse("catalog:photo", args=[photo.pk, width])
        assert f"{path} {width}w" in html
        assert Client().get(path)["Content-Type"] == "image/webp"
    assert f'src="{reverse("catalog:photo", args=[photo.pk, 320])}"' in html


def test_a_partner_no_longer_verified_disappears_at_once(people, published):
    # Given the cached list and storefront showing the partner's product
    for path in ("/katalog/", STORE):
        assert published.name in _html(Client(), path)
        assert not _rendered(_get(Client(), path))
    # When the partner's registration is no longer verified (saved by the registry)
    registration = people.partner_reg
    registration.status = "rejected"
    registration.save()
    # Then the storefront answers 404 and the list no longer shows the product
    assert Client().get(STORE).status_code == 404
    assert published.name not in _html(Client(), "/katalog/")


def test_different_queries_get_different_pages_and_equal_queries_the_same(people, published):
    other = helpers.make_product(people.other_partner, people.other_reg.business, name="Es Dawet")
    helpers.publish_as(other, people.other_partner, people.staff)
    # Given cached pages for two searches, a filter and two storefronts
    singkong = _html(Client(), "/katalog/", {"q": "singkong"})
    dawet = _html(Client(), "/katalog/", {"q": "dawet"})
    fesyen = _html(Client(), "/katalog/", {"category": "fesyen"})
    # Then each shows its own results and its own query in the form
    assert published.name in singkong and other.name not in singkong
    assert other.name in dawet and published.name not in dawet
    assert 'value="dawet"' in dawet and 'value="singkong"' in singkong
    assert published.name not in fesyen and other.name not in fesyen
    assert 'value="fesyen" selected' in fesyen
    assert other.name in _html(Client(), "/katalog/toko/dapur-bu-rini/")
    assert other.name not in _html(Client(), STORE)
    # When the same query comes written another way (alias, order, spaces, an unknown parameter)
    first = _get(Client(), "/katalog/", {"q": "singkong", "category": "kue", "halal": "1"})
    same = _get(Client(), "/katalog/", {"kategori": "kue", "halal": "ya", "q": " singkong "})
    tagged = _get(Client(), "/katalog/", {"q": "singkong", "utm_source": "wa"})
    # Then it is the same cached page
    assert _rendered(first) and not _rendered(same) and same.content == first.content
    assert not _rendered(tagged) and tagged.content.decode() == singkong
    # and a next page is another page
    assert _rendered(_get(Client(), "/katalog/", {"q": "singkong", "cursor": "1.0.5.7"}))


def test_product_views_and_whatsapp_clicks_still_count_every_visit(people, published):
    # Given a visitor who opens the list (cached), the product page three times and orders twice
    for _ in range(2):
        _get(Client(), "/katalog/")
    for _ in range(3):
        response = _get(Client(), f"/katalog/produk/{published.pk}/")
        # the product page is rendered every time and kept by nobody
        assert _rendered(response) and "public" not in response.get("Cache-Control", "")
    for _ in range(2):
        order = Client().get(f"/katalog/produk/{published.pk}/pesan/", headers=BROWSER)
        assert order.status_code == 302 and "public" not in order["Cache-Control"]
    # Then every view and every click is counted
    stat = WeekStat.objects.get(product=published)
    assert (stat.views, stat.clicks) == (3, 2)


def test_a_visitor_with_a_message_waiting_gets_it_on_a_fresh_page_never_cached(people, published):
    # Given an anonymous visitor with a message waiting (in the messages cookie)
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.INFO, "Pesan untuk Anda")
    carrier = HttpResponse()
    storage.update(carrier)
    client = Client()
    client.cookies["messages"] = carrier.cookies["messages"].value
    # When they open the list
    response = _get(client, "/katalog/")
    # Then they see the message on a page that is not public
    assert "Pesan untuk Anda" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    # and the next visitor gets a page rendered for them, without the message
    page = _get(Client(), "/katalog/")
    assert _rendered(page) and "Pesan untuk Anda" not in page.content.decode()
