"""API: collections, loans, repayments and the portfolio report."""

from __future__ import annotations

from ninja import Router

from berdaya.core.errors import AccessDenied
from berdaya.financing import selectors, services
from berdaya.financing.api.output import application_out, loan_out, repayment_out
from berdaya.financing.api.schemas import (
    ApplicationOut,
    CollectionIn,
    LoanOut,
    PortfolioOut,
    RepaymentIn,
    RepaymentOut,
    answers,
)
from berdaya.financing.idempotency import idempotent

router = Router(tags=["financing"])


@router.post(
    "/financing/applications/{application_id}/collections", response=answers(200, ApplicationOut)
)
def collection_record(request, application_id: int, payload: CollectionIn):
    application = selectors.application_get(request.auth, application_id)

    def run():
        services.collection_record(
            application=application,
            officer=request.auth,
            paid_on=payload.paid_on,
            payments={p.loan_id: p.amount_rupiah for p in payload.payments},
        )
        return 200, application_out(application, request.auth)

    return idempotent(request, run)


@router.get("/financing/loans/{loan_id}", response=answers(200, LoanOut))
def loan_detail(request, loan_id: int):
    return loan_out(selectors.loan_get(request.auth, loan_id))


@router.post("/financing/loans/{loan_id}/repayments", response=answers(201, RepaymentOut))
def repayment_record(request, loan_id: int, payload: RepaymentIn):
    loan = selectors.loan_get(request.auth, loan_id)

    def run():
        repayment = services.repayment_record(
            loan=loan,
            officer=request.auth,
            paid_on=payload.paid_on,
            amount_rupiah=payload.amount_rupiah,
        )
        return 201, repayment_out(repayment, loan)

    return idempotent(request, run)


@router.get("/financing/reports/portfolio", response=answers(200, PortfolioOut))
def report_portfolio(request):
    user = request.auth
    if not selectors.can_see_reports(user):
        raise AccessDenied("Laporan hanya untuk DKUM dan pimpinan.")
    return {
        **selectors.portfolio_totals(user=user),
        "pipeline": selectors.pipeline(user=user),
        "par_by_kelurahan": selectors.par(by="kelurahan", user=user),
        "par_by_group": selectors.par(by="group", user=user),
    }
