"""Forgotten password without email: a one-time code by WhatsApp/SMS (the log in development)."""

import logging
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from berdaya.accounts.models import ApiToken, PasswordResetCode
from berdaya.core.personas import DEMO_PASSWORD

ASK = "/akun/lupa-kata-sandi/kode/"
USE = "/akun/lupa-kata-sandi/kode/masukkan/"
NEW = "Sawo-Matang#77"
PHONE = "081200000099"  # the outsider persona (no email)


@pytest.fixture
def sent(caplog, django_capture_on_commit_callbacks):
    """The codes the LogGateway wrote, in order."""

    def ask(client, phone=PHONE, **kw):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="berdaya.messages"):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(ASK, {"phone": phone}, **kw)
        codes = re.findall(r"kata sandi Anda (\d{6})", caplog.text)
        return response, codes

    return ask


def test_it_sends_a_code_and_sets_a_new_password_with_it(client, personas, sent):
    response, codes = sent(client)
    assert response.status_code == 302 and response.url == USE
    assert len(codes) == 1
    row = PasswordResetCode.objects.get(user=personas.outsider)
    assert codes[0] not in row.code_hash and len(row.code_hash) == 64  # only a hash is kept
    page = client.get(USE).content.decode()
    assert "0812-****-0099" in page  # 081200000099 in the app's format, its middle hidden
    done = client.post(USE, {"code": codes[0], "password1": NEW, "password2": NEW})
    assert done.status_code == 302 and done.url == "/akun/masuk/"
    personas.outsider.refresh_from_db()
    assert personas.outsider.check_password(NEW)


def test_it_answers_the_same_for_a_number_without_an_account(client, db, sent):
    response, codes = sent(client, phone="081299998888")
    assert response.status_code == 302 and response.url == USE
    assert codes == []  # nothing is sent, nothing is revealed
    page = client.post(USE, {"code": "123456", "password1": NEW, "password2": NEW})
    assert "Kode salah atau sudah tidak berlaku" in page.content.decode()


def test_it_refuses_an_invalid_phone_with_a_clear_message(client, db):
    response = client.post(ASK, {"phone": "12"})
    assert response.status_code == 200
    assert "Nomor HP tidak valid" in response.content.decode()


def test_it_refuses_a_wrong_code_and_spends_it_after_the_tries(client, personas, sent, settings):
    settings.BERDAYA_RESET_CODE_TRIES = 2
    _, codes = sent(client)
    wrong = "000000" if codes[0] != "000000" else "111111"
    first = client.post(USE, {"code": wrong, "password1": NEW, "password2": NEW})
    assert "Kode salah" in first.content.decode()
    client.post(USE, {"code": wrong, "password1": NEW, "password2": NEW})
    late = client.post(USE, {"code": codes[0], "password1": NEW, "password2": NEW})
    assert "Kode salah" in late.content.decode()  # two wrong tries killed it
    personas.outsider.refresh_from_db()
    assert personas.outsider.check_password(DEMO_PASSWORD)


def test_it_accepts_a_code_once_only(client, personas, sent):
    _, codes = sent(client)
    client.post(USE, {"code": codes[0], "password1": NEW, "password2": NEW})
    other = "Lain-Lagi#88"
    again = client.post(USE, {"code": codes[0], "password1": other, "password2": other})
    assert again.status_code == 302  # the session no longer holds the phone: back to step 1
    assert again.url == ASK
    personas.outsider.refresh_from_db()
    assert personas.outsider.check_password(NEW)


def test_it_refuses_an_expired_code(client, personas, sent):
    _, codes = sent(client)
    PasswordResetCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    page = client.post(USE, {"code": codes[0], "password1": NEW, "password2": NEW})
    assert "Kode salah atau sudah tidak berlaku" in page.content.decode()


def test_a_new_code_spends_the_older_one(client, personas, sent):
    _, first = sent(client)
    _, second = sent(client)
    if first[0] != second[0]:
        page = client.post(USE, {"code": first[0], "password1": NEW, "password2": NEW})
        assert "Kode salah" in page.content.decode()
    ok = client.post(USE, {"code": second[0], "password1": NEW, "password2": NEW})
    assert ok.status_code == 302


def test_it_refuses_a_weak_password_and_keeps_the_code(client, personas, sent):
    _, codes = sent(client)
    weak = client.post(USE, {"code": codes[0], "password1": "12345678", "password2": "12345678"})
    assert weak.status_code == 200
    ok = client.post(USE, {"code": codes[0], "password1": NEW, "password2": NEW})
    assert ok.status_code == 302


def test_it_throttles_per_phone(client, personas, sent, settings):
    settings.BERDAYA_RESET_CODE_PHONE_LIMIT = 2
    sent(client)
    sent(client)
    response, codes = sent(client)
    assert response.status_code == 429 and codes == []
    assert int(response["Retry-After"]) > 0
    assert "Terlalu banyak permintaan kode" in response.content.decode()


def test_it_throttles_per_address_across_phones(client, personas, sent, settings):
    settings.BERDAYA_RESET_CODE_ADDRESS_LIMIT = 2
    sent(client, phone="081299990001")
    sent(client, phone="081299990002")
    response, codes = sent(client)
    assert response.status_code == 429 and codes == []
    other_address, codes = sent(client, REMOTE_ADDR="10.9.9.9")
    assert other_address.status_code == 302 and len(codes) == 1


def test_a_reset_by_code_revokes_tokens_and_other_sessions(client, personas, sent, api):
    token_client = api(personas.outsider)
    assert token_client.get("me").status_code == 200
    other = type(client)()
    other.force_login(personas.outsider)
    assert other.get("/akun/kata-sandi/").status_code == 200
    _, codes = sent(client)
    client.post(USE, {"code": codes[0], "password1": NEW, "password2": NEW})
    assert ApiToken.objects.get(user=personas.outsider).revoked_at is not None
    assert token_client.get("me").status_code == 401
    assert other.get("/akun/kata-sandi/").status_code == 302  # logged out


def test_the_login_and_email_reset_pages_link_to_the_code_reset(client, db):
    assert ASK in client.get("/akun/masuk/").content.decode()
    assert ASK in client.get("/akun/lupa-kata-sandi/").content.decode()
