"""Who may see what: the one place where a user's roles narrow querysets.

Every app's selectors build their access filter from ``territory_q`` (for data tied to an address)
or ``institution_codes`` (for data forwarded to a lender), so the rule lives here once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from berdaya.accounts.models import Role, RoleAssignment, ScopeKind, User

STAFF_ROLES = (Role.STAF_DKUM, Role.ADMIN_DKUM)
DASHBOARD_ROLES = (Role.PIMPINAN, Role.STAF_DKUM, Role.ADMIN_DKUM)
TERRITORY_ROLES = (Role.KETUA_RT, Role.KETUA_RW, Role.PETUGAS_KELURAHAN)


def role_assignments(user: User | AnonymousUser | None) -> list[RoleAssignment]:
    """The user's role assignments, cached on the user object for the request."""
    if user is None or isinstance(user, AnonymousUser):
        return []
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_berdaya_roles", None)
    if cached is None:
        cached = list(user.role_assignments.select_related("kelurahan", "kecamatan", "institution"))
        user._berdaya_roles = cached  # type: ignore[union-attr,attr-defined]
    return cached


def has_role(user: User | None, *roles: str) -> bool:
    return any(a.role in roles for a in role_assignments(user))


def is_staff(user: User | None) -> bool:
    return has_role(user, *STAFF_ROLES)


def has_city_reach(user: User | None, *roles: str) -> bool:
    """Whether ``user`` holds one of ``roles`` with the whole city as reach (not one kecamatan,
    kelurahan, RW or RT): what city-wide data (the dashboard, registry imports) asks."""
    return any(a.role in roles and a.scope == ScopeKind.CITY for a in role_assignments(user))


def institution_codes(user: User | None, role: str = Role.PETUGAS_LEMBAGA) -> set[str]:
    return {
        a.institution.code
        for a in role_assignments(user)
        if a.role == role and a.institution is not None
    }


def territory_q(
    user: User | AnonymousUser | None,
    roles: Iterable[str],
    *,
    kelurahan: str = "kelurahan",
    rw: str = "rw",
    rt: str = "rt",
) -> Q:
    """A filter for rows whose address (``kelurahan``/``rw``/``rt`` field paths) lies inside the
    territory of any of the user's assignments of ``roles``. Matches nothing when there is none."""
    wanted = set(roles)
    condition = Q(pk__in=[])
    for a in role_assignments(user):
        if a.role not in wanted:
            continue
        if a.scope == ScopeKind.CITY:
            return Q()
        if a.scope == ScopeKind.KECAMATAN:
            condition |= Q(**{f"{kelurahan}__kecamatan": a.kecamatan_id})
        elif a.scope == ScopeKind.KELURAHAN:
            condition |= Q(**{kelurahan: a.kelurahan_id})
        elif a.scope == ScopeKind.RW:
            condition |= Q(**{kelurahan: a.kelurahan_id, rw: a.rw})
        elif a.scope == ScopeKind.RT:
            condition |= Q(**{kelurahan: a.kelurahan_id, rw: a.rw, rt: a.rt})
    return condition


def covers_address(user: User | None, role: str, *, kelurahan_code: str, rw: int, rt: int) -> bool:
    """Whether one of the user's ``role`` assignments reaches this address (no query needed)."""
    for a in role_assignments(user):
        if a.role != role:
            continue
        if a.scope == ScopeKind.CITY:
            return True
        if a.scope == ScopeKind.KECAMATAN and kelurahan_code.startswith(f"{a.kecamatan_id}."):
            return True
        if a.scope == ScopeKind.KELURAHAN and a.kelurahan_id == kelurahan_code:
            return True
        if a.scope == ScopeKind.RW and (a.kelurahan_id, a.rw) == (kelurahan_code, rw):
            return True
        if a.scope == ScopeKind.RT and (a.kelurahan_id, a.rw, a.rt) == (kelurahan_code, rw, rt):
            return True
    return False
