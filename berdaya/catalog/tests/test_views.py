"""Pages: public catalog, storefront, product (OpenGraph, JSON-LD, escaping), the counting
WhatsApp redirect, photos, sitemap; the partner's and the staff's pages with their outsiders."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.test import Client

from berdaya.catalog import selectors, services
from berdaya.catalog.models import Product, WeekStat
from berdaya.catalog.tests import helpers
from berdaya.core.personas import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
BROWSER = {"user-agent": "Mozilla/5.0 (Linux; Android 13)"}
EVIL = '</script><script>alert("x")</script><b onmouseover=alert(1)>"\'&'


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        assert client.login(username=str(user.phone), password=DEMO_PASSWORD)
    return client


def test_it_shows_the_public_catalog_without_login_and_light(people, published, draft):
    response = Client().get("/katalog/", headers=BROWSER)
    html = response.content.decode()
    assert response.status_code == 200
    assert published.name in html and draft.name not in html
    assert len(response.content) < 100 * 1024
    assert "<style" not in html and not re.search(r"\son[a-z]+=", html)
    # no inline script besides JSON-LD data blocks
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)", html)


def test_it_searches_and_filters_without_javascript(people, published):
    assert published.name in Client().get("/katalog/", {"q": "singkong"}).content.decode()
    assert published.name not in Client().get("/katalog/", {"q": "batik"}).content.decode()
    html = Client().get("/katalog/", {"category": "fesyen"}).content.decode()
    assert published.name not in html
    body = Client().get("/katalog/", {"halal": "1", "ready": "1", "price_max": "90000"}).content
    assert published.name in body.decode()


def test_it_serves_photos_with_srcset_and_lazy_loading(people, published):
    services.product_photo_add(actor=people.partner, product=published, upload=helpers.upload())
    services.product_curate(actor=people.staff, product=published, decision="publish")
    html = Client().get("/katalog/").content.decode()
    img_tag = re.search(r"<img [^>]+>", html)
    assert img_tag is not None
    img = img_tag.group(0)
    assert 'loading="lazy"' in img and "320w" in img and "640w" in img and "1280w" in img
    photo = published.photos.get()
    response = Client().get(f"/katalog/foto/{photo.pk}-640.webp")
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert Client().get(f"/katalog/foto/{photo.pk}-999.webp").status_code == 404


def test_it_hides_pending_photos_and_photos_of_hidden_products(people, published):
    photo = services.product_photo_add(
        actor=people.partner, product=published, upload=helpers.upload()
    )
    assert photo.is_pending
    assert Client().get(f"/katalog/foto/{photo.pk}-320.webp").status_code == 404
    assert _client(people.partner).get(f"/katalog/foto/{photo.pk}-320.webp").status_code == 200
    assert _client(people.staff).get(f"/katalog/foto/{photo.pk}-320.webp").status_code == 200


def test_it_escapes_html_in_the_page_the_opengraph_tags_and_the_json_ld(people):
    product = helpers.make_product(
        people.partner, people.partner_reg.business, name=EVIL[:120], description=EVIL
    )
    helpers.publish(product, people)
    html = Client().get(f"/katalog/produk/{product.pk}/", headers=BROWSER).content.decode()
    assert "<script>alert" not in html and "<b onmouseover" not in html
    og_tag = re.search(r'<meta property="og:title" content="([^"]*)">', html)
    assert og_tag is not None
    og = og_tag.group(1)
    assert "&lt;/script&gt;" in og and "&quot;" in og
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1 and "<" not in blocks[0]
    data = json.loads(blocks[0])
    assert data["@type"] == "Product" and data["name"] == EVIL[:120]
    assert data["offers"]["priceCurrency"] == "IDR" and data["offers"]["price"] == 85000


def test_it_gives_the_product_page_opengraph_twitter_and_a_whatsapp_button(people, published):
    services.product_photo_add(actor=people.partner, product=published, upload=helpers.upload())
    services.product_curate(actor=people.staff, product=published, decision="publish")
    html = Client().get(f"/katalog/produk/{published.pk}/", headers=BROWSER).content.decode()
    for tag in ('property="og:title"', 'property="og:image"', 'property="product:price:amount"',
                'name="twitter:card"', 'name="twitter:image"'):  # fmt: skip
        assert tag in html
    assert 'content="summary_large_image"' in html
    assert f'href="/katalog/produk/{published.pk}/pesan/"' in html
    assert "Pesan lewat WhatsApp" in html


def test_it_counts_a_whatsapp_click_and_redirects_to_wa_me_without_cookies(people, published):
    client = Client()
    response = client.get(f"/katalog/produk/{published.pk}/pesan/", headers=BROWSER)
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert (target.scheme, target.netloc, target.path) == ("https", "wa.me", "/6281234567890")
    text = unquote(parse_qs(target.query)["text"][0])
    assert published.name in text and "Rp85.000" in text
    assert f"/katalog/produk/{published.pk}/" in text
    assert not response.cookies
    client.get(f"/katalog/produk/{published.pk}/pesan/", headers=BROWSER)
    stat = WeekStat.objects.get(product=published)
    assert stat.clicks == 2 and stat.views == 0
    # link-preview robots do not count
    client.get(f"/katalog/produk/{published.pk}/pesan/", headers={"user-agent": "WhatsApp/2.23"})
    assert WeekStat.objects.get(product=published).clicks == 2


def test_it_counts_page_views_of_visitors_but_not_of_the_owner(people, published):
    Client().get(f"/katalog/produk/{published.pk}/", headers=BROWSER)
    _client(people.partner).get(f"/katalog/produk/{published.pk}/", headers=BROWSER)
    assert WeekStat.objects.get(product=published).views == 1


def test_it_answers_404_for_a_product_not_public(people, draft, published):
    assert Client().get(f"/katalog/produk/{draft.pk}/").status_code == 404
    assert Client().get(f"/katalog/produk/{draft.pk}/pesan/").status_code == 404
    assert _client(people.other_partner).get(f"/katalog/produk/{draft.pk}/").status_code == 404
    assert _client(people.partner).get(f"/katalog/produk/{draft.pk}/").status_code == 200
    owner_view = _client(people.partner).get(f"/katalog/produk/{draft.pk}/").content.decode()
    assert 'name="robots" content="noindex"' in owner_view and "ld+json" not in owner_view
    Product.objects.filter(pk=published.pk).update(status="hidden")
    assert Client().get(f"/katalog/produk/{published.pk}/pesan/").status_code == 404


def test_it_shows_the_storefront_at_the_business_slug(people, published, draft):
    response = Client().get("/katalog/toko/kue-basah-bu-siti/")
    html = response.content.decode()
    assert response.status_code == 200 and published.name in html and draft.name not in html
    assert Client().get("/katalog/toko/tidak-ada/").status_code == 404
    reg = people.partner_reg
    reg.status = "rejected"
    reg.save()  # as the registry does (the cached pages are dropped: ADR 0006, decision 3)
    assert Client().get("/katalog/toko/kue-basah-bu-siti/").status_code == 404
    assert published.name not in Client().get("/katalog/").content.decode()


def test_it_lists_public_pages_in_the_sitemap(people, published, draft):
    response = Client().get("/sitemap.xml")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    assert f"/katalog/produk/{published.pk}/" in text and f"/katalog/produk/{draft.pk}/" not in text
    assert "/katalog/toko/kue-basah-bu-siti/" in text


# --- partner pages -------------------------------------------------------------------------


def test_it_lets_a_verified_partner_add_a_product_on_the_page(people):
    client = _client(people.partner)
    form = client.get("/katalog/saya/baru/")
    assert form.status_code == 200
    assert 'value="0857' in form.content.decode()  # the form suggests their own mobile number
    data = {**helpers.product_data(), "business": people.partner_reg.business.pk,
            "marketplace_links": "https://shopee.co.id/kuebusiti"}  # fmt: skip
    data.pop("price_max_rupiah")
    response = client.post("/katalog/saya/baru/", data)
    product = Product.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/katalog/saya/{product.pk}/"
    assert product.marketplace_links == ["https://shopee.co.id/kuebusiti"]


def test_it_keeps_input_and_shows_errors_beside_fields(people):
    client = _client(people.partner)
    data = {
        **helpers.product_data(price_rupiah="0", whatsapp="021 555 666"),
        "business": people.partner_reg.business.pk,
        "marketplace_links": "http://bit.ly/x",
    }
    data.pop("price_max_rupiah")
    response = client.post("/katalog/saya/baru/", data)
    html = response.content.decode()
    assert response.status_code == 422 and not Product.objects.exists()
    assert "Harga harus lebih dari Rp0." in html and "Nomor WhatsApp harus nomor HP" in html
    assert "https://" in html and data["name"] in html


def test_it_sends_an_unverified_applicant_back_from_the_add_page(people):
    response = _client(people.applicant).get("/katalog/saya/baru/")
    assert response.status_code == 302


def test_it_uploads_photos_submits_and_shows_the_weekly_counts(people, draft):
    client = _client(people.partner)
    response = client.post(f"/katalog/saya/{draft.pk}/foto/", {"photo": helpers.upload()})
    assert response.status_code == 302 and draft.photos.count() == 1
    bad = client.post(
        f"/katalog/saya/{draft.pk}/foto/", {"photo": helpers.upload(b"nope")}, follow=True
    )
    assert "bukan gambar" in bad.content.decode()
    client.post(f"/katalog/saya/{draft.pk}/ajukan/")
    draft.refresh_from_db()
    assert draft.status == "in_review"
    services.product_curate(actor=people.staff, product=draft, decision="publish")
    services.product_view_count(product=draft)
    html = client.get("/katalog/saya/").content.decode()
    assert draft.name in html and "Tayang" in html


def test_it_answers_404_on_someone_elses_partner_pages(people, draft):
    client = _client(people.other_partner)
    assert client.get(f"/katalog/saya/{draft.pk}/").status_code == 404
    for route in ("foto/", "ajukan/", "sembunyikan/", "foto/1/hapus/"):
        assert client.post(f"/katalog/saya/{draft.pk}/{route}").status_code == 404
    assert _client(people.staff).get(f"/katalog/saya/{draft.pk}/").status_code == 404
    assert Client().get(f"/katalog/saya/{draft.pk}/").status_code == 302  # to the login


def test_it_turns_an_edit_of_a_published_product_into_a_pending_edit(people, published):
    client = _client(people.partner)
    data = {**helpers.product_data(name="Keripik Baru"), "marketplace_links": ""}
    data.pop("price_max_rupiah")
    client.post(f"/katalog/saya/{published.pk}/", data)
    published.refresh_from_db()
    assert published.pending_edit and published.name == "Keripik Singkong Balado"


# --- staff pages ---------------------------------------------------------------------------


def test_it_lets_staff_curate_on_the_page_and_see_the_difference(people, published):
    services.product_update(actor=people.partner, product=published, data={"name": "Keripik Baru"})
    client = _client(people.staff)
    assert published.name in client.get("/katalog/kurasi/").content.decode()
    page = client.get(f"/katalog/kurasi/{published.pk}/").content.decode()
    assert "Keripik Singkong Balado" in page and "Keripik Baru" in page
    response = client.post(f"/katalog/kurasi/{published.pk}/", {"decision": "publish"})
    assert response.status_code == 302
    public = selectors.product_public_get(published.pk)
    assert public is not None and public.name == "Keripik Baru"


def test_it_shows_a_409_step_as_a_message(people, draft):
    client = _client(people.staff)
    response = client.post(f"/katalog/kurasi/{draft.pk}/", {"decision": "publish"}, follow=True)
    assert "tidak berlaku" in response.content.decode()


@pytest.mark.parametrize("who", ["partner", "head", "rt_chair", "bank_officer", "outsider"])
def test_it_keeps_the_curation_pages_for_staff(people, draft, who):
    client = _client(getattr(people, who))
    assert client.get("/katalog/kurasi/").status_code == 403
    assert client.get(f"/katalog/kurasi/{draft.pk}/").status_code == 403
    assert client.post(f"/katalog/kurasi/{draft.pk}/", {"decision": "publish"}).status_code == 403
