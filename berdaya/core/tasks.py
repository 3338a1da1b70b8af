"""Background jobs of the core app (django-tasks: database backend, or RQ when REDIS_URL is set)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task

from berdaya.core.gateways import get_gateway
from berdaya.core.models import OutboundMessage


@task()
def deliver_message(message_id: int) -> str:
    """Send one outbound message through its channel. Runs twice, sends once."""
    updated = OutboundMessage.objects.filter(
        pk=message_id, status=OutboundMessage.Status.PENDING
    ).update(status=OutboundMessage.Status.SENT, sent_at=timezone.now())
    if not updated:
        return "skipped"
    message = OutboundMessage.objects.get(pk=message_id)
    try:
        if message.channel == OutboundMessage.Channel.EMAIL:
            send_mail(message.subject, message.body, None, [message.recipient])
        else:
            get_gateway().send(phone=message.recipient, text=message.body)
    except Exception as exc:  # a provider failure is recorded, not raised into the worker loop
        OutboundMessage.objects.filter(pk=message_id).update(
            status=OutboundMessage.Status.FAILED, error=str(exc)[:2000], sent_at=None
        )
        return "failed"
    return "sent"
