"""Reads of the cooperatives app, scoped by the user's roles.

Who sees which cooperative:
- DKUM staff and pimpinan: the city (or the kecamatan of their scope); staff manage them;
- a kelurahan officer: the cooperatives of their kelurahan, read-only;
- the board: the cooperatives they keep (``Manager`` rows, given at registration and
  verification), and the registrant their own registration;
- a member: their memberships only (``memberships_for_user``), not the cooperative's data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from berdaya.accounts.models import Role
from berdaya.accounts.selectors import (
    DASHBOARD_ROLES,
    STAFF_ROLES,
    covers_address,
    has_role,
    is_staff,
    territory_q,
)
from berdaya.cooperatives import health
from berdaya.cooperatives.models import (
    AnnualReport,
    Cooperative,
    CooperativeStatus,
    Manager,
    Member,
    MemberStatus,
)
from berdaya.core.inbox import InboxItem

LIST_ROLES = (*DASHBOARD_ROLES, Role.PETUGAS_KELURAHAN)


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def _any_of(*conditions: Q) -> Q:
    """OR where an empty Q (the whole city) matches everything (Django's ``Q() | Q(x)`` would
    be ``Q(x)``)."""
    if any(not c for c in conditions):
        return Q()
    result = conditions[0]
    for condition in conditions[1:]:
        result |= condition
    return result


def _own_q(user) -> Q:
    managed = Manager.objects.filter(user=user).values("cooperative_id")
    return Q(pk__in=managed) | Q(registered_by=user)


def cooperatives_visible_to(user) -> QuerySet[Cooperative]:
    if not _authenticated(user):
        return Cooperative.objects.none()
    return Cooperative.objects.filter(
        _any_of(
            territory_q(user, DASHBOARD_ROLES),
            territory_q(user, [Role.PETUGAS_KELURAHAN]),
            _own_q(user),
        )
    )


def cooperative_get(user, pk: int) -> Cooperative | None:
    """The one accessor: the cooperative if ``user`` may see it, else None (404)."""
    return (
        cooperatives_visible_to(user)
        .select_related("kelurahan__kecamatan", "registered_by", "reviewed_by")
        .filter(pk=pk)
        .first()
    )


def can_see_list(user) -> bool:
    """The city (or area) list, compliance overview and export."""
    return has_role(user, *LIST_ROLES)


def can_review(user) -> bool:
    return is_staff(user)


def staff_covers(user, cooperative: Cooperative) -> bool:
    return any(
        covers_address(
            user, role, kelurahan_code=cooperative.kelurahan_id, rw=cooperative.rw,
            rt=cooperative.rt,
        )
        for role in STAFF_ROLES
    )  # fmt: skip


def manages(user, cooperative: Cooperative) -> bool:
    """Keeps members and files reports: DKUM staff of the area, or the cooperative's board."""
    if not _authenticated(user):
        return False
    if staff_covers(user, cooperative):
        return True
    return Manager.objects.filter(cooperative=cooperative, user=user).exists()


def is_registrant(user, cooperative: Cooperative) -> bool:
    return _authenticated(user) and cooperative.registered_by_id == user.pk


def manageable_by(user) -> QuerySet[Cooperative]:
    """``manages`` as a list: the cooperatives of the DKUM staff member's area, and the board's
    own cooperatives."""
    if not _authenticated(user):
        return Cooperative.objects.none()
    return Cooperative.objects.filter(_any_of(territory_q(user, STAFF_ROLES), _own_q(user)))


def managed_by(user) -> QuerySet[Cooperative]:
    if not _authenticated(user):
        return Cooperative.objects.none()
    return Cooperative.objects.filter(_own_q(user)).select_related("kelurahan")


# --- Lists ------------------------------------------------------------------------------------
@dataclass
class ListFilters:
    kecamatan: str = ""
    kelurahan: str = ""
    type: str = ""
    status: str = ""
    rat_status: str = ""
    q: str = ""


def cooperative_search(user, f: ListFilters, *, today: datetime.date | None = None):
    qs = cooperatives_visible_to(user).select_related("kelurahan__kecamatan")
    if f.kecamatan:
        qs = qs.filter(kelurahan__kecamatan_id=f.kecamatan)
    if f.kelurahan:
        qs = qs.filter(kelurahan_id=f.kelurahan)
    if f.type:
        qs = qs.filter(type=f.type)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.rat_status:
        qs = qs.filter(health.rat_status_q(f.rat_status, today=today or timezone.localdate()))
    if f.q:
        qs = qs.filter(Q(name__icontains=f.q) | Q(nik_koperasi=f.q))
    return qs


def _latest_reports(cooperative_ids: list[int]) -> dict[tuple[int, int], AnnualReport]:
    rows = AnnualReport.objects.filter(cooperative_id__in=cooperative_ids, is_latest=True)
    return {(r.cooperative_id, r.fiscal_year): r for r in rows}


