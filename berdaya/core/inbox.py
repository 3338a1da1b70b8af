"""An item of what waits for a user's action on the home page.

Each app's ``selectors.inbox(user)`` returns a list of ``InboxItem``; ``berdaya.portal.inbox``
gathers them (core imports no app).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InboxItem:
    title: str
    url: str
    count: int | None = None
    hint: str = ""
