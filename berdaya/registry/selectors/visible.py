"""Persons, businesses and registrations narrowed to the user's roles and territory."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from berdaya.accounts.selectors import (
    has_role,
    is_staff,
    territory_q,
)
from berdaya.registry.models import (
    Business,
    Person,
    Registration,
)
from berdaya.registry.selectors.scope import AREA_ROLES, NIK_ROLES, _any_of, _authenticated


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
