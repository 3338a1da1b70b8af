"""Writing and reading the event trail of workflow objects."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from berdaya.core.models import Event


def record(
    obj: models.Model,
    verb: str,
    *,
    actor: Any = None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict | None = None,
) -> Event:
    """Write one event row for ``obj``. Call it inside the service's transaction."""
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return Event.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        verb=verb,
        actor=actor_obj,
        from_status=from_status or "",
        to_status=to_status or "",
        note=note or "",
        data=data or {},
    )


def timeline(obj: models.Model) -> models.QuerySet[Event]:
    """The events of ``obj``, oldest first, with their actors."""
    return Event.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
