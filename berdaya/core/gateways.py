"""WhatsApp/SMS gateways. The default writes the message to the log; a real provider is a class
with the same ``send`` method, named in the ``BERDAYA_MESSAGE_GATEWAY`` setting."""

from __future__ import annotations

import logging
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("berdaya.messages")


class MessageGateway(Protocol):
    def send(self, *, phone: str, text: str) -> None: ...


class LogGateway:
    """Writes each message to the ``berdaya.messages`` log instead of sending it."""

    def send(self, *, phone: str, text: str) -> None:
        masked = phone[:-4] + "****" if len(phone) > 6 else "****"
        logger.info("WhatsApp/SMS to %s: %s", masked, text)


@cache
def _gateway_class(path: str) -> type:
    return import_string(path)


def get_gateway() -> MessageGateway:
    return _gateway_class(settings.BERDAYA_MESSAGE_GATEWAY)()
