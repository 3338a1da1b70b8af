"""The financing app's view of people: the registry's and training's selectors, in one door."""

from __future__ import annotations

from berdaya.registry import selectors as registry
from berdaya.registry.models import Person
from berdaya.training.selectors import person_has_certificate, valid_certificates


def person_for_user(user) -> Person | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return registry.person_for_user(user)


def person_by_nik(nik: str) -> Person | None:
    return registry.person_by_nik((nik or "").strip())


def person_by_phone(phone: str, *, normalized: str) -> Person | None:
    """The person whose phone is ``phone`` in its international or local form."""
    local = "0" + normalized[3:] if normalized.startswith("+62") else normalized
    return Person.objects.filter(phone__in=[normalized, local, phone]).first()


def is_verified_partner(person: Person) -> bool:
    return registry.is_verified_partner(person)


def has_certificate(person: Person) -> bool:
    return person_has_certificate(person)


def verified_partner_ids(person_ids) -> set[int]:
    """Of ``person_ids``, the verified partners' (one query for the set)."""
    return registry.verified_partner_ids(person_ids)


def certified_ids(person_ids) -> set[int]:
    """Of ``person_ids``, those holding a valid training certificate (one query for the set)."""
    found = valid_certificates().filter(person_id__in=list(person_ids))
    return set(found.values_list("person_id", flat=True))
