"""Who works on which batch, and whose NIK a roster shows (the rules come from
``berdaya.accounts.selectors``)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from berdaya.accounts.models import Role, ScopeKind
from berdaya.accounts.selectors import STAFF_ROLES, has_role, is_staff, role_assignments
from berdaya.registry import selectors as registry_selectors
from berdaya.training.models import (
    Batch,
)

# Roles that may see a roster's NIK unmasked (they verify identities at the venue).
NIK_ROLES = (Role.STAF_DKUM, Role.ADMIN_DKUM)


def person_for_user(user):
    """The registry's Person of ``user`` (None when they have not filled in their data)."""
    return registry_selectors.person_for_user(user)


def person_by_nik(nik: str):
    """The registry's Person with this NIK (digits of any script), or None."""
    return registry_selectors.person_by_nik(nik)


def _staff_batch_q(user) -> Q:
    """The batches a staff member works on: every batch for city-wide staff; for staff scoped
    to a kecamatan, the batches held in it (not the city-wide / online ones)."""
    condition = Q(pk__in=[])
    for a in role_assignments(user):
        if a.role not in STAFF_ROLES:
            continue
        if a.scope == ScopeKind.CITY:
            return Q()
        kecamatan = a.kecamatan_id or (a.kelurahan.kecamatan_id if a.kelurahan else None)
        if kecamatan:
            condition |= Q(kecamatan_id=kecamatan)
    return condition


def batches_for_staff(user) -> QuerySet[Batch]:
    if not is_staff(user):
        return Batch.objects.none()
    return Batch.objects.filter(_staff_batch_q(user))


def can_work_on_batch(user, batch) -> bool:
    """Whether ``batch_for_staff`` answers ``user``: links to a batch's roster, attendance."""
    return batches_for_staff(user).filter(pk=batch.pk).exists()


def can_see_nik(user) -> bool:
    return has_role(user, *NIK_ROLES)
