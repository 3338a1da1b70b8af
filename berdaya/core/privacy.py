"""Personal data (UU 27/2022): the ONE record of who saw, exported or downloaded it.

Call ``access_record`` every time a full NIK is shown (a detail page for a role that needs it),
every export with personal data, and every personal-data download:

    from berdaya.core.privacy import Action, access_record, subject_of

    access_record(actor=request.user, action=Action.VIEW, subject=subject_of(person),
                  purpose="Verifikasi pendaftaran")
    access_record(actor=request.user, action=Action.EXPORT, subject="registry.Registration",
                  purpose="Ekspor daftar mitra binaan", detail="120 baris; kecamatan=32.76.01")

Lists and exports show ``berdaya.core.masking.mask_nik``; ``reveal_nik`` gives the full or the
masked NIK and records the view when it is full. ``access_log`` is the read side (the admin
page and its export).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet

from berdaya.core.cleaning import clean_text
from berdaya.core.masking import mask_nik
from berdaya.core.models import PersonalDataAccess

Action = PersonalDataAccess.Action


def subject_of(obj: models.Model) -> str:
    """``registry.Person:12``: the subject string of one object."""
    return f"{obj._meta.app_label}.{obj.__class__.__name__}:{obj.pk}"


def _fit(value: Any, length: int) -> str:
    try:
        text = clean_text(value, max_length=None, multiline=False)
    except ValueError:
        text = "?"
    return text[:length]


def access_record(
    *,
    actor: Any,
    action: str,
    subject: str | models.Model,
    purpose: str = "",
    detail: str = "",
) -> PersonalDataAccess:
    """Record one access to personal data: who (``actor``), what (``action``: view, export,
    download, change; ``subject``: an object or "app.Model:pk"; ``detail``), why (``purpose``).
    The time is now. Call it inside the transaction of the read or write it records, if any."""
    if isinstance(subject, models.Model):
        subject = subject_of(subject)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return PersonalDataAccess.objects.create(
        actor=actor_obj,
        action=str(action),
        subject=_fit(subject, 200),
        purpose=_fit(purpose, 200),
        detail=_fit(detail, 300),
    )


def reveal_nik(
    nik: str, *, actor: Any, may_see_full: bool, subject: str | models.Model, purpose: str
) -> str:
    """The full NIK (recorded as a view) when ``may_see_full``, else the masked NIK."""
    if not may_see_full:
        return mask_nik(nik)
    access_record(actor=actor, action=Action.VIEW, subject=subject, purpose=purpose)
    return nik


@dataclass(frozen=True)
class AccessFilters:
    actor: str = ""  # the actor's name (or a part of it), or their user id
    subject: str = ""  # "registry.Person:12", or a prefix such as "registry.Person"
    action: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def access_log(filters: AccessFilters) -> QuerySet[PersonalDataAccess]:
    """The access records matching ``filters``, newest first (for keyset pages)."""
    qs = PersonalDataAccess.objects.select_related("actor")
    if filters.actor:
        by_name = Q(actor__full_name__icontains=filters.actor)
        qs = qs.filter(
            by_name | Q(actor_id=int(filters.actor))
            if filters.actor.isdecimal() and len(filters.actor) < 10
            else by_name
        )
    if filters.subject:
        qs = qs.filter(Q(subject=filters.subject) | Q(subject__startswith=filters.subject))
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.date_from:
        qs = qs.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(created_at__date__lte=filters.date_to)
    return qs.order_by("-created_at", "-id")
