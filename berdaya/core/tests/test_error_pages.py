"""403, 404, 500 and CSRF-failure pages: the site's layout, Bahasa Indonesia, a way back."""

from django.core.exceptions import PermissionDenied
from django.template.loader import get_template
from django.test import Client, RequestFactory
from django.views import defaults


def _in_site_layout(html: str) -> None:
    assert '<html lang="id">' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert 'href="/"' in html  # the way back to the home page
    assert "Ke beranda" in html
    assert "Forbidden" not in html and "Not Found" not in html and "Server Error" not in html


def test_it_shows_404_in_the_site_layout_with_a_way_back(client, db):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    html = response.content.decode()
    _in_site_layout(html)
    assert "Halaman tidak ditemukan" in html


def test_it_shows_403_in_the_site_layout_to_a_user_of_another_role(client, personas):
    client.force_login(personas.outsider)
    response = client.get("/dkum/perubahan-identitas/")
    assert response.status_code == 403
    html = response.content.decode()
    _in_site_layout(html)
    assert "Anda tidak dapat membuka halaman ini" in html
    assert "Keluar" in html  # still the logged-in layout, menu included


def test_it_renders_the_403_view_itself(db):
    request = RequestFactory().get("/x/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    _in_site_layout(response.content.decode())


def test_it_renders_500_without_any_request_context(db):
    html = get_template("500.html").render()  # what Django's server_error does: no request
    _in_site_layout(html)
    assert "terjadi gangguan" in html
    assert "Telepon" in html  # the office's contact comes from settings, not the request


def test_it_answers_500_through_the_default_handler(db):
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Maaf, terjadi gangguan" in response.content.decode()


def test_it_shows_a_csrf_failure_in_the_site_layout(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/akun/masuk/", {"username": "081200000020", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    _in_site_layout(html)
    assert "Formulir sudah kedaluwarsa" in html
