"""The client's address, for throttles and audit, behind a known number of reverse proxies."""

from __future__ import annotations

from django.conf import settings


def client_address(request) -> str:
    """REMOTE_ADDR, or with ``BERDAYA_PROXY_COUNT`` = N trusted proxies in front (nginx: 1), the
    address those proxies saw: the N-th entry from the right of X-Forwarded-For. Entries further
    left are written by the client and never trusted."""
    proxies = settings.BERDAYA_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:64]
    return (request.META.get("REMOTE_ADDR") or "unknown")[:64]


def login_throttle_address(request) -> str | None:
    """The address django-axes records (an IP column): None when the request carries none, as
    with ``Client.force_login`` in tests."""
    address = client_address(request)
    return None if address == "unknown" else address
