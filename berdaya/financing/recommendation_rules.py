"""The workflow's read-only rules, asked by the services, the selectors and the views alike.

Nothing here writes: who recommends at which level, whether a level is done, which members are
in an official's scope, which users a step notifies, which statuses allow an edit, a withdrawal
or a new application, whether a group is locked, whether a user is the lender's officer.

It imports only the models, ``people`` and the accounts app's selectors, so that
``services`` -> ``recommendation_rules`` <- ``selectors`` and no two financing modules import
each other in a circle (see docs/adr/0005-financing-layout-and-lock-order.md).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from berdaya.accounts.models import Role, RoleAssignment, ScopeKind
from berdaya.accounts.selectors import covers_address, institution_codes
from berdaya.financing.models import (
    Application,
    ApplicationMember,
    Group,
    Level,
    Product,
    Recommendation,
    Status,
)

LEVEL_ROLE: dict[str, str] = {
    Level.RT: Role.KETUA_RT,
    Level.RW: Role.KETUA_RW,
    Level.KELURAHAN: Role.PETUGAS_KELURAHAN,
}
# The leader may change the application (and the group's members) in these statuses.
EDITABLE = (Status.DRAFT, Status.NEEDS_REVISION)
WITHDRAWABLE = (
    Status.DRAFT,
    Status.AWAITING_RECOMMENDATION,
    Status.AWAITING_VERIFICATION,
    Status.FORWARDED,
    Status.NEEDS_REVISION,
)
# A group has at most one application in these statuses.
OPEN_STATUSES = (*WITHDRAWABLE, Status.APPROVED, Status.PARTIALLY_APPROVED, Status.DISBURSED)
# A lender's officer sees an application of their institution once it is in these statuses.
LENDER_STATUSES = (
    Status.FORWARDED,
    Status.APPROVED,
    Status.PARTIALLY_APPROVED,
    Status.REJECTED,
    Status.DISBURSED,
    Status.CLOSED,
)
DECIDABLE = (Status.FORWARDED,)
DISBURSABLE = (Status.APPROVED, Status.PARTIALLY_APPROVED)
REPAYABLE = (Status.DISBURSED,)


# --- who -----------------------------------------------------------------------------------
def is_lender_officer(user, product: Product) -> bool:
    """Whether ``user`` is an officer of the institution that lends ``product``."""
    return product.lender.code in institution_codes(user)


def members_in_scope(
    application: Application,
    user,
    level: str,
    *,
    members: Iterable[ApplicationMember] | None = None,
) -> list[ApplicationMember]:
    """The members of ``application`` living in ``user``'s scope for ``level`` (``members``:
    the application's members with their person, when the caller already has them)."""
    role = LEVEL_ROLE[level]
    if members is None:
        members = application.members.select_related("person")
    return [
        m
        for m in members
        if covers_address(
            user, role, kelurahan_code=m.person.kelurahan_id, rw=m.person.rw, rt=m.person.rt
        )
    ]


def officials_for(application: Application, level: str) -> list:
    """Users holding the ``level`` role over at least one member's address."""
    role = LEVEL_ROLE[level]
    condition = Q(scope=ScopeKind.CITY)
    for m in application.members.select_related("person__kelurahan"):
        p = m.person
        condition |= Q(scope=ScopeKind.KELURAHAN, kelurahan_id=p.kelurahan_id)
        condition |= Q(scope=ScopeKind.RW, kelurahan_id=p.kelurahan_id, rw=p.rw)
        condition |= Q(scope=ScopeKind.RT, kelurahan_id=p.kelurahan_id, rw=p.rw, rt=p.rt)
        condition |= Q(scope=ScopeKind.KECAMATAN, kecamatan_id=p.kelurahan.kecamatan_id)
    assignments = RoleAssignment.objects.filter(condition, role=role).select_related("user")
    return list({a.user for a in assignments})


def staff_users_for(application: Application) -> list:
    """DKUM staff whose scope (city, or the application's kecamatan) covers ``application``."""
    condition = Q(scope=ScopeKind.CITY) | Q(
        scope=ScopeKind.KECAMATAN, kecamatan_id=application.kelurahan.kecamatan_id
    )
    assignments = RoleAssignment.objects.filter(condition, role=Role.STAF_DKUM).select_related(
        "user"
    )
    return list({a.user for a in assignments})


def lender_users(product: Product) -> list:
    assignments = RoleAssignment.objects.filter(
        role=Role.PETUGAS_LEMBAGA, institution=product.lender_id
    ).select_related("user")
    return list({a.user for a in assignments})


# --- where the recommendations stand ---------------------------------------------------------
def recommended_member_ids(application: Application, level: str) -> set[int]:
    """Ids of the members holding a valid (approved, not revoked) recommendation at ``level``."""
    return set(
        Recommendation.objects.filter(
            application=application, level=level, approved=True, revoked_at__isnull=True
        ).values_list("members", flat=True)
    )


def first_open_level(
    levels: Iterable[str], member_ids: set[int], recommended: dict[str, set[int]]
) -> str | None:
    """The first of ``levels`` where not every member holds a valid recommendation
    (``recommended[level]``: ids of the members under valid approved ones); None when all are
    complete. An application without members completes no level."""
    for level in levels:
        if not member_ids or not member_ids <= recommended.get(level, set()):
            return level
    return None


def level_done(application: Application, level: str) -> bool:
    """A level is complete when every member holds a valid recommendation at that level."""
    member_ids = set(application.members.values_list("pk", flat=True))
    if not member_ids:
        return False
    recommended = recommended_member_ids(application, level)
    return first_open_level([level], member_ids, {level: recommended}) is None


def current_level(application: Application) -> str | None:
    """The first level of the product's order that is not complete (None when all are)."""
    for level in application.product.recommendation_levels:
        if not level_done(application, level):
            return level
    return None


def status_after_recommendations(application: Application) -> str:
    """Where a submitted application stands: waiting for a level, or for DKUM's verification."""
    if current_level(application) is None:
        return Status.AWAITING_VERIFICATION
    return Status.AWAITING_RECOMMENDATION


# --- groups --------------------------------------------------------------------------------
def group_locked(group: Group) -> bool:
    """A group whose application is past the draft (and not ended) cannot change members."""
    return group.applications.exclude(
        status__in=[*EDITABLE, Status.WITHDRAWN, Status.REJECTED, Status.CLOSED]
    ).exists()


def staff_covers(user, application: Application) -> bool:
    """Whether ``user`` is DKUM staff (or admin) whose territory (city or one kecamatan) holds
    ``application``'s area."""
    from berdaya.accounts.selectors import STAFF_ROLES, territory_q

    return Application.objects.filter(
        territory_q(user, STAFF_ROLES, kelurahan="kelurahan"), pk=application.pk
    ).exists()
