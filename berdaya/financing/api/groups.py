"""API: products, groups and invitations. Objects are reached through the scoped selectors:
anyone outside an object's reach gets 404, whether or not it exists."""

from __future__ import annotations

from ninja import Router

from berdaya.core.cleaning.schemas import Nik
from berdaya.core.errors import RuleError
from berdaya.financing import selectors, services
from berdaya.financing.api.output import group_out, invitation_out, product_out
from berdaya.financing.api.schemas import (
    AcceptIn,
    GroupIn,
    GroupOut,
    InvitationAcceptedOut,
    InvitationIn,
    InvitationOut,
    NoteIn,
    ProductOut,
    answers,
)
from berdaya.financing.idempotency import idempotent
from berdaya.financing.models import Product

router = Router(tags=["financing"])


def product_for(code: str | None) -> Product:
    product = selectors.product_list().filter(code=(code or "").strip()).first()
    if product is None:
        raise RuleError.one("product_unknown", "Produk pembiayaan tidak dikenal.", field="product")
    return product


@router.get("/financing/products", auth=None, response={200: list[ProductOut]})
def products(request):
    return [product_out(p) for p in selectors.product_list()]


@router.post("/financing/groups", response=answers(201, GroupOut))
def group_create(request, payload: GroupIn):
    """Form a group. ``joint_liability``: the leader signs the joint-liability statement now
    (or later, ``/liability``); the submission refuses a group with an unsigned member."""

    def run():
        group = services.group_create(
            user=request.auth,
            product=product_for(payload.product),
            name=payload.name,
            kelurahan_code=payload.area.kelurahan_code,
            rw=payload.area.rw,
            rt=payload.area.rt,
            joint_liability=payload.joint_liability,
        )
        return 201, group_out(group)

    return idempotent(request, run)


@router.get("/financing/groups/{group_id}", response=answers(200, GroupOut))
def group_detail(request, group_id: int):
    return group_out(selectors.group_get(request.auth, group_id))


@router.post("/financing/groups/{group_id}/invitations", response=answers(201, InvitationOut))
def invitation_create(request, group_id: int, payload: InvitationIn):
    group = selectors.group_led_by(request.auth, group_id)

    def run():
        invitation = services.invitation_create(
            group=group, user=request.auth, nik=payload.nik, phone=payload.phone
        )
        return 201, invitation_out(invitation)

    return idempotent(request, run)


@router.post(
    "/financing/invitations/{invitation_id}/accept", response=answers(200, InvitationAcceptedOut)
)
def invitation_accept(request, invitation_id: int, payload: AcceptIn | None = None):
    invitation = selectors.invitation_get(request.auth, invitation_id)

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


@router.post("/financing/invitations/{invitation_id}/decline", response=answers(200, InvitationOut))
def invitation_decline(request, invitation_id: int):
    invitation = selectors.invitation_get(request.auth, invitation_id)

    def run():
        services.invitation_answer(invitation=invitation, user=request.auth, accept=False)
        invitation.refresh_from_db()
        return 200, invitation_out(invitation)

    return idempotent(request, run)


@router.post("/financing/groups/{group_id}/liability", response=answers(200, GroupOut))
def group_liability_sign(request, group_id: int):
    """The calling member signs the group's joint liability statement (tanggung renteng)."""
    group = selectors.group_get(request.auth, group_id)

    def run():
        services.liability_sign(group=group, user=request.auth)
        return 200, group_out(group)

    return idempotent(request, run)


@router.post("/financing/groups/{group_id}/leave", response=answers(200, GroupOut))
def group_leave(request, group_id: int):
    group = selectors.group_get(request.auth, group_id)

    def run():
        services.member_leave(group=group, user=request.auth)
        return 200, group_out(group)

    return idempotent(request, run)


@router.post("/financing/groups/{group_id}/members/{nik}/remove", response=answers(200, GroupOut))
def group_member_remove(request, group_id: int, nik: Nik, payload: NoteIn | None = None):
    """The leader removes a member. Anyone else gets 404, whether or not the NIK is a member."""
    group = selectors.group_led_by(request.auth, group_id)
    membership = selectors.group_member_get(group, nik=nik)

    def run():
        services.member_leave(
            group=group,
            user=request.auth,
            person=membership.person,
            reason=payload.note if payload else "",
        )
        return 200, group_out(group)

    return idempotent(request, run)
