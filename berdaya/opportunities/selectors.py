"""Reads of the opportunities app. Who sees what:

- DKUM staff (``staf_dkum``, ``admin_dkum``): every opportunity, applicants and exports.
- Everyone else who is logged in: opportunities that were published (never drafts), matched to
  their own businesses, and their own applications.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from berdaya.accounts.selectors import STAFF_ROLES, is_staff, territory_q
from berdaya.core.errors import AccessDenied
from berdaya.core.inbox import InboxItem
from berdaya.opportunities import rules
from berdaya.opportunities.models import (
    AlertPreference,
    ApplicationStatus,
    Opportunity,
    OpportunityApplication,
    OpportunityStatus,
)
from berdaya.registry import selectors as registry_selectors

ACTIVE = (ApplicationStatus.APPLIED, ApplicationStatus.SELECTED)
PUBLIC_STATUSES = (
    OpportunityStatus.PUBLISHED,
    OpportunityStatus.CLOSED,
    OpportunityStatus.SELECTED,
    OpportunityStatus.CANCELLED,
)


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def can_manage(user) -> bool:
    return is_staff(user)


def require_staff(user) -> None:
    if not is_staff(user):
        raise AccessDenied("Hanya staf DKUM yang dapat melakukan ini.")


def _base() -> QuerySet[Opportunity]:
    return Opportunity.objects.select_related("training_program", "financing_product")


def status_q(status: str, today: datetime.date | None = None) -> Q:
    """Rows whose *current* status is ``status`` (a published one past its deadline is closed)."""
    today = today or timezone.localdate()
    if status == OpportunityStatus.PUBLISHED:
        return Q(status=status, deadline__gte=today)
    if status == OpportunityStatus.CLOSED:
        return Q(status=status) | Q(status=OpportunityStatus.PUBLISHED, deadline__lt=today)
    return Q(status=status)


def opportunities_visible_to(user) -> QuerySet[Opportunity]:
    if not _authenticated(user):
        return Opportunity.objects.none()
    if is_staff(user):
        return _base()
    return _base().filter(status__in=PUBLIC_STATUSES)


def opportunity_get(user, pk: int) -> Opportunity:
    """The opportunity if ``user`` may see it; else 404."""
    found = opportunities_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def opportunity_for_staff(user, pk: int) -> Opportunity:
    require_staff(user)
    return opportunity_get(user, pk)


def staff_list(user, *, status: str = "", kind: str = "") -> QuerySet[Opportunity]:
    require_staff(user)
    qs = _base()
    if status in OpportunityStatus.values:
        qs = qs.filter(status_q(status))
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def taken_counts(opportunity_ids) -> dict[int, int]:
    """Active (applied or selected) applications per opportunity."""
    rows = (
        OpportunityApplication.objects.filter(opportunity_id__in=list(opportunity_ids))
        .filter(status__in=ACTIVE)
        .values("opportunity_id")
        .annotate(n=Count("id"))
    )
    return {r["opportunity_id"]: r["n"] for r in rows}


def taken_count(opportunity: Opportunity) -> int:
    return taken_counts([opportunity.pk]).get(opportunity.pk, 0)


# --- a partner's businesses and matching ----------------------------------------------------


def own_businesses(user) -> list:
    """The businesses the user owns (verified ones first)."""
    if not _authenticated(user):
        return []
    from berdaya.registry.selectors import businesses_visible_to

    qs = (
        businesses_visible_to(user)
        .filter(owner__user=user)
        .select_related("owner", "kelurahan__kecamatan", "registration", "kbli")
        .order_by("id")
    )
    items = list(qs)
    items.sort(
        key=lambda b: (
            not registry_selectors.registration_is_verified(getattr(b, "registration", None))
        )
    )
    return items


def own_business(user, business_id: int | str | None = None):
    """The user's business ``business_id`` (or their first, verified first); None when they have
    none. An id that is not theirs is a 404."""
    businesses = own_businesses(user)
    if business_id in (None, ""):
        return businesses[0] if businesses else None
    try:
        wanted = int(business_id)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Http404 from None
    for business in businesses:
        if business.pk == wanted:
            return business
    raise Http404


def open_opportunities(today: datetime.date | None = None) -> QuerySet[Opportunity]:
    today = today or timezone.localdate()
    return _base().filter(
        status=OpportunityStatus.PUBLISHED, opens_on__lte=today, deadline__gte=today
    )


@dataclass
class Match:
    opportunity: Opportunity
    why_not: list[str]
    taken: int
    application: OpportunityApplication | None = None

    @property
    def fit(self) -> bool:
        return not self.why_not

    @property
    def reasons(self) -> list[str]:
        return [rules.message_for(code, self.opportunity) for code in self.why_not]


def matches(opportunities, business, *, today: datetime.date | None = None) -> list[Match]:
    """Each opportunity with the reasons ``business`` cannot apply, fitting ones first (then by
    deadline). ``business`` may be None (the user has none)."""
    opportunities = list(opportunities)
    taken = taken_counts(o.pk for o in opportunities)
    facts = rules.facts_for(business) if business is not None else None
    applied = {}
    if business is not None:
        applied = {
            a.opportunity_id: a
            for a in OpportunityApplication.objects.filter(
                business_id=business.pk, opportunity_id__in=[o.pk for o in opportunities]
            )
        }
    result = []
    for o in opportunities:
        n = taken.get(o.pk, 0)
        mine = applied.get(o.pk)
        codes = rules.why_not(o, facts, taken=n, today=today)
        if mine is not None and mine.status in ACTIVE:
            codes = [c for c in codes if c != "full"]  # their own place counts in the quota
        result.append(Match(o, codes, n, mine))
    result.sort(key=lambda m: (not m.fit, m.opportunity.deadline, -m.opportunity.pk))
    return result


def match_one(opportunity: Opportunity, business) -> Match:
    return matches([opportunity], business)[0]


# --- applications ---------------------------------------------------------------------------


def applications_of_user(user) -> QuerySet[OpportunityApplication]:
    """The user's own applications, newest first (their history)."""
    if not _authenticated(user):
        return OpportunityApplication.objects.none()
    return (
        OpportunityApplication.objects.filter(business__owner__user=user)
        .select_related("opportunity__financing_product", "business")
        .order_by("-id")
    )


