"""Background jobs of the opportunities app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from berdaya.opportunities import services
from berdaya.opportunities.alerts import send_alert_digests

__all__ = ["close_expired", "send_alert_digests"]


@task()
def close_expired() -> int:
    """Write ``closed`` on published opportunities past their deadline."""
    return services.opportunities_close_expired()
