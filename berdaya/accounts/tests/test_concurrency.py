"""Requests on one account at the same moment, on PostgreSQL: a row lock (or the unique phone)
makes the second wait and see the first's write, so a phone is one account, every wrong reset
code counts towards the limit and an authenticator code confirms once. Each test fails without
its lock (checked by removing the lock and running it; see docs/adr/0005)."""

from __future__ import annotations

from django.conf import settings
from django_otp.oath import TOTP

from berdaya.accounts import reset_code, services, two_factor
from berdaya.accounts.models import PasswordResetCode, User
from berdaya.core.tests.concurrency import MARKS, run_together

pytestmark = MARKS


def test_it_creates_one_account_when_one_phone_signs_up_twice_at_once(db):
    # given nobody with this phone
    def sign_up():
        services.user_create(full_name="Siti Aminah", phone="081277001122", password=None)

    # when the same phone signs up twice at the same moment
    results, errors = run_together(sign_up, sign_up)
    # then one account, and the other is told the phone is registered (not a server error)
    assert errors == []
    assert sorted(results) == ["ok", "phone_registered"]
    assert User.objects.filter(phone="+6281277001122").count() == 1


def test_it_counts_every_wrong_reset_code_sent_at_once(db):
    # given an account with a fresh reset code
    services.user_create(full_name="Siti Aminah", phone="081277003344", password=None)
    reset_code.reset_code_request(phone="081277003344", address="10.0.0.1")
    tries = settings.BERDAYA_RESET_CODE_TRIES

    # when as many wrong codes as allowed arrive at the same moment (a guessing script)
    def guess():
        reset_code.reset_code_use(phone="081277003344", code="000000x", password="x")

    results, errors = run_together(*[guess] * tries)
    # then each guess counted, so the code is spent: no guess was lost to a concurrent one
    assert errors == []
    assert results == ["reset_code_invalid"] * tries
    row = PasswordResetCode.objects.get(phone="+6281277003344")
    assert (row.tries, row.used_at is not None) == (tries, True)


def test_it_confirms_an_authenticator_once_with_one_code_sent_twice_at_once(db):
    # given a staff member enrolling an authenticator app
    user = services.user_create(full_name="Staf DKUM", phone="081277005566", password=None)
    device = two_factor.totp_device_pending(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    code = f"{totp.token():0{device.digits}d}"

    # when the first code is sent twice at the same moment (a replay)
    def confirm():
        two_factor.totp_device_confirm(user=user, token=code)

    results, errors = run_together(confirm, confirm)
    # then the device is confirmed once and the replayed code is refused
    assert errors == []
    assert sorted(results) == ["ok", "otp_invalid"]
