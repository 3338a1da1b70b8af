"""Reads of this app. Access rules come from ``berdaya.accounts.selectors``."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from berdaya.core.inbox import InboxItem
from berdaya.training.models import Certificate


def valid_certificates(*, before=None, program=None):
    """Certificates that count: not revoked, issued on or before ``before`` when given, of
    ``program`` (a Program or its pk) when given. Targets count trained entrepreneurs from it."""
    qs = Certificate.objects.filter(revoked_at__isnull=True)
    if before is not None:
        qs = qs.filter(issued_on__lte=before)
    if program is not None:
        qs = qs.filter(batch__program=program)
    return qs


def person_has_certificate(person, *, before=None, program=None) -> bool:
    """Whether ``person`` holds a valid DKUM training certificate (issued on or before ``before``
    when given; of ``program`` when given). Used by the registry's new-entrepreneur flag and by
    the financing rule ``training_required``."""
    if person is None or getattr(person, "pk", None) is None:
        return False
    if isinstance(before, datetime):  # a moment: compare its local date
        before = timezone.localtime(before).date() if timezone.is_aware(before) else before.date()
    return valid_certificates(before=before, program=program).filter(person=person).exists()


def inbox(user) -> list[InboxItem]:
    """What waits for ``user``'s action in this app (shown on the home page)."""
    return []


def _index_url() -> str:
    return reverse("training:index")
