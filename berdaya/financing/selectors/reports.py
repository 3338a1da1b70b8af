"""Arrears and reports: portfolio at risk, the pipeline by status and kelurahan, disbursements
by year, a group's collection sheet. Each report counts only what ``user`` may see (a staff
member limited to one kecamatan counts that kecamatan)."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from berdaya.accounts.selectors import DASHBOARD_ROLES, has_role
from berdaya.core.masking import mask_nik
from berdaya.financing.models import IN_PROCESS, Application, Instalment, Loan, LoanStatus, Status
from berdaya.financing.selectors.access import applications_for, loans_for


def _applications(user) -> QuerySet[Application]:
    return Application.objects.all() if user is None else applications_for(user)


def _loans(user) -> QuerySet[Loan]:
    return Loan.objects.all() if user is None else loans_for(user)


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
    *,
    by: str,
    today: datetime.date | None = None,
    days: int = 30,
    loans: QuerySet | None = None,
    user=None,
) -> list[dict]:
    """Portfolio at risk by ``by`` ("kelurahan" or "group"): outstanding of active loans more
    than ``days`` past due over all outstanding, computed in the database."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=days)
    key = {"kelurahan": "kelurahan__name", "group": "application__group__name"}[by]
    ident = {"kelurahan": "kelurahan_id", "group": "application__group_id"}[by]
    if loans is None and user is not None:
        loans = loans_for(user)
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


def pipeline(*, statuses=None, user=None) -> list[dict]:
    """Applications by status and kelurahan (one grouped query)."""
    qs = _applications(user)
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


def in_process_count(user=None) -> int:
    return _applications(user).filter(status__in=IN_PROCESS).count()


def portfolio_totals(*, today: datetime.date | None = None, user=None) -> dict:
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=30)
    outstanding = F("total_rupiah") - F("paid_rupiah")
    loans = _loans(user)
    active = loans_with_arrears(loans).filter(status=LoanStatus.ACTIVE)
    totals = loans.aggregate(
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
        "in_process": in_process_count(user),
    }


def disbursed_by_year(user=None) -> list[dict]:
    return list(
        _loans(user)
        .annotate(year=ExtractYear("disbursed_on"))
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
