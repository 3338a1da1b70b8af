"""Workflow reads: the queues of each role, what a page shows of an application (members'
money, timeline, recommendation progress) and which actions its status offers to a user."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from berdaya.accounts.selectors import (
    TERRITORY_ROLES,
    has_role,
    institution_codes,
    is_staff,
    territory_q,
)
from berdaya.core import events
from berdaya.core.inbox import InboxItem
from berdaya.core.masking import mask_nik
from berdaya.financing import people
from berdaya.financing.models import (
    Application,
    ApplicationMember,
    Decision,
    FinancingEvents,
    Level,
    Recommendation,
    Status,
)
from berdaya.financing.recommendation_rules import (
    LEVEL_ROLE,
    first_open_level,
    level_done,
    members_in_scope,
)
from berdaya.financing.schedule import build_schedule
from berdaya.financing.selectors.access import applications_for, invitations_for


def recommendation_queue(user) -> list[tuple[Application, str, list]]:
    """Applications waiting for ``user``'s recommendation at the open level, with the members of
    their scope still to decide."""
    out: list[tuple[Application, str, list]] = []
    roles = [r for r in TERRITORY_ROLES if has_role(user, r)]
    if not roles:
        return out
    qs = Application.objects.filter(
        territory_q(
            user,
            roles,
            kelurahan="members__person__kelurahan",
            rw="members__person__rw",
            rt="members__person__rt",
        ),
        status=Status.AWAITING_RECOMMENDATION,
    ).distinct()
    qs = (
        qs.select_related("product", "group", "applicant", "kelurahan")
        .prefetch_related(
            Prefetch("members", queryset=ApplicationMember.objects.select_related("person")),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.filter(approved=True).prefetch_related("members"),
                to_attr="approved_recommendations",
            ),
        )
        .order_by("submitted_at")
    )
    for application in qs:
        members = list(application.members.all())
        valid: dict[str, set[int]] = defaultdict(set)
        done: dict[str, set[int]] = defaultdict(set)
        for rec in application.approved_recommendations:
            ids = {m.pk for m in rec.members.all()}
            done[rec.level] |= ids
            if rec.revoked_at is None:
                valid[rec.level] |= ids
        level = first_open_level(
            application.product.recommendation_levels, {m.pk for m in members}, valid
        )
        if level is None or LEVEL_ROLE[level] not in roles:
            continue
        mine = members_in_scope(application, user, level, members=members)
        pending = [m for m in mine if m.pk not in done[level]]
        if pending:
            out.append((application, level, pending))
    return out


def staff_queue(user) -> QuerySet[Application]:
    if not is_staff(user):
        return Application.objects.none()
    return (
        applications_for(user).filter(status=Status.AWAITING_VERIFICATION).order_by("submitted_at")
    )


def lender_queue(user) -> QuerySet[Application]:
    codes = institution_codes(user)
    if not codes:
        return Application.objects.none()
    return (
        Application.objects.filter(
            product__lender__code__in=codes,
            status__in=[Status.FORWARDED, Status.APPROVED, Status.PARTIALLY_APPROVED],
        )
        .select_related("product", "group", "kelurahan", "applicant")
        .order_by("forwarded_at")
    )


def lender_active(user) -> QuerySet[Application]:
    """Disbursed applications of the officer's institution, for repayments and collections."""
    codes = institution_codes(user)
    if not codes:
        return Application.objects.none()
    return (
        Application.objects.filter(product__lender__code__in=codes, status=Status.DISBURSED)
        .select_related("product", "group", "kelurahan", "applicant")
        .order_by("-disbursed_on", "-pk")
    )


def _member_money(application: Application, m: ApplicationMember, start: datetime.date):
    loan = (
        getattr(m, "loan", None)
        if application.status in (Status.DISBURSED, Status.CLOSED)
        else None
    )
    if loan is not None:
        instalments = [
            {
                "due_date": i.due_date.isoformat(),
                "amount_rupiah": i.amount_rupiah,
                "paid_rupiah": i.paid_rupiah,
            }
            for i in loan.instalments.all()
        ]
        return loan, instalments, loan.admin_fee_rupiah, loan.total_rupiah
    amount = m.approved_amount_rupiah if m.approved_amount_rupiah else m.amount_rupiah
    data = build_schedule(
        product=application.product,
        amount_rupiah=amount,
        term_months=application.term_months,
        fee_percent=application.admin_fee_percent,
        start=start,
    ).as_dict()
    return None, data["instalments"], data["admin_fee_rupiah"], data["total_rupiah"]


