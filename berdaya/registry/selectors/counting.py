"""What the programme targets count of the registry (read only, for ``berdaya.targets``): cheap
marks that change with a new registration or verification, and the months of verified
registrations that changed since earlier marks."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from berdaya.core.models import Event
from berdaya.registry.models import Registration, RegistrationStatus

VERIFIED = RegistrationStatus.VERIFIED


def verified_registrations() -> QuerySet[Registration]:
    return Registration.objects.filter(status=VERIFIED)


def tally_marks() -> dict[str, QuerySet]:
    """One-value querysets (index lookups): the last registration id and the latest verification."""
    return {
        "registration_id": Registration.objects.order_by("-id").values("id")[:1],
        "verified_at": verified_registrations()
        .filter(verified_at__isnull=False)
        .order_by("-verified_at")
        .values("verified_at")[:1],
    }


def verified_months_changed_since(
    *, registration_id: int | None, verified_at: str | None, event_id: int | None
) -> tuple[set[datetime.date], bool]:
    """The months (first days) of verification of registrations that are new or verified after
    the given marks, or went through a workflow step after event ``event_id``; and whether one of
    those steps left "verified" (its old month is not known, so every month must be recounted)."""
    changed = verified_registrations().filter(id__gt=registration_id or 0)
    if verified_at:
        changed = changed | verified_registrations().filter(
            verified_at__gt=datetime.datetime.fromisoformat(verified_at)
        )
    months = {d.date() for d in changed.datetimes("verified_at", "month")}
    steps = Event.objects.filter(
        id__gt=event_id or 0, content_type=ContentType.objects.get_for_model(Registration)
    )
    left = steps.filter(from_status=VERIFIED).exclude(to_status=VERIFIED).exists()
    ids = [int(i) for i in steps.values_list("object_id", flat=True) if i.isdigit()]
    moved = verified_registrations().filter(pk__in=ids)
    months |= {d.date() for d in moved.datetimes("verified_at", "month")}
    return months, left
