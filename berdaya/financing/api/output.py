"""The financing API's answers, built from the selectors (masked NIKs only)."""

from __future__ import annotations

from berdaya.core.masking import mask_nik
from berdaya.financing import selectors
from berdaya.financing.models import Application, Group, Invitation, Loan, Product, Repayment


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


def invitation_out(i: Invitation) -> dict:
    return {
        "id": i.pk,
        "group": i.group_id,
        "nik_masked": mask_nik(i.nik) if i.nik else "",
        "status": i.status,
    }


def group_out(g: Group) -> dict:
    g.refresh_from_db()
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
            for m in selectors.active_members(g)
        ],
        "invitations": [invitation_out(i) for i in g.invitations.filter(status="pending")],
    }


def application_out(a: Application, user) -> dict:
    a.refresh_from_db()
    rows = selectors.member_rows(a, members=selectors.visible_members(user, a))
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
        "all_members_shown": selectors.sees_every_member(user, a),
        "actions": selectors.application_actions(user, a).names(),
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
            {
                "at": t["at"],
                "actor": t["actor"],
                "event": t["event"],
                "label": t["label"],
                "note": t["note"],
            }
            for t in selectors.timeline_rows(
                a, hidden_actor_ids=selectors.hidden_member_user_ids(user, a)
            )
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


def repayment_out(repayment: Repayment, loan: Loan) -> dict:
    loan.refresh_from_db()
    return {
        "id": repayment.pk,
        "loan_id": loan.pk,
        "paid_on": repayment.paid_on.isoformat(),
        "amount_rupiah": repayment.amount_rupiah,
        "status": loan.status,
        "outstanding_rupiah": loan.outstanding_rupiah,
        "loan": loan_out(loan),
    }
