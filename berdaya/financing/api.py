"""Financing API under /api/v1/financing/. Rule refusals are 422 ``{"errors": [...]}``, a step
from the wrong status is 409, outside the caller's scope 403. State-changing POSTs accept an
``Idempotency-Key`` header."""

from __future__ import annotations

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from berdaya.core.errors import RuleError
from berdaya.core.masking import mask_nik
from berdaya.financing import selectors, services
from berdaya.financing.idempotency import idempotent
from berdaya.financing.models import Application, Group, GroupMember, Invitation, Loan, Product

router = Router(tags=["financing"])


# --- schemas -----------------------------------------------------------------------------------
class AreaIn(Schema):
    kelurahan_code: str
    rw: int | None = None
    rt: int | None = None


class GroupIn(Schema):
    product: str
    name: str
    area: AreaIn


class InvitationIn(Schema):
    nik: str = ""
    phone: str = ""


class AcceptIn(Schema):
    joint_liability: bool = False


class MemberIn(Schema):
    nik: str
    amount_rupiah: int
    purpose: str = ""


class ApplicationIn(Schema):
    group: int | None = None
    product: str | None = None
    term_months: int
    members: list[MemberIn] | None = None


class ApplicationUpdateIn(Schema):
    term_months: int | None = None
    members: list[MemberIn] | None = None


class NoteIn(Schema):
    note: str = ""


class RecommendationIn(Schema):
    level: str
    approve: bool
    note: str = ""


class ReviewIn(Schema):
    decision: str
    note: str = ""


class MemberDecisionIn(Schema):
    nik: str
    approve: bool
    amount_rupiah: int | None = None
    reason: str = ""


class DecisionIn(Schema):
    members: list[MemberDecisionIn]


class DisbursementIn(Schema):
    disbursed_on: datetime.date


class RepaymentIn(Schema):
    paid_on: datetime.date
    amount_rupiah: int


class CollectionPaymentIn(Schema):
    loan_id: int
    amount_rupiah: int


class CollectionIn(Schema):
    paid_on: datetime.date
    payments: list[CollectionPaymentIn]


# --- output shapes -----------------------------------------------------------------------------
def product_out(p: Product) -> dict:
    return {
        "code": p.code,
        "name": p.name,
        "lender": p.lender.code,
        "borrower_type": p.borrower_type,
        "group_size_min": p.group_size_min,
        "group_size_max": p.group_size_max,
        "amount_min_rupiah": p.amount_min_rupiah,
        "amount_max_rupiah": p.amount_max_rupiah,
        "amount_step_rupiah": p.amount_step_rupiah,
        "collateral_required": p.collateral_required,
        "terms": [
            {"months": t.months, "admin_fee_percent": str(t.admin_fee_percent)}
            for t in p.terms.all()
        ],
        "fee_collection": p.fee_collection,
        "instalment_frequency": p.instalment_frequency,
        "rounding_unit": p.rounding_unit,
        "recommendation_levels": p.recommendation_levels,
        "allowed_areas": p.allowed_areas,
        "training_required": p.training_required,
        "joint_liability": p.joint_liability,
        "single_active_application": p.single_active_application,
    }


def group_out(g: Group) -> dict:
    members = g.memberships.filter(status="active").select_related("person")
    return {
        "id": g.pk,
        "product": g.product.code,
        "name": g.name,
        "area": {"kelurahan_code": g.kelurahan_id, "rw": g.rw, "rt": g.rt, "label": g.area_label},
        "leader": {"name": g.leader.full_name, "nik_masked": mask_nik(g.leader.nik)},
        "members": [
            {
                "name": m.person.full_name,
                "nik_masked": mask_nik(m.person.nik),
                "is_leader": m.is_leader,
                "joint_liability_signed": m.joint_liability_signed_at is not None,
            }
            for m in members
        ],
        "invitations": [invitation_out(i) for i in g.invitations.filter(status="pending")],
    }


def invitation_out(i: Invitation) -> dict:
    return {
        "id": i.pk,
        "group": i.group_id,
        "nik_masked": mask_nik(i.nik) if i.nik else "",
        "status": i.status,
    }


def application_out(a: Application) -> dict:
    rows = selectors.member_rows(a)
    return {
        "id": a.pk,
        "status": a.status,
        "product": a.product.code,
        "group": a.group_id,
        "kelurahan_code": a.kelurahan_id,
        "term_months": a.term_months,
        "admin_fee_percent": str(a.admin_fee_percent),
        "revision_note": a.revision_note,
        "members": [
            {
                "nik_masked": r["nik_masked"],
                "name": r["name"],
                "amount_rupiah": r["amount_rupiah"],
                "purpose": r["purpose"],
                "admin_fee_rupiah": r["admin_fee_rupiah"],
                "total_rupiah": r["total_rupiah"],
                "instalments": [
                    {"due_date": i["due_date"], "amount_rupiah": i["amount_rupiah"]}
                    for i in r["instalments"]
                ],
                "decision": r["decision"],
                "approved_amount_rupiah": r["approved_amount_rupiah"],
                "loan_id": r["loan_id"],
            }
            for r in rows
        ],
        "recommendations": [
            {
                "level": rec.level,
                "approved": rec.approved,
                "number": rec.number,
                "official": rec.official_name,
                "verify_code": rec.code,
                "members": len(rec.member_names),
            }
            for rec in a.recommendations.all()
        ],
        "timeline": [
            {"at": t["at"], "actor": t["actor"], "event": t["event"], "note": t["note"]}
            for t in selectors.timeline_rows(a)
        ],
    }


