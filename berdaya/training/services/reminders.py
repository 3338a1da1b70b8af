"""Reminders before a session, and the record of a roster export."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from berdaya.core.notify import notify_user
from berdaya.training.models import (
    BatchStatus,
    Enrollment,
    EnrollmentStatus,
    Session,
)
from berdaya.training.services.common import _when
from berdaya.training.services.enrollment import _batch_url


def reminders_send(*, now=None, hours_ahead: int = 24) -> int:
    """Remind registered participants of a batch whose first session starts within
    ``hours_ahead`` hours. Each participant is reminded once (``reminded_at``)."""
    from datetime import timedelta

    now = now or timezone.now()
    sent = 0
    upcoming = Session.objects.filter(
        starts_at__gt=now, starts_at__lte=now + timedelta(hours=hours_ahead)
    ).exclude(batch__status=BatchStatus.COMPLETED)
    for session in upcoming.select_related("batch__program"):
        due = Enrollment.objects.filter(
            batch=session.batch, status=EnrollmentStatus.REGISTERED, reminded_at__isnull=True
        ).select_related("person__user")
        for enrollment in due:
            with transaction.atomic():
                claimed = Enrollment.objects.filter(
                    pk=enrollment.pk, reminded_at__isnull=True
                ).update(reminded_at=now)
                if not claimed:
                    continue
                batch = session.batch
                place = batch.venue or batch.online_url or "-"
                notify_user(
                    enrollment.person.user,
                    title=f"Pengingat pelatihan: {batch.program.name}",
                    body=f"Sesi {session.number} mulai {_when(session.starts_at)} di {place}.",
                    url=_batch_url(batch),
                )
                sent += 1
    return sent
