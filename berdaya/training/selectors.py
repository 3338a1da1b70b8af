"""Reads of this app. Access rules come from ``berdaya.accounts.selectors``."""

from __future__ import annotations

from berdaya.core.inbox import InboxItem


def inbox(user) -> list[InboxItem]:
    """What waits for ``user``'s action in this app (shown on the home page)."""
    return []


def person_has_certificate(person, *, before=None, program=None) -> bool:
    """Whether ``person`` holds a valid DKUM training certificate (issued on or before ``before``
    when given; of ``program`` when given). Used by the registry's new-entrepreneur flag and by
    the financing rule ``training_required``. Placeholder until the training app has models."""
    return False