def loan_out(loan: Loan) -> dict:
    return {
        "id": loan.pk,
        "application": loan.application_id,
        "nik_masked": mask_nik(loan.person.nik),
        "principal_rupiah": loan.principal_rupiah,
        "admin_fee_rupiah": loan.admin_fee_rupiah,
        "total_rupiah": loan.total_rupiah,
        "paid_rupiah": loan.paid_rupiah,
        "outstanding_rupiah": loan.outstanding_rupiah,
        "disbursed_on": loan.disbursed_on.isoformat(),
        "status": loan.status,
        "days_past_due": selectors.days_past_due(loan),
        "instalments": [
            {
                "number": i.number,
                "due_date": i.due_date.isoformat(),
                "amount_rupiah": i.amount_rupiah,
                "paid_rupiah": i.paid_rupiah,
            }
            for i in loan.instalments.all()
        ],
    }


def _application(pk: int) -> Application:
    return get_object_or_404(Application, pk=pk)


def _product(code: str | None) -> Product:
    product = Product.objects.filter(code=(code or "").strip(), is_active=True).first()
    if product is None:
        raise RuleError.one("product_unknown", "Produk pembiayaan tidak dikenal.", field="product")
    return product


# --- products, groups, invitations -------------------------------------------------------------
@router.get("/financing/products", auth=None)
def products(request):
    return [product_out(p) for p in selectors.product_list()]


@router.post("/financing/groups")
def group_create(request, payload: GroupIn):
    def run():
        group = services.group_create(
            user=request.auth,
            product=_product(payload.product),
            name=payload.name,
            kelurahan_code=payload.area.kelurahan_code,
            rw=payload.area.rw,
            rt=payload.area.rt,
        )
        return 201, group_out(group)

    return idempotent(request, run)


@router.get("/financing/groups/{group_id}")
def group_detail(request, group_id: int):
    return group_out(selectors.group_get(request.auth, group_id))


@router.post("/financing/groups/{group_id}/invitations")
def invitation_create(request, group_id: int, payload: InvitationIn):
    group = get_object_or_404(Group, pk=group_id)

    def run():
        invitation = services.invitation_create(
            group=group, user=request.auth, nik=payload.nik, phone=payload.phone
        )
        return 201, invitation_out(invitation)

    return idempotent(request, run)


@router.post("/financing/invitations/{invitation_id}/accept")
def invitation_accept(request, invitation_id: int, payload: AcceptIn | None = None):
    invitation = get_object_or_404(Invitation, pk=invitation_id)

    def run():
        services.invitation_answer(
            invitation=invitation,
            user=request.auth,
            accept=True,
            joint_liability=bool(payload and payload.joint_liability),
        )
        invitation.refresh_from_db()
        return 200, {**invitation_out(invitation), "group_detail": group_out(invitation.group)}

    return idempotent(request, run)


@router.post("/financing/invitations/{invitation_id}/decline")
def invitation_decline(request, invitation_id: int):
    invitation = get_object_or_404(Invitation, pk=invitation_id)

    def run():
        services.invitation_answer(invitation=invitation, user=request.auth, accept=False)
        invitation.refresh_from_db()
        return 200, invitation_out(invitation)

    return idempotent(request, run)


@router.post("/financing/groups/{group_id}/liability")
def group_liability_sign(request, group_id: int):
    """The calling member signs the group's joint liability statement (tanggung renteng)."""
    group = get_object_or_404(Group, pk=group_id)

    def run():
        services.liability_sign(group=group, user=request.auth)
        return 200, group_out(group)

    return idempotent(request, run)


@router.post("/financing/groups/{group_id}/leave")
def group_leave(request, group_id: int):
    group = get_object_or_404(Group, pk=group_id)

    def run():
        services.member_leave(group=group, user=request.auth)
        return 200, group_out(group)

    return idempotent(request, run)


@router.post("/financing/groups/{group_id}/members/{nik}/remove")
def group_member_remove(request, group_id: int, nik: str, payload: NoteIn | None = None):
    group = get_object_or_404(Group, pk=group_id)
    membership = get_object_or_404(GroupMember, group=group, person__nik=nik, status="active")

    def run():
        services.member_leave(
            group=group,
            user=request.auth,
            person=membership.person,
            reason=payload.note if payload else "",
        )
        return 200, group_out(group)

    return idempotent(request, run)


