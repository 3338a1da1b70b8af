"""Opportunities API: staff publish and select; partners see matches, apply and withdraw."""

from __future__ import annotations

from django.http import Http404
from ninja import Router, Status

from berdaya.accounts.selectors import is_staff
from berdaya.core.errors import RuleError
from berdaya.core.masking import mask_nik
from berdaya.core.pagination import keyset_page
from berdaya.opportunities import schemas, selectors, services
from berdaya.opportunities.models import Opportunity
from berdaya.opportunities.schemas import (
    ApplicantPage,
    ApplyIn,
    ApplyOut,
    ErrorOut,
    MyApplicationPage,
    OpportunityApplicationOut,
    OpportunityIn,
    OpportunityOut,
    OpportunityPage,
    OpportunityPatch,
    ProblemsOut,
    SelectionIn,
    SelectionOut,
)

# The error answers every operation may give (the API's exception handlers write them).
READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE = {**READ, 409: ErrorOut, 422: ProblemsOut}

router = Router(tags=["peluang"])


def _flatten(payload: dict) -> dict:
    eligibility = payload.pop("eligibility", None) or {}
    payload.update(eligibility)
    return payload


def _business_of(user, business_id: int | None):
    """The caller's business ``business_id`` (their first when None). One that is not theirs,
    or does not exist, is the same 422 on the ``business`` field: the filter is a parameter of
    the request, not the resource asked for (no 404 from a list)."""
    try:
        return selectors.own_business(user, business_id)
    except Http404:
        raise RuleError.one(
            "business_not_yours", "Pilih usaha milik Anda sendiri.", field="business"
        ) from None


@router.post("/opportunities", response={201: OpportunityOut, **WRITE})
def opportunity_create(request, payload: OpportunityIn):
    selectors.require_staff(request.auth)
    opportunity = services.opportunity_create(actor=request.auth, **_flatten(payload.dict()))
    return Status(201, schemas.opportunity_out(opportunity))


@router.get("/opportunities", response={200: OpportunityPage, **READ})
def opportunity_list(
    request,
    status: str = "",
    kind: str = "",
    business: int | None = None,
    cursor: str | None = None,
    size: int = 25,
):
    """Staff: every opportunity (filters ``status``, ``kind``), newest first. Others: the open
    ones, each with ``fit`` and ``why_not`` for their business (``business`` when they have
    several), fitting ones first."""
    user = request.auth
    if is_staff(user):
        page = keyset_page(
            selectors.staff_list(user, status=status, kind=kind).prefetch_related("documents"),
            cursor=cursor, size=size,
        )  # fmt: skip
        taken = selectors.taken_counts(o.pk for o in page.items)
        return {
            "items": [schemas.opportunity_out(o, taken=taken.get(o.pk, 0)) for o in page.items],
            "next_cursor": page.next_cursor,
            "has_more": page.has_more,
        }
    own = _business_of(user, business)
    qs = selectors.open_opportunities().prefetch_related("documents")
    if kind:
        qs = qs.filter(kind=kind)
    found = selectors.matches(qs, own)
    size = max(1, min(int(size or 25), 200))
    start = int(cursor) if cursor and cursor.isdecimal() else 0
    chunk = found[start : start + size]
    has_more = start + size < len(found)
    return {
        "items": [schemas.opportunity_out(m.opportunity, taken=m.taken, match=m) for m in chunk],
        "next_cursor": str(start + size) if has_more else None,
        "has_more": has_more,
    }


@router.get("/opportunities/{opportunity_id}", response={200: OpportunityOut, **READ})
def opportunity_detail(request, opportunity_id: int, business: int | None = None):
    opportunity = selectors.opportunity_get(request.auth, opportunity_id)
    if is_staff(request.auth):
        return schemas.opportunity_out(opportunity, taken=selectors.taken_count(opportunity))
    match = selectors.match_one(opportunity, _business_of(request.auth, business))
    return schemas.opportunity_out(opportunity, taken=match.taken, match=match)


@router.patch("/opportunities/{opportunity_id}", response={200: OpportunityOut, **WRITE})
def opportunity_update(request, opportunity_id: int, payload: OpportunityPatch):
    opportunity = selectors.opportunity_for_staff(request.auth, opportunity_id)
    changes = payload.dict(exclude_unset=True)
    if isinstance(changes.get("eligibility"), dict):
        changes["eligibility"] = {k: v for k, v in changes["eligibility"].items()}
    opportunity = services.opportunity_update(
        actor=request.auth, opportunity=opportunity, **_flatten(changes)
    )
    return schemas.opportunity_out(opportunity, taken=selectors.taken_count(opportunity))


def _step(request, opportunity_id: int, service) -> dict:
    opportunity = selectors.opportunity_for_staff(request.auth, opportunity_id)
    opportunity = service(actor=request.auth, opportunity=opportunity)
    return schemas.opportunity_out(opportunity, taken=selectors.taken_count(opportunity))


