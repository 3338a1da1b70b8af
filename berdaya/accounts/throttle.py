"""Login throttling, shared by the login page and the API token endpoint.

Failures are counted per (login, client address) in a sliding window: at
``BERDAYA_LOGIN_FAILURE_LIMIT`` failures the pair is refused, whatever the password, until
the oldest counted failure leaves the window (``BERDAYA_LOGIN_LOCK_MINUTES``). Other logins from
the same address go on. A second, higher limit counts failures from one address across all logins
(``BERDAYA_LOGIN_ADDRESS_LIMIT``) and stops password spraying. An empty login is refused without
being counted, so it can never lock anyone else out.

A password check is counted before it is made (``throttle_attempt``) and the count is taken back
when the password is right (``throttle_withdraw``): checks sent at the same moment each count the
others, so they cannot all get past the limit (ADR 0011). That step is also the only check: a
caller never checks first on its own (a check that found room could still be refused by the
count, and the refusal would read as a wrong password). When the backend refuses, it leaves the
refusal on the request (``throttle_refusal``) and the caller answers 429 with it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from berdaya.accounts.models import LoginFailure
from berdaya.accounts.phones import normalize_phone
from berdaya.core.errors import RuleError

__all__ = [
    "Locked", "login_identifier", "throttle_attempt", "throttle_check", "throttle_fail",
    "throttle_refusal", "throttle_refuse", "throttle_succeed", "throttle_withdraw",
]  # fmt: skip

_REFUSAL = "berdaya_login_refusal"


def login_identifier(raw: str | None) -> str:
    """The login identifier the throttle counts on, normalised so that '0812...' and
    '+62812...' (or two spellings of an email) count as one account. Empty when nothing usable
    was typed."""
    raw = (raw or "").strip()[:254]
    if "@" in raw:
        return raw.lower()
    try:
        return str(normalize_phone(raw))
    except RuleError:
        return raw


@dataclass(frozen=True)
class Locked:
    code: str  # too_many_attempts (this login from this address) / too_many_attempts_address
    retry_after_seconds: int

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.retry_after_seconds / 60))
        if self.code == "too_many_attempts_address":
            return (
                "Terlalu banyak percobaan masuk yang gagal dari alamat ini. "
                f"Coba lagi dalam {minutes} menit."
            )
        return (
            "Terlalu banyak percobaan masuk yang gagal untuk akun ini. "
            f"Coba lagi dalam {minutes} menit."
        )

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "message": self.message,
            "retry_after_seconds": self.retry_after_seconds,
        }


def _window() -> timedelta:
    return timedelta(minutes=settings.BERDAYA_LOGIN_LOCK_MINUTES)


def _locked_until(times: list, limit: int):
    """With failure times newest first, the moment the count drops below ``limit``."""
    if len(times) < limit:
        return None
    return times[limit - 1] + _window()


def throttle_check(*, login: str, address: str, counted: int = 0) -> Locked | None:
    """Whether this login from this address is refused now (before looking at the password).
    ``counted``: failures among the stored ones that are this check's own (counted in advance by
    ``throttle_attempt``), not earlier attempts."""
    if not settings.BERDAYA_LOGIN_THROTTLE:
        return None
    now = timezone.now()
    since = now - _window()
    recent = LoginFailure.objects.filter(address=address, created_at__gt=since)
    pair_limit = settings.BERDAYA_LOGIN_FAILURE_LIMIT + counted
    address_limit = settings.BERDAYA_LOGIN_ADDRESS_LIMIT + counted
    candidates = []
    if login:
        pair = list(
            recent.filter(login=login)
            .order_by("-created_at")
            .values_list("created_at", flat=True)[:pair_limit]
        )
        until = _locked_until(pair, pair_limit)
        if until is not None and until > now:
            candidates.append(Locked("too_many_attempts", math.ceil((until - now).total_seconds())))
    spread = list(
        recent.order_by("-created_at").values_list("created_at", flat=True)[:address_limit]
    )
    until = _locked_until(spread, address_limit)
    if until is not None and until > now:
        candidates.append(
            Locked("too_many_attempts_address", math.ceil((until - now).total_seconds()))
        )
    return max(candidates, key=lambda c: c.retry_after_seconds, default=None)


def throttle_fail(*, login: str, address: str) -> int | None:
    """Count one failure (an empty login is not counted); returns its id."""
    if not login or not settings.BERDAYA_LOGIN_THROTTLE:
        return None
    now = timezone.now()
    LoginFailure.objects.filter(address=address, created_at__lte=now - _window()).delete()
    return LoginFailure.objects.create(login=login[:254], address=address[:64], created_at=now).pk


def throttle_attempt(*, login: str, address: str) -> tuple[Locked | None, int | None]:
    """Count a password check as a failure before it is made, then see whether it is refused:
    checks that arrive at the same moment each count the others, so no more of them get past
    the limit than it allows (a check made first and counted after would let them all through).
    Returns ``(locked, attempt)``: a refused check is not counted; else ``attempt`` is the id of
    the failure counted in advance, withdrawn by ``throttle_withdraw`` if the password is
    right. An empty login is only checked."""
    attempt = throttle_fail(login=login, address=address)
    locked = throttle_check(login=login, address=address, counted=1 if attempt else 0)
    if locked is not None and attempt is not None:
        throttle_withdraw(attempt)
        attempt = None
    return locked, attempt


def throttle_refuse(request, locked: Locked) -> None:
    """Leave on ``request`` why its password was not checked (the login backend, which can
    only answer None), for the caller to answer 429 (``throttle_refusal``)."""
    setattr(request, _REFUSAL, locked)


def throttle_refusal(request) -> Locked | None:
    """Why the throttle refused this request's password check, if it did."""
    return getattr(request, _REFUSAL, None)


def throttle_withdraw(attempt: int | None) -> None:
    """Take back the failure ``throttle_attempt`` counted in advance (the password was right)."""
    if attempt is not None:
        LoginFailure.objects.filter(pk=attempt).delete()


def throttle_succeed(*, login: str, address: str) -> None:
    """A successful login clears this pair's failures."""
    if login:
        LoginFailure.objects.filter(login=login, address=address).delete()
