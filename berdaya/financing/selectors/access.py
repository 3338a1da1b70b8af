"""Who sees what, in one place, from ``berdaya.accounts.selectors``:

- a person: the groups and applications they lead or belong to, their invitations and loans;
- an RT chair / RW chair / kelurahan officer: submitted applications with a member living in
  their scope, and of those applications only the members living in their scope;
- a lender officer: applications of their institution's products, once forwarded;
- DKUM staff, admin and pimpinan: everything inside their territory (the city, or the one
  kecamatan a staff member is limited to).

Each ``*_get`` answers 404 both for an object that does not exist and for one outside the
caller's reach, so that an outsider learns nothing (not even that it exists).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from berdaya.accounts.selectors import (
    DASHBOARD_ROLES,
    TERRITORY_ROLES,
    covers_address,
    has_role,
    institution_codes,
    territory_q,
)
from berdaya.financing import people
from berdaya.financing.models import (
    Application,
    ApplicationMember,
    Group,
    GroupMember,
    Invitation,
    InvitationStatus,
    Loan,
    MemberStatus,
    Product,
    Recommendation,
    Status,
)
from berdaya.financing.recommendation_rules import LENDER_STATUSES


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def _office_q(user, *, kelurahan: str = "kelurahan") -> Q:
    """Rows inside the territory of the user's office roles (staff, admin, pimpinan): the
    city, or one kecamatan (office roles have no RW or RT scope)."""
    condition = territory_q(user, DASHBOARD_ROLES, kelurahan=kelurahan)
    # An empty Q (the whole city) would vanish when OR-ed with another condition.
    return condition if condition else Q(pk__isnull=False)


def product_list() -> QuerySet[Product]:
    return Product.objects.filter(is_active=True).select_related("lender").prefetch_related("terms")


def product_get_active(code: str | None) -> Product:
    product = product_list().filter(code=(code or "").strip()).first()
    if product is None:
        raise Http404
    return product


# --- applications ------------------------------------------------------------------------------
def applications_for(user) -> QuerySet[Application]:
    """Every application ``user`` may see."""
    qs = Application.objects.select_related("product__lender", "group", "applicant", "kelurahan")
    if not _authenticated(user):
        return qs.none()
    condition = Q(applicant__user=user) | Q(
        group__memberships__person__user=user, group__memberships__status=MemberStatus.ACTIVE
    )
    if has_role(user, *DASHBOARD_ROLES):
        condition |= _office_q(user)
    official = territory_q(
        user,
        TERRITORY_ROLES,
        kelurahan="members__person__kelurahan",
        rw="members__person__rw",
        rt="members__person__rt",
    )
    condition |= official & ~Q(status=Status.DRAFT)
    codes = institution_codes(user)
    if codes:
        condition |= Q(product__lender__code__in=codes, status__in=LENDER_STATUSES)
    ids = Application.objects.filter(condition).values("pk")
    return qs.filter(pk__in=ids)


def application_get(user, pk: int) -> Application:
    """The application if ``user`` may see it; 404 otherwise (absent or out of reach alike)."""
    application = applications_for(user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def sees_every_member(user, application: Application) -> bool:
    """Members of the group, the lender's officers and office staff see the whole group; an
    official of a territory sees only the members living in it."""
    person = people.person_for_user(user)
    if person is not None and application.members.filter(person=person).exists():
        return True
    if person is not None and person.pk == application.applicant_id:
        return True
    if application.product.lender.code in institution_codes(user):
        return True
    return (
        has_role(user, *DASHBOARD_ROLES)
        and applications_for(user).filter(_office_q(user), pk=application.pk).exists()
    )


def visible_members(user, application: Application) -> QuerySet[ApplicationMember]:
    """The application's members ``user`` may see (see ``sees_every_member``)."""
    members = application.members.select_related("person")
    if sees_every_member(user, application):
        return members
    ids = [
        m.pk
        for m in members
        if any(
            covers_address(
                user, role, kelurahan_code=m.person.kelurahan_id, rw=m.person.rw, rt=m.person.rt
            )
            for role in TERRITORY_ROLES
        )
    ]
    return members.filter(pk__in=ids)


def hidden_member_user_ids(user, application: Application) -> set[int]:
    """The user ids of the members (and applicant) ``user`` may not see, so that a timeline or
    a title does not name them."""
    if sees_every_member(user, application):
        return set()
    shown = set(visible_members(user, application).values_list("person_id", flat=True))
    ids = {
        m.person.user_id
        for m in application.members.select_related("person")
        if m.person_id not in shown and m.person.user_id
    }
    if application.applicant_id not in shown and application.applicant.user_id:
        ids.add(application.applicant.user_id)
    return ids


def recommendation_get(user, pk: int) -> Recommendation:
    """A recommendation letter of an application ``user`` may see; 404 otherwise."""
    rec = (
        Recommendation.objects.filter(pk=pk, application__in=applications_for(user).values("pk"))
        .select_related("application__product", "application__group")
        .first()
    )
    if rec is None:
        raise Http404
    return rec