@router.post("/opportunities/{opportunity_id}/publish", response={200: OpportunityOut, **WRITE})
def opportunity_publish(request, opportunity_id: int):
    return _step(request, opportunity_id, services.opportunity_publish)


@router.post("/opportunities/{opportunity_id}/close", response={200: OpportunityOut, **WRITE})
def opportunity_close(request, opportunity_id: int):
    return _step(request, opportunity_id, services.opportunity_close)


@router.post("/opportunities/{opportunity_id}/cancel", response={200: OpportunityOut, **WRITE})
def opportunity_cancel(request, opportunity_id: int):
    return _step(request, opportunity_id, services.opportunity_cancel)


@router.get("/opportunities/{opportunity_id}/applications", response={200: ApplicantPage, **READ})
def applicant_list(
    request,
    opportunity_id: int,
    status: str = "",
    kecamatan: str = "",
    size_class: str = "",
    gender: str = "",
    cursor: str | None = None,
    size: int = 50,
):
    """Staff: the applicants, newest first, with whether they still fit."""
    opportunity = selectors.opportunity_for_staff(request.auth, opportunity_id)
    filters = selectors.ApplicantFilters(
        status=status, kecamatan=kecamatan, size=size_class, gender=gender
    )
    page = keyset_page(
        selectors.applicants(opportunity, filters, user=request.auth), cursor=cursor, size=size
    )
    rows = selectors.applicant_rows(opportunity, page.items)
    return {
        "items": [
            {
                "id": r.application.pk,
                "status": r.application.status,
                "business": {
                    "id": r.application.business.pk,
                    "name": r.application.business.name,
                    "kbli_section": r.application.business.kbli_section,
                    "size_class": r.application.business.size_class,
                    "kecamatan_code": r.application.business.kelurahan.kecamatan_id,
                    "kelurahan_code": r.application.business.kelurahan_id,
                    "annual_sales_rupiah": r.application.business.annual_sales_rupiah,
                },
                "name": r.application.person.full_name,
                "gender": r.application.person.gender,
                "nik_masked": mask_nik(r.application.person.nik),
                "note": r.application.note,
                "applied_at": r.application.applied_at,
                "has_attachment": bool(r.application.attachment),
                "fit": r.fit,
                "why_not": r.why_not,
                "certificates": r.certificates,
                "previous_selections": r.previous_selections,
            }
            for r in rows
        ],
        "next_cursor": page.next_cursor,
        "has_more": page.has_more,
    }


@router.post(
    "/opportunities/{opportunity_id}/applications",
    response={201: ApplyOut, **WRITE},
    exclude_none=True,
)
def application_apply(request, opportunity_id: int, payload: ApplyIn):
    """The partner applies for their business. A financing-backed opportunity answers with
    ``next_url``: the product's group or application form."""
    opportunity = selectors.opportunity_get(request.auth, opportunity_id)
    application = services.application_apply(
        user=request.auth,
        opportunity=opportunity,
        business=_business_of(request.auth, payload.business),
        note=payload.note,
    )
    body = {
        "id": application.pk,
        "status": application.status,
        "opportunity": opportunity.pk,
        "business": application.business_id,
        "next_url": services.next_url_for(opportunity),
    }
    return Status(201, body)


@router.post(
    "/opportunities/{opportunity_id}/applications/{application_id}/withdraw",
    response={200: OpportunityApplicationOut, **WRITE},
)
def application_withdraw(request, opportunity_id: int, application_id: int):
    application = selectors.application_for_applicant(request.auth, application_id)
    if application.opportunity_id != opportunity_id:
        raise Http404
    application = services.application_withdraw(user=request.auth, application=application)
    return {"id": application.pk, "status": application.status}


@router.post("/opportunities/{opportunity_id}/selection", response={200: SelectionOut, **WRITE})
def selection_make(request, opportunity_id: int, payload: SelectionIn):
    opportunity = selectors.opportunity_for_staff(request.auth, opportunity_id)
    result = services.selection_make(
        actor=request.auth, opportunity=opportunity, selected_ids=payload.selected
    )
    return {"selected": result.selected, "not_selected": result.not_selected}


@router.get("/me/opportunity-applications", response={200: MyApplicationPage, 401: ErrorOut})
def my_applications(request, cursor: str | None = None, size: int = 25):
    """What the user applied for, newest first, with the outcome."""
    page = keyset_page(selectors.applications_of_user(request.auth), cursor=cursor, size=size)
    items = []
    for a in page.items:
        o: Opportunity = a.opportunity
        items.append(
            {
                "id": a.pk, "status": a.status, "opportunity": o.pk,
                "opportunity_title": o.title, "opportunity_kind": o.kind,
                "opportunity_status": o.current_status(), "provider": o.provider,
                "business": a.business_id, "business_name": a.business.name, "note": a.note,
                "applied_at": a.applied_at, "decided_at": a.decided_at,
                "next_url": services.next_url_for(o),
            }
        )  # fmt: skip
    return {"items": items, "next_cursor": page.next_cursor, "has_more": page.has_more}
