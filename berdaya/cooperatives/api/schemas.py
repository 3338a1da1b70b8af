"""The cooperatives API's request and response shapes. Every operation declares its answers:
the success schema and the error shapes of ``berdaya.core.api_schemas`` (401/403/404/409:
``{"code", "message"}``; 422: ``{"errors": [{"field"?, "code", "message"}]}``)."""

from __future__ import annotations

import datetime

from ninja import Schema

from berdaya.core.api_schemas import ApiError, ApiValidationError
from berdaya.core.cleaning.schemas import CleanSchema

# Kept under its old name: the 409 body of the create/review operations.
ErrorOut = ApiError

READ: dict[int, type[Schema]] = {401: ApiError, 403: ApiError, 404: ApiError}
WRITE: dict[int, type[Schema]] = {**READ, 409: ApiError, 422: ApiValidationError}

Value = int | str | float | None


# --- input ---------------------------------------------------------------------------------
class BoardIn(CleanSchema):
    nik: str = ""
    full_name: str = ""
    position: str = ""
    term_start: str | None = None
    term_end: str | None = None


class CooperativeIn(CleanSchema):
    name: str = ""
    nik_koperasi: str = ""
    legal_number: str = ""
    legal_date: str | None = None
    type: str = ""
    kelurahan_code: str = ""
    rw: int | str | None = None
    rt: int | str | None = None
    street_address: str = ""
    phone: str = ""
    email: str = ""
    board: list[BoardIn] = []


class CooperativeReviewIn(CleanSchema):
    decision: str
    reason: str | None = ""


class CoopMemberIn(CleanSchema):
    member_number: Value = None
    nik: Value = None
    full_name: str | None = None
    gender: str | None = None
    birth_date: str | None = None
    joined_on: str | None = None
    savings_pokok_rupiah: Value = None
    savings_wajib_rupiah: Value = None
    savings_sukarela_rupiah: Value = None


class MemberStatusIn(CleanSchema):
    status: str = ""
    on: str | None = None


class RatReportIn(CleanSchema):
    fiscal_year: Value = None
    meeting_date: str | None = None
    members_present: Value = None
    members_total: Value = None
    members_women: Value = None
    members_men: Value = None
    employees: Value = None
    total_assets_rupiah: Value = None
    own_capital_rupiah: Value = None
    outside_capital_rupiah: Value = None
    business_volume_rupiah: Value = None
    shu_rupiah: Value = None


class ListFilters(Schema):
    kecamatan: str = ""
    kelurahan: str = ""
    type: str = ""
    status: str = ""
    rat_status: str = ""
    q: str = ""
    cursor: str | None = None
    limit: int | None = None


# --- output --------------------------------------------------------------------------------
class CooperativeCreatedOut(Schema):
    id: int
    status: str


class CooperativeStatusOut(Schema):
    status: str


class HealthOut(Schema):
    last_rat_year: int | None
    rat_status: str
    years_without_rat: int
    own_capital_ratio: float | None
    member_growth_percent: float | None
    shu_per_member_rupiah: int | None


class CooperativeSummaryOut(Schema):
    id: int
    name: str
    nik_koperasi: str
    type: str
    status: str
    kelurahan_code: str
    kecamatan_code: str
    health: HealthOut


class CooperativePage(Schema):
    items: list[CooperativeSummaryOut]
    next_cursor: str | None
    has_more: bool


class BoardOut(Schema):
    position: str
    full_name: str
    nik_masked: str
    # only for the cooperative's own board (and its registrant); absent otherwise
    nik: str | None = None
    term_start: datetime.date | None
    term_end: datetime.date | None


class CooperativeOut(CooperativeSummaryOut):
    legal_number: str
    legal_date: datetime.date
    rw: int
    rt: int
    street_address: str
    phone: str
    email: str
    reason: str
    submitted_at: datetime.datetime
    verified_at: datetime.datetime | None
    board: list[BoardOut]


class MemberCreatedOut(Schema):
    id: int
    member_number: str
    status: str


class MemberOut(Schema):
    id: int
    member_number: str
    nik_masked: str
    full_name: str
    gender: str
    birth_date: datetime.date
    joined_on: datetime.date
    status: str
    status_on: datetime.date
    savings_pokok_rupiah: int
    savings_wajib_rupiah: int
    savings_sukarela_rupiah: int
    is_registered_person: bool


class MemberPage(Schema):
    items: list[MemberOut]
    next_cursor: str | None
    has_more: bool


class WarningOut(Schema):
    code: str
    message: str


class ReportCreatedOut(Schema):
    id: int
    fiscal_year: int
    version: int
    warnings: list[WarningOut]


class RatReportOut(Schema):
    id: int
    fiscal_year: int
    version: int
    members_present: int
    members_total: int
    members_women: int | None
    members_men: int | None
    employees: int | None
    total_assets_rupiah: int | None
    own_capital_rupiah: int | None
    outside_capital_rupiah: int | None
    business_volume_rupiah: int | None
    shu_rupiah: int | None
    meeting_date: datetime.date
    filed_at: datetime.datetime
    has_minutes: bool


class VersionOut(Schema):
    version: int
    filed_at: datetime.datetime
    filed_by: str | None


class ReportWithVersionsOut(RatReportOut):
    versions: list[VersionOut]


class ReportList(Schema):
    items: list[ReportWithVersionsOut]


class CooperativeRef(Schema):
    id: int
    name: str


class MembershipOut(Schema):
    cooperative: CooperativeRef
    member_number: str
    status: str
    savings_pokok_rupiah: int
    savings_wajib_rupiah: int
    savings_sukarela_rupiah: int


class MembershipList(Schema):
    items: list[MembershipOut]
