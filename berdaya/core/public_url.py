"""Full addresses printed in letters, certificates and QR codes (issue 14): on
BERDAYA_PUBLIC_URL when it is set, else on the address the app is served at (a phone scanning a
QR code on a test server or a LAN address must reach it, not 127.0.0.1)."""

from __future__ import annotations

from django.conf import settings

# The settings' default when BERDAYA_PUBLIC_URL is not set in the environment.
UNSET_PUBLIC_URL = "http://127.0.0.1:8000"


def public_url(request, path: str) -> str:
    """``path`` on BERDAYA_PUBLIC_URL when it is set, else on the address the app is served at."""
    base = (getattr(settings, "BERDAYA_PUBLIC_URL", "") or "").rstrip("/")
    if base and base != UNSET_PUBLIC_URL:
        return base + path
    return request.build_absolute_uri(path)
