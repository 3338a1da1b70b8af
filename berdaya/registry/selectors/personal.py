"""The entrepreneur's inbox, the personal data export and a registration's timeline."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from berdaya.accounts.selectors import (
    is_staff,
)
from berdaya.core import events
from berdaya.core.inbox import InboxItem
from berdaya.registry.models import (
    DevelopmentReport,
    Person,
    Registration,
    RegistrationStatus,
    RegistryEvents,
)
from berdaya.registry.selectors.identity import identity_changes_pending
from berdaya.registry.selectors.people import person_for_user
from berdaya.registry.selectors.scope import _authenticated
from berdaya.registry.selectors.search import reports_of
from berdaya.registry.selectors.visible import registrations_visible_to


def inbox(user) -> list[InboxItem]:
    """What waits for ``user``'s action in this app (shown on the home page)."""
    if not _authenticated(user):
        return []
    items: list[InboxItem] = []
    if is_staff(user):
        waiting = registrations_visible_to(user).filter(status=RegistrationStatus.SUBMITTED)
        count = waiting.count()
        if count:
            items.append(
                InboxItem(
                    "Pendaftaran mitra binaan menunggu verifikasi",
                    reverse("registry:queue") + "?status=submitted",
                    count,
                )
            )
        changes = identity_changes_pending(user).count()
        if changes:
            items.append(
                InboxItem(
                    "Perubahan identitas menunggu tinjauan", reverse("registry:changes"), changes
                )
            )
    person = person_for_user(user)
    if person is not None:
        for reg in Registration.objects.filter(person=person).select_related("business"):
            if reg.status == RegistrationStatus.NEEDS_REVISION:
                items.append(
                    InboxItem(
                        f"Perbaiki pendaftaran {reg.business.name}",
                        reverse("registry:resubmit", args=[reg.pk]),
                        hint=reg.reason[:120],
                    )
                )
            elif reg.status == RegistrationStatus.VERIFIED:
                month = timezone.localdate().replace(day=1)
                if not DevelopmentReport.objects.filter(
                    business_id=reg.business_id, period=month
                ).exists():
                    items.append(
                        InboxItem(
                            f"Isi laporan perkembangan {reg.business.name} bulan ini",
                            reverse("registry:report", args=[reg.business_id]),
                        )
                    )
    return items


def personal_data_export(person: Person) -> dict:
    """Everything the registry holds about ``person``, for the person themself."""
    businesses = []
    for b in person.businesses.select_related("kbli", "registration").prefetch_related("photos"):
        reg = getattr(b, "registration", None)
        businesses.append(
            {
                "name": b.name,
                "kbli": f"{b.kbli.code} {b.kbli.title}",
                "started_on": b.started_on.isoformat(),
                "nib": b.nib,
                "npwp": b.npwp,
                "capital_rupiah": b.capital_rupiah,
                "annual_sales_rupiah": b.annual_sales_rupiah,
                "workers_women": b.workers_women,
                "workers_men": b.workers_men,
                "size_class": b.size_class,
                "address": b.address_line,
                "registration": {
                    "reference": reg.reference,
                    "status": reg.status,
                    "partner_number": reg.partner_number,
                    "submitted_at": reg.submitted_at.isoformat(),
                }
                if reg
                else None,
                "reports": [
                    {
                        "period": r.period.strftime("%Y-%m"),
                        "sales_rupiah": r.sales_rupiah,
                        "assets_rupiah": r.assets_rupiah,
                        "workers_women": r.workers_women,
                        "workers_men": r.workers_men,
                        "needs": r.needs,
                        "note": r.note,
                    }
                    for r in reports_of(b)
                ],
                "photos": [
                    {
                        "file": photo.image.name,
                        "caption": photo.caption,
                        "uploaded_at": photo.created_at.isoformat(),
                    }
                    for photo in b.photos.all()
                ],
            }
        )
    return {
        "nik": person.nik,
        "full_name": person.full_name,
        "gender": person.gender,
        "birth_date": person.birth_date.isoformat(),
        "phone": person.phone,
        "email": person.email,
        "education": person.education,
        "disability": person.disability,
        "address": person.address_line,
        "consent": {
            "text": person.consent_text,
            "at": person.consent_at.isoformat() if person.consent_at else None,
        },
        "businesses": businesses,
    }


def timeline(registration: Registration) -> list:
    """The registration's events, oldest first, each with its ``label`` (RegistryEvents)."""
    items = list(events.timeline(registration))
    for event in items:
        event.label = RegistryEvents.label_of(event.verb)  # type: ignore[attr-defined]
    return items
