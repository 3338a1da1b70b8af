"""Writes of the financing workflow, one module per step. One service per step: it locks the
row (in the order documented in ``_common``), checks the status, changes it, writes one typed
event (``FinancingEvents``) and notifies (messages leave on commit).

- ``groups``: groups and invitations, joint liability, leaving;
- ``applications``: draft, update, submit, withdraw;
- ``recommendations``: the RT / RW / kelurahan recommendation and its letter;
- ``lending``: DKUM review, the lender's decision and disbursement;
- ``repayments``: one member's repayment and a group's collection sheet.

The reads the services need (levels, scopes, statuses) live in
``berdaya.financing.recommendation_rules``; they are re-exported here for older callers."""

from berdaya.financing.recommendation_rules import (
    EDITABLE,
    LEVEL_ROLE,
    OPEN_STATUSES,
    WITHDRAWABLE,
    current_level,
    first_open_level,
    group_locked,
    level_done,
    members_in_scope,
    officials_for,
)
from berdaya.financing.services.applications import (
    application_create,
    application_submit,
    application_update,
    application_withdraw,
)
from berdaya.financing.services.groups import (
    group_create,
    invitation_answer,
    invitation_cancel,
    invitation_create,
    invitation_reaches_someone,
    invitation_resend,
    liability_sign,
    member_leave,
)
from berdaya.financing.services.lending import (
    application_decide,
    application_disburse,
    application_review,
)
from berdaya.financing.services.products import product_save, product_terms_save
from berdaya.financing.services.recommendations import recommendation_give
from berdaya.financing.services.repayments import collection_record, repayment_record

__all__ = [
    "EDITABLE",
    "LEVEL_ROLE",
    "OPEN_STATUSES",
    "WITHDRAWABLE",
    "application_create",
    "application_decide",
    "application_disburse",
    "application_review",
    "application_submit",
    "application_update",
    "application_withdraw",
    "collection_record",
    "current_level",
    "first_open_level",
    "group_create",
    "group_locked",
    "invitation_answer",
    "invitation_cancel",
    "invitation_create",
    "invitation_reaches_someone",
    "invitation_resend",
    "level_done",
    "liability_sign",
    "member_leave",
    "members_in_scope",
    "officials_for",
    "product_save",
    "product_terms_save",
    "recommendation_give",
    "repayment_record",
]
