"""What waits for a user's action, gathered from each app for the home page.

Each app's ``selectors.inbox(user)`` returns a list of ``InboxItem``; an app with nothing for this
user returns an empty list. The list of apps is explicit, so reading it tells where items come from.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.module_loading import import_string

INBOX_SOURCES = [
    "berdaya.registry.selectors.inbox",
    "berdaya.training.selectors.inbox",
    "berdaya.financing.selectors.inbox",
]


@dataclass(frozen=True)
class InboxItem:
    title: str
    url: str
    count: int | None = None
    hint: str = ""


def inbox_for(user) -> list[InboxItem]:
    items: list[InboxItem] = []
    for path in INBOX_SOURCES:
        items.extend(import_string(path)(user))
    return items
