"""Certificates: which count, whose they are, and the lookup by code (used by registry,
financing and targets)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, IntegerField, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from berdaya.accounts.selectors import is_staff
from berdaya.core.codes import find_by_code
from berdaya.training.models import Certificate
from berdaya.training.selectors.access import batches_for_staff


def valid_certificates(*, before=None, program=None) -> QuerySet[Certificate]:
    """Certificates that count: not revoked, issued on or before ``before`` when given, of
    ``program`` (a Program or its pk) when given. Targets count trained entrepreneurs from it."""
    qs = Certificate.objects.filter(revoked_at__isnull=True)
    if before is not None:
        qs = qs.filter(issued_on__lte=before)
    if program is not None:
        qs = qs.filter(batch__program=program)
    return qs


def tally_marks() -> dict[str, QuerySet]:
    """One-value querysets for ``berdaya.targets``: the last certificate id and the number revoked
    (a new or revoked certificate changes them)."""
    revoked = (
        Certificate.objects.filter(revoked_at__isnull=False)
        .order_by()
        .annotate(one=Value(1, output_field=IntegerField()))
        .values("one")
        .annotate(n=Count("id"))
        .values("n")
    )
    return {
        "certificate_id": Certificate.objects.order_by("-id").values("id")[:1],
        "certificates_revoked": revoked,
    }


def person_has_certificate(person, *, before=None, program=None) -> bool:
    """Whether ``person`` holds a valid DKUM training certificate (issued on or before ``before``
    when given; of ``program`` when given). Used by the registry's new-entrepreneur flag and by
    the financing rule ``training_required``."""
    if person is None or getattr(person, "pk", None) is None:
        return False
    if isinstance(before, datetime):  # a moment: compare its local date
        before = timezone.localtime(before).date() if timezone.is_aware(before) else before.date()
    return valid_certificates(before=before, program=program).filter(person=person).exists()


def certificates_of_person(person) -> QuerySet[Certificate]:
    if person is None:
        return Certificate.objects.none()
    return Certificate.objects.filter(person=person).select_related("batch__program")


def certificate_for_user(user, pk: int) -> Certificate:
    """The certificate, for its holder or staff; 404 for anyone else."""
    qs = Certificate.objects.select_related("batch__program", "person")
    if not user.is_authenticated:
        qs = qs.none()
    elif is_staff(user):
        qs = qs.filter(Q(batch__in=batches_for_staff(user)) | Q(person__user=user))
    else:
        qs = qs.filter(person__user=user)
    try:
        return qs.get(pk=pk)
    except Certificate.DoesNotExist:
        raise Http404 from None


def certificate_by_code(code: str) -> Certificate | None:
    return find_by_code(Certificate.objects.select_related("batch__program", "person"), code)
