"""Class 1: with BERDAYA_REQUIRE_STAFF_2FA on, every way in asks for the verified second factor."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from berdaya.accounts.models import ApiToken
from berdaya.accounts.services import token_issue
from berdaya.core.personas import DEMO_PASSWORD

LOGIN = "/akun/masuk/"


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def required(settings):
    settings.BERDAYA_REQUIRE_STAFF_2FA = True


@pytest.fixture
def half_logged_in(client, personas, required):
    """An admin who typed the right password and has not given the code yet."""
    TOTPDevice.objects.create(user=personas.admin, name="test", confirmed=True)
    response = client.post(LOGIN, {"username": "081200000021", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def test_it_refuses_the_api_to_a_session_without_the_second_factor(half_logged_in):
    response = half_logged_in.post(
        "/api/v1/registrations/1/review", {"decision": "verify"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert response.json()["code"] == "otp_required"
    me = half_logged_in.get("/api/v1/me")
    assert me.status_code == 401 and me.json()["code"] == "otp_required"


def test_it_accepts_the_api_session_once_the_code_is_given(half_logged_in, personas):
    device = TOTPDevice.objects.get(user=personas.admin)
    response = half_logged_in.post("/akun/2fa/", {"token": code_for(device), "next": "/"})
    assert response.status_code == 302
    assert half_logged_in.get("/api/v1/me").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/accounts/user/",
        "/notifikasi/",
        "/dasbor/ekspor.xlsx",
        "/dkum/mitra/ekspor.xlsx",
        "/pelatihan/sertifikat/1/unduh/",
    ],
)
def test_it_sends_admin_pages_downloads_and_exports_to_the_second_step(half_logged_in, path):
    response = half_logged_in.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/akun/2fa/")


def test_it_refuses_a_token_issued_without_the_second_factor(api, personas, settings):
    # Issued while the setting was off (or before enrolment): it must not open the API now.
    key, _ = token_issue(user=personas.staff)
    headers = {"Authorization": f"Bearer {key}"}
    assert api().get("me", headers=headers).status_code == 200
    settings.BERDAYA_REQUIRE_STAFF_2FA = True
    refused = api().get("me", headers=headers)
    assert refused.status_code == 401
    assert refused.json()["code"] == "otp_required"


def test_it_accepts_a_token_issued_with_the_code(api, personas, required):
    device = TOTPDevice.objects.create(user=personas.staff, name="t", confirmed=True)
    body = {"username": "081200000020", "password": DEMO_PASSWORD, "otp": code_for(device)}
    response = api().post("auth/token", body)
    assert response.status_code == 200
    assert ApiToken.objects.get(user=personas.staff).second_factor is True
    me = api().get("me", headers={"Authorization": f"Bearer {response.json()['token']}"})
    assert me.status_code == 200


def test_it_leaves_citizens_tokens_and_sessions_alone(api, client, personas, required):
    key, _ = token_issue(user=personas.rt_chair)
    assert api().get("me", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    client.post(LOGIN, {"username": "081200000003", "password": DEMO_PASSWORD})
    assert client.get("/api/v1/me").status_code == 200
    assert ApiToken.objects.filter(expires_at__gt=timezone.now() + timedelta(days=1)).exists()
