"""The training items of the home page's inbox."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from berdaya.accounts.selectors import is_staff
from berdaya.core.dates import short_datetime
from berdaya.core.inbox import InboxItem
from berdaya.training.models import (
    BatchStatus,
    EnrollmentStatus,
    Session,
)
from berdaya.training.selectors.access import batches_for_staff, person_for_user
from berdaya.training.selectors.batches import _awaiting_completion


def inbox(user) -> list[InboxItem]:
    """Staff: batches with a session today (take attendance) and finished batches to complete.
    A participant: their sessions in the coming week."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    now = timezone.now()
    today = timezone.localdate()
    index = reverse("training:index")
    items: list[InboxItem] = []
    if is_staff(user):
        mine = batches_for_staff(user)
        today_sessions = Session.objects.filter(
            batch__in=mine,
            starts_at__date=today,
            batch__status__in=[BatchStatus.OPEN, BatchStatus.CLOSED],
        ).count()
        if today_sessions:
            items.append(
                InboxItem(
                    title="Sesi pelatihan hari ini: catat kehadiran",
                    url=index + "?perlu=hari_ini",
                    count=today_sessions,
                )
            )
        to_complete = mine.filter(_awaiting_completion(today)).count()
        if to_complete:
            items.append(
                InboxItem(
                    title="Angkatan pelatihan selesai: terbitkan sertifikat",
                    url=index + "?perlu=selesai",
                    count=to_complete,
                )
            )
        return items
    person = person_for_user(user)
    if person is None:
        return items
    upcoming = (
        Session.objects.filter(
            batch__enrollments__person=person,
            batch__enrollments__status=EnrollmentStatus.REGISTERED,
            ends_at__gte=now,
            starts_at__lte=now + timedelta(days=7),
        )
        .select_related("batch__program")
        .order_by("starts_at")
    )
    for session in upcoming[:5]:
        items.append(
            InboxItem(
                title=f"{session.batch.program.name}: sesi {session.number}",
                url=reverse("training:batch_detail", args=[session.batch_id]),
                hint=short_datetime(session.starts_at),
            )
        )
    return items
