"""What the training write steps share: limits and small helpers."""

from __future__ import annotations

from datetime import datetime

from berdaya.accounts.selectors import is_staff
from berdaya.core.dates import short_datetime
from berdaya.core.errors import AccessDenied

MAX_CAPACITY = 100_000  # people in one batch (the column holds more)


MAX_SESSIONS = 200  # sessions of one batch


def _require_staff(user) -> None:
    if not is_staff(user):
        raise AccessDenied("Hanya staf DKUM yang dapat melakukan ini.")


def _when(moment: datetime) -> str:
    return short_datetime(moment)
