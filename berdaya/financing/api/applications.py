"""API: applications (list, draft, update, submit, withdraw), the recommendation, DKUM's
review, the lender's decision and disbursement. Each handler reaches the application through
``selectors.application_get`` (404 outside the caller's reach) and calls one service."""

from __future__ import annotations

from ninja import Router

from berdaya.core.pagination import keyset_page
from berdaya.financing import selectors, services
from berdaya.financing.api.groups import product_for
from berdaya.financing.api.output import application_out
from berdaya.financing.api.schemas import (
    ApplicationIn,
    ApplicationOut,
    ApplicationPageOut,
    ApplicationReviewIn,
    ApplicationUpdateIn,
    DecisionIn,
    DisbursementIn,
    NoteIn,
    RecommendationIn,
    answers,
)
from berdaya.financing.idempotency import idempotent
from berdaya.financing.models import Status

router = Router(tags=["financing"])


def _members(items) -> list[dict] | None:
    return None if items is None else [m.dict() for m in items]


@router.get("/financing/applications", response=answers(200, ApplicationPageOut))
def application_list(request, cursor: str | None = None, status: str | None = None):
    qs = selectors.applications_for(request.auth)
    if status:
        qs = qs.filter(status=status if status in Status.values else "")
    page = keyset_page(qs, cursor=cursor, size=50)
    return {
        "items": [
            {
                "id": a.pk,
                "status": a.status,
                "product": a.product.code,
                "title": a.title,
                "kelurahan_code": a.kelurahan_id,
            }
            for a in page.items
        ],
        "next_cursor": page.next_cursor,
    }


@router.post("/financing/applications", response=answers(201, ApplicationOut))
def application_create(request, payload: ApplicationIn):
    group = selectors.group_led_by(request.auth, payload.group) if payload.group else None

    def run():
        application = services.application_create(
            user=request.auth,
            group=group,
            product=None if group else product_for(payload.product),
            term_months=payload.term_months,
            members=_members(payload.members),
        )
        return 201, application_out(application, request.auth)

    return idempotent(request, run)


@router.get("/financing/applications/{application_id}", response=answers(200, ApplicationOut))
def application_detail(request, application_id: int):
    application = selectors.application_get(request.auth, application_id)
    return application_out(application, request.auth)


@router.patch("/financing/applications/{application_id}", response=answers(200, ApplicationOut))
def application_update(request, application_id: int, payload: ApplicationUpdateIn):
    application = selectors.application_get(request.auth, application_id)

    def run():
        updated = services.application_update(
            application=application,
            user=request.auth,
            term_months=payload.term_months,
            members=_members(payload.members),
        )
        return 200, application_out(updated, request.auth)

    return idempotent(request, run)


def _step(request, application_id: int, call):
    application = selectors.application_get(request.auth, application_id)

    def run():
        call(application)
        return 200, application_out(application, request.auth)

    return idempotent(request, run)


STEP = answers(200, ApplicationOut)


@router.post("/financing/applications/{application_id}/submit", response=STEP)
def application_submit(request, application_id: int):
    return _step(
        request,
        application_id,
        lambda a: services.application_submit(application=a, user=request.auth),
    )


@router.post("/financing/applications/{application_id}/withdraw", response=STEP)
def application_withdraw(request, application_id: int, payload: NoteIn | None = None):
    return _step(
        request,
        application_id,
        lambda a: services.application_withdraw(
            application=a, user=request.auth, note=payload.note if payload else ""
        ),
    )


@router.post("/financing/applications/{application_id}/recommendations", response=STEP)
def recommendation_give(request, application_id: int, payload: RecommendationIn):
    return _step(
        request,
        application_id,
        lambda a: services.recommendation_give(
            application=a,
            official=request.auth,
            level=payload.level,
            approve=payload.approve,
            note=payload.note,
        ),
    )


@router.post("/financing/applications/{application_id}/review", response=STEP)
def application_review(request, application_id: int, payload: ApplicationReviewIn):
    return _step(
        request,
        application_id,
        lambda a: services.application_review(
            application=a, staff=request.auth, decision=payload.decision, note=payload.note
        ),
    )


@router.post("/financing/applications/{application_id}/decision", response=STEP)
def application_decide(request, application_id: int, payload: DecisionIn):
    return _step(
        request,
        application_id,
        lambda a: services.application_decide(
            application=a, officer=request.auth, decisions=[m.dict() for m in payload.members]
        ),
    )


@router.post("/financing/applications/{application_id}/disbursement", response=STEP)
def application_disburse(request, application_id: int, payload: DisbursementIn):
    return _step(
        request,
        application_id,
        lambda a: services.application_disburse(
            application=a, officer=request.auth, disbursed_on=payload.disbursed_on
        ),
    )
