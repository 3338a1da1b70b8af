"""The financing app's view of people, through the registry's and training's selectors.

Each function prefers the owning app's selector and falls back to a direct query while that
selector is being built, so the rule lives with its owner.
"""

from __future__ import annotations

from berdaya.registry.models import Person, Registration


def person_for_user(user) -> Person | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        from berdaya.registry.selectors import person_for_user as registry_person_for_user
    except ImportError:
        return Person.objects.filter(user=user).first()
    return registry_person_for_user(user)


def person_by_nik(nik: str) -> Person | None:
    nik = (nik or "").strip()
    try:
        from berdaya.registry.selectors import person_by_nik as registry_person_by_nik
    except ImportError:
        return Person.objects.filter(nik=nik).first()
    return registry_person_by_nik(nik)


def is_verified_partner(person: Person) -> bool:
    try:
        from berdaya.registry.selectors import is_verified_partner as registry_is_verified
    except ImportError:
        return Registration.objects.filter(person=person, status="verified").exists()
    return registry_is_verified(person)


def has_certificate(person: Person) -> bool:
    from berdaya.training.selectors import person_has_certificate

    return person_has_certificate(person)