def health_many(cooperatives: list[Cooperative], *, today: datetime.date | None = None) -> None:
    """Set ``.health`` on each cooperative with one query for all their reports."""
    today = today or timezone.localdate()
    reports = _latest_reports([c.pk for c in cooperatives])
    for c in cooperatives:
        latest = reports.get((c.pk, c.last_rat_year or 0))
        previous = reports.get((c.pk, (c.last_rat_year or 0) - 1))
        c.health = health.derive(  # type: ignore[attr-defined]
            today=today, founded_year=c.founded_year, latest=latest, previous=previous
        )


def health_of(cooperative: Cooperative, *, today: datetime.date | None = None) -> health.Health:
    health_many([cooperative], today=today)
    return cooperative.health  # type: ignore[attr-defined]


def reports_of(cooperative: Cooperative) -> list[AnnualReport]:
    """Each year's latest version, newest year first, with ``.versions`` (every version)."""
    rows = list(
        AnnualReport.objects.filter(cooperative=cooperative)
        .select_related("filed_by")
        .order_by("-fiscal_year", "-version")
    )
    latest: list[AnnualReport] = []
    by_year: dict[int, list[AnnualReport]] = {}
    for r in rows:
        by_year.setdefault(r.fiscal_year, []).append(r)
        if r.is_latest:
            latest.append(r)
    for r in latest:
        r.versions = sorted(by_year[r.fiscal_year], key=lambda v: v.version)  # type: ignore[attr-defined]
    return latest


def report_get(cooperative: Cooperative, pk: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(cooperative=cooperative, pk=pk).first()


def members_of(cooperative: Cooperative, *, status: str = "", q: str = "") -> QuerySet[Member]:
    qs = Member.objects.filter(cooperative=cooperative)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(full_name__icontains=q) | Q(member_number=q))
    return qs


def member_get(cooperative: Cooperative, pk: int) -> Member | None:
    return Member.objects.filter(cooperative=cooperative, pk=pk).first()


def member_counts(cooperative: Cooperative) -> dict[str, int]:
    rows = Member.objects.filter(cooperative=cooperative).values("status").annotate(n=Count("id"))
    counts = {s: 0 for s in MemberStatus.values}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def memberships_for_user(user) -> QuerySet[Member]:
    """The memberships of the logged-in person: members with the NIK of their registry person."""
    if not _authenticated(user):
        return Member.objects.none()
    from berdaya.registry.selectors import person_for_user

    person = person_for_user(user)
    if person is None:
        return Member.objects.none()
    return (
        Member.objects.filter(Q(nik=person.nik) | Q(person=person))
        .select_related("cooperative")
        .order_by("cooperative__name", "id")
    )


# --- Compliance overview --------------------------------------------------------------------
def compliance_by_kecamatan(user, *, today: datetime.date | None = None) -> list[dict]:
    """Per kecamatan, the verified cooperatives by RAT status (counted in the database)."""
    today = today or timezone.localdate()
    counts = {
        status: Count("id", filter=health.rat_status_q(status, today=today))
        for status in health.RAT_STATUSES
    }
    rows = (
        cooperatives_visible_to(user)
        .filter(status=CooperativeStatus.VERIFIED)
        .values("kelurahan__kecamatan_id", "kelurahan__kecamatan__name")
        .annotate(total=Count("id"), **counts)
        .order_by("kelurahan__kecamatan_id")
    )
    out = []
    for r in rows:
        total = r["total"]
        held = r[health.HELD]
        out.append(
            {
                "kecamatan_code": r["kelurahan__kecamatan_id"],
                "kecamatan": r["kelurahan__kecamatan__name"],
                "total": total,
                "counts": {s: r[s] for s in health.RAT_STATUSES},
                "held_percent": round(100 * held / total) if total else 0,
            }
        )
    return out


# --- Inbox ----------------------------------------------------------------------------------
def inbox(user) -> list[InboxItem]:
    items: list[InboxItem] = []
    if not _authenticated(user):
        return items
    if is_staff(user):
        waiting = cooperatives_visible_to(user).filter(status=CooperativeStatus.SUBMITTED).count()
        if waiting:
            items.append(
                InboxItem(
                    title="Koperasi menunggu verifikasi",
                    url=reverse("cooperatives:list") + "?status=submitted",
                    count=waiting,
                )
            )
    memberships = memberships_for_user(user).filter(status=MemberStatus.ACTIVE).count()
    if memberships:
        items.append(
            InboxItem(
                title="Keanggotaan koperasi dan simpanan Anda",
                url=reverse("cooperatives:index") + "#keanggotaan",
                count=memberships,
            )
        )
    today = timezone.localdate()
    for c in managed_by(user).filter(status=CooperativeStatus.VERIFIED):
        status = health.rat_status(
            today=today, founded_year=c.founded_year, last_rat_year=c.last_rat_year
        )
        if status != health.HELD:
            items.append(
                InboxItem(
                    title=f"Laporan RAT {today.year - 1} {c.name}",
                    url=reverse("cooperatives:report_add", args=[c.pk]),
                    hint=health.RAT_STATUS_LABELS[status],
                )
            )
    return items
