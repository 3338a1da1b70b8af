"""Registration attempts sent at the same moment, on PostgreSQL: the abuse limits' name locks
(``core.locks.lock_names``) make them count one after the other, so no limit lets through more
attempts than it allows. Fails without the lock (checked by removing it: up to 6 attempts)."""

from __future__ import annotations

from berdaya.core.tests.concurrency import MARKS, run_together
from berdaya.registry.models import RegistrationAttempt
from berdaya.registry.services.common import RegistrationThrottled
from berdaya.registry.services.throttle import registration_throttle

pytestmark = MARKS
CLIENTS = 6


def _attempts(**kwargs):
    """Run ``registration_throttle`` with ``kwargs(n)`` in CLIENTS threads at once; returns the
    refusals' codes."""
    refused: list[str] = []

    def attempt(n: int):
        def step():
            try:
                registration_throttle(**kwargs["each"](n))
            except RegistrationThrottled as exc:
                refused.append(exc.code)

        return step

    results, errors = run_together(*(attempt(n) for n in range(CLIENTS)))
    assert errors == [] and results == ["ok"] * CLIENTS
    return refused


def test_the_same_phone_at_the_same_moment_stops_at_its_limit(settings):
    # given a limit of 2 attempts an hour with one phone
    settings.BERDAYA_REGISTRATION_PHONE_LIMIT = 2
    # when 6 attempts with that phone, from 6 addresses and devices, arrive at the same moment
    refused = _attempts(each=lambda n: {
        "client_address": f"10.3.0.{n}", "phone": "+6281234567890", "device": f"d{n}",
    })  # fmt: skip
    # then 2 are counted and 4 refused for the phone
    assert RegistrationAttempt.objects.count() == 2
    assert refused == ["registration_same_phone"] * 4


def test_one_address_at_the_same_moment_stops_at_its_allowance(settings):
    # given an allowance of 3 attempts a minute from one address
    settings.BERDAYA_REGISTRATION_ADDRESS_PER_MINUTE = 3
    # when 6 people with their own phones and NIKs register from it at the same moment
    refused = _attempts(each=lambda n: {
        "client_address": "10.4.0.1", "phone": f"+62812345678{n:02d}",
        "nik": f"32760657088500{n:02d}", "device": f"d{n}",
    })  # fmt: skip
    # then 3 are counted and 3 refused
    assert RegistrationAttempt.objects.count() == 3
    assert len(refused) == 3
