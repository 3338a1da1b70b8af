"""Two-factor login for staff roles (TOTP)."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from berdaya.core.personas import DEMO_PASSWORD

LOGIN = "/akun/masuk/"


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def enrol(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


@pytest.fixture
def required(settings):
    settings.BERDAYA_REQUIRE_STAFF_2FA = True


def test_it_sends_staff_without_a_device_to_enrolment_when_required(client, personas, required):
    client.post(LOGIN, {"username": "081200000020", "password": DEMO_PASSWORD})
    response = client.get("/notifikasi/")
    assert response.status_code == 302
    assert response.url.startswith("/akun/2fa/atur/")


def test_it_enrols_an_authenticator_with_the_first_code(client, personas, required):
    client.force_login(personas.staff)
    page = client.get("/akun/2fa/atur/")
    assert page.status_code == 200
    assert "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=personas.staff, confirmed=False)
    wrong = client.post("/akun/2fa/atur/", {"token": "000000"})
    assert "Kode tidak cocok" in wrong.content.decode()
    response = client.post("/akun/2fa/atur/", {"token": code_for(device), "next": "/notifikasi/"})
    assert response.status_code == 302 and response.url == "/notifikasi/"
    assert client.get("/notifikasi/").status_code == 200


def test_it_asks_an_enrolled_user_for_the_code_after_the_password(client, personas):
    device = enrol(personas.staff)  # enrolled: needed even when not required by the setting
    client.post(LOGIN, {"username": "081200000020", "password": DEMO_PASSWORD})
    assert client.get("/notifikasi/").url.startswith("/akun/2fa/")
    assert "Kode tidak cocok" in client.post("/akun/2fa/", {"token": "123"}).content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a failure; skip the wait
    response = client.post("/akun/2fa/", {"token": code_for(device), "next": "/notifikasi/"})
    assert response.status_code == 302
    assert client.get("/notifikasi/").status_code == 200


def test_it_leaves_citizens_and_neighbourhood_chairs_with_a_password_only(
    client, personas, required
):
    client.force_login(personas.rt_chair)
    assert client.get("/notifikasi/").status_code == 200


def test_it_requires_the_code_for_a_staff_api_token(api, personas, required):
    body = {"username": "081200000020", "password": DEMO_PASSWORD}
    refused = api().post("auth/token", body)
    assert refused.status_code == 401
    assert refused.json()["code"] == "otp_enrollment_required"
    device = enrol(personas.staff)
    assert api().post("auth/token", body).json()["code"] == "otp_required"
    assert api().post("auth/token", {**body, "otp": code_for(device)}).status_code == 200


def test_it_is_required_by_default_in_production_only(settings):
    from berdaya.accounts import two_factor  # noqa: F401  (the setting is read at start-up)

    assert settings.BERDAYA_REQUIRE_STAFF_2FA is False  # test/development default


def test_it_shows_the_manual_key_in_base32_grouped_in_fours(client, personas, required):
    import base64

    client.force_login(personas.staff)
    page = client.get("/akun/2fa/atur/").content.decode()
    device = TOTPDevice.objects.get(user=personas.staff, confirmed=False)
    expected = base64.b32encode(bytes(device.bin_key)).decode().rstrip("=")
    grouped = " ".join(expected[i : i + 4] for i in range(0, len(expected), 4))
    assert grouped in page
    assert device.bin_key.hex() not in page
    assert all(len(group) <= 4 for group in grouped.split(" "))
    # What an authenticator app decodes from the typed key is the device's secret.
    assert base64.b32decode(grouped.replace(" ", "")) == bytes(device.bin_key)
