"""Which actions a status offers to a user, decided here once and asked by the pages (their
templates show a button only when its action is offered), the API (``actions`` in each
application) and the views (a page whose POST would be refused does not render its form)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from berdaya.financing import people
from berdaya.financing.models import (
    Application,
    ApplicationMember,
    Group,
    Invitation,
    InvitationStatus,
    Level,
    Loan,
    LoanStatus,
    Status,
)
from berdaya.financing.recommendation_rules import (
    DECIDABLE,
    DISBURSABLE,
    EDITABLE,
    REPAYABLE,
    WITHDRAWABLE,
    current_level,
    group_locked,
    is_lender_officer,
    members_in_scope,
    recommended_member_ids,
    staff_covers,
)
from berdaya.financing.rules import start_problems


@dataclass
class ApplicationActions:
    edit: bool = False
    submit: bool = False
    withdraw: bool = False
    recommend: bool = False
    review: bool = False
    decide: bool = False
    disburse: bool = False
    collect: bool = False
    # the open recommendation level and the members the user recommends there
    level: str = ""
    level_label: str = ""
    my_scope: list[ApplicationMember] = field(default_factory=list)
    # what the page shows: the revision note, the lender's and staff's checks
    show_revision_note: bool = False
    show_checks: bool = False
    is_lender: bool = False

    def names(self) -> list[str]:
        """The names of the offered actions (for the API)."""
        keys = ("edit", "submit", "withdraw", "recommend", "review", "decide", "disburse")
        return [k for k in (*keys, "collect") if asdict(self)[k]]


def application_actions(user, application: Application) -> ApplicationActions:
    person = people.person_for_user(user)
    is_leader = person is not None and person.pk == application.applicant_id
    status = application.status
    lender = is_lender_officer(user, application.product)
    staff = staff_covers(user, application)
    actions = ApplicationActions(
        edit=is_leader and status in EDITABLE,
        submit=is_leader and status in EDITABLE,
        withdraw=is_leader and status in WITHDRAWABLE,
        review=staff and status == Status.AWAITING_VERIFICATION,
        decide=lender and status in DECIDABLE,
        disburse=lender and status in DISBURSABLE,
        collect=lender and status == Status.DISBURSED,
        show_revision_note=status == Status.NEEDS_REVISION and bool(application.revision_note),
        show_checks=staff or lender,
        is_lender=lender,
    )
    if status == Status.AWAITING_RECOMMENDATION:
        level = current_level(application)
        if level:
            scope = members_in_scope(application, user, level)
            done = recommended_member_ids(application, level)
            actions.level = level
            actions.level_label = str(Level(level).label)
            actions.my_scope = scope
            actions.recommend = any(m.pk not in done for m in scope)
    return actions


def can_record_repayment(user, loan: Loan) -> bool:
    return (
        is_lender_officer(user, loan.application.product)
        and loan.status == LoanStatus.ACTIVE
        and loan.application.status in REPAYABLE
    )


def can_answer_invitation(user, invitation: Invitation) -> bool:
    person = people.person_for_user(user)
    return (
        person is not None
        and invitation.status == InvitationStatus.PENDING
        and invitation.group.leader_id != person.pk
    )


def can_invite(user, group: Group) -> bool:
    person = people.person_for_user(user)
    return person is not None and person.pk == group.leader_id and not group_locked(group)


def start_blockers(person, product, group: Group | None = None) -> list[str]:
    """What keeps ``person`` from starting an application for ``product`` (through ``group``),
    in words, before they start: the rule the draft service enforces (``rules.start_problems``)."""
    return [p.message for p in start_problems(person, product, group)]


def product_conditions(person, product) -> list[tuple[str, bool]]:
    """The product's conditions for the product card, each with whether ``person`` meets it
    (a condition of the group, its size, is met when the group is formed)."""
    verified = person is not None and people.is_verified_partner(person)
    rows = [("Mitra binaan DKUM terverifikasi", verified)]
    if product.training_required:
        trained = person is not None and people.has_certificate(person)
        rows.append(("Memiliki sertifikat pelatihan DKUM", trained))
    return rows


def can_prepare_application(user, group: Group) -> bool:
    """The leader may prepare the group's application: the group is not locked and is big
    enough for its product, and the leader meets the product's conditions."""
    person = people.person_for_user(user)
    return (
        person is not None
        and person.pk == group.leader_id
        and not group_locked(group)
        and not start_blockers(person, group.product, group)
    )
