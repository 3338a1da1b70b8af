"""Financing API under /api/v1/financing/, one module per step: ``groups`` (products, groups,
invitations), ``applications`` (draft to disbursement) and ``repayments`` (collections, loans,
reports). Rule refusals are 422 ``{"errors": [...]}``, a step from the wrong status is 409,
an action the caller may not take 403, an object outside the caller's reach 404 (the same as an
absent one). State-changing POSTs accept an ``Idempotency-Key`` header."""

from ninja import Router

from berdaya.financing.api import applications, groups, repayments

router = Router(tags=["financing"])
router.add_router("", groups.router)
router.add_router("", applications.router)
router.add_router("", repayments.router)

__all__ = ["router"]
