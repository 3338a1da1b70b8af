"""What waits for a user's action, gathered from each app for the home page.

Each app's ``selectors.inbox(user)`` returns a list of ``berdaya.core.inbox.InboxItem``; an app
with nothing for this user returns an empty list. The list of apps is explicit, so reading it tells
where items come from.
"""

from __future__ import annotations

from collections.abc import Callable

from berdaya.cooperatives import selectors as cooperatives
from berdaya.core.inbox import InboxItem
from berdaya.financing import selectors as financing
from berdaya.opportunities import selectors as opportunities
from berdaya.registry import selectors as registry
from berdaya.training import selectors as training

INBOX_SOURCES: list[Callable[..., list[InboxItem]]] = [
    registry.inbox,
    training.inbox,
    financing.inbox,
    cooperatives.inbox,
    opportunities.inbox,
]


def inbox_for(user) -> list[InboxItem]:
    items: list[InboxItem] = []
    for source in INBOX_SOURCES:
        items.extend(source(user))
    return items
