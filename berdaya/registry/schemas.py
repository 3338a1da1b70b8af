"""The registry API's answers, typed (the JSON each operation has always returned: the OpenAPI
document describes it exactly). The error answers (401/403/404/409/422/429) are added to every
operation by ``berdaya.api.schemas``; the registration's own 429 body is ``ThrottledOut``."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema


class ProblemOut(Schema):
    field: str
    code: str
    message: str


class ThrottledOut(Schema):
    """Too many registrations from one client address in the last hour."""

    code: str
    message: str
    errors: list[ProblemOut]


class OwnerOut(Schema):
    id: int
    full_name: str
    gender: str
    nik: str  # masked unless a detail for a role that needs it


class BusinessRegistrationOut(Schema):
    id: int
    reference: str  # DFT-000123, quotable by phone (added; id stays)
    status: str
    partner_number: str | None
    is_new_entrepreneur: bool


class BusinessOut(Schema):
    id: int
    name: str
    owner: OwnerOut
    legal_form: str
    started_on: str  # YYYY-MM-DD
    kbli_code: str
    kbli_version: str
    kbli_section: str
    kbli_title: str
    nib: str
    capital_rupiah: int
    annual_sales_rupiah: int
    workers_women: int
    workers_men: int
    marketing_channels: list[str]
    size_class: str
    size_rule: str
    kelurahan_code: str
    rw: int
    rt: int
    registration: BusinessRegistrationOut | None


class BusinessPageOut(Schema):
    items: list[BusinessOut]
    next_cursor: str | None
    has_more: bool


class PersonOut(Schema):
    id: int
    nik: str  # masked unless the person's own or a detail for a role that needs it
    full_name: str
    gender: str
    birth_date: str  # YYYY-MM-DD
    kelurahan_code: str
    rw: int
    rt: int


class RegistrationOut(Schema):
    id: int
    reference: str  # DFT-000123, quotable by phone (added; id stays)
    status: str
    partner_number: str | None
    submitted_at: datetime
    verified_at: datetime | None
    reason: str
    is_new_entrepreneur: bool
    is_woman_entrepreneur: bool
    person: PersonOut
    business: BusinessOut


class ReportOut(Schema):
    id: int
    period: str  # YYYY-MM
    sales_rupiah: int
    assets_rupiah: int
    workers_women: int
    workers_men: int
    production: str
    marketing_channels: list[str]
    needs: list[str]
    note: str
    updated_at: datetime


class ReportListOut(Schema):
    items: list[ReportOut]
