"""Which device a public registration comes from, for the per-device abuse limit
(``services.throttle``): the registration pages' cookie, or for an API client (an app on the
phone) its installation id in the ``X-Berdaya-Device`` header. Either is chosen by the client,
so it only narrows an abuser who keeps it; the phone, NIK and address limits do not rely on it."""

from __future__ import annotations

DEVICE_COOKIE = "berdaya_perangkat"
DEVICE_HEADER = "X-Berdaya-Device"


def device_of(request) -> str:
    """The header (API clients) or the cookie (the pages), at most 64 characters; else ""."""
    value = request.headers.get(DEVICE_HEADER) or request.COOKIES.get(DEVICE_COOKIE) or ""
    return value.strip()[:64]