def recommendation_by_code(code: str) -> Recommendation | None:
    """Public: the letter with this verification code (the code is its only key). New codes
    are upper case without look-alikes, so what is typed is read case-insensitively (and a typed
    O/0, I/L/1 mistake of a new code is not guessed); an old code still matches exactly."""
    code = "".join((code or "").split())[:32]
    if not code:
        return None
    exact = Recommendation.objects.filter(code=code).first()
    if exact is not None:
        return exact
    return Recommendation.objects.filter(code=code.upper()).first()


# --- groups and invitations --------------------------------------------------------------------
def groups_for(user) -> QuerySet[Group]:
    qs = Group.objects.select_related("product", "leader", "kelurahan")
    if not _authenticated(user):
        return qs.none()
    condition = (
        Q(leader__user=user)
        | Q(memberships__person__user=user, memberships__status=MemberStatus.ACTIVE)
        | Q(invitations__person__user=user, invitations__status=InvitationStatus.PENDING)
    )
    if has_role(user, *DASHBOARD_ROLES):
        condition |= _office_q(user)
    ids = Group.objects.filter(condition).values("pk")
    return qs.filter(pk__in=ids)


def group_get(user, pk: int) -> Group:
    """The group if ``user`` may see it; 404 otherwise."""
    group = groups_for(user).filter(pk=pk).first()
    if group is None:
        raise Http404
    return group


def can_view_group(user, group: Group | None) -> bool:
    """Whether ``group_get`` answers ``user`` with ``group``: a page links to the group only then
    (a territory official or a lender sees an application, not its group's page)."""
    return group is not None and groups_for(user).filter(pk=group.pk).exists()


def group_led_by(user, pk: int) -> Group:
    """A group ``user`` leads; 404 for anyone else (the same answer whether it exists or not)."""
    person = people.person_for_user(user)
    group = groups_for(user).filter(pk=pk, leader=person).first() if person else None
    if group is None:
        raise Http404
    return group


def invitation_led_by(user, pk: int) -> Invitation:
    """A pending or answered invitation of a group ``user`` leads; 404 for anyone else."""
    person = people.person_for_user(user)
    invitation = (
        Invitation.objects.select_related("group", "group__leader", "group__product", "person")
        .filter(pk=pk, group__leader=person)
        .first()
        if person
        else None
    )
    if invitation is None:
        raise Http404
    return invitation


def group_member_get(group: Group, *, pk: int | None = None, nik: str | None = None):
    """An active member of ``group`` (by membership id or NIK); 404 when there is none."""
    qs = GroupMember.objects.filter(group=group, status=MemberStatus.ACTIVE).select_related(
        "person"
    )
    member = qs.filter(pk=pk).first() if pk is not None else qs.filter(person__nik=nik).first()
    if member is None:
        raise Http404
    return member


def active_members(group: Group) -> QuerySet[GroupMember]:
    return (
        group.memberships.filter(status=MemberStatus.ACTIVE)
        .select_related("person")
        .order_by("-is_leader", "pk")
    )


def invitations_for(user) -> QuerySet[Invitation]:
    person = people.person_for_user(user)
    if person is None:
        return Invitation.objects.none()
    return Invitation.objects.filter(
        Q(person=person) | Q(person__isnull=True, nik=person.nik), status=InvitationStatus.PENDING
    ).select_related("group__product", "group__leader", "group__kelurahan")


def invitation_get(user, pk: int) -> Invitation:
    """A pending invitation addressed to ``user``, or any invitation of a group ``user`` leads;
    404 for everyone else (an outsider learns nothing, not even that it exists)."""
    if not _authenticated(user):
        raise Http404
    qs = invitations_for(user) | Invitation.objects.filter(group__leader__user=user)
    invitation = qs.filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


# --- loans -------------------------------------------------------------------------------------
def loans_for(user) -> QuerySet[Loan]:
    qs = Loan.objects.select_related("person", "application__product__lender", "application__group")
    if not _authenticated(user):
        return qs.none()
    condition = Q(person__user=user)
    if has_role(user, *DASHBOARD_ROLES):
        condition |= _office_q(user, kelurahan="application__kelurahan")
    codes = institution_codes(user)
    if codes:
        condition |= Q(application__product__lender__code__in=codes)
    return qs.filter(condition)


def viewable_loan_ids(user, ids) -> set[int]:
    """Those of the loans ``ids`` that ``loan_get`` answers ``user`` with: a page links to a
    loan only then (a borrower sees their own loan, not the other members')."""
    return set(loans_for(user).filter(pk__in=[i for i in ids if i]).values_list("pk", flat=True))


def loan_get(user, pk: int) -> Loan:
    """The loan if ``user`` may see it; 404 otherwise."""
    loan = loans_for(user).filter(pk=pk).first()
    if loan is None:
        raise Http404
    return loan


def has_own_financing(user) -> bool:
    """Whether ``user`` has something of their own in financing: an invitation, a group, an
    application or a loan (a newcomer invited to a group while DKUM still checks them)."""
    if not _authenticated(user):
        return False
    return (
        invitations_for(user).exists()
        or groups_for(user).exists()
        or applications_for(user).exists()
        or loans_for(user).exists()
    )
