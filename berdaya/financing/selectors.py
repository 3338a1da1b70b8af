"""Reads of this app. Access rules come from ``berdaya.accounts.selectors``."""

from __future__ import annotations

from berdaya.core.inbox import InboxItem


def inbox(user) -> list[InboxItem]:
    """What waits for ``user``'s action in this app (shown on the home page)."""
    return []
