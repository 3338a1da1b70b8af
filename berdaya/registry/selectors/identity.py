"""Identity change requests the user may see and decide."""

from __future__ import annotations

from django.db.models import QuerySet

from berdaya.accounts.selectors import (
    STAFF_ROLES,
    is_staff,
    territory_q,
)
from berdaya.registry.models import (
    ChangeStatus,
    IdentityChange,
    Person,
)


def identity_changes_visible_to(user) -> QuerySet[IdentityChange]:
    """Identity changes of persons in the staff member's territory (a kecamatan-scoped staf_dkum
    sees their kecamatan's only); nobody else's."""
    if not is_staff(user):
        return IdentityChange.objects.none()
    area = territory_q(
        user, STAFF_ROLES, kelurahan="person__kelurahan", rw="person__rw", rt="person__rt"
    )
    return IdentityChange.objects.filter(area)


def identity_changes_pending(user) -> QuerySet[IdentityChange]:
    return (
        identity_changes_visible_to(user)
        .filter(status=ChangeStatus.PENDING)
        .select_related("person")
    )


def identity_change_get(user, pk: int) -> IdentityChange | None:
    """The identity change if ``user`` may decide it (else None, shown as 404)."""
    return identity_changes_visible_to(user).select_related("person").filter(pk=pk).first()


def identity_change_waiting(person: Person) -> bool:
    """Whether ``person`` has an identity change waiting for a decision (a second is refused)."""
    return IdentityChange.objects.filter(person=person, status=ChangeStatus.PENDING).exists()
