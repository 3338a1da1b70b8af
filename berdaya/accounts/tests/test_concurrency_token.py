"""Logins sent at the same moment, on PostgreSQL, through the API token endpoint and the login
page: every attempt over the limit is answered 429 (with ``Retry-After``), never 401 or the form
again, and no more failures are counted than the limit.

The interleaving is forced, not hoped for: this test holds a SHARE lock on the failure table
from its own connection, so every attempt reads the count (finding room) and then waits to
store its own failure, all at once; the lock is released once all of them wait. Checked
against the old code (a throttle check in the endpoint and the page before ``authenticate``,
whose own refusal then read as a wrong password; a wrong second-factor code counted after it
was checked): the refused attempts got 401 / the form (200), and the six wrong codes were all
checked and counted (6 failures, six 401)."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from berdaya.accounts.models import LoginFailure
from berdaya.core.personas import DEMO_PASSWORD
from berdaya.core.tests.concurrency import MARKS, run_held

pytestmark = MARKS
CLIENTS = 6
TOKEN = "/api/v1/auth/token"
LOGIN = "/akun/masuk/"
ADDRESS = "10.6.0.1"


def hold_failure_table():
    """Reads of the failure count go on; storing a failure waits (SHARE blocks inserts and
    deletes, not selects)."""
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {LoginFailure._meta.db_table} IN SHARE MODE")


def counted(login: str) -> int:
    return LoginFailure.objects.filter(login=login).count()


def test_token_attempts_at_the_same_moment_over_the_limit_get_429(personas, settings):
    # given a limit of 2 failures for a login from one address
    settings.BERDAYA_LOGIN_FAILURE_LIMIT = 2
    answers: list = []

    # when 6 wrong passwords for that login reach the token endpoint at the same moment
    def guess(n: int):
        payload = {"username": "081200000020", "password": f"tebakan-{n}"}
        return lambda: answers.append(
            Client().post(TOKEN, payload, content_type="application/json", REMOTE_ADDR=ADDRESS)
        )

    results, errors = run_held(hold_failure_table, *(guess(n) for n in range(CLIENTS)))

    # then each password checked is one failure counted (401), at most 2, and every other
    # attempt is told to wait: 429 with its body and Retry-After
    assert errors == [] and results == ["ok"] * CLIENTS
    statuses = sorted(a.status_code for a in answers)
    failures = counted("+6281200000020")
    assert failures <= 2
    assert statuses == [401] * failures + [429] * (CLIENTS - failures)
    for answer in answers:
        if answer.status_code == 429:
            body = answer.json()
            assert body["code"] == "too_many_attempts" and body["retry_after_seconds"] > 0
            assert answer["Retry-After"] == str(body["retry_after_seconds"])


def test_page_logins_at_the_same_moment_over_the_limit_get_429(personas, settings):
    # given a limit of 2 failures for a login from one address
    settings.BERDAYA_LOGIN_FAILURE_LIMIT = 2
    answers: list = []

    # when 6 wrong passwords for that login reach the login page at the same moment
    def guess(n: int):
        form = {"username": "081200000020", "password": f"tebakan-{n}"}
        return lambda: answers.append(Client().post(LOGIN, form, REMOTE_ADDR=ADDRESS))

    results, errors = run_held(hold_failure_table, *(guess(n) for n in range(CLIENTS)))

    # then each password checked is one failure counted (the form again), at most 2, and every
    # other attempt gets the waiting page: 429 with Retry-After
    assert errors == [] and results == ["ok"] * CLIENTS
    statuses = sorted(a.status_code for a in answers)
    failures = counted("+6281200000020")
    assert failures <= 2
    assert statuses == [200] * failures + [429] * (CLIENTS - failures)
    assert all(int(a["Retry-After"]) > 0 for a in answers if a.status_code == 429)


def test_wrong_second_factor_codes_waiting_together_stop_at_the_limit(personas, settings):
    # given an admin with an authenticator app, and a limit of 2 failures
    settings.BERDAYA_LOGIN_FAILURE_LIMIT = 2
    device = TOTPDevice.objects.create(user=personas.admin, name="hp", confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    wrong = f"{(totp.token() + 1) % 10**device.digits:0{device.digits}d}"
    answers: list = []

    # when 6 token requests with the right password and a wrong code come one after the
    # other, each getting past the password while the earlier ones wait to check their code
    # (this test holds the device's row, which the code check locks)
    def hold_device():
        TOTPDevice.objects.select_for_update().get(pk=device.pk)

    def guess():
        payload = {"username": "081200000021", "password": DEMO_PASSWORD, "otp": wrong}
        return lambda: answers.append(
            Client().post(TOKEN, payload, content_type="application/json", REMOTE_ADDR=ADDRESS)
        )

    results, errors = run_held(hold_device, *(guess() for _ in range(CLIENTS)), one_by_one=True)

    # then 2 codes were checked and counted (401 otp_required); the others got 429
    assert errors == [] and results == ["ok"] * CLIENTS
    assert counted("+6281200000021") == 2
    codes = sorted(a.json()["code"] for a in answers)
    assert codes == ["otp_required"] * 2 + ["too_many_attempts"] * (CLIENTS - 2)
