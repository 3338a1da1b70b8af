"""Reset-code requests for one phone sent at the same moment, on PostgreSQL: the throttle's
name locks (``core.locks.lock_names``) make them count one after the other, so no more codes are
made than the limit allows. Fails without the lock (checked by removing it: 2 to 6 codes)."""

from __future__ import annotations

from berdaya.accounts.models import PasswordResetCode
from berdaya.accounts.reset_code import reset_code_request
from berdaya.core.tests.concurrency import MARKS, run_together

pytestmark = MARKS
PHONE = "081234567890"
CLIENTS = 6


def test_requests_at_the_same_moment_make_no_more_codes_than_the_phone_limit(settings):
    # given a limit of 2 codes an hour for a phone
    settings.BERDAYA_RESET_CODE_PHONE_LIMIT = 2
    refused: list = []

    # when 6 requests for that phone, from 6 addresses, arrive at the same moment
    def ask(n: int):
        return lambda: refused.append(reset_code_request(phone=PHONE, address=f"10.1.0.{n}"))

    results, errors = run_together(*(ask(n) for n in range(CLIENTS)))

    # then exactly 2 codes are made and the other 4 are told to wait
    assert errors == [] and results == ["ok"] * CLIENTS
    assert PasswordResetCode.objects.count() == 2
    assert sorted(r.code for r in refused if r is not None) == ["reset_too_many_phone"] * 4


def test_requests_from_one_address_at_the_same_moment_stop_at_its_limit(settings):
    # given a limit of 3 codes an hour from one address
    settings.BERDAYA_RESET_CODE_ADDRESS_LIMIT = 3

    # when 6 requests for 6 phones arrive from that address at the same moment
    def ask(n: int):
        return lambda: reset_code_request(phone=f"08123456780{n}", address="10.2.0.1")

    results, errors = run_together(*(ask(n) for n in range(CLIENTS)))

    # then exactly 3 codes are made
    assert errors == [] and results == ["ok"] * CLIENTS
    assert PasswordResetCode.objects.filter(address="10.2.0.1").count() == 3
