"""Financing: products (rules as data), groups, applications, recommendations, loans, repayments.

One module per part: ``choices`` (statuses, levels, event kinds), ``products``, ``groups``,
``applications`` (with recommendations) and ``loans`` (with instalments and repayments)."""

from berdaya.financing.models.applications import (
    Application,
    ApplicationMember,
    Recommendation,
    _letter_code,
)
from berdaya.financing.models.choices import (
    ACTIVE_STATUSES,
    IN_PROCESS,
    LEVELS,
    BorrowerType,
    Decision,
    FeeCollection,
    FinancingEvents,
    Frequency,
    InvitationStatus,
    Level,
    LoanStatus,
    MemberStatus,
    Status,
    percent_label,
)
from berdaya.financing.models.groups import Group, GroupMember, Invitation
from berdaya.financing.models.loans import IdempotencyKey, Instalment, Loan, Repayment
from berdaya.financing.models.products import Product, ProductTerm

# Convenience: ``Application.Status.FORWARDED``, ``Loan.Status.CLOSED``, ``Product.BorrowerType``.
Application.Status = Status  # type: ignore[attr-defined]
Loan.Status = LoanStatus  # type: ignore[attr-defined]
Product.BorrowerType = BorrowerType  # type: ignore[attr-defined]

__all__ = [
    "ACTIVE_STATUSES",
    "IN_PROCESS",
    "LEVELS",
    "Application",
    "ApplicationMember",
    "BorrowerType",
    "Decision",
    "FeeCollection",
    "FinancingEvents",
    "Frequency",
    "Group",
    "GroupMember",
    "IdempotencyKey",
    "Instalment",
    "Invitation",
    "InvitationStatus",
    "Level",
    "Loan",
    "LoanStatus",
    "MemberStatus",
    "Product",
    "ProductTerm",
    "Recommendation",
    "Repayment",
    "Status",
    "_letter_code",
    "percent_label",
]
