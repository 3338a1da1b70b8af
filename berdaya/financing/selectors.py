"""Reads of the financing app. Who sees what is decided here, from ``berdaya.accounts.selectors``:

- a person: the groups and applications they lead or belong to, their invitations and loans;
- an RT chair / RW chair / kelurahan officer: submitted applications with a member living in
  their scope (and, inside one, only those members are theirs to decide);
- a lender officer: applications of their institution's products, once forwarded;
- DKUM staff and pimpinan: everything.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.urls import reverse
from django.utils import timezone

from berdaya.accounts.models import Role
from berdaya.accounts.selectors import (
    DASHBOARD_ROLES,
    TERRITORY_ROLES,
    has_role,
    institution_codes,
    is_staff,
    territory_q,
)
from berdaya.core import events
from berdaya.core.errors import AccessDenied
from berdaya.core.inbox import InboxItem
from berdaya.core.masking import mask_nik
from berdaya.financing import people
from berdaya.financing.models import (
    Application,
    ApplicationMember,
    Group,
    Instalment,
    Invitation,
    InvitationStatus,
    Level,
    Loan,
    LoanStatus,
    MemberStatus,
    Product,
    Recommendation,
    Status,
)
from berdaya.financing.schedule import build_schedule

LENDER_STATUSES = (
    Status.FORWARDED,
    Status.APPROVED,
    Status.PARTIALLY_APPROVED,
    Status.REJECTED,
    Status.DISBURSED,
    Status.CLOSED,
)
LEVEL_ROLE: dict[str, str] = {
    Level.RT: Role.KETUA_RT,
    Level.RW: Role.KETUA_RW,
    Level.KELURAHAN: Role.PETUGAS_KELURAHAN,
}


def product_list() -> QuerySet[Product]:
    return Product.objects.filter(is_active=True).select_related("lender").prefetch_related("terms")


# --- access ------------------------------------------------------------------------------------
def applications_for(user) -> QuerySet[Application]:
    """Every application ``user`` may see."""
    qs = Application.objects.select_related("product__lender", "group", "applicant", "kelurahan")
    if user is None or not user.is_authenticated:
        return qs.none()
    if has_role(user, *DASHBOARD_ROLES):
        return qs
    condition = Q(applicant__user=user) | Q(
        group__memberships__person__user=user, group__memberships__status=MemberStatus.ACTIVE
    )
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


def is_lender_officer(user, product: Product) -> bool:
    """Whether ``user`` is an officer of the institution that lends ``product``."""
    return product.lender.code in institution_codes(user)


def application_get(user, pk: int) -> Application:
    """The application if ``user`` may see it; 404 when absent, AccessDenied (403) outside scope."""
    application = Application.objects.filter(pk=pk).first()
    if application is None:
        from django.http import Http404

        raise Http404
    if not applications_for(user).filter(pk=pk).exists():
        raise AccessDenied("Pengajuan ini di luar wewenang Anda.")
    return applications_for(user).get(pk=pk)


def groups_for(user) -> QuerySet[Group]:
    qs = Group.objects.select_related("product", "leader", "kelurahan")
    if user is None or not user.is_authenticated:
        return qs.none()
    if has_role(user, *DASHBOARD_ROLES):
        return qs
    ids = Group.objects.filter(
        Q(leader__user=user)
        | Q(memberships__person__user=user, memberships__status=MemberStatus.ACTIVE)
        | Q(invitations__person__user=user, invitations__status=InvitationStatus.PENDING)
    ).values("pk")
    return qs.filter(pk__in=ids)


def group_get(user, pk: int) -> Group:
    group = Group.objects.filter(pk=pk).first()
    if group is None:
        from django.http import Http404

        raise Http404
    if not groups_for(user).filter(pk=pk).exists():
        raise AccessDenied("Kelompok ini di luar wewenang Anda.")
    return group


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
    from django.http import Http404

    qs = invitations_for(user) | Invitation.objects.filter(group__leader__user=user)
    invitation = qs.filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def loans_for(user) -> QuerySet[Loan]:
    qs = Loan.objects.select_related("person", "application__product__lender", "application__group")
    if has_role(user, *DASHBOARD_ROLES):
        return qs
    codes = institution_codes(user)
    return qs.filter(Q(person__user=user) | Q(application__product__lender__code__in=codes))


def loan_get(user, pk: int) -> Loan:
    loan = Loan.objects.filter(pk=pk).first()
    if loan is None:
        from django.http import Http404

        raise Http404
    if not loans_for(user).filter(pk=pk).exists():
        raise AccessDenied("Pinjaman ini di luar wewenang Anda.")
    return loan


# --- workflow reads ----------------------------------------------------------------------------
def current_level(application: Application) -> str | None:
    from berdaya.financing.services import current_level as level_of

    return level_of(application)


def recommendation_queue(user) -> list[tuple[Application, str, list]]:
    """Applications waiting for ``user``'s recommendation at the open level, with the members of
    their scope still to decide."""
    from berdaya.financing.services import first_open_level, members_in_scope

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


def member_rows(application: Application, *, today: datetime.date | None = None) -> list[dict]:
    """Per member: the amount, admin fee, total, instalments with due dates (the loan's real
    schedule once disbursed, else a preview from ``today``), and the loan id."""
    start = today or timezone.localdate()
    rows = []
    members = application.members.select_related("person").prefetch_related("loan__instalments")
    for m in members:
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
            money = {
                "admin_fee_rupiah": loan.admin_fee_rupiah,
                "total_rupiah": loan.total_rupiah,
            }
        else:
            amount = m.approved_amount_rupiah if m.approved_amount_rupiah else m.amount_rupiah
            schedule = build_schedule(
                product=application.product,
                amount_rupiah=amount,
                term_months=application.term_months,
                fee_percent=application.admin_fee_percent,
                start=start,
            )
            data = schedule.as_dict()
            instalments = data["instalments"]
            money = {
                "admin_fee_rupiah": data["admin_fee_rupiah"],
                "total_rupiah": data["total_rupiah"],
            }
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
                **money,
                "instalments": instalments,
                "loan_id": loan.pk if loan else None,
                "loan": loan,
                "verified": people.is_verified_partner(m.person),
                "certified": people.has_certificate(m.person)
                if application.product.training_required
                else None,
            }
        )
    return rows


EVENT_LABELS = {
    "created": "Pengajuan dibuat",
    "updated": "Pengajuan diubah",
    "submitted": "Pengajuan diajukan",
    "withdrawn": "Pengajuan ditarik",
    "recommended": "Rekomendasi diberikan",
    "recommendation_refused": "Rekomendasi ditolak",
    "forwarded": "Diverifikasi DKUM dan diteruskan ke lembaga",
    "returned": "Dikembalikan DKUM untuk perbaikan",
    "members_decided": "Sebagian anggota diputuskan",
    "decided": "Keputusan lembaga",
    "disbursed": "Dana dicairkan",
    "closed": "Semua pinjaman lunas",
}


def timeline_rows(obj) -> list[dict]:
    return [
        {
            "label": EVENT_LABELS.get(e.verb, e.verb),
            "at": e.created_at.isoformat(),
            "actor": e.actor.full_name if e.actor else "",
            "event": e.verb,
            "note": e.note,
            "to_status": e.to_status,
            "created_at": e.created_at,
        }
        for e in events.timeline(obj)
    ]


def recommendation_progress(application: Application) -> list[dict]:
    from berdaya.financing.services import level_done

    return [
        {"level": level, "label": Level(level).label, "done": level_done(application, level)}
        for level in application.product.recommendation_levels
    ]


# --- arrears and reports -----------------------------------------------------------------------
def _oldest_unpaid_due():
    return Subquery(
        Instalment.objects.filter(loan=OuterRef("pk"), paid_rupiah__lt=F("amount_rupiah"))
        .order_by("due_date")
        .values("due_date")[:1]
    )


def loans_with_arrears(qs: QuerySet[Loan] | None = None) -> QuerySet[Loan]:
    """Loans annotated with ``oldest_due`` (the first unpaid instalment's due date)."""
    qs = Loan.objects.all() if qs is None else qs
    return qs.annotate(oldest_due=_oldest_unpaid_due())


def days_past_due(loan: Loan, *, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    oldest = getattr(loan, "oldest_due", None)
    if oldest is None and not hasattr(loan, "oldest_due"):
        first = loan.instalments.filter(paid_rupiah__lt=F("amount_rupiah")).order_by("due_date")
        oldest = first.values_list("due_date", flat=True).first()
    if loan.status != LoanStatus.ACTIVE or oldest is None or oldest >= today:
        return 0
    return (today - oldest).days


def par(
    *, by: str, today: datetime.date | None = None, days: int = 30, loans: QuerySet | None = None
) -> list[dict]:
    """Portfolio at risk by ``by`` ("kelurahan" or "group"): outstanding of active loans more
    than ``days`` past due over all outstanding, computed in the database."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=days)
    key = {"kelurahan": "kelurahan__name", "group": "application__group__name"}[by]
    ident = {"kelurahan": "kelurahan_id", "group": "application__group_id"}[by]
    qs = loans_with_arrears(loans).filter(status=LoanStatus.ACTIVE)
    outstanding = F("total_rupiah") - F("paid_rupiah")
    rows = (
        qs.values(ident, key)
        .annotate(
            loans=Count("pk"),
            outstanding=Sum(outstanding),
            at_risk=Sum(outstanding, filter=Q(oldest_due__lt=cutoff)),
            in_arrears=Count("pk", filter=Q(oldest_due__lt=today)),
        )
        .order_by(key)
    )
    out = []
    for r in rows:
        total = r["outstanding"] or 0
        at_risk = r["at_risk"] or 0
        out.append(
            {
                "id": r[ident],
                "name": r[key] or "(perorangan)",
                "loans": r["loans"],
                "in_arrears": r["in_arrears"],
                "outstanding_rupiah": total,
                "at_risk_rupiah": at_risk,
                "par_percent": round(100 * at_risk / total, 1) if total else 0.0,
            }
        )
    return out


def pipeline(*, statuses=None) -> list[dict]:
    """Applications by status and kelurahan (one grouped query)."""
    qs = Application.objects.all()
    if statuses:
        qs = qs.filter(status__in=statuses)
    rows = (
        qs.values("status", "kelurahan_id", "kelurahan__name")
        .annotate(count=Count("pk"))
        .order_by("status", "kelurahan__name")
    )
    labels = dict(Status.choices)
    order = {value: n for n, value in enumerate(Status.values)}
    ordered = sorted(rows, key=lambda r: (order.get(r["status"], 99), r["kelurahan__name"] or ""))
    return [
        {
            "status": r["status"],
            "status_label": labels.get(r["status"], r["status"]),
            "kelurahan_code": r["kelurahan_id"],
            "kelurahan": r["kelurahan__name"],
            "count": r["count"],
        }
        for r in ordered
    ]


def in_process_count() -> int:
    from berdaya.financing.models import IN_PROCESS

    return Application.objects.filter(status__in=IN_PROCESS).count()


def portfolio_totals(*, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=30)
    outstanding = F("total_rupiah") - F("paid_rupiah")
    active = loans_with_arrears().filter(status=LoanStatus.ACTIVE)
    totals = Loan.objects.aggregate(
        loans=Count("pk"),
        disbursed=Sum("principal_rupiah"),
        groups=Count("application__group", distinct=True),
    )
    risk = active.aggregate(
        outstanding=Sum(outstanding), at_risk=Sum(outstanding, filter=Q(oldest_due__lt=cutoff))
    )
    out_total = risk["outstanding"] or 0
    at_risk = risk["at_risk"] or 0
    return {
        "loans": totals["loans"] or 0,
        "groups": totals["groups"] or 0,
        "disbursed_rupiah": totals["disbursed"] or 0,
        "outstanding_rupiah": out_total,
        "at_risk_rupiah": at_risk,
        "par30_percent": round(100 * at_risk / out_total, 1) if out_total else 0.0,
        "in_process": in_process_count(),
    }


def disbursed_by_year() -> list[dict]:
    from django.db.models.functions import ExtractYear

    return list(
        Loan.objects.annotate(year=ExtractYear("disbursed_on"))
        .values("year")
        .annotate(loans=Count("pk"), amount=Sum("principal_rupiah"))
        .order_by("year")
    )


def collection_sheet(application: Application, due_date: datetime.date) -> list[dict]:
    """For a due date: what each member of the group owes (unpaid instalments due by then)."""
    rows = []
    loans = application.loans.select_related("person").filter(status=LoanStatus.ACTIVE)
    for loan in loans.annotate(
        owed=Sum(
            F("instalments__amount_rupiah") - F("instalments__paid_rupiah"),
            filter=Q(instalments__due_date__lte=due_date),
        )
    ).order_by("person__full_name"):
        rows.append(
            {
                "loan": loan,
                "name": loan.person.full_name,
                "nik_masked": mask_nik(loan.person.nik),
                "owed_rupiah": loan.owed or 0,
                "outstanding_rupiah": loan.outstanding_rupiah,
            }
        )
    return rows


def can_see_reports(user) -> bool:
    return has_role(user, *DASHBOARD_ROLES)


# --- home page ---------------------------------------------------------------------------------
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