def member_rows(
    application: Application, *, today: datetime.date | None = None, members=None
) -> list[dict]:
    """Per member (all, or the ``members`` the caller may see): the amount, admin fee, total,
    instalments with due dates (the loan's real schedule once disbursed, else a preview from
    ``today``), and the loan id."""
    start = today or timezone.localdate()
    rows = []
    if members is None:
        members = application.members.all()
    listed = list(members.select_related("person").prefetch_related("loan__instalments"))
    # who is verified and who is certified: one query each for all the members
    person_ids = {m.person_id for m in listed}
    verified = people.verified_partner_ids(person_ids)
    certified = people.certified_ids(person_ids) if application.product.training_required else None
    for m in listed:
        loan, instalments, fee, total = _member_money(application, m, start)
        rows.append(
            {
                "member": m,
                "name": m.person.full_name,
                "nik_masked": mask_nik(m.person.nik),
                "amount_rupiah": m.amount_rupiah,
                "purpose": m.purpose,
                "decision": m.decision,
                "approved_amount_rupiah": m.approved_amount_rupiah,
                "decision_reason": m.decision_reason,
                "decision_refused": m.decision == Decision.REFUSED,
                "admin_fee_rupiah": fee,
                "total_rupiah": total,
                "instalments": instalments,
                "loan_id": loan.pk if loan else None,
                "loan": loan,
                "verified": m.person_id in verified,
                "certified": m.person_id in certified if certified is not None else None,
            }
        )
    return rows


def timeline_rows(obj, *, hidden_actor_ids: set[int] | frozenset = frozenset()) -> list[dict]:
    """The events of ``obj``, each with the label of its kind (``FinancingEvents``). The names
    of ``hidden_actor_ids`` (members the viewer may not see) read "Anggota kelompok"."""

    def actor(e) -> str:
        if e.actor is None:
            return ""
        return "Anggota kelompok" if e.actor_id in hidden_actor_ids else e.actor.full_name

    return [
        {
            "label": FinancingEvents.label_of(e.verb),
            "at": e.created_at.isoformat(),
            "actor": actor(e),
            "event": e.verb,
            "note": e.note,
            "to_status": e.to_status,
            "created_at": e.created_at,
        }
        for e in events.timeline(obj)
    ]


def recommendation_progress(application: Application) -> list[dict]:
    return [
        {"level": level, "label": Level(level).label, "done": level_done(application, level)}
        for level in application.product.recommendation_levels
    ]


def inbox(user) -> list[InboxItem]:
    """What waits for ``user``'s action in this app (shown on the home page)."""
    if user is None or not user.is_authenticated:
        return []
    items: list[InboxItem] = []
    url = reverse("financing:index")
    invitations = invitations_for(user).count()
    if invitations:
        items.append(InboxItem("Undangan kelompok pembiayaan", url, invitations))
    if has_role(user, *TERRITORY_ROLES):
        queue = recommendation_queue(user)
        if queue:
            items.append(InboxItem("Rekomendasi pembiayaan menunggu", url, len(queue)))
    if is_staff(user):
        n = staff_queue(user).count()
        if n:
            items.append(InboxItem("Pengajuan pembiayaan menunggu verifikasi", url, n))
    if institution_codes(user):
        n = lender_queue(user).count()
        if n:
            items.append(InboxItem("Pengajuan pembiayaan untuk lembaga Anda", url, n))
    person = people.person_for_user(user)
    if person is not None:
        n = Application.objects.filter(
            applicant=person, status__in=[Status.DRAFT, Status.NEEDS_REVISION]
        ).count()
        if n:
            items.append(InboxItem("Pengajuan pembiayaan perlu dilengkapi", url, n))
    return items
