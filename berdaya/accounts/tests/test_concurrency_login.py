"""Wrong passwords for one login sent at the same moment, on PostgreSQL: each check is counted
as a failure before the password is checked (``throttle_attempt``), so no more checks get past
the limit than it allows (fewer when they all count each other first: refused, never let in).
With the count made after the check, all six were checked and counted (checked by restoring that
order: 6 failures)."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.test import RequestFactory

from berdaya.accounts.models import LoginFailure
from berdaya.core.tests.concurrency import MARKS, run_together

pytestmark = MARKS
CLIENTS = 6


def test_wrong_passwords_at_the_same_moment_stop_at_the_limit(personas, settings):
    # given a limit of 2 failures for a login from one address
    settings.BERDAYA_LOGIN_FAILURE_LIMIT = 2
    answers: list = []

    # when 6 wrong passwords for one login arrive from that address at the same moment
    def guess(n: int):
        request = RequestFactory().post("/akun/masuk/", REMOTE_ADDR="10.5.0.1")
        return lambda: answers.append(
            authenticate(request, username="081200000020", password=f"tebakan-{n}")
        )

    results, errors = run_together(*(guess(n) for n in range(CLIENTS)))

    # then none gets in, and at most 2 passwords were checked and counted: the rest were refused
    # (fewer when the checks counted each other before any was checked)
    assert errors == [] and results == ["ok"] * CLIENTS and answers == [None] * CLIENTS
    assert LoginFailure.objects.filter(login="+6281200000020").count() <= 2
