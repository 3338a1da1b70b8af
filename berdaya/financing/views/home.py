"""The financing home (each role's queue) and the list of applications."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render

from berdaya.accounts.selectors import (
    DASHBOARD_ROLES,
    TERRITORY_ROLES,
    has_role,
    institution_codes,
    is_staff,
)
from berdaya.core.pagination import keyset_page
from berdaya.financing import people, selectors
from berdaya.financing.models import Status
from berdaya.financing.views._common import guarded
from berdaya.regions.selectors import kelurahan_list


@guarded
def index(request):
    """The user's financing home: their invitations, groups, applications and loans; their
    recommendation queue; or the staff / lender queue."""
    user = request.user
    person = people.person_for_user(user)
    context = {
        "person": person,
        "product_cards": [
            (p, selectors.product_conditions(person, p)) for p in selectors.product_list()
        ],
        "invitations": selectors.invitations_for(user),
        "groups": selectors.groups_for(user).filter(leader__isnull=False)[:20] if person else [],
        "applications": selectors.applications_for(user)
        .filter(members__person=person)
        .distinct()
        .order_by("-pk")[:20]
        if person
        else [],
        "loans": selectors.loans_for(user).filter(person=person) if person else [],
        "rec_queue": selectors.recommendation_queue(user),
        "staff_queue": selectors.staff_queue(user)[:50],
        "lender_queue": selectors.lender_queue(user)[:50],
        "lender_active": selectors.lender_active(user)[:50],
        "is_official": has_role(user, *TERRITORY_ROLES),
        "is_staff": is_staff(user),
        "is_lender": bool(institution_codes(user)),
        "can_report": has_role(user, *DASHBOARD_ROLES),
    }
    return render(request, "financing/index.html", context)


def filtered_applications(request):
    """The applications of the list page as filtered (the page and its exports): the ones the
    user may see, by status and kelurahan; with the two filter values."""
    qs = selectors.applications_for(request.user)
    status = request.GET.get("status", "")
    kelurahan = request.GET.get("kelurahan", "")[:13]
    if status in Status.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    if kelurahan:
        qs = qs.filter(kelurahan_id=kelurahan)
    return qs, status, kelurahan


@guarded
def application_list(request):
    """Every application the user may see, filtered by status and kelurahan, newest first."""
    qs, status, kelurahan = filtered_applications(request)
    page = keyset_page(qs, cursor=request.GET.get("setelah"), size=25)
    context = {
        "page": page,
        "statuses": Status.choices,
        "status": status,
        "kelurahan": kelurahan,
        "kelurahan_choices": kelurahan_list(),
    }
    context["can_export"] = can_export(request.user)
    context["query"] = urlencode(
        {k: v for k, v in (("status", status), ("kelurahan", kelurahan)) if v}
    )
    return render(request, "financing/application_list.html", context)


def can_export(user) -> bool:
    """Who exports the list: the office, area officials and lenders' officers (the people whose
    list holds other people's applications)."""
    return has_role(user, *DASHBOARD_ROLES, *TERRITORY_ROLES) or bool(institution_codes(user))
