"""Notifications: in the app at once, by email and WhatsApp/SMS through background jobs.

Services call ``notify_user`` inside their transaction; the messages are queued on commit, so a
rolled-back step sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction

from berdaya.core.models import Notification, OutboundMessage

_outbound_muted: ContextVar[bool] = ContextVar("berdaya_outbound_muted", default=False)


@contextmanager
def outbound_muted() -> Iterator[None]:
    """Keep in-app notifications but send no email or WhatsApp (demo data, bulk imports)."""
    token = _outbound_muted.set(True)
    try:
        yield
    finally:
        _outbound_muted.reset(token)


def notify_user(user: Any, *, title: str, body: str = "", url: str = "") -> Notification | None:
    if user is None:
        return None
    notification = Notification.objects.create(user=user, title=title, body=body, url=url)
    if _outbound_muted.get():
        return notification
    text = f"{title}\n{body}".strip()
    messages = []
    if getattr(user, "email", ""):
        messages.append(
            OutboundMessage.objects.create(
                channel=OutboundMessage.Channel.EMAIL,
                recipient=user.email,
                subject=f"[Berdaya] {title}",
                body=text,
            )
        )
    if getattr(user, "phone", None):
        messages.append(
            OutboundMessage.objects.create(
                channel=OutboundMessage.Channel.WHATSAPP, recipient=str(user.phone), body=text
            )
        )

    def enqueue() -> None:
        from berdaya.core.tasks import deliver_message

        for message in messages:
            deliver_message.enqueue(message.pk)

    transaction.on_commit(enqueue)
    return notification


def notify_users(users: Any, *, title: str, body: str = "", url: str = "") -> None:
    for user in users:
        notify_user(user, title=title, body=body, url=url)
