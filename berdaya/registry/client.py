"""The client address a request came from, for the registration throttle."""

from __future__ import annotations


def client_address(request) -> str:
    """REMOTE_ADDR as set by the server (behind nginx, set it from X-Real-IP there); a
    forwarded header sent by the client is not trusted."""
    return (request.META.get("REMOTE_ADDR") or "unknown")[:64]
