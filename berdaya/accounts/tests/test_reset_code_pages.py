"""The reset-by-code pages as a person on a phone meets them (issue 14, slow-3G walk): the
office's contact once per page, the number shown in the app's format with its middle hidden,
and the login page afterwards with that number already filled in."""

import logging
import re

from django.utils.html import strip_tags

from berdaya.accounts.views import masked_phone

ASK = "/akun/lupa-kata-sandi/kode/"
USE = "/akun/lupa-kata-sandi/kode/masukkan/"
LOGIN = "/akun/masuk/"
NEW = "Sawo-Matang#77"
PHONE = "081200000099"  # the outsider persona (no email)


def _code(client, caplog, django_capture_on_commit_callbacks) -> str:
    with caplog.at_level(logging.INFO, logger="berdaya.messages"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(ASK, {"phone": PHONE})
    return re.findall(r"kata sandi Anda (\d{6})", caplog.text)[-1]


def _input(html: str, name: str) -> str:
    """The ``<input>`` tag of the field ``name`` in ``html``."""
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert found, f"no {name} field"
    return found.group(0)


def test_the_masked_number_uses_the_app_format_with_the_middle_hidden():
    assert masked_phone("+6285710000012") == "0857-****-0012"
    assert masked_phone("+62812345678901") == "0812-****-78901"


def test_each_reset_page_gives_the_office_contact_once(client, personas, settings):
    settings.BERDAYA_OFFICE_WHATSAPP = "0812-9000-3276"
    client.post(ASK, {"phone": PHONE})
    for url in (ASK, USE):
        html = client.get(url).content.decode()
        assert html.count("https://wa.me/6281290003276") == 1, url  # the footer's, no other
        assert html.count('class="office-contact"') == 1, url
    ask = strip_tags(client.get(ASK).content.decode())
    assert "Nomor HP sudah tidak aktif?" in ask  # the page still says where help is


def test_after_the_reset_the_login_page_has_the_number_filled_in(
    client, personas, caplog, django_capture_on_commit_callbacks
):
    code = _code(client, caplog, django_capture_on_commit_callbacks)
    page = client.get(USE).content.decode()
    assert "0812-****-0099" in page and "08120000****" not in page
    done = client.post(USE, {"code": code, "password1": NEW, "password2": NEW})
    assert done.status_code == 302 and done.url == LOGIN
    login = client.get(LOGIN).content.decode()
    username = _input(login, "username")
    assert 'value="0812-0000-0099"' in username
    assert "autofocus" not in username  # the password comes next
    password = _input(login, "password")
    assert "value=" not in password and "autofocus" in password
    # filled in once: a later visit is a plain login page
    assert "value=" not in _input(client.get(LOGIN).content.decode(), "username")
    # and the prefilled number logs in with the new password
    response = client.post(LOGIN, {"username": "0812-0000-0099", "password": NEW})
    assert response.status_code == 302