# --- applications ------------------------------------------------------------------------------
def _members(items) -> list[dict] | None:
    return None if items is None else [m.dict() for m in items]


@router.get("/financing/applications")
def application_list(request, cursor: str | None = None, status: str | None = None):
    qs = selectors.applications_for(request.auth)
    if status:
        qs = qs.filter(status=status)
    from berdaya.core.pagination import keyset_page

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


@router.post("/financing/applications")
def application_create(request, payload: ApplicationIn):
    def run():
        group = get_object_or_404(Group, pk=payload.group) if payload.group else None
        product = None if group else _product(payload.product)
        application = services.application_create(
            user=request.auth,
            group=group,
            product=product,
            term_months=payload.term_months,
            members=_members(payload.members),
        )
        return 201, application_out(application)

    return idempotent(request, run)


@router.get("/financing/applications/{application_id}")
def application_detail(request, application_id: int):
    return application_out(selectors.application_get(request.auth, application_id))


@router.patch("/financing/applications/{application_id}")
def application_update(request, application_id: int, payload: ApplicationUpdateIn):
    application = _application(application_id)

    def run():
        updated = services.application_update(
            application=application,
            user=request.auth,
            term_months=payload.term_months,
            members=_members(payload.members),
        )
        return 200, application_out(updated)

    return idempotent(request, run)


def _step(request, application_id: int, call) -> object:
    application = _application(application_id)

    def run():
        result = call(application)
        target = result if isinstance(result, Application) else result.application
        target.refresh_from_db()
        return 200, application_out(target)

    return idempotent(request, run)


@router.post("/financing/applications/{application_id}/submit")
def application_submit(request, application_id: int):
    return _step(
        request,
        application_id,
        lambda a: services.application_submit(application=a, user=request.auth),
    )


@router.post("/financing/applications/{application_id}/withdraw")
def application_withdraw(request, application_id: int, payload: NoteIn | None = None):
    return _step(
        request,
        application_id,
        lambda a: services.application_withdraw(
            application=a, user=request.auth, note=payload.note if payload else ""
        ),
    )


@router.post("/financing/applications/{application_id}/recommendations")
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


@router.post("/financing/applications/{application_id}/review")
def application_review(request, application_id: int, payload: ReviewIn):
    return _step(
        request,
        application_id,
        lambda a: services.application_review(
            application=a, staff=request.auth, decision=payload.decision, note=payload.note
        ),
    )


@router.post("/financing/applications/{application_id}/decision")
def application_decide(request, application_id: int, payload: DecisionIn):
    return _step(
        request,
        application_id,
        lambda a: services.application_decide(
            application=a, officer=request.auth, decisions=[m.dict() for m in payload.members]
        ),
    )


@router.post("/financing/applications/{application_id}/disbursement")
def application_disburse(request, application_id: int, payload: DisbursementIn):
    return _step(
        request,
        application_id,
        lambda a: services.application_disburse(
            application=a, officer=request.auth, disbursed_on=payload.disbursed_on
        ),
    )


@router.post("/financing/applications/{application_id}/collections")
def collection_record(request, application_id: int, payload: CollectionIn):
    application = _application(application_id)

    def run():
        services.collection_record(
            application=application,
            officer=request.auth,
            paid_on=payload.paid_on,
            payments={p.loan_id: p.amount_rupiah for p in payload.payments},
        )
        application.refresh_from_db()
        return 200, application_out(application)

    return idempotent(request, run)


# --- loans and reports -------------------------------------------------------------------------
@router.get("/financing/loans/{loan_id}")
def loan_detail(request, loan_id: int):
    return loan_out(selectors.loan_get(request.auth, loan_id))


@router.post("/financing/loans/{loan_id}/repayments")
def repayment_record(request, loan_id: int, payload: RepaymentIn):
    loan = get_object_or_404(Loan, pk=loan_id)

    def run():
        repayment = services.repayment_record(
            loan=loan,
            officer=request.auth,
            paid_on=payload.paid_on,
            amount_rupiah=payload.amount_rupiah,
        )
        loan.refresh_from_db()
        return 201, {
            "id": repayment.pk,
            "loan_id": loan.pk,
            "paid_on": repayment.paid_on.isoformat(),
            "amount_rupiah": repayment.amount_rupiah,
            "status": loan.status,
            "outstanding_rupiah": loan.outstanding_rupiah,
            "loan": loan_out(loan),
        }

    return idempotent(request, run)


@router.get("/financing/reports/portfolio")
def report_portfolio(request):
    if not selectors.can_see_reports(request.auth):
        from berdaya.core.errors import AccessDenied

        raise AccessDenied()
    return {
        **selectors.portfolio_totals(),
        "pipeline": selectors.pipeline(),
        "par_by_kelurahan": selectors.par(by="kelurahan"),
        "par_by_group": selectors.par(by="group"),
    }