def application_for_applicant(user, pk: int) -> OpportunityApplication:
    found = applications_of_user(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _in_staff_territory(user) -> Q:
    """Applications of businesses inside the territory of the user's staff assignments (the whole
    city for city staff; one kecamatan for staff scoped to it)."""
    return territory_q(
        user,
        STAFF_ROLES,
        kelurahan="business__kelurahan",
        rw="business__rw",
        rt="business__rt",
    )


def application_for_viewer(user, pk: int) -> OpportunityApplication:
    """For the attachment download: the applicant or staff of the business's territory."""
    if is_staff(user):
        found = (
            OpportunityApplication.objects.filter(_in_staff_territory(user)).filter(pk=pk).first()
        )
        if found is None:
            raise Http404
        return found
    return application_for_applicant(user, pk)


@dataclass
class ApplicantFilters:
    status: str = ""
    kecamatan: str = ""
    size: str = ""
    gender: str = ""
    fit: str = ""  # "1" fitting now, "0" no longer fitting
    sort: str = ""  # "applied" (default), "name", "-sales"


def applicants(
    opportunity: Opportunity, f: ApplicantFilters, *, user
) -> QuerySet[OpportunityApplication]:
    """The applicants that ``user`` (staff) may see: those of their territory."""
    qs = OpportunityApplication.objects.filter(
        _in_staff_territory(user), opportunity=opportunity
    ).select_related(
        "business__owner",
        "business__kelurahan__kecamatan",
        "business__registration",
        "business__kbli",
        "person",
    )
    if f.status in ApplicationStatus.values:
        qs = qs.filter(status=f.status)
    if f.kecamatan:
        qs = qs.filter(business__kelurahan__kecamatan_id=f.kecamatan)
    if f.size:
        qs = qs.filter(business__size_class=f.size)
    if f.gender in ("L", "P"):
        qs = qs.filter(person__gender=f.gender)
    return qs


@dataclass
class ApplicantRow:
    application: OpportunityApplication
    why_not: list[str]
    certificates: list[str]
    previous_selections: int

    @property
    def fit(self) -> bool:
        return not self.why_not


def applicant_rows(opportunity: Opportunity, applications) -> list[ApplicantRow]:
    """Applicants with whether they still fit (eligibility may have been edited), their
    certificates and how often they were selected for other opportunities."""
    from berdaya.training.selectors import valid_certificates

    applications = list(applications)
    facts = rules.facts_for_many(a.business for a in applications)
    person_ids = {a.person_id for a in applications}
    certs: dict[int, list[str]] = {}
    for person_id, name in (
        valid_certificates()
        .filter(person_id__in=person_ids)
        .values_list("person_id", "batch__program__name")
    ):
        certs.setdefault(person_id, []).append(name)
    previous = dict(
        OpportunityApplication.objects.filter(
            business_id__in={a.business_id for a in applications},
            status=ApplicationStatus.SELECTED,
        )
        .exclude(opportunity=opportunity)
        .values("business_id")
        .annotate(n=Count("id"))
        .values_list("business_id", "n")
    )
    return [
        ApplicantRow(
            a,
            rules.eligibility_codes(opportunity, facts[a.business_id]),
            sorted(set(certs.get(a.person_id, []))),
            previous.get(a.business_id, 0),
        )
        for a in applications
    ]


def kecamatan_names(opportunity: Opportunity) -> list[str]:
    from berdaya.regions.selectors import kecamatan_list

    wanted = set(opportunity.kecamatan_codes or [])
    return [k.name for k in kecamatan_list() if k.code in wanted]


def selection_allowed(opportunity: Opportunity) -> bool:
    return opportunity.current_status() == OpportunityStatus.CLOSED


# --- alerts and inbox -----------------------------------------------------------------------


def alerts_enabled(user) -> bool:
    pref = AlertPreference.objects.filter(user=user).first()
    return pref is None or pref.enabled


def inbox(user) -> list[InboxItem]:
    if not _authenticated(user):
        return []
    items: list[InboxItem] = []
    if is_staff(user):
        waiting = (
            Opportunity.objects.filter(status_q(OpportunityStatus.CLOSED))
            .filter(applications__status=ApplicationStatus.APPLIED)
            .distinct()
            .count()
        )
        if waiting:
            items.append(
                InboxItem(
                    "Peluang menunggu pemilihan peserta",
                    reverse("opportunities:index") + "?status=closed",
                    waiting,
                )
            )
        return items
    business = own_business(user)
    if business is None:
        return items
    fitting = [
        m for m in matches(open_opportunities(), business) if m.fit and m.application is None
    ]
    if fitting:
        items.append(
            InboxItem("Peluang terbuka yang cocok untuk usaha Anda", reverse("opportunities:index"),
                      len(fitting))
        )  # fmt: skip
    return items
