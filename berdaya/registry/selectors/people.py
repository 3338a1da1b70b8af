"""Persons: by user or NIK, verified partners, and who counts as a (woman) new entrepreneur."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from berdaya.core.cleaning import CleanError, clean_nik
from berdaya.registry.models import (
    DevelopmentReport,
    Gender,
    Person,
    Registration,
    RegistrationStatus,
)
from berdaya.registry.selectors.scope import _authenticated


def person_for_user(user) -> Person | None:
    if not _authenticated(user):
        return None
    return Person.objects.filter(user=user).select_related("kelurahan__kecamatan").first()


def registrations_with_cards(person: Person) -> QuerySet[Registration]:
    """``person``'s registrations with what their cards on the entrepreneur's page show: the
    business, its KBLI and area, its reports (by period) and photos, in a fixed number of
    queries however many businesses there are."""
    return person.registrations.select_related(
        "business__kbli", "business__kelurahan__kecamatan"
    ).prefetch_related(
        Prefetch("business__reports", queryset=DevelopmentReport.objects.order_by("period")),
        "business__photos",
    )


def person_by_nik(nik: str) -> Person | None:
    """The person with this NIK (however its digits were typed), or None."""
    try:
        text = clean_nik(nik)
    except CleanError:
        return None
    return Person.objects.filter(nik=text).first()


def is_verified_partner(person: Person | None) -> bool:
    if person is None or person.pk is None:
        return False
    return Registration.objects.filter(person=person, status=RegistrationStatus.VERIFIED).exists()


def verified_partner_ids(person_ids) -> set[int]:
    """Of ``person_ids``, those of verified partners (``is_verified_partner`` for a set, in one
    query)."""
    return set(
        Registration.objects.filter(
            person_id__in=list(person_ids), status=RegistrationStatus.VERIFIED
        ).values_list("person_id", flat=True)
    )


def woman_entrepreneur_q(person: str = "person") -> Q:
    """The woman entrepreneur rule as a filter on registrations: verified, and the owner
    (``person`` path) is a woman. The dashboard tally, the pages and the API all use it."""
    return Q(status=RegistrationStatus.VERIFIED, **{f"{person}__gender": Gender.P})


def new_entrepreneur_registrations() -> QuerySet[Registration]:
    """Verified registrations of new entrepreneurs: what the program targets count."""
    return Registration.objects.filter(status=RegistrationStatus.VERIFIED, is_new_entrepreneur=True)


def is_woman_entrepreneur(person: Person | None) -> bool:
    """Derived: a verified partner whose owner is a woman (``P``)."""
    if person is None or person.pk is None:
        return False
    return Registration.objects.filter(woman_entrepreneur_q(), person=person).exists()


def registration_is_woman_entrepreneur(registration: Registration) -> bool:
    """Derived for one registration: verified, and its owner is a woman (``P``)."""
    return (
        registration.status == RegistrationStatus.VERIFIED
        and registration.person.gender == Gender.P
    )


def registration_is_verified(registration: Registration | None) -> bool:
    """Whether a registration (possibly none) is a verified mitra binaan's."""
    return registration is not None and registration.status == RegistrationStatus.VERIFIED


def person_is_woman(person: Person) -> bool:
    """The owner's recorded gender is a woman's (``P``)."""
    return person.gender == Gender.P


def verified_business_q(registration: str = "registration") -> Q:
    """Businesses whose mitra binaan registration (``registration`` path) is verified."""
    return Q(**{f"{registration}__status": RegistrationStatus.VERIFIED})


def phone_has_account(phone: str) -> bool:
    """Whether a login already uses this (E.164) phone number: a registration with it is taken
    without a new account (family members often share one phone)."""
    from berdaya.accounts.models import User

    return bool(phone) and User.objects.filter(phone=phone).exists()
