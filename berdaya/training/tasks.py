"""Background jobs of the training app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from berdaya.training import services


@task()
def send_reminders(hours_ahead: int = 24) -> int:
    """Remind participants of sessions starting within ``hours_ahead`` hours (each once)."""
    return services.reminders_send(hours_ahead=hours_ahead)
