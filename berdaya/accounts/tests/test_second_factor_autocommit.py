"""A second-factor code checked outside a test's wrapping transaction, on PostgreSQL (as in
production: requests run in autocommit). django-otp locks the devices while it checks a code
(``select_for_update``), which needs a transaction of its own: without one the token endpoint
and the code page failed with TransactionManagementError (500), unseen by tests that run
inside a transaction (checked by removing the ``transaction.atomic`` in
``two_factor.verify_second_factor``)."""

from __future__ import annotations

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from berdaya.core.personas import DEMO_PASSWORD
from berdaya.core.tests.concurrency import MARKS

pytestmark = MARKS


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_the_token_endpoint_accepts_the_right_code(personas):
    device = TOTPDevice.objects.create(user=personas.admin, name="hp", confirmed=True)
    payload = {"username": "081200000021", "password": DEMO_PASSWORD, "otp": code_for(device)}
    response = Client().post("/api/v1/auth/token", payload, content_type="application/json")
    assert response.status_code == 200 and response.json()["token"]


def test_the_code_page_accepts_the_right_code(personas):
    device = TOTPDevice.objects.create(user=personas.admin, name="hp", confirmed=True)
    client = Client()
    login = client.post("/akun/masuk/", {"username": "081200000021", "password": DEMO_PASSWORD})
    assert login.status_code == 302
    response = client.post("/akun/2fa/", {"token": code_for(device), "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
