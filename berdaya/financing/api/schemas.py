"""The financing API's request and response shapes. Every operation declares its answers:
the success schema, and the error shapes of ``berdaya.api`` (401/403/404/409:
``{"code", "message"}``; 422: ``{"errors": [{"code", "message", "field"?, "members"?}]}``)."""

from __future__ import annotations

import datetime

from ninja import Schema

from berdaya.core.api_schemas import ApiError, ApiProblem, ApiValidationError
from berdaya.core.cleaning.schemas import CleanSchema

# --- errors --------------------------------------------------------------------------------
# The shared error bodies (also what BerdayaAPI declares on every operation).
ErrorOut = ApiError
ProblemOut = ApiProblem
ErrorsOut = ApiValidationError


ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorsOut,
}


def answers(status: int, schema) -> dict:
    """The declared answers of an operation: its success and every error shape."""
    return {status: schema, **ERRORS}


# --- input ---------------------------------------------------------------------------------
class AreaIn(CleanSchema):
    kelurahan_code: str
    rw: int | None = None
    rt: int | None = None


class GroupIn(CleanSchema):
    product: str
    name: str
    area: AreaIn
    joint_liability: bool = False


class InvitationIn(CleanSchema):
    nik: str = ""
    phone: str = ""


class AcceptIn(CleanSchema):
    joint_liability: bool = False


class MemberIn(CleanSchema):
    nik: str
    amount_rupiah: int
    purpose: str = ""


class ApplicationIn(CleanSchema):
    group: int | None = None
    product: str | None = None
    term_months: int
    members: list[MemberIn] | None = None


class ApplicationUpdateIn(CleanSchema):
    term_months: int | None = None
    members: list[MemberIn] | None = None


class NoteIn(CleanSchema):
    note: str = ""


class RecommendationIn(CleanSchema):
    level: str
    approve: bool
    note: str = ""


class ApplicationReviewIn(CleanSchema):
    decision: str
    note: str = ""


class MemberDecisionIn(CleanSchema):
    nik: str
    approve: bool
    amount_rupiah: int | None = None
    reason: str = ""


class DecisionIn(CleanSchema):
    members: list[MemberDecisionIn]


class DisbursementIn(CleanSchema):
    disbursed_on: datetime.date


class RepaymentIn(CleanSchema):
    paid_on: datetime.date
    amount_rupiah: int


class CollectionPaymentIn(CleanSchema):
    loan_id: int
    amount_rupiah: int


class CollectionIn(CleanSchema):
    paid_on: datetime.date
    payments: list[CollectionPaymentIn]


# --- output --------------------------------------------------------------------------------
class TermOut(Schema):
    months: int
    admin_fee_percent: str


class ProductOut(Schema):
    code: str
    name: str
    lender: str
    borrower_type: str
    group_size_min: int
    group_size_max: int
    amount_min_rupiah: int
    amount_max_rupiah: int
    amount_step_rupiah: int
    collateral_required: bool
    terms: list[TermOut]
    fee_collection: str
    instalment_frequency: str
    rounding_unit: int
    recommendation_levels: list[str]
    allowed_areas: list[str]
    training_required: bool
    joint_liability: bool
    single_active_application: bool


class AreaOut(Schema):
    kelurahan_code: str
    rw: int | None
    rt: int | None
    label: str


class LeaderOut(Schema):
    name: str
    nik_masked: str


class GroupMemberOut(Schema):
    name: str
    nik_masked: str
    is_leader: bool
    joint_liability_signed: bool


class InvitationOut(Schema):
    id: int
    group: int
    nik_masked: str
    status: str


class GroupOut(Schema):
    id: int
    product: str
    name: str
    area: AreaOut
    leader: LeaderOut
    members: list[GroupMemberOut]
    invitations: list[InvitationOut]


class InvitationAcceptedOut(InvitationOut):
    group_detail: GroupOut


class InstalmentPreviewOut(Schema):
    due_date: str
    amount_rupiah: int


class ApplicationMemberOut(Schema):
    nik_masked: str
    name: str
    amount_rupiah: int
    purpose: str
    admin_fee_rupiah: int
    total_rupiah: int
    instalments: list[InstalmentPreviewOut]
    decision: str
    approved_amount_rupiah: int | None
    loan_id: int | None


class RecommendationOut(Schema):
    level: str
    approved: bool
    number: str
    official: str
    verify_code: str
    members: int


class TimelineOut(Schema):
    at: str
    actor: str
    event: str
    label: str
    note: str


class ApplicationOut(Schema):
    id: int
    status: str
    product: str
    group: int | None
    kelurahan_code: str
    term_months: int
    admin_fee_percent: str
    revision_note: str
    members: list[ApplicationMemberOut]
    all_members_shown: bool
    actions: list[str]
    recommendations: list[RecommendationOut]
    timeline: list[TimelineOut]


class ApplicationItemOut(Schema):
    id: int
    status: str
    product: str
    title: str
    kelurahan_code: str


class ApplicationPageOut(Schema):
    items: list[ApplicationItemOut]
    next_cursor: str | None


class InstalmentOut(Schema):
    number: int
    due_date: str
    amount_rupiah: int
    paid_rupiah: int


class LoanOut(Schema):
    id: int
    application: int
    nik_masked: str
    principal_rupiah: int
    admin_fee_rupiah: int
    total_rupiah: int
    paid_rupiah: int
    outstanding_rupiah: int
    disbursed_on: str
    status: str
    days_past_due: int
    instalments: list[InstalmentOut]


class RepaymentOut(Schema):
    id: int
    loan_id: int
    paid_on: str
    amount_rupiah: int
    status: str
    outstanding_rupiah: int
    loan: LoanOut


class PipelineRowOut(Schema):
    status: str
    status_label: str
    kelurahan_code: str | None
    kelurahan: str | None
    count: int


class ParRowOut(Schema):
    id: int | str | None
    name: str
    loans: int
    in_arrears: int
    outstanding_rupiah: int
    at_risk_rupiah: int
    par_percent: float


class PortfolioOut(Schema):
    loans: int
    groups: int
    disbursed_rupiah: int
    outstanding_rupiah: int
    at_risk_rupiah: int
    par30_percent: float
    in_process: int
    pipeline: list[PipelineRowOut]
    par_by_kelurahan: list[ParRowOut]
    par_by_group: list[ParRowOut]
