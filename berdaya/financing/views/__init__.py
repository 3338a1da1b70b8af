"""Financing pages, one module per step: ``home`` (queues, list), ``groups`` (groups and
invitations), ``applications``, ``recommendations`` (with letters), ``lending`` (review,
decision, disbursement), ``repayments`` (collection sheet, loan) and ``reports``. Plain function
views: fetch through a selector that checks access, bind a form, call one service, redirect."""

from berdaya.financing.views.applications import (
    application_create,
    application_detail,
    application_edit,
    application_submit,
    application_withdraw,
)
from berdaya.financing.views.groups import (
    group_create,
    group_detail,
    group_invite,
    group_leave,
    group_liability_sign,
    invitation,
    invitation_cancel,
    invitation_resend,
)
from berdaya.financing.views.home import application_list, index
from berdaya.financing.views.lending import decide, disburse, review
from berdaya.financing.views.recommendations import letter, recommend, verify
from berdaya.financing.views.repayments import collection, collection_print, loan_detail
from berdaya.financing.views.reports import reports

__all__ = [
    "application_create",
    "application_detail",
    "application_edit",
    "application_list",
    "application_submit",
    "application_withdraw",
    "collection",
    "collection_print",
    "decide",
    "disburse",
    "group_create",
    "group_detail",
    "group_invite",
    "group_leave",
    "group_liability_sign",
    "index",
    "invitation",
    "invitation_cancel",
    "invitation_resend",
    "letter",
    "loan_detail",
    "recommend",
    "reports",
    "review",
    "verify",
]
