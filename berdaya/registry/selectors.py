"""Reads of this app. Access rules come from ``berdaya.accounts.selectors``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from berdaya.accounts.models import Role
from berdaya.accounts.selectors import (
    DASHBOARD_ROLES,
    TERRITORY_ROLES,
    has_role,
    is_staff,
    territory_q,
)
from berdaya.core.inbox import InboxItem
from berdaya.registry.models import (
    Business,
    ChangeStatus,
    DevelopmentReport,
    IdentityChange,
    KbliCode,
    Person,
    Registration,
    RegistrationStatus,
)
from berdaya.registry.nik import parse_nik

# Who sees persons and businesses by territory: staff/admin/pimpinan the city (or their
# kecamatan), the RT/RW chairs and the kelurahan officer their own area.
AREA_ROLES = (*DASHBOARD_ROLES, *TERRITORY_ROLES)
# Roles that need the full NIK (verification, identity review); others see it masked.
NIK_ROLES = (Role.STAF_DKUM, Role.ADMIN_DKUM)


def _any_of(*conditions: Q) -> Q:
    """OR of the conditions, where an empty Q (the whole city) matches everything. (Django's
    ``Q() | Q(x)`` is ``Q(x)``, which would narrow the city to the second condition.)"""
    if any(not c for c in conditions):
        return Q()
    result = conditions[0]
    for condition in conditions[1:]:
        result |= condition
    return result


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def person_for_user(user) -> Person | None:
    if not _authenticated(user):
        return None
    return Person.objects.filter(user=user).select_related("kelurahan__kecamatan").first()


def person_by_nik(nik: str) -> Person | None:
    text = "".join(ch for ch in str(nik or "") if ch.isdigit())
    if len(text) != 16:
        return None
    return Person.objects.filter(nik=text).first()


def is_verified_partner(person: Person | None) -> bool:
    if person is None or person.pk is None:
        return False
    return Registration.objects.filter(person=person, status=RegistrationStatus.VERIFIED).exists()


def is_woman_entrepreneur(person: Person | None) -> bool:
    """Derived: a verified partner whose owner is a woman (``P``)."""
    return bool(person is not None and person.gender == "P" and is_verified_partner(person))


def registration_is_woman_entrepreneur(registration: Registration) -> bool:
    """Derived for one registration: verified, and its owner is a woman (``P``)."""
    return registration.status == RegistrationStatus.VERIFIED and registration.person.gender == "P"


def persons_visible_to(user) -> QuerySet[Person]:
    if not _authenticated(user):
        return Person.objects.none()
    return Person.objects.filter(_any_of(territory_q(user, AREA_ROLES), Q(user=user)))


def businesses_visible_to(user) -> QuerySet[Business]:
    """Businesses whose owner lives (or whose business is) in the user's territory; a pelaku
    usaha their own; a lender officer nothing."""
    if not _authenticated(user):
        return Business.objects.none()
    owner_area = territory_q(
        user, AREA_ROLES, kelurahan="owner__kelurahan", rw="owner__rw", rt="owner__rt"
    )
    return Business.objects.filter(
        _any_of(territory_q(user, AREA_ROLES), owner_area, Q(owner__user=user))
    )


def registrations_visible_to(user) -> QuerySet[Registration]:
    if not _authenticated(user):
        return Registration.objects.none()
    owner_area = territory_q(
        user, AREA_ROLES, kelurahan="person__kelurahan", rw="person__rw", rt="person__rt"
    )
    return Registration.objects.filter(_any_of(owner_area, Q(person__user=user)))


def manages_person(user, person: Person) -> bool:
    """The person themselves, or DKUM staff acting on their behalf."""
    is_self = bool(getattr(user, "is_authenticated", False) and person.user_id == user.pk)
    return is_self or is_staff(user)


def can_review(user) -> bool:
    return is_staff(user)


def can_see_full_nik(user) -> bool:
    return has_role(user, *NIK_ROLES)


def registration_get(user, pk: int) -> Registration | None:
    """The registration if ``user`` may see it (else None, shown as 404)."""
    return (
        registrations_visible_to(user)
        .select_related(
            "person__kelurahan__kecamatan",
            "person__user",
            "business__kbli",
            "business__kelurahan__kecamatan",
            "reviewed_by",
        )
        .filter(pk=pk)
        .first()
    )


def business_get(user, pk: int) -> Business | None:
    return (
        businesses_visible_to(user)
        .select_related("owner", "kbli", "kelurahan__kecamatan", "registration")
        .filter(pk=pk)
        .first()
    )


@dataclass
class QueueFilters:
    kecamatan: str = ""
    kelurahan: str = ""
    section: str = ""
    size: str = ""
    status: str = ""
    gender: str = ""
    new: str = ""  # "1" new entrepreneurs only, "0" the others
    q: str = ""


def registration_search(user, f: QueueFilters) -> QuerySet[Registration]:
    """The verification queue / partner list with indexed filters (no COUNT, no OFFSET)."""
    qs = registrations_visible_to(user).select_related(
        "person", "business__kelurahan__kecamatan", "business__kbli"
    )
    if f.kelurahan:
        qs = qs.filter(business__kelurahan_id=f.kelurahan)
    elif f.kecamatan:
        qs = qs.filter(business__kelurahan__kecamatan_id=f.kecamatan)
    if f.section:
        qs = qs.filter(business__kbli_section=f.section)
    if f.size:
        qs = qs.filter(business__size_class=f.size)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.gender:
        qs = qs.filter(person__gender=f.gender)
    if f.new in ("1", "0"):
        qs = qs.filter(is_new_entrepreneur=f.new == "1")
    q = (f.q or "").strip()
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        if q.upper().startswith("MB-"):
            qs = qs.filter(partner_number__iexact=q)
        elif len(digits) == 16 and digits == q.replace(" ", ""):
            qs = qs.filter(person__nik=digits)
        elif len(digits) == 13 and digits == q.replace(" ", ""):
            qs = qs.filter(business__nib=digits)
        else:
            qs = qs.filter(Q(person__full_name__icontains=q) | Q(business__name__icontains=q))
    return qs


def business_search(user, f: QueueFilters) -> QuerySet[Business]:
    qs = businesses_visible_to(user).select_related(
        "owner", "kbli", "registration", "kelurahan__kecamatan"
    )
    if f.kelurahan:
        qs = qs.filter(kelurahan_id=f.kelurahan)
    elif f.kecamatan:
        qs = qs.filter(kelurahan__kecamatan_id=f.kecamatan)
    if f.section:
        qs = qs.filter(kbli_section=f.section)
    if f.size:
        qs = qs.filter(size_class=f.size)
    if f.status:
        qs = qs.filter(registration__status=f.status)
    if f.gender:
        qs = qs.filter(owner__gender=f.gender)
    if f.new in ("1", "0"):
        qs = qs.filter(registration__is_new_entrepreneur=f.new == "1")
    if f.q:
        qs = qs.filter(Q(name__icontains=f.q) | Q(registration__partner_number__iexact=f.q))
    return qs


def likely_duplicates(registration: Registration) -> list[tuple[Person, str]]:
    """Other persons with the same name and birth date, or the same phone (same NIK cannot
    exist): flagged for the reviewer."""
    person = registration.person
    found: list[tuple[Person, str]] = []
    same_name = Person.objects.filter(
        full_name__iexact=person.full_name, birth_date=person.birth_date
    ).exclude(pk=person.pk)
    for other in same_name[:10]:
        found.append((other, "nama dan tanggal lahir sama"))
    for other in Person.objects.filter(phone=person.phone).exclude(pk=person.pk)[:10]:
        if all(o.pk != other.pk for o, _ in found):
            found.append((other, "nomor HP sama"))
    return found


def nik_warnings(person: Person) -> list[str]:
    try:
        return parse_nik(person.nik).warnings
    except Exception:
        return []


def reports_of(business: Business) -> QuerySet[DevelopmentReport]:
    return DevelopmentReport.objects.filter(business=business).order_by("period")


def kbli_search(query: str, *, limit: int = 15) -> list[KbliCode]:
    """5-digit KBLI codes whose code, title or description match every word of ``query``."""
    words = [w for w in (query or "").split() if len(w) >= 2][:5]
    if not words:
        return []
    qs = KbliCode.objects.filter(version="2020", level="kelompok")
    if len(words) == 1 and words[0].isdigit():
        return list(qs.filter(code__startswith=words[0])[:limit])
    for word in words:
        qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    # Titles that match come first.
    items = list(qs[:200])
    items.sort(key=lambda k: (not all(w.lower() in k.title.lower() for w in words), k.code))
    return items[:limit]


def identity_changes_pending(user) -> QuerySet[IdentityChange]:
    if not is_staff(user):
        return IdentityChange.objects.none()
    return IdentityChange.objects.filter(status=ChangeStatus.PENDING).select_related("person")


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
    for b in person.businesses.select_related("kbli", "registration"):
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
