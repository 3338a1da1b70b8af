"""Who sees what in the registry: the roles by reach and the small helpers of scope."""

from __future__ import annotations

from django.db.models import Q

from berdaya.accounts.models import Role
from berdaya.accounts.selectors import (
    DASHBOARD_ROLES,
    TERRITORY_ROLES,
)

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
