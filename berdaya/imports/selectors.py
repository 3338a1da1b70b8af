"""Reads of imports, scoped: registry imports for DKUM staff and admins, member imports for
the board and staff of that cooperative (and DKUM)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from berdaya.accounts.models import Role
from berdaya.accounts.selectors import STAFF_ROLES, has_city_reach, has_role, is_staff
from berdaya.imports.models import Import, ImportKind


def managed_cooperative_ids(user) -> list[int]:
    """The cooperatives whose board or staff ``user`` belongs to (the cooperatives app's door)."""
    from berdaya.cooperatives.bulk import managed_ids

    if not getattr(user, "is_authenticated", False):
        return []
    return managed_ids(user)


def can_import(user, kind: str, cooperative_id: int | None = None) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if kind == ImportKind.REGISTRY:
        return can_import_registry(user)
    if kind == ImportKind.COOPERATIVE_MEMBERS:
        if cooperative_id is None:
            return False
        from berdaya.cooperatives.bulk import can_import_members

        return can_import_members(user, cooperative_id)
    return False


def can_import_registry(user) -> bool:
    """Registry imports hold rows of the whole city: DKUM staff with the city as reach (staff
    limited to one kecamatan neither import them nor see them)."""
    return has_city_reach(user, *STAFF_ROLES)


def can_use_imports(user) -> bool:
    """Whether the imports page is for ``user`` at all."""
    return is_staff(user) or (
        has_role(user, Role.PENGURUS_KOPERASI) and bool(managed_cooperative_ids(user))
    )


def import_list(user) -> QuerySet[Import]:
    """Registry imports for city-wide DKUM staff; member imports of the cooperatives ``user``
    may import members of (``can_import_members``: the board, or DKUM staff of the area)."""
    if not getattr(user, "is_authenticated", False):
        return Import.objects.none()
    from berdaya.cooperatives.bulk import manageable_ids

    condition = Q(pk__in=[])
    if can_import_registry(user):
        condition |= Q(kind=ImportKind.REGISTRY)
    ids = manageable_ids(user)
    if ids:
        condition |= Q(kind=ImportKind.COOPERATIVE_MEMBERS, cooperative_id__in=ids)
    return Import.objects.filter(condition).select_related("created_by")


def import_get(user, pk: int) -> Import:
    """The import ``pk`` if ``user`` may see it; Http404 otherwise (also for outsiders)."""
    imp = import_list(user).filter(pk=pk).first()
    if imp is None:
        raise Http404("Impor tidak ditemukan.")
    return imp
